import { Gauge, Histogram, type Registry } from 'prom-client';
import type { MetricsSource } from './source.js';

/** Something with BullMQ's job counts (a Queue). */
export interface CountedQueue {
  readonly name: string;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
}

const QUEUE_TIMEOUT_MS = 1000;

/** Outbox and queue gauges, read at scrape time; the outbox from the database, the queues from Redis. */
export function registerRuntimeMetrics(
  registry: Registry,
  source: MetricsSource,
  queues: readonly CountedQueue[],
  redisDown: () => boolean,
): void {
  const registers = [registry];
  new Gauge({
    name: 'decide_outbox_deliveries',
    help: 'Slack messages not sent: pending (waiting or being retried) or failed for good.',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      const undelivered = await source.undelivered();
      this.set({ status: 'pending' }, 0);
      this.set({ status: 'failed' }, 0);
      for (const row of undelivered) this.set({ status: row.status }, row.count);
    },
  });
  new Gauge({
    name: 'decide_queue_depth',
    help: 'BullMQ jobs waiting, delayed or running, by queue (absent while Redis does not answer).',
    labelNames: ['queue'] as const,
    registers,
    async collect() {
      this.reset();
      // While Redis is away a BullMQ call waits for it: a scrape must answer anyway, without these series.
      if (redisDown()) return;
      await Promise.all(
        queues.map(async (queue) => {
          const counts = await withTimeout(
            queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active'),
            QUEUE_TIMEOUT_MS,
          );
          if (counts === undefined) return;
          const depth = Object.values(counts).reduce((sum, n) => sum + n, 0);
          this.set({ queue: queue.name }, depth);
        }),
      );
    },
  });
}

/** The timer lateness histogram, observed by the timers worker of this process. */
export function registerTimerLateness(registry: Registry): (kind: string, seconds: number) => void {
  const lateness = new Histogram({
    name: 'decide_timer_lateness_seconds',
    help: 'How late reminder and escalation timers fired in this process (fired minus due), in seconds.',
    labelNames: ['kind'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
    registers: [registry],
  });
  // A timer run early (its deadline moved later meanwhile) is refused by the use case; it counts as on time.
  return (kind, seconds) => lateness.observe({ kind }, Math.max(0, seconds));
}

/** The promise's value, or undefined when it fails or takes longer than `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
  });
  try {
    return await Promise.race([promise.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}
