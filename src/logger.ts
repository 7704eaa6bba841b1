import type { Logger as BoltLogger, LogLevel as BoltLogLevel } from '@slack/bolt';
import type { Logger } from './app/ports.js';
import type { LogLevel } from './config.js';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One line per entry on stderr: time, level, message, then details as JSON (easy to read and to grep). */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stderr.write(l),
): Logger {
  const log =
    (at: LogLevel) =>
    (message: string, details?: Record<string, unknown>): void => {
      if (ORDER[at] < ORDER[level]) return;
      const extra = details && Object.keys(details).length > 0 ? ` ${JSON.stringify(details)}` : '';
      write(`${new Date().toISOString()} ${at.toUpperCase().padEnd(5)} ${message}${extra}\n`);
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** Bolt's logger interface over ours, so Bolt's own messages share the format and the level. */
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
