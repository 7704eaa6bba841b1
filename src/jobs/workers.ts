import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type DeliverDeps, deliver } from '../app/deliver.js';
import { fireTimer } from '../app/fire-timer.js';
import type { ProjectDirectory } from '../app/ports.js';
import { SendError } from '../app/ports.js';
import { reconcile } from '../app/reconcile.js';
import { sendDigest } from '../app/send-digest.js';
import { type DeliverJob, type DigestJob, digestSchedulerId, JOB, QUEUE, type TimerJob } from './names.js';

export interface JobQueues {
  readonly deliveries: Queue<DeliverJob>;
  readonly timers: Queue<TimerJob>;
  readonly maintenance: Queue;
  close(): Promise<void>;
}

export function createQueues(connection: Redis, prefix: string): JobQueues {
  const deliveries = new Queue<DeliverJob>(QUEUE.deliveries, { connection, prefix });
  const timers = new Queue<TimerJob>(QUEUE.timers, { connection, prefix });
  const maintenance = new Queue(QUEUE.maintenance, { connection, prefix });
  return {
    deliveries,
    timers,
    maintenance,
    close: async () => {
      await Promise.all([deliveries.close(), timers.close(), maintenance.close()]);
    },
  };
}

/** Backoff for Slack sends: what Slack asked for on HTTP 429, else exponential from 1 s up to 5 min. */
export function slackBackoff(attemptsMade: number, _type?: string, err?: Error): number {
  if (err instanceof SendError && err.retryAfterMs !== undefined) return err.retryAfterMs;
  return Math.min(1000 * 2 ** Math.max(0, attemptsMade - 1), 5 * 60_000);
}

export interface WorkerOptions {
  readonly connection: Redis;
  readonly prefix: string;
  /** How often the reconciler runs (ms). */
  readonly reconcileEveryMs: number;
}

export interface Workers {
  close(): Promise<void>;
}

/**
 * The workers: outbox deliveries (one at a time, so a decision's messages go out in order), timers, and
 * maintenance (the periodic reconciler). Each handler re-reads SQLite, so running a job twice is harmless.
 */
export async function startWorkers(
  deps: DeliverDeps,
  queues: JobQueues,
  options: WorkerOptions,
): Promise<Workers> {
  const base = { connection: options.connection, prefix: options.prefix };
  const deliveries = new Worker<DeliverJob>(
    QUEUE.deliveries,
    async (job: Job<DeliverJob>) => deliver(deps, job.data.deliveryId),
    { ...base, concurrency: 1, settings: { backoffStrategy: slackBackoff } },
  );
  const timers = new Worker<TimerJob>(
    QUEUE.timers,
    async (job: Job<TimerJob>) => {
      const { at: _at, ...timer } = job.data;
      const result = await fireTimer(deps, timer);
      return 'ok' in result ? (result.ok ? 'applied' : result.refusal.code) : 'not_found';
    },
    { ...base, concurrency: 4 },
  );
  const maintenance = new Worker(
    QUEUE.maintenance,
    async (job: Job) => {
      if (job.name === JOB.reconcile) return reconcile(deps);
      if (job.name === JOB.digest) return sendDigest(deps, (job.data as DigestJob).projectId);
      throw new Error(`unknown maintenance job ${job.name}`);
    },
    { ...base, concurrency: 1 },
  );
  for (const w of [deliveries, timers, maintenance]) {
    w.on('failed', (job, err) =>
      deps.log.warn('job failed', { queue: w.name, job: job?.name, id: job?.id, error: err.message }),
    );
    w.on('error', (err) => deps.log.error('worker error', { queue: w.name, error: err.message }));
  }
  await queues.maintenance.upsertJobScheduler(
    'reconcile',
    { every: options.reconcileEveryMs },
    { name: JOB.reconcile, opts: { removeOnComplete: true, removeOnFail: 100 } },
  );
  await scheduleDigests(queues.maintenance, deps.projects);
  return {
    close: async () => {
      await Promise.all([deliveries.close(), timers.close(), maintenance.close()]);
    },
  };
}

/**
 * One job scheduler per project fires its weekly digest on the project's cron, in the calendar's time zone.
 * Upserting is idempotent across restarts and processes; schedulers of projects no longer configured go.
 */
export async function scheduleDigests(queue: Queue, projects: ProjectDirectory): Promise<void> {
  const wanted = new Set<string>();
  for (const p of projects.all()) {
    const id = digestSchedulerId(p.id);
    wanted.add(id);
    await queue.upsertJobScheduler(
      id,
      { pattern: p.digest.cron, tz: projects.timezone },
      {
        name: JOB.digest,
        data: { projectId: p.id } satisfies DigestJob,
        opts: { removeOnComplete: true, removeOnFail: 100 },
      },
    );
  }
  for (const scheduler of await queue.getJobSchedulers()) {
    if (scheduler.key.startsWith('digest-') && !wanted.has(scheduler.key))
      await queue.removeJobScheduler(scheduler.key);
  }
}
