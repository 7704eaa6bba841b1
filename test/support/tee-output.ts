import { recordOutput } from './suite-output.js';

// Each test worker's own writes to stdout and stderr (console included) go to the run's capture as well.
const teed = Symbol.for('decide-bot.tee');
const marked = globalThis as { [teed]?: boolean };
if (!marked[teed]) {
  marked[teed] = true;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      recordOutput(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
}
