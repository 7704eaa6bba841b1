import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/sandbox/index.js';
import { ask, until } from './flow.js';
import { type Harness, type HarnessOptions, startHarness } from './harness.js';
import {
  decisionIds,
  deliveriesOf,
  pendingDeliveries,
  secondsLadder,
  threadHeads,
  wordsOf,
} from './support/inspect.js';

/**
 * Slack's rate limits are per method and workspace. After a 429 on a method, every call of it waits for
 * Retry-After (a hold in Redis that every worker process reads), not only the refused message; methods not
 * limited keep going. And whatever fails, the messages of one conversation reach Slack in outbox order.
 */
describe('rate limits and order', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });
  const start = (options: HarnessOptions = {}) =>
    startHarness({ project: () => ({ sla: secondsLadder(600, 600, 600), reminders: [] }), ...options }).then(
      (started) => {
        h = started;
        return started;
      },
    );
  const about = (needle: string) => (m: StoredMessage) => wordsOf(m).includes(needle);

  async function holdKeys(): Promise<string[]> {
    const redis = new Redis(h.config.redisUrl);
    try {
      return await redis.keys(`${h.config.queuePrefix}:ratelimit:*`);
    } finally {
      redis.disconnect();
    }
  }

  // One delivery at a time in these two: the messages that would otherwise be sent side by side with the refused
  // one are already in flight when its 429 comes back (nothing can hold those); here each one starts after it.
  it('a 429 on chat.postMessage holds every post for Retry-After; App Homes (views.publish) keep going', async () => {
    await start({ deliveryConcurrency: 1 });
    h.fake.faults.inject('chat.postMessage', { kind: 'rate_limited', retryAfterSec: 3, times: 1 });
    await ask(h);
    const id = await until(h, () => decisionIds(h)[0]);
    const limited = await until(h, () => h.fake.calls('chat.postMessage').find((c) => c.status === 429));
    // The hold is in Redis under the queue prefix, per workspace and method, while it lasts.
    const keys = await holdKeys();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^${h.config.queuePrefix}:ratelimit:T\\w+:chat\\.postMessage$`));
    await until(h, () => deliveriesOf(h, id).every((d) => d.status === 'sent'), 20_000);
    await until(h, () => pendingDeliveries(h) === 0, 10_000);

    const posts = h.fake.calls('chat.postMessage');
    // One refused post, then one post per message: no other message was sent into the limit.
    expect(posts.map((c) => c.status)).toEqual([429, 200, 200, 200]);
    for (const post of posts.slice(1)) expect(post.at - limited.at).toBeGreaterThanOrEqual(2950);
    // The held messages were not attempted, so they were posted without a look-up; the refused one was
    // attempted twice (and looked for once, as after any failed attempt).
    const rows = deliveriesOf(h, id);
    expect(rows.map((d) => d.attempts).sort()).toEqual([1, 1, 2]);
    expect(h.fake.calls('conversations.history')).toHaveLength(1);
    // views.publish is not limited: the App Homes went out during the hold.
    const homes = h.fake.calls('views.publish');
    expect(homes.length).toBeGreaterThan(0);
    expect(homes.some((c) => c.at - limited.at < 3000)).toBe(true);
    expect(h.fake.dmsTo(h.people.spoc).filter(about('FIFO'))).toHaveLength(1);
    expect(await holdKeys()).toEqual([]);
    h.fake.assertNoViolations();
  });

  it('a 429 on views.publish holds every App Home for Retry-After; messages keep going', async () => {
    await start({ deliveryConcurrency: 1 });
    h.fake.faults.inject('views.publish', { kind: 'rate_limited', retryAfterSec: 3, times: 1 });
    await ask(h);
    const id = await until(h, () => decisionIds(h)[0]);
    const limited = await until(h, () => h.fake.calls('views.publish').find((c) => c.status === 429));
    await until(h, () => deliveriesOf(h, id).every((d) => d.status === 'sent'), 10_000);
    // The three messages went out during the hold.
    const posts = h.fake.calls('chat.postMessage');
    expect(posts).toHaveLength(3);
    expect(posts.every((c) => c.status === 200)).toBe(true);
    expect(posts.some((c) => c.at - limited.at < 3000)).toBe(true);
    await until(h, () => pendingDeliveries(h) === 0, 20_000);
    const homes = h.fake.calls('views.publish');
    expect(homes.filter((c) => c.status === 429)).toHaveLength(1);
    for (const home of homes.filter((c) => c.at > limited.at)) {
      expect(home.at - limited.at).toBeGreaterThanOrEqual(2950);
    }
    h.fake.assertNoViolations();
  });

  it('the first thread head to a channel fails (500, three times): the next request’s head does not overtake it', async () => {
    await start();
    // Only posts to the project channel fail; DMs go through.
    h.fake.faults.inject(
      'chat.postMessage',
      { kind: 'server_error', times: 3 },
      (args) => args.channel === h.channel && args.thread_ts === undefined,
    );
    await ask(h, { question: 'First: FIFO costing for the main warehouse?' });
    await until(h, () => h.fake.calls('chat.postMessage').some((c) => c.status === 500));
    await ask(h, { question: 'Second: weekly stock count?' });
    await until(h, () => decisionIds(h).length === 2);
    // The second request's DMs (other conversations) go ahead while the channel waits for the first head's
    // retries (1 s, then 2 s, then 4 s later).
    const secondDm = await until(h, () => h.fake.dmsTo(h.people.spoc).find(about('Second')), 5000);
    await until(h, () => threadHeads(h).length === 2, 20_000);
    expect(threadHeads(h).map((m) => (about('First')(m) ? 'first' : 'second'))).toEqual(['first', 'second']);
    const toChannel = h.fake.calls('chat.postMessage').filter((c) => c.args.channel === h.channel);
    expect(toChannel.map((c) => c.status)).toEqual([500, 500, 500, 200, 200]);
    // The second head was ready to go (its request's DM was out) long before the first head got through.
    const firstHead = toChannel[3];
    expect(Number(secondDm.ts) * 1000).toBeLessThan(firstHead?.at ?? 0);
    await until(h, () => decisionIds(h).every((d) => deliveriesOf(h, d).every((r) => r.status === 'sent')));
    h.fake.assertNoViolations();
  });
});
