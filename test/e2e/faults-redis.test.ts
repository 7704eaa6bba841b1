import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoredMessage } from '../../src/sandbox/index.js';
import { ask, until } from './flow.js';
import { type Harness, startHarness } from './harness.js';
import {
  decisionIds,
  decisionOf,
  deliveriesOf,
  eventTypes,
  eventually,
  secondsLadder,
  timerJobs,
  wordsOf,
} from './support/inspect.js';
import { type PrivateRedis, startPrivateRedis } from './support/private-redis.js';

/**
 * Redis loses everything while decisions are open. A real FLUSHALL, on a redis-server this test starts for itself:
 * the default Redis is shared by the other test files and engineers, so it is never flushed. (Vitest runs each test
 * file in its own process, so pointing REDIS_URL at the private server here changes nothing elsewhere.)
 */
describe('Redis flushed while decisions are open', () => {
  let redis: PrivateRedis;
  let h: Harness;
  const savedUrl = process.env.REDIS_URL;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    process.env.REDIS_URL = redis.url;
  });
  afterEach(async () => {
    await h?.stop();
  });
  afterAll(async () => {
    process.env.REDIS_URL = savedUrl;
    await redis?.stop();
  });

  const fifo = (m: StoredMessage) => wordsOf(m).includes('FIFO');

  it('the reconciler restores every timer and pending message from SQLite, and they still fire, once', async () => {
    h = await startHarness({
      reconcileEveryMs: 500,
      project: () => ({ sla: secondsLadder(4, 60, 60), reminders: [0.5] }),
    });
    expect(h.config.redisUrl).toBe(redis.url);
    await ask(h);
    await ask(h);
    await until(h, () => h.fake.dmsTo(h.people.spoc).filter(fifo).length === 2);
    // A third request while Slack is down: its messages wait in BullMQ for a retry when Redis is flushed.
    h.fake.faults.inject('chat.postMessage', { kind: 'server_error' });
    await ask(h);
    const ids = await until(h, () => (decisionIds(h).length === 3 ? decisionIds(h) : undefined));
    await until(h, () => deliveriesOf(h, ids[2] ?? '').some((d) => d.attempts > 0));
    const before = await timerJobs(h);

    for (const id of ids) expect(before.has(`timer-${id}`)).toBe(true);

    const admin = redis.client();
    await admin.flushall();
    expect(await admin.dbsize()).toBe(0);
    h.fake.faults.clear();

    // Restored from SQLite within a few reconciler periods, with the same instants.
    const restored = await eventually(async () => {
      const jobs = await timerJobs(h);
      return ids.every((id) => jobs.has(`timer-${id}`)) ? jobs : undefined;
    }, 4000);
    // Each wakes for its reminder, half the 4 s before the deadline.
    for (const id of ids)
      expect(restored.get(`timer-${id}`)?.data.at).toBe(((await decisionOf(h, id)).dueAt ?? 0) - 2000);

    // The third request's messages are delivered after all, once.
    await until(h, () => h.fake.dmsTo(h.people.spoc).filter(fifo).length === 3, 5000);
    // And the timers fire: a reminder, then the escalation to the sponsor, for each decision, once.
    await until(
      h,
      async () => (await Promise.all(ids.map((id) => decisionOf(h, id)))).every((d) => d.level === 'sponsor'),
      8000,
    );
    for (const id of ids) expect(eventTypes(h, id)).toEqual(['opened', 'reminded', 'escalated']);
    await until(h, () => h.fake.dmsTo(h.people.sponsor).filter(fifo).length === 3);
    await until(h, () => ids.every((id) => deliveriesOf(h, id).every((d) => d.status === 'sent')), 5000);
    expect(h.fake.dmsTo(h.people.spoc).filter(fifo)).toHaveLength(3 + 3); // 3 requests + 3 reminders
    expect(h.fake.dmsTo(h.people.sponsor).filter(fifo)).toHaveLength(3);
    // The loss was noticed and said (BullMQ may also log about a job that was running during the flush).
    expect(h.logs.some((l) => l.includes('Redis lost the job schedules'))).toBe(true);
    h.fake.assertNoViolations();
  });

  it('Redis down while a request comes in, then back empty: the request is saved at once, messages and timers follow', async () => {
    h = await startHarness({
      reconcileEveryMs: 500,
      project: () => ({ sla: secondsLadder(3, 60, 60), reminders: [] }),
    });
    // BullMQ prints a queue's connection errors raw to stderr unless someone listens: the bot logs them its way.
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    await redis.stop();
    // Not ready while Redis is away (a load balancer sends Slack elsewhere), yet alive (no restart needed).
    const probe = async (path: string) => {
      const res = await fetch(`http://127.0.0.1:${h.bot.port}${path}`);
      return {
        status: res.status,
        body: (await res.json()) as { status: string; checks?: Record<string, string> },
      };
    };
    const notReady = await probe('/readyz');
    expect(notReady.status).toBe(503);
    expect(notReady.body.status).toBe('degraded');
    expect(notReady.body.checks?.database).toBe('ok');
    expect(notReady.body.checks?.redis).toMatch(/^down: /);
    expect((await probe('/livez')).status).toBe(200);
    await ask(h);
    const id = await until(h, () => decisionIds(h)[0]);
    // Saved in SQLite; the follow-up work waits a bounded time for Redis, then is left to the reconciler.
    await until(h, () => h.logs.some((l) => l.includes('the reconciler repairs what is lost')), 5000);
    expect(eventTypes(h, id)).toEqual(['opened']);
    expect(deliveriesOf(h, id).map((d) => d.status)).toEqual(['pending', 'pending', 'pending']);
    expect(h.fake.calls('chat.postMessage')).toEqual([]);

    await redis.restart();
    await until(h, async () => (await probe('/readyz')).status === 200, 10_000);
    await until(h, () => h.fake.dmsTo(h.people.spoc).filter(fifo).length === 1, 10_000);
    await until(h, async () => (await decisionOf(h, id)).level === 'sponsor', 10_000);
    await until(h, () => deliveriesOf(h, id).every((d) => d.status === 'sent'), 5000);
    expect(eventTypes(h, id)).toEqual(['opened', 'escalated']);
    expect(h.fake.dmsTo(h.people.spoc).filter(fifo)).toHaveLength(1);
    expect(h.fake.dmsTo(h.people.sponsor).filter(fifo)).toHaveLength(1);
    expect(printed).not.toHaveBeenCalled();
    printed.mockRestore();
    h.fake.assertNoViolations();
  });

  it('Redis going away and coming back is said once each: what is unreachable and how to start it, then that it is back', async () => {
    h = await startHarness({ reconcileEveryMs: 500 });
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const aboutRedis = () =>
      h.logs.filter((l) => /redis|ECONNREFUSED|ECONNRESET|connection|worker error/i.test(l));
    await redis.stop();
    // ioredis retries several times a second on each of the bot's connections: a flood unless folded.
    await new Promise((r) => setTimeout(r, 3000));
    expect(aboutRedis()).toHaveLength(1);
    const [warning] = aboutRedis();
    // Refused once it is down; reset when the first thing a connection sees is the server going away.
    expect(warning).toMatch(
      /^warn Redis at redis:\/\/127\.0\.0\.1:\d+ is unreachable \((ECONNREFUSED|ECONNRESET)\)/,
    );
    expect(warning).toContain('Start Redis');
    expect(warning).toContain('REDIS_URL');

    await redis.restart();
    await until(h, () => h.logs.some((l) => l.includes('Redis is back')), 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(aboutRedis().filter((l) => l.includes('Redis is back'))).toHaveLength(1);
    // The restarted server is empty, which the watchdog rightly says once; nothing else is logged about Redis.
    const problems = aboutRedis().filter(
      (l) => /^(warn|error)/.test(l) && !l.includes('lost the job schedules'),
    );
    expect(problems).toEqual([warning]);
    expect(printed).not.toHaveBeenCalled();
    printed.mockRestore();
  });
});
