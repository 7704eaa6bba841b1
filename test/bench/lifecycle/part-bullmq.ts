/** Reference part (c): the same BullMQ jobs on a bare Queue and no-op Worker per queue. */
import { randomUUID } from 'node:crypto';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { deliverJob } from '../../../src/jobs/delivery-queue.js';
import { QUEUE } from '../../../src/jobs/names.js';
import { pool } from '../support.js';
import { measured, type PartJob, type PartResult, type TimerTemplate, tally } from './part-job.js';

/** (c) The same BullMQ jobs: deliveries added and processed (no-op worker), timers added then removed. */
export async function bullmqPart(job: Extract<PartJob, { part: 'bullmq' }>): Promise<PartResult> {
  const connection = new Redis(job.redisUrl, { maxRetriesPerRequest: null });
  const deliveries = new Queue(QUEUE.deliveries, { connection, prefix: job.prefix });
  const timers = new Queue(QUEUE.timers, { connection, prefix: job.prefix });
  const waiting = new Map<string, () => void>();
  const deliveryWorker = new Worker(QUEUE.deliveries, async () => 'sent', {
    connection,
    prefix: job.prefix,
    concurrency: 1,
    settings: { backoffStrategy: () => 1000 },
  });
  const timerWorker = new Worker(QUEUE.timers, async () => 'applied', {
    connection,
    prefix: job.prefix,
    concurrency: 4,
  });
  deliveryWorker.on('completed', (done: Job) => {
    const id = done.id ?? '';
    waiting.get(id)?.();
    waiting.delete(id);
  });
  const errors: Record<string, number> = {};
  for (const w of [deliveryWorker, timerWorker]) w.on('error', (e) => tally(errors, e.message));
  try {
    await Promise.all([deliveryWorker.waitUntilReady(), timerWorker.waitUntilReady()]);
    let nextDelivery = 1;
    const deliveryJobs = (count: number) => Array.from({ length: count }, () => deliverJob(nextDelivery++));
    const processed = (jobs: readonly { opts: { jobId: string } }[]) =>
      Promise.all(jobs.map((j) => new Promise<void>((resolve) => waiting.set(j.opts.jobId, resolve))));
    const lifecycle = async () => {
      const decisionId = randomUUID();
      const timerJobs = JSON.parse(
        JSON.stringify(job.timers.jobs).replaceAll(job.timers.decisionId, decisionId),
      ) as TimerTemplate['jobs'];
      // The open: its delivery jobs and its timer jobs, queued side by side; the worker processes the deliveries.
      const open = deliveryJobs(job.openDeliveries);
      const opened = processed(open);
      await Promise.all([
        deliveries.addBulk(open),
        timers.addBulk(
          timerJobs.map((t) => ({ name: t.name, data: t.data, opts: { ...t.opts, jobId: t.id } })),
        ),
      ]);
      await opened;
      // The decision: its delivery jobs queued, its timer jobs removed.
      const close = deliveryJobs(job.closeDeliveries);
      const closed = processed(close);
      await Promise.all([deliveries.addBulk(close), ...timerJobs.map((t) => timers.remove(t.id))]);
      await closed;
    };
    await pool(job.warmup, job.concurrency, lifecycle);
    const figures = await measured(async () => void (await pool(job.lifecycles, job.concurrency, lifecycle)));
    return {
      ...figures,
      lifecycles: job.lifecycles,
      perLifecycle: `${job.openDeliveries + job.closeDeliveries} delivery jobs added and processed, ${job.timers.jobs.length} timer job${job.timers.jobs.length === 1 ? '' : 's'} added (days ahead) and removed`,
      errors,
    };
  } finally {
    await Promise.all([deliveryWorker.close(), timerWorker.close()]);
    await Promise.all([deliveries.close(), timers.close()]);
    connection.disconnect();
  }
}
