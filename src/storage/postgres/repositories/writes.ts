import { and, eq, max } from 'drizzle-orm';
import type { NewDelivery } from '../../../app/ports.js';
import type { Decision, Vote } from '../../../domain/decision.js';
import type { DecisionEvent } from '../../../domain/events.js';
import type { Transition } from '../../../domain/refusal.js';
import type { Instant } from '../../../domain/time.js';
import { waitingOn } from '../../../domain/waiting.js';
import { decisionToRow, eventToRow } from '../../repositories/decision-rows.js';
import { StaleDecisionError } from '../../stale-decision.js';
import { decisionEvents, decisions, deliveries, processedRequests, votes, waitingOnRows } from '../schema.js';
import type { Tx } from './transaction.js';

/** The writes of a decision's transactions, each inside a transaction (`Tx`), as the SQLite twin's. */

/** Remembers a request key; true the first time, false for a replay. */
export async function firstTime(tx: Tx, key: string, at: Instant): Promise<boolean> {
  const result = await tx.db.insert(processedRequests).values({ key, at }).onConflictDoNothing();
  return result.rowCount === 1;
}

export async function insertDecision(tx: Tx, decision: Decision): Promise<void> {
  await tx.db.insert(decisions).values(decisionToRow(decision));
}

/**
 * Writes a transition computed from the decision at `expectedVersion` (compare-and-set): StaleDecisionError
 * when another writer got there first; nothing for a transition without events (the same vote twice).
 */
export async function writeTransition(
  tx: Tx,
  expectedVersion: number,
  transition: Transition,
  outbox: readonly NewDelivery[],
  now: Instant,
): Promise<void> {
  if (!transition.ok || transition.events.length === 0) return;
  const { decision, events } = transition;
  const { id, ...rest } = decisionToRow(decision);
  const updated = await tx.db
    .update(decisions)
    .set(rest)
    .where(and(eq(decisions.id, id), eq(decisions.version, expectedVersion)));
  if (updated.rowCount !== 1) throw new StaleDecisionError(decision.id, expectedVersion);
  await replaceVotes(tx, decision.id, decision.votes);
  await replaceWaiting(tx, decision);
  await appendEvents(tx, decision.id, events);
  await insertDeliveries(tx, outbox, now);
}

export async function replaceVotes(tx: Tx, decisionId: string, current: readonly Vote[]): Promise<void> {
  await tx.db.delete(votes).where(eq(votes.decisionId, decisionId));
  if (current.length === 0) return;
  await tx.db.insert(votes).values(current.map((v) => ({ decisionId, ...v, note: v.note ?? null })));
}

/** Rewrites whom the decision waits on (`waiting_on`), from the decision as it is now. */
export async function replaceWaiting(tx: Tx, decision: Decision): Promise<void> {
  const { id: decisionId, openedAt } = decision;
  await tx.db.delete(waitingOnRows).where(eq(waitingOnRows.decisionId, decisionId));
  const people = waitingOn(decision);
  if (people.length === 0) return;
  await tx.db.insert(waitingOnRows).values(people.map((userId) => ({ decisionId, userId, openedAt })));
}

/** Appends after the decision's last event; the caller holds the decision's row (or just inserted it). */
export async function appendEvents(
  tx: Tx,
  decisionId: string,
  events: readonly DecisionEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const [last] = await tx.db
    .select({ seq: max(decisionEvents.seq) })
    .from(decisionEvents)
    .where(eq(decisionEvents.decisionId, decisionId));
  const start = (last?.seq ?? 0) + 1;
  await tx.orderIds();
  await tx.db.insert(decisionEvents).values(events.map((e, i) => eventToRow(decisionId, start + i, e)));
}

/** Records outbox rows; a row whose dedupe key is already there is skipped. */
export async function insertDeliveries(tx: Tx, outbox: readonly NewDelivery[], now: Instant): Promise<void> {
  if (outbox.length === 0) return;
  await tx.orderIds();
  await tx.db
    .insert(deliveries)
    .values(
      outbox.map((m) => ({
        dedupeKey: m.dedupeKey,
        kind: m.kind,
        recipient: m.recipient,
        decisionId: m.decisionId ?? null,
        payloadJson: JSON.stringify(m.payload),
        createdAt: now,
      })),
    )
    .onConflictDoNothing({ target: deliveries.dedupeKey });
}
