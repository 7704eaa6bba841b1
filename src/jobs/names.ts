import type { Level } from '../domain/project.js';
import type { Instant } from '../domain/time.js';

/** Queue and job names, job ids and payloads: the contract between producers and workers. */
export const QUEUE = {
  deliveries: 'deliveries',
  timers: 'timers',
  maintenance: 'maintenance',
} as const;

export const JOB = {
  deliver: 'deliver',
  remind: 'remind',
  escalate: 'escalate',
  reconcile: 'reconcile',
  digest: 'digest',
} as const;

export interface DeliverJob {
  readonly deliveryId: number;
}

/** A reminder or escalation timer; `at` is the instant it was scheduled for (a changed instant replaces it). */
export type TimerJob =
  | {
      readonly decisionId: string;
      readonly kind: 'remind';
      readonly level: Level;
      readonly index: number;
      readonly at: Instant;
    }
  | { readonly decisionId: string; readonly kind: 'escalate'; readonly level: Level; readonly at: Instant };

export interface DigestJob {
  readonly projectId: string;
}

export function digestSchedulerId(projectId: string): string {
  return `digest-${projectId}`;
}

/** Deterministic ids (BullMQ forbids `:` in custom ids): adding the same job twice keeps one. */
export function deliveryJobId(deliveryId: number): string {
  return `delivery-${deliveryId}`;
}

export function timerJobId(timer: TimerJob): string {
  return timer.kind === 'remind'
    ? `remind-${timer.decisionId}-${timer.level}-${timer.index}`
    : `escalate-${timer.decisionId}-${timer.level}`;
}
