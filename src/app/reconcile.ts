import type { AppDeps } from './deps.js';

export interface ReconcileReport {
  readonly activeDecisions: number;
  /** Timers Redis lacked (after a flush, a crash between commit and scheduling). */
  readonly addedTimers: number;
  /** Timers Redis held that were stale (decision closed or moved on, instant changed) or unknown. */
  readonly replacedTimers: number;
}

/**
 * Rebuilds everything Redis holds from SQLite, the source of truth: every active decision's timers (missing
 * ones re-created, overdue ones fire at once), timers of closed decisions removed, and every pending outbox
 * message queued again. Run at start-up and every few minutes; after a Redis flush nothing is lost.
 */
export async function reconcile(deps: AppDeps): Promise<ReconcileReport> {
  const active = deps.decisions.listActive();
  const timers = await deps.timers.syncAll(active, (id) => deps.decisions.get(id));
  await deps.deliveries.enqueueAll();
  return { activeDecisions: active.length, addedTimers: timers.added, replacedTimers: timers.replaced };
}
