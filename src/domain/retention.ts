import { type DecisionStatus, isClosed } from './decision.js';
import type { Instant } from './time.js';

/** `retention:` in the project file: closed decisions older than `days` are deleted, once a day. */
export interface RetentionPolicy {
  /** Whole days after a decision closed (decided, withdrawn, expired) before it is deleted. */
  readonly days: number;
  /** A folder the deleted decisions' log is written to first, one JSON file per project and run. */
  readonly exportTo?: string | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Decisions closed before this instant are past retention. Wall-clock days, not business days: retention is
 * about how long records are kept, not about anyone's working time.
 */
export function retentionCutoff(now: Instant, policy: Pick<RetentionPolicy, 'days'>): Instant {
  return now - policy.days * DAY_MS;
}

/**
 * Whether a decision is past retention: closed (nothing can change it any more) before the cutoff. Open,
 * waiting for information and returned requests are never deleted, however old.
 */
export function isPastRetention(
  decision: { readonly status: DecisionStatus; readonly closedAt: Instant | null },
  cutoff: Instant,
): boolean {
  return isClosed(decision.status) && decision.closedAt !== null && decision.closedAt < cutoff;
}
