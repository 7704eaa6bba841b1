import type { Queue } from 'bullmq';
import type { Clock, TimerScheduler } from '../app/ports.js';
import type { Decision } from '../domain/decision.js';
import { type BusinessClock, pendingTimers } from '../domain/ladder.js';
import { JOB, type TimerJob, timerJobId } from './names.js';

/**
 * Keeps a decision's BullMQ delayed jobs equal to the timers its state needs (domain `pendingTimers`): adds
 * missing ones, moves ones whose instant changed (a pause shifted it), removes ones no longer needed. A timer
 * whose instant has passed gets no delay and fires at once. Removal can lose a race with a firing job; the
 * handler re-reads the decision, so a stale job changes nothing.
 */
export class BullTimerScheduler implements TimerScheduler {
  constructor(
    private readonly queue: Queue<TimerJob>,
    private readonly calendar: BusinessClock,
    private readonly clock: Clock,
  ) {}

  async sync(decision: Decision): Promise<void> {
    const now = this.clock.now();
    const wanted = new Map<string, TimerJob>();
    for (const t of pendingTimers(decision, this.calendar)) {
      const job: TimerJob = { decisionId: decision.id, ...t };
      wanted.set(timerJobId(job), job);
    }
    for (const id of possibleTimerIds(decision)) {
      if (!wanted.has(id)) await this.remove(id);
    }
    for (const [id, job] of wanted) {
      const existing = await this.queue.getJob(id);
      if (existing?.data.at === job.at) continue;
      if (existing !== undefined) await this.remove(id);
      await this.queue.add(job.kind === 'remind' ? JOB.remind : JOB.escalate, job, {
        jobId: id,
        delay: Math.max(0, job.at - now),
        removeOnComplete: true,
        removeOnFail: true,
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
      });
    }
  }

  async prune(isActive: (decisionId: string) => boolean): Promise<number> {
    const stale: string[] = [];
    const pageSize = 1000;
    for (const state of ['delayed', 'waiting'] as const) {
      // Collect first, remove after: removing while paging would shift the pages.
      for (let start = 0; ; start += pageSize) {
        const jobs = await this.queue.getJobs([state], start, start + pageSize - 1, true);
        for (const job of jobs)
          if (job?.id !== undefined && !isActive(job.data.decisionId)) stale.push(job.id);
        if (jobs.length < pageSize) break;
      }
    }
    for (const id of stale) await this.remove(id);
    return stale.length;
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
