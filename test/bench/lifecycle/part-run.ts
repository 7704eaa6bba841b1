/** The parent's side of parts (b)-(d): one child process per part (`part-child.ts`), its result over IPC. */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { cleanup } from '../support.js';
import { withoutNodeOptions } from './bot-env.js';
import { CHILD_ENV, type PartJob, type PartMessage, type PartResult } from './part-job.js';

const CHILD = fileURLToPath(new URL('./part-child.ts', import.meta.url));

/** Runs one part in a child process (`part-child.ts`) and returns what it measured. */
export async function runPart(job: PartJob, dir: string): Promise<PartResult> {
  const jobPath = join(dir, `part-${job.part}.json`);
  writeFileSync(jobPath, JSON.stringify(job));
  const child = fork(CHILD, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...withoutNodeOptions(), [CHILD_ENV]: jobPath },
    stdio: 'inherit',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = cleanup.defer(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const late = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
      if (late) child.kill('SIGKILL');
    }
    await exited;
  });
  try {
    return await new Promise<PartResult>((resolve, reject) => {
      child.once('message', (message: PartMessage) => {
        if (message.result) resolve(message.result);
        else reject(new Error(`reference part ${job.part}: ${message.error ?? 'no result'}`));
      });
      child.once('exit', (code, signal) =>
        reject(new Error(`reference part ${job.part} exited (${signal ?? code}) without a result`)),
      );
    });
  } finally {
    await end();
  }
}
