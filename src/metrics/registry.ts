import { collectDefaultMetrics, Registry } from 'prom-client';
import type { BusinessClock } from '../domain/ladder.js';
import { registerDecisionMetrics } from './decision-metrics.js';
import { type CountedQueue, registerRuntimeMetrics, registerTimerLateness } from './runtime-metrics.js';
import type { MetricsSource } from './source.js';

export interface BotMetrics {
  readonly registry: Registry;
  /** Records a timer that fired `seconds` after it was due (the timers worker). */
  timerLateness(kind: string, seconds: number): void;
}

export interface MetricsOptions {
  readonly source: MetricsSource;
  readonly calendar: BusinessClock;
  /** Configured project ids: their series exist (at zero) before their first decision. */
  readonly projects: readonly string[];
  readonly queues: readonly CountedQueue[];
  /** Whether Redis is known to be unreachable (the queue gauge is then left out instead of waiting). */
  readonly redisDown: () => boolean;
}

/**
 * A registry per bot instance, not prom-client's global one: several bots in one process (tests, sandbox) each
 * expose their own figures, and registering the same metric names twice cannot collide.
 */
export function createMetrics(options: MetricsOptions): BotMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  registerDecisionMetrics(registry, options.source, options.calendar, options.projects);
  registerRuntimeMetrics(registry, options.source, options.queues, options.redisDown);
  return { registry, timerLateness: registerTimerLateness(registry) };
}
