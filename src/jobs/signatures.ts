import type { Redis } from 'ioredis';

/** How long a web request waits for Redis to say whether it saw a signature before going on without it. */
const ANSWER_WITHIN_MS = 250;

/**
 * The Slack request signatures every web process has accepted, in Redis (`SET NX PX`: the first process to
 * remember one wins, the key expires when the signature's timestamp leaves Slack's five-minute window). Shares
 * the bot's connection; while it is not connected, or when Redis is slow, the answer is `unknown` at once
 * rather than a command queued behind the outage.
 */
export class RedisSignatures {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly answerWithinMs = ANSWER_WITHIN_MS,
  ) {}

  async remember(signature: string, untilMs: number): Promise<'first' | 'seen' | 'unknown'> {
    if (this.redis.status !== 'ready') return 'unknown';
    const ttlMs = Math.max(1, Math.ceil(untilMs - Date.now()));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'unknown'>((resolve) => {
      timer = setTimeout(() => resolve('unknown'), this.answerWithinMs);
    });
    const set = this.redis
      .set(`${this.prefix}:slack-signature:${signature}`, '1', 'PX', ttlMs, 'NX')
      .then((reply) => (reply === 'OK' ? ('first' as const) : ('seen' as const)))
      .catch(() => 'unknown' as const);
    try {
      return await Promise.race([set, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
