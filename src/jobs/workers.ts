import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DelayedError, type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type DeliverDeps, deliver } from '../app/deliver.js';
import { fireTimer } from '../app/fire-timer.js';
import type { ProjectDirectory } from '../app/ports.js';
import { DeliveryDeferred, SendError } from '../app/ports.js';
import { reconcile, reconcileChanged } from '../app/reconcile.js';
import { sendDigest } from '../app/send-digest.js';
import { StatusWatch } from '../app/status-away.js';
import { pendingTimers, type Timer } from '../domain/ladder.js';
import type { RedisOutageReporter } from './connection.js';
import {
  type DeliverJob,
  type DigestJob,
  digestSchedulerId,
  type FiredTimer,
  JOB,
  QUEUE,
  type ReconcileJob,
  TIMER_ATTEMPTS,
  TIMER_BACKOFF_MS,
  type TimerJob,
  type TimerRun,
  timerJobId,
  WAITING_FOR_WAKE,
} from './names.js';
import { OrphanReclaimer } from './orphans.js';
import { nextTimerAt, refusedWhileDue } from './timer-scheduler.js';

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
  // While Redis is away every queue emits each reconnection error; with no listener BullMQ prints them raw to
  // stderr. The connection's owner logs them once (compose.ts), so the queues' copies are dropped here.
  for (const q of [deliveries, timers, maintenance]) q.on('error', () => {});
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

/**
 * Deliveries each process sends at once on PostgreSQL (compose.ts: one on SQLite). Most of a delivery's time
 * is waiting (for Slack, for the database's round trips), so one at a time left a worker idle most of the time
 * and a PostgreSQL outbox drained several times slower than it filled. Order within a conversation does not depend on it: a message is
 * put off while an earlier one of its conversation is pending (deliver.ts), whichever process holds either.
 */
export const DELIVERY_CONCURRENCY = 8;

export interface WorkerOptions {
  readonly connection: Redis;
  readonly prefix: string;
  /** How often the reconciler runs (ms). */
  readonly reconcileEveryMs: number;
  /** How often SPoCs' Slack statuses are checked (ms; default 2 min). */
  readonly statusCheckEveryMs?: number | undefined;
  /**
   * How long a job stays claimed by a worker that stopped answering but is still connected to Redis (an event
   * loop blocked, a hung process) before another worker takes it over: BullMQ's lock duration and stalled-job
   * check interval. Default BullMQ's 30 s (so up to about a minute); shorter means faster recovery but a blocked
   * event loop longer than this may run a job twice. The jobs of a process that is gone (its connections
   * closed: killed, crashed) are taken over within about two seconds whatever this is (`OrphanReclaimer`).
   */
  readonly jobLockMs?: number | undefined;
  /** Deliveries sent at once by this process (default DELIVERY_CONCURRENCY; 1: strictly one after another). */
  readonly deliveryConcurrency?: number | undefined;
  /** This process's workers' name, kept on each job they take (default: host, pid and a random part). */
  readonly workerName?: string | undefined;
  /** Folds the workers' own connection errors into one warning per Redis outage (else each is logged). */
  readonly outage?: RedisOutageReporter | undefined;
  /** Records how late each timer fired (the `/metrics` histogram), in seconds past the instant it was due. */
  readonly timerLateness?: ((kind: Timer['kind'], seconds: number) => void) | undefined;
  /**
   * The daily check of the projects' people (`checkPeople`, bound by the composition root), at
   * `PEOPLE_CHECK_CRON` in the calendar's time zone; absent: none.
   */
  readonly peopleCheck?: (() => Promise<unknown>) | undefined;
  /**
   * The daily retention pass (`applyRetention`, bound by the composition root), at `RETENTION_CRON` in the
   * calendar's time zone; absent (no `retention` in the project file): none, and a schedule left from an earlier
   * configuration is removed.
   */
  readonly retention?: (() => Promise<unknown>) | undefined;
}

export interface Workers {
  /** Stops taking jobs and lets running ones finish; `force` leaves at once (start-up stopped, Redis away). */
  close(force?: boolean): Promise<void>;
}

/** Workers created but not yet scheduled: `schedule()` puts the reconciler and digests on their schedulers. */
export interface StartingWorkers extends Workers {
  schedule(): Promise<void>;
}

/**
 * The workers: outbox deliveries, timers, and maintenance (the reconciler and the digests). Messages to one
 * conversation go out in the order they were recorded, however many workers run and whatever fails: a delivery
 * waits while an earlier one there is pending (retried, or held after a 429), and is woken once that one is done
 * (see `deliver`); messages to other conversations go ahead meanwhile. Each handler re-reads the database, so
 * running a job twice is harmless.
 */
export async function startWorkers(
  deps: DeliverDeps,
  queues: JobQueues,
  options: WorkerOptions,
): Promise<Workers> {
  const workers = createWorkers(deps, queues, options);
  try {
    await workers.schedule();
  } catch (error) {
    // The workers' own connections would keep the process alive after the failure.
    await workers.close(true).catch(() => undefined);
    throw error;
  }
  return workers;
}

/**
 * The workers, created at once (they take jobs as soon as Redis answers), with their schedules still to put in
 * Redis. Split from `startWorkers` so that whoever waits for the schedules (while Redis is away, say) already
 * holds the workers and can close them.
 */
export function createWorkers(deps: DeliverDeps, queues: JobQueues, options: WorkerOptions): StartingWorkers {
  const name = options.workerName ?? workerName();
  const base = {
    connection: options.connection,
    prefix: options.prefix,
    name,
    ...(options.jobLockMs === undefined
      ? {}
      : { lockDuration: options.jobLockMs, stalledInterval: options.jobLockMs }),
  };
  const deliveries = new Worker<DeliverJob>(
    QUEUE.deliveries,
    async (job: Job<DeliverJob>, token?: string) => {
      try {
        return await deliver(deps, job.data.deliveryId);
      } catch (error) {
        // One waiting for an earlier message of its conversation comes back behind the jobs that can go (BullMQ
        // takes a prioritized job only when none without a priority waits); once its turn has come (woken, or
        // its fallback look) it is one of those again, its retries too. A priority Redis did not take changes
        // when the job runs, never whether.
        const priority = error instanceof DeliveryDeferred && error.untilWoken ? WAITING_FOR_WAKE : 0;
        if (job.priority !== priority) await job.changePriority({ priority }).catch(() => undefined);
        if (!(error instanceof DeliveryDeferred)) throw error;
        // Not due yet (that earlier message, or a method it needs is held after a 429): back to the delayed set
        // for that long, with no attempt spent.
        await job.moveToDelayed(Date.now() + error.delayMs, token);
        throw new DelayedError(error.message);
      }
    },
    {
      ...base,
      concurrency: options.deliveryConcurrency ?? DELIVERY_CONCURRENCY,
      settings: { backoffStrategy: slackBackoff },
    },
  );
  const timers = new Worker<TimerJob, TimerRun>(
    QUEUE.timers,
    async (job: Job<TimerJob>) => runTimers(deps, job.data, options.timerLateness),
    { ...base, concurrency: 4, removeOnComplete: { count: 0 }, removeOnFail: { count: 0 } },
  );
  // The decision's next timer is scheduled once the job has completed (gone): a running job cannot be replaced
  // under its own id, so a change's sync that met it did nothing. Re-reading here closes that race.
  timers.on('completed', async (job, run) => {
    const { decisionId } = job.data;
    const current = await deps.decisions.get(decisionId).catch(() => undefined);
    if (current === undefined) {
      // Gone, or the database could not be read: the reconciler re-aligns what needs it.
      deps.timers.retryLater(decisionId);
      return;
    }
    if (refusedWhileDue(current, run, deps.projects.calendar)) {
      deps.timers.retryLater(decisionId);
      deps.log.warn('a due timer was refused; the reconciler retries it', { decisionId, fired: run.fired });
      return;
    }
    deps.timers.sync(current).catch((err: unknown) =>
      deps.log.warn('timer not re-aligned; the reconciler will', {
        decisionId,
        id: job.id,
        error: String(err),
      }),
    );
  });
  // Retries are the worker's rather than BullMQ's `attempts` and `backoff`, options stored in every job: the
  // failed job comes back under its id, later each time; after the last attempt the reconciler takes over.
  // (A job of the previous layout has BullMQ attempts: it is retried by BullMQ until it gives up.)
  timers.on('failed', (job) => {
    if (job?.finishedOn === undefined) return;
    const { decisionId, at, attempt = 1 } = job.data;
    if (attempt >= TIMER_ATTEMPTS) {
      deps.timers.retryLater(decisionId);
      return;
    }
    const retry: TimerJob = { decisionId, at, attempt: attempt + 1 };
    const delay = TIMER_BACKOFF_MS * 2 ** (attempt - 1);
    queues.timers
      .add(JOB.timer, retry, { jobId: timerJobId(decisionId), delay })
      .catch(() => deps.timers.retryLater(decisionId));
  });
  // The incremental pass starts at the event log's position now: the full pass that follows at start-up
  // (compose.ts) covers everything before it. A job with `{ full: true }` asks for a full pass.
  const startedThrough = deps.decisions.changesSince().then(
    (r) => r.through,
    () => 0, // unreadable now: the first incremental pass re-syncs from the log's start
  );
  let changesThrough: number | undefined;
  const reconcileNow = async (full: boolean) => {
    changesThrough ??= await startedThrough;
    const report = full ? await reconcile(deps) : await reconcileChanged(deps, changesThrough);
    changesThrough = Math.max(changesThrough, report.changesThrough);
    return report;
  };
  const statusWatch = new StatusWatch(deps);
  const maintenance = new Worker(
    QUEUE.maintenance,
    async (job: Job) => {
      if (job.name === JOB.reconcile)
        return reconcileNow((job.data as ReconcileJob | undefined)?.full === true);
      if (job.name === JOB.digest) return sendDigest(deps, (job.data as DigestJob).projectId);
      if (job.name === JOB.statusCheck) return statusWatch.check();
      if (job.name === JOB.peopleCheck) return options.peopleCheck?.();
      if (job.name === JOB.retention) return options.retention?.();
      throw new Error(`unknown maintenance job ${job.name}`);
    },
    { ...base, concurrency: 1 },
  );
  for (const w of [deliveries, timers, maintenance]) {
    w.on('failed', async (job, err) =>
      deps.log.warn('job failed', {
        queue: w.name,
        job: job?.name,
        id: job?.id,
        decisionId: job && (await decisionOf(deps, job.data).catch(() => undefined)),
        error: err.message,
      }),
    );
    const logError = (err: Error) => deps.log.error('worker error', { queue: w.name, error: err.message });
    w.on('error', (err) => (options.outage ? options.outage.error(err, logError) : logError(err)));
  }
  const scheduleReconciler = () =>
    queues.maintenance.upsertJobScheduler(
      'reconcile',
      { every: options.reconcileEveryMs },
      { name: JOB.reconcile, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  const scheduleStatusCheck = () =>
    queues.maintenance.upsertJobScheduler(
      STATUS_CHECK_SCHEDULER,
      { every: options.statusCheckEveryMs ?? 2 * 60_000 },
      { name: JOB.statusCheck, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  const schedulePeopleCheck = async () => {
    if (options.peopleCheck === undefined) return;
    await queues.maintenance.upsertJobScheduler(
      PEOPLE_CHECK_SCHEDULER,
      // A time of day rather than every 24 h: a restart neither runs it at once nor puts it off.
      { pattern: PEOPLE_CHECK_CRON, tz: deps.projects.timezone },
      { name: JOB.peopleCheck, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  };
  const scheduleRetention = async () => {
    if (options.retention === undefined) {
      await queues.maintenance.removeJobScheduler(RETENTION_SCHEDULER);
      return;
    }
    await queues.maintenance.upsertJobScheduler(
      RETENTION_SCHEDULER,
      { pattern: RETENTION_CRON, tz: deps.projects.timezone },
      { name: JOB.retention, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  };
  const all = [deliveries, timers, maintenance];
  // Jobs a killed worker process left running are taken back at once, here at start-up and later too.
  const orphans = new OrphanReclaimer(options.connection, options.prefix, all, name, deps.log);
  orphans.start();
  // The schedules live in Redis too: a flushed (or replaced) Redis loses them with everything else, and nothing
  // would reconcile again. A watchdog in the process notices, restores them and rebuilds from SQLite at once.
  let checking = false; // while Redis is away a check waits for it: no second one meanwhile
  let watchdog: NodeJS.Timeout | undefined;
  const watch = () =>
    setInterval(
      () => {
        if (checking) return;
        checking = true;
        (async () => {
          if ((await queues.maintenance.getJobScheduler('reconcile')) !== undefined) return;
          deps.log.warn(
            'Redis lost the job schedules (flushed?): rebuilding timers and messages from SQLite',
          );
          await scheduleReconciler();
          await scheduleDigests(queues.maintenance, deps.projects);
          await scheduleStatusCheck();
          await schedulePeopleCheck();
          await scheduleRetention();
          await reconcileNow(true);
        })()
          .catch((err: unknown) => deps.log.warn('reconciler watchdog failed', { error: String(err) }))
          .finally(() => {
            checking = false;
          });
      },
      Math.min(options.reconcileEveryMs, 30_000),
    ).unref();
  return {
    schedule: async () => {
      await scheduleReconciler();
      await scheduleDigests(queues.maintenance, deps.projects);
      await scheduleStatusCheck();
      await schedulePeopleCheck();
      await scheduleRetention();
      watchdog ??= watch();
    },
    close: async (force = false) => {
      clearInterval(watchdog);
      const reclaimerStopped = orphans.stop();
      if (!force) await reclaimerStopped;
      await Promise.all(all.map((w) => w.close(force)));
    },
  };
}

/** A worker name unique to this process (BullMQ keeps it on the jobs it takes and on its connections). */
export function workerName(): string {
  const host = hostname().replace(/[^A-Za-z0-9.-]/g, '-') || 'host';
  return `${host}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

/** The job scheduler of the status check (one for all projects). */
export const STATUS_CHECK_SCHEDULER = 'status-check';
/** The job scheduler of the daily check of the projects' people (one for all projects). */
export const PEOPLE_CHECK_SCHEDULER = 'people-check';
/** When it runs: every day at 06:00, before business hours (start-up resolves addresses too). */
export const PEOPLE_CHECK_CRON = '0 6 * * *';

/** The job scheduler of the daily retention pass (one for all projects). */
export const RETENTION_SCHEDULER = 'retention';
/** When it runs: every day at 03:30, out of hours (a first run over years of history may take a while). */
export const RETENTION_CRON = '30 3 * * *';

/**
 * Runs a decision's timer job: fires, earliest first, every pending timer due by now, each through fireTimer,
 * which re-reads the decision under the write lock (a stale or repeated timer changes nothing). The decision is
 * read afresh, so a job of the previous layout or one whose instant moved is just a wake-up.
 */
async function runTimers(
  deps: DeliverDeps,
  job: TimerJob,
  lateness: WorkerOptions['timerLateness'],
): Promise<TimerRun> {
  const { decisionId } = job;
  const calendar = deps.projects.calendar;
  let decision = await deps.decisions.get(decisionId);
  const now = deps.clock.now();
  const due = decision === undefined ? [] : pendingTimers(decision, calendar).filter((t) => t.at <= now);
  const fired: FiredTimer[] = [];
  for (const timer of due.sort((a, b) => a.at - b.at)) {
    lateness?.(timer.kind, (deps.clock.now() - timer.at) / 1000);
    const result = await fireTimer(deps, { decisionId, ...timer });
    if ('ok' in result && result.ok) decision = result.decision;
    const outcome = 'ok' in result ? (result.ok ? 'applied' : result.refusal.code) : 'not_found';
    fired.push({ decisionId, ...timer, outcome });
  }
  const run = { at: job.at, fired, next: null };
  if (decision === undefined || refusedWhileDue(decision, run, calendar)) return run;
  return { ...run, next: nextTimerAt(decision, calendar) };
}

/** The decision a job is about, if any: in a timer's data, or on a delivery's outbox row. */
async function decisionOf(deps: DeliverDeps, data: unknown): Promise<string | undefined> {
  if (typeof data !== 'object' || data === null) return undefined;
  if ('decisionId' in data && typeof data.decisionId === 'string') return data.decisionId;
  if ('deliveryId' in data && typeof data.deliveryId === 'number')
    return (await deps.outbox.get(data.deliveryId))?.decisionId ?? undefined;
  return undefined;
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
