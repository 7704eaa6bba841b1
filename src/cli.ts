import { parseArgs } from 'node:util';

export interface CliOptions {
  readonly help: boolean;
  /** Serve Slack requests (HTTP or Socket Mode). */
  readonly web: boolean;
  /** Run the BullMQ workers (deliveries, timers, reconciler). */
  readonly workers: boolean;
  /** `--sandbox`: run against the built-in Slack stand-in, asked for explicitly. */
  readonly sandbox: boolean;
  /** `--reset`: the sandbox starts over with no data. */
  readonly reset: boolean;
  /** `--one-process`: web part and workers on one event loop instead of a worker child process. */
  readonly oneProcess: boolean;
}

export const HELP = `decide-bot: keeps decisions in implementation projects from stalling.

Usage: npm start [-- options]      (or: node dist/main.js [options])

Without Slack credentials (no SLACK_BOT_TOKEN, no SLACK_APP_TOKEN) the bot starts in sandbox mode: the real
bot against a built-in Slack stand-in, with a web page at http://127.0.0.1:PORT/sandbox where you play every
role. With credentials it is the real bot in your Slack workspace.

Options:
  --sandbox       sandbox mode, asked for explicitly (refused while Slack credentials are set)
  --reset         sandbox mode: start over, deleting the sandbox's data (./data/sandbox/)
  --web-only      serve Slack requests only; run the workers elsewhere (same Redis and database)
  --worker-only   run the workers only (outbox deliveries, reminders, escalations, reconciler)
  --one-process   run the web part and the workers in this one process (less memory, slower under bursts)
  -h, --help      show this help

Without these options the bot runs as two processes: this one serves Slack requests and a child process it
starts (and restarts) runs the workers at a lower CPU priority, serving its /metrics and probes on PORT+1.

Environment (see README.md, "Configuration"):
  SLACK_BOT_TOKEN       bot token (xoxb-...); unset: sandbox mode
  SLACK_SIGNING_SECRET  signing secret, required in HTTP mode
  SLACK_APP_TOKEN       app-level token (xapp-...); when set, Socket Mode is used instead of HTTP
  SLACK_API_URL         Web API base URL (default https://slack.com/api/)
  PORT                  HTTP port (default 3000): Slack requests, /metrics and the probes /livez,
                        /readyz (/healthz); with --worker-only, /metrics and the probes only
  REDIS_URL             Redis for BullMQ (default redis://127.0.0.1:6379)
  QUEUE_PREFIX          BullMQ key prefix (default decide; the sandbox uses decide-sandbox; {decide} on Redis Cluster)
  DATABASE_PATH         SQLite file (default ./data/decide.db; the sandbox always uses ./data/sandbox/)
  DECIDE_CONFIG         projects and policy file (default ./decide.config.yml; the sandbox uses a bundled
                        demo project when the file does not exist)
  LOG_LEVEL             debug, info, warn or error (default info)
  LOG_FORMAT            json (one JSON object per line) or text; default text when stderr is a terminal,
                        else json
`;

/** Parses the command line; throws with a readable message on an unknown option or a contradiction. */
export function parseCli(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      'web-only': { type: 'boolean', default: false },
      'worker-only': { type: 'boolean', default: false },
      sandbox: { type: 'boolean', default: false },
      reset: { type: 'boolean', default: false },
      'one-process': { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values['web-only'] && values['worker-only']) {
    throw new Error('--web-only and --worker-only exclude each other; give neither to run both');
  }
  if (values['one-process'] && (values['web-only'] || values['worker-only'])) {
    throw new Error('--one-process runs both parts: leave out --web-only/--worker-only');
  }
  if (values.sandbox && (values['web-only'] || values['worker-only'])) {
    throw new Error(
      'the sandbox runs the web part and the workers in one process: leave out --web-only/--worker-only',
    );
  }
  return {
    help: values.help,
    web: !values['worker-only'],
    workers: !values['web-only'],
    sandbox: values.sandbox,
    reset: values.reset,
    oneProcess: values['one-process'],
  };
}
