import type { AppDeps } from './deps.js';

/** An open decision this long past its deadline without having escalated has lost its timer job. */
export const LOST_TIMER_GRACE_MS = 60_000;

export interface ReconcileReport {
  readonly activeDecisions: number;
  /** Timers Redis lacked (after a flush, a crash between commit and scheduling). */
  readonly addedTimers: number;
  /** Timers Redis held that were stale (decision closed or moved on, instant changed) or unknown. */
  readonly replacedTimers: number;
  /** The event log's position when the pass began: the next incremental pass re-syncs what changed after it. */
  readonly changesThrough: number;
}

/**
 * The full pass: rebuilds everything Redis holds from SQLite, the source of truth: every active decision's
 * timer (missing ones re-created, overdue ones fire at once), timers of closed decisions and of the previous
 * job layout removed, and every pending outbox message queued again. Run at start-up, after Redis lost its data
 * and on demand; after a Redis flush nothing is lost. Costs a read of every active decision and every timer job.
 */
export async function reconcile(deps: AppDeps): Promise<ReconcileReport> {
  // Read first: whatever changes while the pass runs is the next incremental pass's to re-sync.
  const { through } = await deps.decisions.changesSince();
  deps.timers.takeRetries();
  const timers = await deps.timers.syncAll(deps.decisions.eachActive(), (id) => deps.decisions.get(id));
  await deps.deliveries.enqueueAll();
  return {
    activeDecisions: timers.active,
    addedTimers: timers.added,
    replacedTimers: timers.replaced,
    changesThrough: through,
  };
}

export interface IncrementalReport {
  /** Decisions synced again: changed since the last pass, whose sync failed here, or past due (lost timer). */
  readonly syncedDecisions: number;
  /** Of those, the syncs that failed again (remembered for the next pass). */
  readonly failedSyncs: number;
  readonly changesThrough: number;
}

/**
 * The periodic pass between full ones: syncs again only the decisions with an event after `since` (the
 * `changesThrough` of the previous pass), those whose sync failed in this process (or whose timer job gave up),
 * and the open ones past their deadline by more than a minute (a timer lost without a change, e.g. a worker that
 * died between completing a job and scheduling the next); then queues the pending outbox again. Its cost follows
 * the churn, not the number of open decisions.
 */
export async function reconcileChanged(deps: AppDeps, since: number): Promise<IncrementalReport> {
  const retries = deps.timers.takeRetries();
  const { through, decisionIds } = await deps.decisions.changesSince(
    since,
    deps.clock.now() - LOST_TIMER_GRACE_MS,
  );
  const ids = new Set([...decisionIds, ...retries]);
  let failed = 0;
  let error: unknown;
  for (const id of ids) {
    const decision = await deps.decisions.get(id);
    if (decision === undefined) continue;
    // A failed sync remembers the decision for the next pass; the others go ahead.
    await deps.timers.sync(decision).catch((e: unknown) => {
      failed += 1;
      error = e;
    });
  }
  if (failed > 0)
    deps.log.warn('timers not aligned; the next reconciler pass retries them', {
      decisions: failed,
      error: String(error),
    });
  await deps.deliveries.enqueueAll();
  return { syncedDecisions: ids.size, failedSyncs: failed, changesThrough: through };
}
