import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullDeliveryQueue, HOME_DEBOUNCE_MS } from '../../src/jobs/delivery-queue.js';
import { type DeliverJob, QUEUE } from '../../src/jobs/names.js';
import { OutboxRepository } from '../../src/storage/index.js';
import { deleteKeys } from '../e2e/harness.js';
import { tempDatabase } from '../support/temp-db.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Queueing outbox rows after each change: coalesced under a burst, and never missing a committed row. */
describe('BullDeliveryQueue.enqueue', () => {
  const prefix = `dq${process.pid}x${Math.random().toString(36).slice(2, 8)}`;
  let temp: ReturnType<typeof tempDatabase>;
  let redis: Redis;
  let queue: Queue<DeliverJob>;
  let outbox: OutboxRepository;
  beforeAll(() => {
    temp = tempDatabase();
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue<DeliverJob>(QUEUE.deliveries, { connection: redis, prefix });
    outbox = new OutboxRepository(temp.database.db);
  });
  afterAll(async () => {
    await queue.close();
    redis.disconnect();
    await deleteKeys(REDIS_URL, prefix);
    temp.cleanup();
  });

  const record = async (i: number) =>
    await outbox.enqueue(
      [{ dedupeKey: `m-${i}`, kind: 'direct_message', recipient: 'U1', payload: { template: 'x' } }],
      0,
    );

  it('a burst of 100 changes, each followed by enqueue(), queues every row with a few addBulk calls', async () => {
    let bulks = 0;
    const addBulk = queue.addBulk.bind(queue);
    queue.addBulk = (jobs) => {
      bulks++;
      return addBulk(jobs);
    };
    const deliveries = new BullDeliveryQueue(queue, outbox);
    const calls: Promise<void>[] = [];
    for (let i = 0; i < 100; i++) {
      await record(i);
      calls.push(deliveries.enqueue());
      // Some changes commit while a pass is already under way.
      if (i % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(calls);
    expect(await queue.getWaitingCount()).toBe(100);
    expect(bulks).toBeGreaterThan(0);
    expect(bulks).toBeLessThanOrEqual(10);
  });

  it('a row committed while a pass is under way is queued by the next pass the caller waits for', async () => {
    const deliveries = new BullDeliveryQueue(queue, outbox);
    await record(1000);
    const first = deliveries.enqueue();
    await new Promise((resolve) => setImmediate(resolve));
    await record(1001);
    await Promise.all([first, deliveries.enqueue()]);
    const rows = await outbox.pendingIds(0, 1000);
    const jobs = await Promise.all(rows.map((row) => queue.getJob(`delivery-${row.id}`)));
    expect(jobs.every((j) => j !== undefined)).toBe(true);
  });

  it('an App Home row waits HOME_DEBOUNCE_MS (a burst of changes to one home publishes it once); messages do not', async () => {
    const deliveries = new BullDeliveryQueue(queue, outbox);
    await outbox.enqueue(
      [
        { dedupeKey: 'home-a', kind: 'home', recipient: 'U2', payload: {} },
        { dedupeKey: 'dm-a', kind: 'direct_message', recipient: 'U2', payload: { template: 'x' } },
      ],
      0,
    );
    await deliveries.enqueue();
    const [home, dm] = (await outbox.pendingIds(0, 1000)).slice(-2);
    expect(home?.kind).toBe('home');
    expect((await queue.getJob(`delivery-${home?.id}`))?.opts.delay).toBe(HOME_DEBOUNCE_MS);
    expect((await queue.getJob(`delivery-${dm?.id}`))?.opts.delay ?? 0).toBe(0);
    const atOnce = new BullDeliveryQueue(queue, outbox, 0);
    await outbox.enqueue([{ dedupeKey: 'home-b', kind: 'home', recipient: 'U3', payload: {} }], 0);
    await atOnce.enqueueAll();
    const last = (await outbox.pendingIds(0, 1000)).at(-1);
    expect((await queue.getJob(`delivery-${last?.id}`))?.opts.delay ?? 0).toBe(0);
  });
});
