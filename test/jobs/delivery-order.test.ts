import { afterEach, describe, expect, it } from 'vitest';
import type { DeliverDeps } from '../../src/app/deliver.js';
import { ORDER_BLOCKING_ATTEMPTS } from '../../src/app/deliver.js';
import { type SendContext, SendError } from '../../src/app/ports.js';
import { DELIVERY_ATTEMPTS } from '../../src/jobs/delivery-queue.js';
import { WAITING_FOR_WAKE } from '../../src/jobs/names.js';
import { eventually, type Rig, realClock, startRig } from './support/rig.js';

/**
 * The outbox keeps order per conversation: two delivery workers (two jobs at once) over the real Redis and a real
 * SQLite file, with a Slack sender that fails the way Slack does (500s, a 429, a permanent refusal).
 */
describe('delivery order per conversation', () => {
  let rig: Rig;
  afterEach(async () => {
    await rig?.close();
  });

  it('with two workers, 500s, a 429 and a permanent failure, each conversation gets its messages in outbox order', async () => {
    /** Every call the sender got, in order, with how it ended. */
    const log: { id: number; to: string; outcome: 'sent' | 'retry' | 'failed' }[] = [];
    /** Scripted failures by row: first the row's position in its conversation. */
    const script = new Map<string, SendError[]>([
      [
        'U1#1',
        [new SendError('http_500', false), new SendError('http_500', false)], // retried after 1 s, then 2 s
      ],
      ['U1#3', [new SendError('ratelimited', false, 1500)]],
      ['U1#4', [new SendError('user_not_found', true)]],
    ]);
    const position = new Map<number, string>();
    rig = await startRig({
      clock: realClock(),
      send: async (ctx: SendContext) => {
        const { id, recipient } = ctx.delivery;
        // A Slack call takes a moment: a concurrent worker could overtake here if nothing kept the order.
        await new Promise((r) => setTimeout(r, 20));
        const error = script.get(position.get(id) ?? '')?.shift();
        log.push({ id, to: recipient, outcome: error ? (error.permanent ? 'failed' : 'retry') : 'sent' });
        if (error) throw error;
        return undefined;
      },
    });
    const rows: { key: string; to: string }[] = [];
    const count = new Map<string, number>();
    for (const to of ['U1', 'U2', 'U1', 'U1', 'U2', 'U1', 'U1', 'U2', 'U1']) {
      const n = (count.get(to) ?? 0) + 1;
      count.set(to, n);
      rows.push({ key: `${to}#${n}`, to });
    }
    await rig.deps.outbox.enqueue(
      rows.map((r) => ({
        dedupeKey: r.key,
        kind: 'direct_message' as const,
        recipient: r.to,
        payload: { template: 'x' },
      })),
      Date.now(),
    );
    const stored = await rig.deps.outbox.pending(100);
    for (const [i, row] of stored.entries()) position.set(row.id, rows[i]?.key ?? '');
    await rig.startWorkers();
    await rig.startWorkers();
    await rig.deps.deliveries.enqueue();
    await eventually(async () => (await rig.deps.outbox.pending(100)).length === 0, 30_000);

    const ids = (to: string) => stored.filter((r) => r.recipient === to).map((r) => r.id);
    const sentTo = (to: string) => log.filter((c) => c.to === to && c.outcome === 'sent').map((c) => c.id);
    const [u1a, u1b, u1c, u1d, u1e, u1f] = ids('U1');
    // Outbox order, the permanently failed one left out: it did not hold back the ones after it.
    expect(sentTo('U1')).toEqual([u1a, u1b, u1c, u1e, u1f]);
    expect(sentTo('U2')).toEqual(ids('U2'));
    expect((await rig.deps.outbox.get(u1d ?? 0))?.status).toBe('failed');
    // No call for a message before every earlier message of its conversation was done with (sent or failed).
    const done = new Set<number>();
    for (const call of log) {
      const earlier = ids(call.to).filter((id) => id < call.id);
      expect(
        earlier.filter((id) => !done.has(id)),
        `call for ${call.id}`,
      ).toEqual([]);
      if (call.outcome !== 'retry') done.add(call.id);
    }
    // Each message was attempted once per scripted failure plus once: waiting spent no attempts.
    expect(log.filter((c) => c.id === u1a)).toHaveLength(3);
    expect(log.filter((c) => c.id === u1c)).toHaveLength(2);
    expect(log.filter((c) => c.id === u1b)).toHaveLength(1);
    // The other conversation went ahead while the first one waited for its first message's retries.
    const firstSent = log.findIndex((c) => c.id === u1a && c.outcome === 'sent');
    const u2Done = log.map((c, i) => (c.to === 'U2' ? i : -1)).filter((i) => i >= 0);
    expect(Math.max(...u2Done)).toBeLessThan(firstSent);
  }, 45_000);

  it('a backlog waiting for its turn looks again behind the message that can go: the one woken is next', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let head = 0;
    rig = await startRig({
      clock: realClock(),
      send: async (ctx) => {
        if (ctx.delivery.id === head) await gate;
        return undefined;
      },
    });
    await rig.deps.outbox.enqueue(
      Array.from({ length: 40 }, (_, i) => ({
        dedupeKey: `q${i}`,
        kind: 'direct_message' as const,
        recipient: 'U5',
        payload: { template: 'x' },
      })),
      Date.now(),
    );
    const rows = await rig.deps.outbox.pending(100);
    head = rows[0]?.id ?? 0;
    const second = rows[1]?.id ?? 0;
    /** Each run of a delivery as it starts, and `-id` as the row before `id` is about to wake it. */
    const runs: number[] = [];
    const outbox = Object.create(rig.deps.outbox) as DeliverDeps['outbox'];
    // Each look takes a moment, as on a busy database.
    outbox.get = async (id) => {
      runs.push(id);
      await new Promise((r) => setTimeout(r, 20));
      return rig.deps.outbox.get(id);
    };
    const deliveries = Object.create(rig.deps.deliveries) as DeliverDeps['deliveries'];
    deliveries.wake = async (id) => {
      runs.push(-id);
      await rig.deps.deliveries.wake?.(id);
    };
    await rig.startWorkers({ deps: { outbox, deliveries }, deliveryConcurrency: 2 });
    await rig.deps.deliveries.enqueue();
    // The head is stuck in Slack; the others have looked, some more than once, and wait to be woken.
    await eventually(() => runs.length >= 100, 20_000);
    const waiting = await rig.queues.deliveries.getJobs(['delayed', 'prioritized']);
    expect(waiting.length).toBeGreaterThan(0);
    for (const job of waiting) expect(job.priority, job.id).toBe(WAITING_FOR_WAKE);

    release();
    await eventually(async () => (await rig.deps.outbox.pending(100)).length === 0, 30_000);
    // Once woken, the second row runs next, ahead of every row that was due to look again; only what the other
    // worker took on while the wake was on its way to Redis runs in between.
    // (Its own fallback look may be under way as the wake comes: then that look sends it, nothing between.)
    const woken = runs.indexOf(-second);
    const sent = runs.lastIndexOf(second);
    expect(woken, runs.join(', ')).toBeGreaterThan(0);
    const between = runs.slice(woken + 1, Math.max(woken + 1, sent)).filter((id) => id > 0);
    expect(
      between.length,
      `runs between the wake and the second row: ${between.join(', ')}`,
    ).toBeLessThanOrEqual(2);
    expect((await rig.queues.deliveries.getJobs(['delayed', 'prioritized', 'waiting'])).length).toBe(0);
  }, 60_000);

  it('a row that used up its attempts no longer holds back its conversation', async () => {
    expect(ORDER_BLOCKING_ATTEMPTS).toBe(DELIVERY_ATTEMPTS);
    rig = await startRig({ clock: realClock() });
    await rig.deps.outbox.enqueue(
      ['a', 'b'].map((k) => ({
        dedupeKey: k,
        kind: 'direct_message' as const,
        recipient: 'U9',
        payload: { template: 'x' },
      })),
      Date.now(),
    );
    const [a, b] = await rig.deps.outbox.pending(10);
    if (!a || !b) throw new Error('rows not recorded');
    const conversation = { recipient: 'U9' };
    expect(await rig.deps.outbox.pendingBefore(conversation, b.id, ORDER_BLOCKING_ATTEMPTS, 10)).toBe(1);
    expect(await rig.deps.outbox.nextPendingAfter(conversation, a.id)).toBe(b.id);
    for (let i = 0; i < ORDER_BLOCKING_ATTEMPTS; i++) await rig.deps.outbox.claim(a.id, 'test', 0);
    expect(await rig.deps.outbox.pendingBefore(conversation, b.id, ORDER_BLOCKING_ATTEMPTS, 10)).toBe(0);
    // Other conversations and App Homes are no part of it.
    expect(await rig.deps.outbox.pendingBefore({ recipient: 'U8' }, b.id + 1, 99, 10)).toBe(0);
    expect(await rig.deps.outbox.pendingBefore({ thread: 'd1' }, b.id + 1, 99, 10)).toBe(0);
  });
});
