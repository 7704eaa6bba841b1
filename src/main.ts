#!/usr/bin/env node
import { type CliOptions, HELP, parseCli } from './cli.js';
import { StartupError, startBot } from './compose.js';
import { ConfigError, loadConfig, missingSlackCredentials } from './config.js';
import { createLogger } from './logger.js';

/** Entry point: read the command line and the configuration, start the bot, stop it cleanly on SIGTERM. */
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
        'No Slack workspace yet? A local sandbox that runs the bot against a built-in Slack stand-in is',
        'planned (README.md, "Sandbox"); until then the test suite drives the bot through that stand-in.',
        '',
      ].join('\n'),
    );
    return 1;
  }

  const logger = createLogger(config.logLevel);
  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    bot = await startBot(config, { web: cli.web, workers: cli.workers, logger });
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    process.stderr.write(`decide-bot cannot start: ${error.message}\n`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info('stopping: finishing requests and jobs in flight', { signal });
      bot.stop().then(resolve, (error: unknown) => {
        logger.error('unclean stop', { error: String(error) });
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  logger.info('stopped');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `decide-bot failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
