import { asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Decision, Vote } from '../../../domain/decision.js';
import type { DecisionEvent } from '../../../domain/events.js';
import { rowToDecision, rowToEvent } from '../../repositories/decision-rows.js';
import { decisionEvents, decisions } from '../schema.js';
import type { Queries } from './transaction.js';

/** Decision ids per events query: a bounded IN list and a bounded result. */
const EVENT_BATCH = 500;

interface VoteJson {
  readonly member: string;
  readonly optionId: string;
  readonly at: number;
  readonly note: string | null;
}

/**
 * Each decision's votes, aggregated beside its row: one statement, so one snapshot and one round trip for a
 * page of decisions (the SQLite twin needs a second query). Votes in the order they were cast.
 */
const votesJson = sql<VoteJson[]>`coalesce((
  SELECT json_agg(json_build_object('member', v.member, 'optionId', v.option_id, 'at', v.at, 'note', v.note)
    ORDER BY v.at, v.member)
  FROM votes v WHERE v.decision_id = ${decisions.id}), '[]'::json)`;

/** Decisions `where` says, ordered by `order`, at most `limit`, with their votes. */
export async function decisionsWhere(
  db: Queries,
  where: SQL | undefined,
  order: SQL[],
  limit?: number,
): Promise<Decision[]> {
  const query = db
    .select({ row: decisions, votes: votesJson })
    .from(decisions)
    .where(where)
    .orderBy(...order);
  const rows = await (limit === undefined ? query : query.limit(limit));
  return rows.map(({ row, votes }) => rowToDecision(row, votes.map(voteOf)));
}

export async function decisionById(db: Queries, id: string): Promise<Decision | undefined> {
  const [found] = await decisionsWhere(db, eq(decisions.id, id), []);
  return found;
}

export async function eventLog(db: Queries, decisionId: string): Promise<DecisionEvent[]> {
  const rows = await db
    .select()
    .from(decisionEvents)
    .where(eq(decisionEvents.decisionId, decisionId))
    .orderBy(asc(decisionEvents.seq));
  return rows.map(rowToEvent);
}

/** The events of many decisions, each list in log order; an unknown id maps to an empty list. */
export async function eventLogs(
  db: Queries,
  decisionIds: readonly string[],
): Promise<Map<string, DecisionEvent[]>> {
  const byDecision = new Map<string, DecisionEvent[]>(decisionIds.map((id) => [id, []]));
  const ids = [...byDecision.keys()];
  for (let i = 0; i < ids.length; i += EVENT_BATCH) {
    // Ordered by (decision, seq): each chunk is a run of lookups on decision_events_decision_seq.
    const found = await db
      .select()
      .from(decisionEvents)
      .where(inArray(decisionEvents.decisionId, ids.slice(i, i + EVENT_BATCH)))
      .orderBy(asc(decisionEvents.decisionId), asc(decisionEvents.seq));
    for (const row of found) byDecision.get(row.decisionId)?.push(rowToEvent(row));
  }
  return byDecision;
}

function voteOf(v: VoteJson): Vote {
  return v.note === null
    ? { member: v.member, optionId: v.optionId, at: v.at }
    : { member: v.member, optionId: v.optionId, at: v.at, note: v.note };
}
