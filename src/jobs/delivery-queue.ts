import type { Queue } from 'bullmq';
import type { DeliveryQueue, OutboxStore } from '../app/ports.js';
import { type DeliverJob, deliveryJobId, JOB } from './names.js';

/** Retries of one outbox message before the reconciler takes over (it re-adds pending messages). */
export const DELIVERY_ATTEMPTS = 12;

/**
 * Turns pending outbox rows into BullMQ jobs. The outbox in SQLite is the truth; a job id per row means
 * adding the same row again (after a restart, by the reconciler) is harmless.
 */
export class BullDeliveryQueue implements DeliveryQueue {
  constructor(
    private readonly queue: Queue<DeliverJob>,
    private readonly outbox: OutboxStore,
  ) {}

  async enqueue(): Promise<void> {
    const pending = this.outbox.pending(1000);
    if (pending.length === 0) return;
    await this.queue.addBulk(
      pending.map((d) => ({
        name: JOB.deliver,
        data: { deliveryId: d.id },
        opts: {
          jobId: deliveryJobId(d.id),
          attempts: DELIVERY_ATTEMPTS,
          backoff: { type: 'slack' },
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
  }
}
