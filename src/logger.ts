import type { Logger as BoltLogger, LogLevel as BoltLogLevel } from '@slack/bolt';
import { pino } from 'pino';
import type { Logger } from './app/ports.js';
import type { LogFormat } from './config/env.js';
import type { LogLevel } from './config.js';

export interface LoggerOptions {
  /** `json`: one JSON object per line; `text`: for people. Default: text when stderr is a terminal, else JSON. */
  readonly format?: LogFormat | undefined;
  /** Values never to print (the signing secret, tokens); `xoxb-…`, `xapp-…`, `xoxp-…` tokens are scrubbed anyway. */
  readonly secrets?: readonly (string | undefined)[];
}

/** Keys whose values are never printed, at the top of the details or one level down. */
const SECRET_KEYS = ['token', 'botToken', 'appToken', 'signingSecret', 'secret', 'authorization', 'password'];
const REDACT_PATHS = [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`), '*.headers.authorization'];
const CENSOR = '[redacted]';
/** Slack tokens: bot, user, app-level, and the older kinds; the prefix stays so a line still says which. */
const SLACK_TOKEN = /\b(xox[abeoprs]|xapp)-[A-Za-z0-9-]+/g;
/** Shorter configured secrets are not scrubbed: they would shred ordinary words (Slack's are 32 characters). */
const MIN_SECRET_LENGTH = 8;
/** Fields of every line; details under these names get a `detail_` prefix instead of overwriting them. */
const ENVELOPE = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

/**
 * One line per entry on stderr. JSON lines (`level`, `time`, `msg`, `pid`, `hostname`, then the details as
 * fields) for log collectors; text (time, level, message, details as JSON) on a terminal. Both go through pino,
 * synchronously (no transport, no worker thread), so redaction is the same in both and nothing is lost at exit.
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stderr.write(l),
  options: LoggerOptions = {},
): Logger {
  const format = options.format ?? (process.stderr.isTTY ? 'text' : 'json');
  const scrub = scrubber(options.secrets ?? []);
  const log = pino(
    {
      level,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { error: pino.stdSerializers.err, err: pino.stdSerializers.err },
      redact: { paths: REDACT_PATHS, censor: CENSOR },
    },
    { write: (line: string) => write(format === 'json' ? scrub(line) : asText(scrub(line))) },
  );
  const at =
    (method: LogLevel) =>
    (message: string, details?: Record<string, unknown>): void => {
      log[method](fields(details), message);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** The details as the line's fields, renaming any that would clash with the envelope. */
function fields(details: Record<string, unknown> | undefined): Record<string, unknown> {
  if (details === undefined) return {};
  return Object.fromEntries(
    Object.entries(details).map(([key, value]) => [ENVELOPE.has(key) ? `detail_${key}` : key, value]),
  );
}

/** Replaces Slack tokens and the configured secrets (raw and as escaped inside a JSON string) in a line. */
function scrubber(secrets: readonly (string | undefined)[]): (line: string) => string {
  const literals = [
    ...new Set(
      secrets
        .filter((s): s is string => s !== undefined && s.length >= MIN_SECRET_LENGTH)
        .flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]),
    ),
  ];
  return (line) => {
    let out = line.replace(SLACK_TOKEN, `$1-${CENSOR}`);
    for (const secret of literals) out = out.split(secret).join(CENSOR);
    return out;
  };
}

/** A JSON line from pino as `time LEVEL message {details}`, the format people read on a terminal. */
function asText(line: string): string {
  const entry = JSON.parse(line) as Record<string, unknown>;
  const { level, time, msg, pid: _pid, hostname: _hostname, ...details } = entry;
  const extra = Object.keys(details).length > 0 ? ` ${JSON.stringify(details)}` : '';
  return `${String(time)} ${String(level).toUpperCase().padEnd(5)} ${String(msg)}${extra}\n`;
}

/** Bolt's logger interface over ours, so Bolt's own messages share the format, the level and the redaction. */
export function boltLogger(logger: Logger, level: LogLevel): BoltLogger {
  let name = 'bolt';
  let current = level as string;
  const join = (msgs: unknown[]) => msgs.map((m) => (m instanceof Error ? m.message : String(m))).join(' ');
  return {
    debug: (...m) => logger.debug(`[${name}] ${join(m)}`),
    info: (...m) => logger.info(`[${name}] ${join(m)}`),
    warn: (...m) => logger.warn(`[${name}] ${join(m)}`),
    error: (...m) => logger.error(`[${name}] ${join(m)}`),
    setLevel: (l) => {
      current = l;
    },
    getLevel: () => current as BoltLogLevel,
    setName: (n) => {
      name = n;
    },
  };
}
