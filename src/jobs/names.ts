import type { Timer } from '../domain/ladder.js';
import type { Instant } from '../domain/time.js';

/** Queue and job names, job ids and payloads: the contract between producers and workers. */
export const QUEUE = {
  deliveries: 'deliveries',
  timers: 'timers',
  maintenance: 'maintenance',
} as const;

export const JOB = {
  deliver: 'deliver',
  timer: 'timer',
  reconcile: 'reconcile',
  digest: 'digest',
  /** Reads SPoCs' Slack statuses and marks them away or back (projects with `away_from_status`). */
  statusCheck: 'status-check',
  /** Asks Slack again about the people of every project: addresses re-resolved, deactivations noticed. */
  peopleCheck: 'people-check',
  /** Deletes closed decisions past `retention.days` (exported first to `retention.export_to`). */
  retention: 'retention',
} as const;

export interface DeliverJob {
  readonly deliveryId: number;
}

/**
 * The BullMQ priority of a delivery job put off until the message before it is sent: workers take such a job
 * only when no job without a priority waits, so a few thousand of them looking again whether their turn has come
 * never stand between the workers and the message that can go now (nor the one its predecessor just woke).
 */
export const WAITING_FOR_WAKE = 1;

/**
 * A decision's one timer job: it wakes at `at`, the instant of the decision's earliest pending timer (reminder
 * or escalation), and fires whatever is due then. A changed instant replaces the job. Jobs of the previous
 * layout (one per reminder and escalation) carry `decisionId` and `at` too, so a worker runs one as a wake-up.
 */
export interface TimerJob {
  readonly decisionId: string;
  readonly at: Instant;
  /** On a retry after a failed run: which attempt this is (the first has none). */
  readonly attempt?: number;
}

/** Runs of a timer job before it gives up (the reconciler takes over), and the first retry's delay (doubling). */
export const TIMER_ATTEMPTS = 5;
export const TIMER_BACKOFF_MS = 1000;

/** A timer a timer job fired, with what the domain said ('applied' or the refusal code). */
export type FiredTimer = Timer & { readonly decisionId: string; readonly outcome: string };

/** What a timer job returns: the instant it ran for, what it fired, and the decision's next timer then. */
export interface TimerRun {
  readonly at: Instant;
  readonly fired: readonly FiredTimer[];
  /** The instant of the timer job its completion schedules, null for none (see `followUp`). */
  readonly next: Instant | null;
}

/** The reconciler's periodic job is incremental; one with `full` (added by hand) runs the full pass. */
export interface ReconcileJob {
  readonly full?: boolean;
}

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

export function timerJobId(decisionId: string): string {
  return `timer-${decisionId}`;
}
