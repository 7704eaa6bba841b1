import type { Queue } from 'bullmq';
import type { Clock, TimerScheduler } from '../app/ports.js';
import type { Decision } from '../domain/decision.js';
import { type BusinessClock, pendingTimers } from '../domain/ladder.js';
import { JOB, type TimerJob, timerJobId } from './names.js';

/**
 * Keeps BullMQ delayed jobs equal to the timers each decision's state needs (domain `pendingTimers`): adds
 * missing ones, replaces ones whose instant changed (a pause shifted it), removes ones no longer needed. A
 * timer whose instant has passed gets no delay and fires at once. Removal can lose a race with a firing job;
 * the handler re-reads the decision, so a stale job changes nothing.
 */
export class BullTimerScheduler implements TimerScheduler {
  constructor(
    private readonly queue: Queue<TimerJob>,
    private readonly calendar: BusinessClock,
    private readonly clock: Clock,
  ) {}

  /** Aligns one decision's timers: reads its possible jobs at once, then removes and adds only what differs. */
  async sync(decision: Decision): Promise<void> {
    const wanted = this.wanted([decision]);
    const ids = possibleTimerIds(decision);
    const existing = await Promise.all(ids.map((id) => this.queue.getJob(id)));
    const stale: string[] = [];
    const missing: TimerJob[] = [];
    ids.forEach((id, i) => {
      const has = existing[i];
      const want = wanted.get(id);
      if (has !== undefined && has.data.at !== want?.at) stale.push(id);
      if (want !== undefined && has?.data.at !== want.at) missing.push(want);
    });
    await Promise.all(stale.map((id) => this.remove(id)));
    await this.add(missing);
  }

  /**
   * The reconciler's pass: compares the timers every active decision needs with the jobs Redis holds, in bulk
   * (a page of jobs per round trip rather than a few round trips per decision). Missing timers are added; for
   * any decision whose jobs differ, or jobs of a decision not in `active` (closed, or opened after the list
   * was read), the decision is re-read with `current` and aligned on its own, so a change racing with the
   * pass is never undone.
   */
  async syncAll(
    active: readonly Decision[],
    current: (decisionId: string) => Decision | undefined,
  ): Promise<{ added: number; replaced: number }> {
    const wanted = this.wanted(active);
    const existing = await this.existingTimers();
    const missing = [...wanted].filter(([id]) => !existing.has(id)).map(([, job]) => job);
    const stale = [...existing].filter(([id, job]) => wanted.get(id)?.at !== job.at);
    await this.add(missing);
    for (const decisionId of new Set(stale.map(([, job]) => job.decisionId))) {
      const decision = current(decisionId);
      if (decision !== undefined) {
        await this.sync(decision);
      } else {
        const orphans = stale.filter(([, job]) => job.decisionId === decisionId);
        await Promise.all(orphans.map(([id]) => this.remove(id)));
      }
    }
    return { added: missing.length, replaced: stale.length };
  }

  private wanted(decisions: readonly Decision[]): Map<string, TimerJob> {
    const wanted = new Map<string, TimerJob>();
    for (const decision of decisions) {
      for (const t of pendingTimers(decision, this.calendar)) {
        const job: TimerJob = { decisionId: decision.id, ...t };
        wanted.set(timerJobId(job), job);
      }
    }
    return wanted;
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
    for (let i = 0; i < jobs.length; i += 1000) {
      await this.queue.addBulk(
        jobs.slice(i, i + 1000).map((job) => ({
          name: job.kind === 'remind' ? JOB.remind : JOB.escalate,
          data: job,
          opts: {
            jobId: timerJobId(job),
            delay: Math.max(0, job.at - now),
            removeOnComplete: true,
            removeOnFail: true,
            attempts: 5,
            backoff: { type: 'exponential' as const, delay: 1000 },
          },
        })),
      );
    }
  }

  private async remove(id: string): Promise<void> {
    try {
      await this.queue.remove(id);
    } catch {
      // An active (locked) job cannot be removed; its handler will find the decision moved on.
    }
  }
}

/** Every timer id a decision could have had, so stale ones can be removed. */
export function possibleTimerIds(decision: Decision): string[] {
  return decision.ladder.steps.flatMap((step) => [
    timerJobId({ decisionId: decision.id, kind: 'escalate', level: step.level, at: 0 }),
    ...decision.ladder.reminders.map((_, index) =>
      timerJobId({ decisionId: decision.id, kind: 'remind', level: step.level, index, at: 0 }),
    ),
  ]);
}
