import { Redis } from 'ioredis';
import type { Logger } from '../app/ports.js';

/**
 * A Redis connection for BullMQ. `maxRetriesPerRequest: null` is what BullMQ workers require: a command waits
 * for Redis to come back instead of failing, so a Redis restart delays work without dropping it.
 */
export function redisConnection(url: string, name: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: name, enableReadyCheck: true });
}

/** Errors that mean "Redis is not reachable", as ioredis and BullMQ word them. */
const UNREACHABLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|Connection is closed|connect ETIMEDOUT|Stream isn't writeable/i;

export function isRedisUnreachable(error: unknown): boolean {
  return UNREACHABLE.test(
    error instanceof Error
      ? `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}`
      : String(error),
  );
}

/**
 * Turns the stream of connection errors of every Redis client of the process (ioredis retries several times a
 * second, and each BullMQ worker has connections of its own) into one warning when Redis goes away, saying what
 * is unreachable and how to start it, and one line when it is back. Other errors pass through to `other`.
 */
export class RedisOutageReporter {
  private down = false;

  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  /** Whether Redis is away now (since the last warning, until it answered again). */
  get isDown(): boolean {
    return this.down;
  }

  /** Follows a connection's errors and its recovery. */
  watch(redis: Redis): void {
    redis.on('error', (error: Error) => this.error(error, () => undefined));
    redis.on('ready', () => this.ready());
  }

  /** One error of a Redis client or of a BullMQ worker or queue; `other` handles what is not an outage. */
  error(error: Error, other: (error: Error) => void): void {
    if (!isRedisUnreachable(error)) {
      other(error);
      return;
    }
    if (this.down) return;
    this.down = true;
    this.log.warn(
      `Redis at ${maskedUrl(this.url)} is unreachable (${reason(error)}). Reminders, escalations and Slack ` +
        'messages wait until it is back; nothing is lost (the database is the source of truth). Start Redis ' +
        '(e.g. `redis-server`, or `sudo systemctl start redis-server`) or point REDIS_URL at a running one.',
    );
  }

  ready(): void {
    if (!this.down) return;
    this.down = false;
    this.log.info(`Redis is back at ${maskedUrl(this.url)}; waiting work resumes.`);
  }
}

function reason(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? error.message;
}

/** The URL with any password hidden, for logs. */
export function maskedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(unparseable REDIS_URL)';
  }
}
