import type { Queue } from 'bullmq';
import type { DeliveryQueue, OutboxStore } from '../app/ports.js';
import { type DeliverJob, deliveryJobId, JOB } from './names.js';

/** Retries of one outbox message before the reconciler takes over (it re-adds pending messages). */
export const DELIVERY_ATTEMPTS = 12;

/** Outbox rows read and queued per round trip. */
const PAGE = 1000;

/**
 * How long an App Home republish waits before it is sent: the changes a person makes in a row (escalate, then
 * decide) publish their home once, since a row that finds a newer one for the same person pending is skipped.
 */
export const HOME_DEBOUNCE_MS = 1500;

/**
 * Turns pending outbox rows into BullMQ jobs. The outbox in SQLite is the truth; a job id per row means
 * adding the same row again (after a restart, by the reconciler) is harmless.
 *
 * After a change only the rows written since the last call are queued: outbox ids grow in commit order
 * (SQLite has one writer at a time; PostgreSQL's writers insert them under one advisory lock), so every row at
 * or below the highest id already read was seen then.
 * That keeps the work per request constant however long the backlog; `enqueueAll` (the reconciler) re-reads
 * every pending row.
 */
export class BullDeliveryQueue implements DeliveryQueue {
  private queuedUpTo = 0;

  constructor(
    private readonly queue: Queue<DeliverJob>,
    private readonly outbox: OutboxStore,
    /** The delay of App Home rows (`HOME_DEBOUNCE_MS`; 0 sends them at once, as the end-to-end tests do). */
    private readonly homeDelayMs = HOME_DEBOUNCE_MS,
  ) {}

  /** The pass under way, and the one waiting to start after it (joined by every caller meanwhile). */
  private running: Promise<void> = Promise.resolve();
  private next: Promise<void> | undefined;

  /**
   * Coalesced: under a burst many requests commit in the same moment, and one pass (one SQLite read, one
   * addBulk) queues all their rows. A caller joins the pass that has not started yet, never one under way
   * (that one may have read the outbox before the caller's commit), so its rows are always covered.
   */
  enqueue(): Promise<void> {
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        this.running = this.queueAfter(this.queuedUpTo);
        return this.running;
      });
    return this.next;
  }

  enqueueAll(): Promise<void> {
    return this.queueAfter(0);
  }

  /**
   * A job put off (waiting for an earlier message, or a backoff) runs now, ahead of the jobs only looking again
   * whether their turn has come; any other state: nothing to do.
   */
  async wake(deliveryId: number): Promise<void> {
    const job = await this.queue.getJob(deliveryJobId(deliveryId));
    if (job === undefined) return;
    // First the priority: a job whose delay ends meanwhile moves from the prioritized set to the wait list.
    if (job.priority !== 0) await job.changePriority({ priority: 0 }).catch(() => undefined);
    // Not delayed (waiting, running, gone): promote refuses, and the job needs no waking.
    await job.promote().catch(() => undefined);
  }

  private async queueAfter(start: number): Promise<void> {
    for (let after = start; ; ) {
      const rows = await this.outbox.pendingIds(after, PAGE);
      const last = rows.at(-1)?.id;
      if (last === undefined) return;
      // Claim the rows before the await, so concurrent calls do not queue them again.
      const previous = this.queuedUpTo;
      this.queuedUpTo = Math.max(this.queuedUpTo, last);
      try {
        await this.queue.addBulk(
          rows.map((row) => deliverJob(row.id, row.kind === 'home' ? this.homeDelayMs : 0)),
        );
      } catch (error) {
        // Not queued: let the next call try these rows again.
        this.queuedUpTo = Math.min(this.queuedUpTo, Math.max(previous, after));
        throw error;
      }
      if (rows.length < PAGE) return;
      after = last;
    }
  }
}

/** The delivery job of one outbox row, as queued (the benchmarks queue the very same). */
export function deliverJob(deliveryId: number, delayMs = 0) {
  return {
    name: JOB.deliver,
    data: { deliveryId },
    opts: {
      jobId: deliveryJobId(deliveryId),
      ...(delayMs > 0 ? { delay: delayMs } : {}),
      attempts: DELIVERY_ATTEMPTS,
      backoff: { type: 'slack' },
      removeOnComplete: true,
      removeOnFail: true,
    },
  };
}
