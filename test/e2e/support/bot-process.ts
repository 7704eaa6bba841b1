// A bot process for the crash tests: `node --import tsx test/e2e/support/bot-process.ts <settings.json>`.
// Runs `startBot` from src with the config in the file (stand-in's apiUrl, the test's DB file and Redis prefix),
// writes "ready <port>" on stdout once started (the port of its Slack server, or of its metrics and probes), stops
// cleanly on SIGTERM; a SIGKILL is the crash under test.
import { readFileSync } from 'node:fs';
import { type BotOptions, startBot } from '../../../src/compose.js';
import type { Config } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';

interface Settings {
  readonly config: Config;
  readonly options: Omit<BotOptions, 'logger' | 'clock'>;
}

const [path] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: bot-process <settings.json>');
const settings = JSON.parse(readFileSync(path, 'utf8')) as Settings;
const logger = createLogger('warn', (line) => process.stderr.write(line));
const bot = await startBot(settings.config, { ...settings.options, logger });
process.stdout.write(`ready ${bot.port ?? bot.metricsPort ?? ''}\n`);
process.once('SIGTERM', () => {
  bot.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
