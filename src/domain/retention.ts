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
 * Decisions closed (decided, withdrawn, expired: CLOSED_STATUSES) before this instant are past retention; open,
 * waiting and returned requests never are, however old. Wall-clock days, not business days: retention is about
 * how long records are kept, not about anyone's working time. The stores select by this rule in SQL.
 */
export function retentionCutoff(now: Instant, policy: Pick<RetentionPolicy, 'days'>): Instant {
  return now - policy.days * DAY_MS;
}
