import { parseArgs } from 'node:util';

export interface CliOptions {
  readonly help: boolean;
  /** Serve Slack requests (HTTP or Socket Mode). */
  readonly web: boolean;
  /** Run the BullMQ workers (deliveries, timers, reconciler). */
  readonly workers: boolean;
}

export const HELP = `decide-bot: keeps decisions in implementation projects from stalling.

Usage: npm start [-- options]      (or: node dist/main.js [options])

Options:
  --web-only      serve Slack requests only; run the workers elsewhere (same Redis and database)
  --worker-only   run the workers only (outbox deliveries, reminders, escalations, reconciler)
  -h, --help      show this help

Without options both run in one process.

Environment (see README.md, "Configuration"):
  SLACK_BOT_TOKEN       bot token (xoxb-...), required
  SLACK_SIGNING_SECRET  signing secret, required in HTTP mode
  SLACK_APP_TOKEN       app-level token (xapp-...); when set, Socket Mode is used instead of HTTP
  SLACK_API_URL         Web API base URL (default https://slack.com/api/)
  PORT                  HTTP port (default 3000)
  REDIS_URL             Redis for BullMQ (default redis://127.0.0.1:6379)
  QUEUE_PREFIX          BullMQ key prefix (default decide)
  DATABASE_PATH         SQLite file (default ./data/decide.db)
  DECIDE_CONFIG         projects and policy file (default ./decide.config.yml)
  LOG_LEVEL             debug, info, warn or error (default info)
`;

/** Parses the command line; throws with a readable message on an unknown option. */
export function parseCli(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      'web-only': { type: 'boolean', default: false },
      'worker-only': { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values['web-only'] && values['worker-only']) {
    throw new Error('--web-only and --worker-only exclude each other; give neither to run both');
  }
  return { help: values.help, web: !values['worker-only'], workers: !values['web-only'] };
}
