import type { Queue } from 'bullmq';
import type { Clock, TimerScheduler } from '../app/ports.js';
import type { Decision } from '../domain/decision.js';
import { type BusinessClock, pendingTimers, type Timer } from '../domain/ladder.js';
import type { Instant } from '../domain/time.js';
import { JOB, type TimerJob, type TimerRun, timerJobId } from './names.js';

/** Decisions remembered for the reconciler's next pass, at most. */
const MAX_RETRIES = 10_000;

/**
 * Keeps one BullMQ delayed job per decision, `timer-<decisionId>`, due at the decision's earliest pending timer
 * (domain `pendingTimers`); the worker fires whatever is due then and, once the job has completed, the decision
 * is synced again for its next timer. An instant that has passed gets no delay and fires at once. A running job
 * cannot be removed or replaced, so a sync that meets one leaves it: the worker re-syncs after it completes.
 */
/**
 * Jobs per addBulk when the full pass re-creates many (after a Redis flush, or at the first start): small
 * batches keep what is held at once (the jobs, their encoded commands) small, so memory stays low.
 */
const ADD_BATCH = 200;

export class BullTimerScheduler implements TimerScheduler {
  /** Decisions whose timer job may be missing or wrong: the reconciler's next pass syncs them again. */
  private readonly retries = new Set<string>();
  /** Per decision, the sync running last and the newest version asked for. */
  private readonly inFlight = new Map<string, { tail: Promise<void>; newest: Decision }>();

  constructor(
    private readonly queue: Queue<TimerJob>,
    private readonly calendar: BusinessClock,
    private readonly clock: Clock,
  ) {}

  /**
   * Aligns the decision's timer job with its next timer. Syncs of one decision run one after the other in this
   * process, each with the newest version asked for so far, so an older one never lands after a newer one.
   */
  sync(decision: Decision): Promise<void> {
    const { id } = decision;
    const entry = this.inFlight.get(id);
    const newest = entry !== undefined && entry.newest.version > decision.version ? entry.newest : decision;
    const tail = (entry?.tail ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.align(this.inFlight.get(id)?.newest ?? newest));
    this.inFlight.set(id, { tail, newest });
    const settle = () => {
      if (this.inFlight.get(id)?.tail === tail) this.inFlight.delete(id);
    };
    return tail.then(settle, (error: unknown) => {
      settle();
      this.retryLater(id);
      throw error;
    });
  }

  retryLater(decisionId: string): void {
    // Bounded: a process that never runs the reconciler (web only) never takes them. A failed sync after a
    // change is found again through the event log, and a lost escalation once it is past due.
    if (this.retries.size >= MAX_RETRIES) this.retries.delete(this.retries.values().next().value ?? '');
    this.retries.add(decisionId);
  }

  takeRetries(): string[] {
    const ids = [...this.retries];
    this.retries.clear();
    return ids;
  }

  /**
   * The full pass: compares the job every active decision needs with the timer jobs Redis holds, in bulk (a page
   * of jobs per round trip). Missing jobs are added; a job whose instant differs is re-aligned from the decision
   * re-read with `current`, so a change racing with the pass is never undone; jobs of decisions not in `active`
   * (closed, unknown) and jobs of the previous layout (`remind-…`, `escalate-…`) are removed.
   */
  async syncAll(
    active: AsyncIterable<Decision>,
    current: (decisionId: string) => Promise<Decision | undefined>,
  ): Promise<{ added: number; replaced: number; active: number }> {
    // Only each decision's wanted job is kept, not the decision: `active` may be read a page at a time.
    const wanted = new Map<string, TimerJob>();
    let count = 0;
    for await (const decision of active) {
      count++;
      const job = this.jobFor(decision);
      if (job !== undefined) wanted.set(timerJobId(decision.id), job);
    }
    const existing = await this.existingTimers();
    const missing = [...wanted].filter(([id]) => !existing.has(id)).map(([, job]) => job);
    const stale = [...existing].filter(([id, job]) => wanted.get(id)?.at !== job.at);
    await this.add(missing);
    for (const [id, job] of stale) {
      const decision = id === timerJobId(job.decisionId) ? await current(job.decisionId) : undefined;
      // A job of the previous layout that a worker holds already cannot go: it runs as a wake-up.
      if (decision === undefined) await this.queue.remove(id);
      else await this.sync(decision);
    }
    return { added: missing.length, replaced: stale.length, active: count };
  }

  private async align(decision: Decision): Promise<void> {
    const id = timerJobId(decision.id);
    const want = this.jobFor(decision);
    const job = await this.queue.getJob(id);
    if (job?.data.at === want?.at) return;
    // 0: the job is running (locked); the worker syncs the decision again once it has completed.
    if (job !== undefined && (await this.queue.remove(id)) === 0) return;
    if (want !== undefined) await this.add([want]);
  }

  private jobFor(decision: Decision): TimerJob | undefined {
    const at = nextTimerAt(decision, this.calendar);
    return at === null ? undefined : { decisionId: decision.id, at };
  }

  /** Timer jobs waiting in Redis (delayed, or due and waiting for a worker), by id. */
  private async existingTimers(): Promise<Map<string, TimerJob>> {
    const found = new Map<string, TimerJob>();
    const pageSize = 1000;
    for (const state of ['delayed', 'waiting', 'prioritized'] as const) {
      for (let start = 0; ; start += pageSize) {
        const jobs = await this.queue.getJobs([state], start, start + pageSize - 1, true);
        for (const job of jobs) if (job?.id !== undefined) found.set(job.id, job.data);
        if (jobs.length < pageSize) break;
      }
    }
    return found;
  }

  private async add(jobs: readonly TimerJob[]): Promise<void> {
    const now = this.clock.now();
    for (let i = 0; i < jobs.length; i += ADD_BATCH) {
      await this.queue.addBulk(
        jobs.slice(i, i + ADD_BATCH).map((job) => ({
          name: JOB.timer,
          data: job,
          // Nothing else in the job's options: each option is stored in every job (the worker removes
          // finished jobs and retries failed ones).
          opts: { jobId: timerJobId(job.decisionId), delay: Math.max(0, job.at - now) },
        })),
      );
    }
  }
}

/** The decision's earliest pending timer, if any (none while closed, paused or overdue). */
export function nextTimer(decision: Decision, calendar: BusinessClock): Timer | undefined {
  let next: Timer | undefined;
  for (const timer of pendingTimers(decision, calendar))
    if (next === undefined || timer.at < next.at) next = timer;
  return next;
}

/** The instant of the decision's earliest pending timer, null for none. */
export function nextTimerAt(decision: Decision, calendar: BusinessClock): Instant | null {
  return nextTimer(decision, calendar)?.at ?? null;
}

/**
 * Whether the decision's next timer is one the job just fired and the domain refused (its project left the
 * configuration, the calendar moved its deadline): scheduled again it would fire at once, forever, so the
 * reconciler's next pass retries it instead. A job that ran early fired nothing: not refused.
 */
export function refusedWhileDue(decision: Decision, run: TimerRun, calendar: BusinessClock): boolean {
  const next = nextTimer(decision, calendar);
  return next !== undefined && run.fired.some((t) => t.outcome !== 'applied' && sameTimer(t, next));
}

function sameTimer(a: Timer, b: Timer): boolean {
  if (a.kind === 'remind' && b.kind === 'remind' && a.index !== b.index) return false;
  return a.kind === b.kind && a.level === b.level && a.at === b.at;
}
