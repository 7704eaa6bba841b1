import type { AppDeps } from './deps.js';

export interface ReconcileReport {
  readonly activeDecisions: number;
  readonly prunedTimers: number;
}

/**
 * Rebuilds everything Redis holds from SQLite, the source of truth: every active decision's timers (missing
 * ones re-created, overdue ones fire at once), timers of closed decisions removed, and every pending outbox
 * message queued again. Run at start-up and every few minutes; after a Redis flush nothing is lost.
 */
export async function reconcile(deps: AppDeps): Promise<ReconcileReport> {
  const active = deps.decisions.listActive();
  for (const decision of active) await deps.timers.sync(decision);
  const ids = new Set(active.map((d) => d.id));
  const prunedTimers = await deps.timers.prune((id) => ids.has(id));
  await deps.deliveries.enqueue();
  return { activeDecisions: active.length, prunedTimers };
}
