#!/usr/bin/env node
import { type CliOptions, HELP, parseCli } from './cli.js';
import { StartupAborted, StartupError, startBot } from './compose.js';
import {
  ConfigError,
  hasSlackCredentials,
  loadConfig,
  missingSlackCredentials,
  secretsOf,
} from './config.js';
import { startSplitBot } from './layout.js';
import { stopSignal, untilAborted } from './lifecycle.js';
import { createLogger } from './logger.js';

/** Entry point: read the command line, then run the real bot (Slack credentials set) or the sandbox. */
async function main(argv: readonly string[]): Promise<number> {
  let cli: CliOptions;
  try {
    cli = parseCli(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  if (cli.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const credentials = hasSlackCredentials();
  if (cli.sandbox && credentials) {
    process.stderr.write(
      'decide-bot: --sandbox refuses to start while Slack credentials are set (SLACK_BOT_TOKEN or ' +
        'SLACK_APP_TOKEN): the sandbox runs against a fake workspace and must never mix with a real one.\n' +
        'Unset them for the sandbox, or leave out --sandbox to run the bot in your Slack workspace.\n',
    );
    return 2;
  }
  // Without credentials, `npm start` is the sandbox; a split process (--web-only/--worker-only) is production.
  const sandbox = cli.sandbox || (!credentials && cli.web && cli.workers);
  if (cli.reset && !sandbox) {
    process.stderr.write(
      'decide-bot: --reset starts the sandbox over; it does not apply to the real bot (your data is kept).\n',
    );
    return 2;
  }
  const stop = stopSignal();
  if (!sandbox) return runBot(cli, stop.signal);
  // Loaded only here: a production process never loads the Slack stand-in.
  const { runSandbox } = await import('./sandbox-mode/run.js');
  return runSandbox({ reset: cli.reset, signal: stop.signal });
}

async function runBot(cli: CliOptions, signal: AbortSignal): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`decide-bot cannot start.\n${error.message}\n`);
    return 1;
  }
  const missing = missingSlackCredentials(config).filter(
    // Workers post messages (bot token) but receive no requests (no signing secret or app token needed).
    (problem) => cli.web || problem.startsWith('SLACK_BOT_TOKEN'),
  );
  if (missing.length > 0) {
    process.stderr.write(
      [
        'decide-bot cannot start: Slack credentials are missing.',
        ...missing.map((m) => `  - ${m}`),
        '',
        'Set them in the environment (see README.md, "Install in a Slack workspace").',
        'No Slack workspace yet? Unset SLACK_BOT_TOKEN and SLACK_APP_TOKEN and run `npm start` (one process):',
        'it starts the sandbox, the real bot against a built-in Slack stand-in, in your browser.',
        '',
      ].join('\n'),
    );
    return 1;
  }

  const logger = createLogger(config.logLevel, undefined, {
    format: config.logFormat,
    secrets: secretsOf(config),
  });
  // The last resort. Every request path catches its own errors (src/slack/request-guard.ts and
  // answer-every-request.ts); a rejection nothing caught is a bug to log, not a reason to drop every request
  // in flight with the process. (An uncaught exception still stops it: its state is unknown.)
  process.on('unhandledRejection', (reason) => {
    logger.error('a promise was rejected and nothing caught it (a bug); the bot keeps running', {
      error: reason instanceof Error ? (reason.stack ?? reason.message) : String(reason),
    });
  });
  const stopping = () =>
    logger.info('stopping: finishing requests and jobs in flight', { signal: signal.reason });
  signal.addEventListener('abort', stopping, { once: true });
  let bot: { stop(): Promise<void> };
  try {
    bot =
      cli.web && cli.workers && !cli.oneProcess
        ? await startSplitBot(config, { logger, signal })
        : await startBot(config, { web: cli.web, workers: cli.workers, logger, signal });
  } catch (error) {
    if (error instanceof StartupAborted) {
      logger.info('stopped');
      return 0;
    }
    if (error instanceof ConfigError) {
      // A person the project file names by an address Slack does not know: reported like any config problem.
      process.stderr.write(`decide-bot cannot start.\n${error.message}\n`);
      return 1;
    }
    if (!(error instanceof StartupError)) throw error;
    process.stderr.write(`decide-bot cannot start: ${error.message}\n`);
    return 1;
  }
  await untilAborted(signal);
  await bot.stop().catch((error: unknown) => logger.error('unclean stop', { error: String(error) }));
  logger.info('stopped');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Everything of ours is closed by now; a library timer left behind (BullMQ's watchdog on a blocking
    // connection waits up to 11 s while Redis is away) must not hold the process after "stopped".
    setTimeout(() => process.exit(code), 1000).unref();
  },
  (error: unknown) => {
    process.stderr.write(
      `decide-bot failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
