import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { QUEUE } from '../../src/jobs/names.js';
import type { StoredMessage } from '../../src/sandbox/index.js';
import { ask, until } from './flow.js';
import { type Harness, startHarness } from './harness.js';
import { type BotProcess, startBotProcess } from './support/bot-process-control.js';
import {
  decisionIds,
  decisionOf,
  deliveriesOf,
  eventTypes,
  eventually,
  pendingDeliveries,
  secondsLadder,
  sleep,
  threadHeads,
  threadReplies,
  wordsOf,
} from './support/inspect.js';
import { SlackGate } from './support/slack-gate.js';

/** Ids of the timer jobs a worker is running now. */
async function activeTimerJobs(config: Config): Promise<string[]> {
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE.timers, { connection, prefix: config.queuePrefix });
  try {
    return (await queue.getActive()).flatMap((j) => (j.id === undefined ? [] : [j.id]));
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/**
 * The worker process dies (SIGKILL: no cleanup) in the middle of an escalation and is started again. The web
 * half runs in the test process (it takes the request); the workers run in a child process with the real
 * `startBot`, sharing the SQLite file and the Redis prefix, talking to the stand-in through a gate that can hold a
 * call so that the escalation is in flight when the process dies.
 */
describe('worker process killed during an escalation', () => {
  let h: Harness | undefined;
  let gate: SlackGate | undefined;
  let bot: BotProcess | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await bot?.kill('SIGKILL');
    await gate?.close();
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    [h, gate, bot, dir] = [undefined, undefined, undefined, undefined];
  });

  const fifo = (m: StoredMessage) => wordsOf(m).includes('FIFO');

  async function setUp() {
    const harness = await startHarness({
      workers: false,
      project: (p) => ({ sponsors: [p.sponsor, p.cfo], sla: secondsLadder(1, 600, 600), reminders: [] }),
    });
    h = harness;
    dir = mkdtempSync(join(tmpdir(), 'decide-proc-'));
    gate = await SlackGate.start(harness.fake.apiUrl);
    const config: Config = { ...harness.config, slack: { ...harness.config.slack, apiUrl: gate.apiUrl } };
    const settings = join(dir, 'settings.json');
    const run = () =>
      startBotProcess(
        config,
        { web: false, workers: true, reconcileEveryMs: 60_000, jobLockMs: 1000 },
        settings,
      );
    return { h: harness, gate, run };
  }

  it('while its request to a sponsor is in flight: after the restart, one escalation and one DM per sponsor', async () => {
    const { h, gate, run } = await setUp();
    bot = await run();
    await ask(h);
    const id = await until(h, () => decisionIds(h)[0]);
    await until(h, () => h.fake.dmsTo(h.people.spoc).some(fifo), 5000);
    // The sponsor's request never reaches Slack: the delivery is in flight when the process dies.
    gate.hold((c) => c.method === 'chat.postMessage' && c.args.channel === h.people.sponsor);
    await until(h, () => gate.held.length > 0, 8000);
    expect(eventTypes(h, id)).toEqual(['opened', 'escalated']);
    const started = Date.now();
    await bot.kill('SIGKILL');
    gate.dropHeld();
    gate.open();
    expect(h.fake.dmsTo(h.people.sponsor)).toEqual([]);

    bot = await run();
    await until(h, () => deliveriesOf(h, id).every((d) => d.status === 'sent'), 90_000);
    // Taken over within a few lock periods (1 s here), not lost and not waiting for the next reconciler run.
    expect(Date.now() - started).toBeLessThan(15_000);
    await sleep(500);
    expect(eventTypes(h, id)).toEqual(['opened', 'escalated']);
    expect((await decisionOf(h, id)).level).toBe('sponsor');
    expect(h.fake.dmsTo(h.people.sponsor).filter(fifo)).toHaveLength(1);
    expect(h.fake.dmsTo(h.people.cfo).filter(fifo)).toHaveLength(1);
    expect(h.fake.dmsTo(h.people.spoc).filter(fifo)).toHaveLength(1);
    expect(threadReplies(h).filter((m) => wordsOf(m).includes('Moved to'))).toHaveLength(1);
    h.fake.assertNoViolations();
  }, 120_000);

  it('while the escalation timer job itself is running: after the restart, it escalates once', async () => {
    const { h, run } = await setUp();
    bot = await run();
    await ask(h);
    const id = await until(h, () => decisionIds(h)[0]);
    await until(
      h,
      () => deliveriesOf(h, id).length === 3 && deliveriesOf(h, id).every((d) => d.status === 'sent'),
      5000,
    );
    // The App Homes the request concerns too (rows of no decision): no delivery may be under way meanwhile.
    await until(h, () => pendingDeliveries(h) === 0, 5000);
    // Hold SQLite's write lock: the escalation job starts at the deadline and blocks in its transaction.
    const lock = new BetterSqlite3(h.config.databasePath);
    lock.pragma('busy_timeout = 5000');
    lock.exec('BEGIN IMMEDIATE');
    try {
      const active = await eventually(async () => {
        const jobs = await activeTimerJobs(h.config);
        return jobs.find((j) => j === `timer-${id}`);
      }, 5000);
      expect(active).toBeDefined();
      await bot.kill('SIGKILL');
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
    // Nothing was committed: the process died inside the job.
    expect(eventTypes(h, id)).toEqual(['opened']);
    expect((await decisionOf(h, id)).level).toBe('spoc');

    bot = await run();
    await until(h, async () => (await decisionOf(h, id)).level === 'sponsor', 15_000);
    await until(h, () => deliveriesOf(h, id).every((d) => d.status === 'sent'), 10_000);
    await sleep(500);
    expect(eventTypes(h, id)).toEqual(['opened', 'escalated']);
    expect(h.fake.dmsTo(h.people.sponsor).filter(fifo)).toHaveLength(1);
    expect(h.fake.dmsTo(h.people.cfo).filter(fifo)).toHaveLength(1);
    expect(threadReplies(h).filter((m) => wordsOf(m).includes('Moved to'))).toHaveLength(1);
    h.fake.assertNoViolations();
  });

  // Slack accepted the sponsor's request, but the process died before it recorded the send. The attempt was
  // counted before the call, so the restarted worker looks the message up by its marker (the first block's
  // block_id) with conversations.history, finds it, and records it instead of posting it again.
  it('when Slack accepted the request but the process died before recording it: exactly one DM', async () => {
    const { h, gate, run } = await setUp();
    bot = await run();
    await ask(h);
    const id = await until(h, () => decisionIds(h)[0]);
    await until(
      h,
      () => deliveriesOf(h, id).length === 3 && deliveriesOf(h, id).every((d) => d.status === 'sent'),
      5000,
    );
    // The next post is the escalation's request to the sponsor: Slack takes 1.5 s to answer it, then posts it.
    h.fake.faults.inject('chat.postMessage', { kind: 'latency', ms: 1500, times: 1 });
    await until(
      h,
      () => gate.calls.some((c) => c.method === 'chat.postMessage' && c.args.channel === h.people.sponsor),
      8000,
    );
    await bot.kill('SIGKILL');
    await until(h, () => h.fake.dmsTo(h.people.sponsor).some(fifo), 5000);
    bot = await run();
    await until(h, () => deliveriesOf(h, id).every((d) => d.status === 'sent'), 15_000);
    await sleep(500);
    expect(eventTypes(h, id)).toEqual(['opened', 'escalated']);
    expect(h.fake.dmsTo(h.people.sponsor).filter(fifo)).toHaveLength(1);
    expect(h.fake.dmsTo(h.people.cfo).filter(fifo)).toHaveLength(1);
    // Found, not re-posted: the one DM is the one remembered (later updates replace its buttons).
    const [dm] = h.fake.dmsTo(h.people.sponsor).filter(fifo);
    expect(dm?.blocks?.[0]?.block_id).toMatch(/^dlv-\d+$/);
    expect(h.fake.calls('conversations.history').length).toBeGreaterThan(0);
    const request = deliveriesOf(h, id).find(
      (d) => d.kind === 'decision_request' && d.recipient === h.people.sponsor,
    );
    expect(request).toMatchObject({ status: 'sent', attempts: 2 });
    h.fake.assertNoViolations();
  });
});

/**
 * A worker process SIGKILLed with a delivery in flight and more waiting behind it, on BullMQ's default 30 s job
 * lock: the restarted process sees that the owner of the running job has no connection to Redis any more and
 * takes the job back at once, instead of waiting for the lock to expire and two stalled-job checks (about a
 * minute before).
 */
describe('worker process killed with deliveries in flight, default job lock', () => {
  let h: Harness | undefined;
  let gate: SlackGate | undefined;
  let bot: BotProcess | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await bot?.kill('SIGKILL');
    await gate?.close();
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    [h, gate, bot, dir] = [undefined, undefined, undefined, undefined];
  });

  it('the deliveries resume within 5 s of the restart', async () => {
    h = await startHarness({
      workers: false,
      project: () => ({ sla: secondsLadder(600, 600, 600), reminders: [] }),
    });
    const harness = h;
    dir = mkdtempSync(join(tmpdir(), 'decide-proc-'));
    gate = await SlackGate.start(harness.fake.apiUrl);
    const config: Config = { ...harness.config, slack: { ...harness.config.slack, apiUrl: gate.apiUrl } };
    const settings = join(dir, 'settings.json');
    // No jobLockMs: BullMQ's default 30 s lock and stalled-job interval.
    const run = () =>
      startBotProcess(config, { web: false, workers: true, reconcileEveryMs: 60_000 }, settings);
    bot = await run();
    // The first thread head never gets an answer: its delivery is in flight when the process dies (one delivery
    // at a time per process: everything else of both requests is still waiting then).
    const top = (c: { method: string; args: Record<string, string> }) =>
      c.method === 'chat.postMessage' && c.args.channel === harness.channel && c.args.thread_ts === undefined;
    gate.hold(top);
    await ask(harness, { question: 'First: FIFO costing for the main warehouse?' });
    await until(harness, () => gate?.held.length === 1, 8000);
    await ask(harness, { question: 'Second: weekly stock count?' });
    await until(harness, () => decisionIds(harness).length === 2);
    await bot.kill('SIGKILL');
    gate.dropHeld();
    gate.open();
    expect(threadHeads(harness)).toEqual([]);
    expect(pendingDeliveries(harness)).toBeGreaterThanOrEqual(6);

    const restarted = Date.now();
    bot = await run();
    const ready = Date.now() - restarted;
    await until(harness, () => threadHeads(harness).length === 2, 60_000);
    const resumed = Date.now() - restarted;
    await until(harness, () => pendingDeliveries(harness) === 0, 10_000);
    const drained = Date.now() - restarted;
    process.stdout.write(
      `restart: process ready after ${ready} ms, both thread heads posted after ${resumed} ms, outbox empty after ${drained} ms\n`,
    );
    // The process is up in a second or two; the orphaned job is taken back on its first two passes.
    expect(resumed).toBeLessThan(5000 + Math.max(0, ready - 2500));
    expect(threadHeads(harness).map((m) => (wordsOf(m).includes('First') ? 'first' : 'second'))).toEqual([
      'first',
      'second',
    ]);
    await sleep(300);
    expect(threadHeads(harness)).toHaveLength(2);
    harness.fake.assertNoViolations();
  }, 90_000);
});
