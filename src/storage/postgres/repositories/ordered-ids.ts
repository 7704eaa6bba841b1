import type { PoolClient } from 'pg';

/**
 * Key of the transaction-level advisory lock that orders the ids of `decision_events` and `deliveries`
 * ("logids" in ASCII; the migrations' lock is another key).
 */
export const ID_ORDER_LOCK_KEY = 0x6c_6f_67_69_64_73;

/**
 * Takes the id-order lock, held until the transaction ends. Every transaction takes it immediately before it
 * inserts into `decision_events` or `deliveries`.
 *
 * Why: readers take these tables by id ranges and remember the highest id they read (the reconciler's
 * incremental pass, /metrics, BullDeliveryQueue's "rows above the last one queued"), which is only sound if ids
 * become visible in id order. An identity value is drawn when the row is inserted, not when it commits: with
 * two writers, id 7 can commit before id 6, a reader sees 7, and 6 is skipped for good. Under the lock the
 * draw-to-commit spans of these writers never overlap, so every id below a visible one is visible too (or was
 * rolled back: a gap, never a late arrival). SQLite gets this for free from its single writer.
 *
 * Cost: these writers commit one at a time (as they do on SQLite); the lock is held only for the inserts and the
 * COMMIT, after the decision is read, decided and updated. It never takes part in a deadlock: a holder only
 * inserts rows nobody else can hold (every uncommitted event and delivery is the holder's own), and the
 * foreign-key checks of those inserts take KEY SHARE locks, which the decisions' row locks (FOR NO KEY UPDATE,
 * see decision-repository.ts) never block.
 */
export function lockIdOrder(client: PoolClient): Promise<unknown> {
  return client.query('SELECT pg_advisory_xact_lock($1)', [ID_ORDER_LOCK_KEY]);
}
