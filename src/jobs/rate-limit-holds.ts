import type { Redis } from 'ioredis';
import type { RateLimitHolds } from '../app/ports.js';

/**
 * Slack's rate limits are per method and workspace: after a 429 on a method, every call of it waits for
 * Retry-After, whichever worker process makes it. The hold is a Redis key under the queue prefix,
 * `<prefix>:ratelimit:<team>:<method>`, that expires when Retry-After has passed (PX), so every process sees it
 * and nobody has to clear it.
 */
export class RedisRateLimitHolds implements RateLimitHolds {
  private teamId: Promise<string> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** The workspace the bot's token belongs to (auth.test's team_id), asked once; a failure is asked again. */
    private readonly team: () => Promise<string>,
  ) {}

  key(team: string, method: string): string {
    return `${this.prefix}:ratelimit:${team}:${method}`;
  }

  async heldFor(methods: readonly string[]): Promise<{ method: string; ms: number } | undefined> {
    if (methods.length === 0) return undefined;
    const team = await this.workspace();
    const pipeline = this.redis.pipeline();
    for (const method of methods) pipeline.pttl(this.key(team, method));
    const answers = (await pipeline.exec()) ?? [];
    let longest: { method: string; ms: number } | undefined;
    answers.forEach(([error, ttl], i) => {
      if (error !== null) throw error;
      const ms = Number(ttl);
      const method = methods[i];
      // -2: no hold; -1: a key without expiry (never written so): ignored rather than held for ever.
      if (method !== undefined && ms > 0 && ms > (longest?.ms ?? 0)) longest = { method, ms };
    });
    return longest;
  }

  async hold(method: string, ms: number): Promise<void> {
    const team = await this.workspace();
    await this.redis.set(this.key(team, method), String(Date.now() + ms), 'PX', Math.max(1, Math.ceil(ms)));
  }

  private workspace(): Promise<string> {
    this.teamId ??= this.team().catch((error: unknown) => {
      this.teamId = undefined;
      throw error;
    });
    return this.teamId;
  }
}
