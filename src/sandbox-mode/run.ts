import { StartupAborted, StartupError } from '../compose.js';
import { ConfigError, hasSlackCredentials, logLevelOf } from '../config.js';
import { untilAborted } from '../lifecycle.js';
import { createLogger } from '../logger.js';
import { RedisUnavailable } from './redis.js';
import { SandboxStartError, startSandbox } from './start.js';
import { SANDBOX_TEXT } from './text.js';

/**
 * `npm start` without Slack credentials, or `--sandbox`: starts the sandbox, prints where to open it, runs
 * until the signal (Ctrl-C), then stops cleanly. Returns the exit code.
 */
export async function runSandbox(options: { reset: boolean; signal: AbortSignal }): Promise<number> {
  const { signal } = options;
  if (hasSlackCredentials()) throw new Error('the sandbox must not run with Slack credentials set');
  const logger = createLogger(logLevelOf());
  const stopping = () => logger.info(SANDBOX_TEXT.stopping, { signal: signal.reason });
  signal.addEventListener('abort', stopping, { once: true });
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    sandbox = await startSandbox({ reset: options.reset, logger, signal });
  } catch (error) {
    if (error instanceof StartupAborted) {
      logger.info(SANDBOX_TEXT.stopped);
      return 0;
    }
    const message = startProblem(error);
    if (message === undefined) throw error;
    process.stderr.write(`${message}\n`);
    return 1;
  }
  process.stdout.write(sandbox.banner);
  await untilAborted(signal);
  await sandbox.stop().catch((error: unknown) => logger.error('unclean stop', { error: String(error) }));
  logger.info(SANDBOX_TEXT.stopped);
  return 0;
}

function startProblem(error: unknown): string | undefined {
  if (error instanceof ConfigError) return SANDBOX_TEXT.configProblem(error.message);
  if (error instanceof RedisUnavailable || error instanceof SandboxStartError) return error.message;
  // The port was free when checked but taken by the time the bot listened (another start at the same moment).
  const port = error instanceof StartupError ? /EADDRINUSE.*:(\d+)/.exec(error.message)?.[1] : undefined;
  if (port !== undefined) return SANDBOX_TEXT.portTaken(Number(port));
  if (error instanceof StartupError) return SANDBOX_TEXT.configProblem(error.message);
  return undefined;
}
