import { and, asc, count, desc, eq, gt, gte, inArray, lt, lte, max } from 'drizzle-orm';
import type { Pool } from 'pg';
import type {
  DecisionPage,
  DecisionStore,
  NewDelivery,
  TransactOptions,
  TransactResult,
} from '../../../app/ports.js';
import { ACTIVE_STATUSES, CLOSED_STATUSES, type Decision } from '../../../domain/decision.js';
import type { DecisionEvent } from '../../../domain/events.js';
import type { Transition } from '../../../domain/refusal.js';
import type { Instant } from '../../../domain/time.js';
import type { PostgresDatabase } from '../database.js';
import { decisionEvents, decisions, waitingOnRows } from '../schema.js';
import { decisionById, decisionsWhere, eventLog, eventLogs } from './decision-reads.js';
import { retrying } from './retry.js';
import { type Queries, transaction } from './transaction.js';
import {
  appendEvents,
  firstTime,
  insertDecision,
  insertDeliveries,
  replaceVotes,
  replaceWaiting,
  writeTransition,
} from './writes.js';

const byOpening = [asc(decisions.openedAt), asc(decisions.id)];

/**
 * Decisions, their append-only events and votes, in PostgreSQL, shared by any number of processes. Every change
 * is one transaction; the behaviour is the SQLite DecisionRepository's (the storage contract tests run both).
 *
 * Two writers on one decision serialize on its row: `transact` reads it with SELECT … FOR NO KEY UPDATE, so the
 * second waits for the first to commit, then reads the committed state and its `decide` refuses or applies
 * (already decided, a vote added). A row lock rather than SERIALIZABLE: conflicts are per decision, and a
 * row lock lets the second writer simply wait and go on, where SERIALIZABLE would abort it and rerun the whole
 * transaction (clicks on one decision would fail over one another). NO KEY UPDATE rather than UPDATE: it
 * excludes every other writer of the row all the same, but not the KEY SHARE locks that foreign-key checks take
 * (a delivery or a Slack message referencing the decision, written meanwhile), so those never wait on it.
 */
export class PgDecisionRepository implements DecisionStore {
  private readonly db: Queries;
  private readonly pool: Pool;

  constructor(database: PostgresDatabase) {
    this.db = database.db;
    this.pool = database.pool;
  }

  async create(
    decision: Decision,
    events: readonly DecisionEvent[],
    outbox: readonly NewDelivery[],
    now: Instant,
    requestKey?: string,
  ): Promise<boolean> {
    return transaction(
      this.pool,
      async (tx) => {
        if (requestKey !== undefined && !(await firstTime(tx, requestKey, now))) return false;
        await insertDecision(tx, decision);
        await replaceVotes(tx, decision.id, decision.votes);
        await replaceWaiting(tx, decision);
        await appendEvents(tx, decision.id, events);
        await insertDeliveries(tx, outbox, now);
        return true;
      },
      // A rerun after an unknown COMMIT finds its own key and reports a replay; without a key it would fail
      // on the decision's id, so it is not rerun.
      { idempotent: requestKey !== undefined },
    );
  }

  async get(id: string): Promise<Decision | undefined> {
    return retrying(() => decisionById(this.db, id));
  }

  async events(decisionId: string): Promise<DecisionEvent[]> {
    return retrying(() => eventLog(this.db, decisionId));
  }

  async eventsOf(decisionIds: readonly string[]): Promise<Map<string, DecisionEvent[]>> {
    return retrying(() => eventLogs(this.db, decisionIds));
  }

  /**
   * Writes a transition computed from the decision at `expectedVersion`. Throws StaleDecisionError if another
   * writer got there first; writes nothing for a transition without events.
   */
  async save(
    expectedVersion: number,
    transition: Transition,
    outbox: readonly NewDelivery[],
    now: Instant,
  ): Promise<void> {
    if (!transition.ok || transition.events.length === 0) return;
    await transaction(this.pool, (tx) => writeTransition(tx, expectedVersion, transition, outbox, now));
  }

  /**
   * Locks the decision's row, reads it, lets `decide` compute the transition and writes it, in one transaction.
   * With a request key seen before, changes nothing and reports the decision unchanged (a replay).
   */
  async transact(
    id: string,
    decide: (current: Decision, events: readonly DecisionEvent[]) => Transition,
    outbox: (transition: Transition & { ok: true }) => readonly NewDelivery[],
    now: Instant,
    requestKey?: string,
    options: TransactOptions = {},
  ): Promise<TransactResult> {
    return transaction(
      this.pool,
      async (tx): Promise<TransactResult> => {
        const locked = await tx.db
          .select({ id: decisions.id })
          .from(decisions)
          .where(eq(decisions.id, id))
          .for('no key update');
        if (locked.length === 0) return { found: false };
        // Read after the lock is granted, in a statement of its own: READ COMMITTED gives it a snapshot that
        // holds what the previous holder committed (a read in the locking statement would see its votes as
        // they were before the wait).
        const current = await decisionById(tx.db, id);
        if (current === undefined) return { found: false };
        // A replayed request (same key) changes nothing and is not refused either: the first one answered it.
        if (requestKey !== undefined && !(await firstTime(tx, requestKey, now))) {
          return { found: true, ok: true, decision: current, events: [] };
        }
        const transition = decide(current, options.withEvents ? await eventLog(tx.db, id) : []);
        if (transition.ok) await writeTransition(tx, current.version, transition, outbox(transition), now);
        return { found: true, ...transition };
      },
      // After an unknown COMMIT, a keyed request runs again and finds its key: a replay, never a second change.
      { idempotent: requestKey !== undefined },
    );
  }

  /** Open or paused decisions, oldest first; of one project when given. */
  async listActive(projectId?: string): Promise<Decision[]> {
    const active = inArray(decisions.status, [...ACTIVE_STATUSES]);
    const where = projectId === undefined ? active : and(active, eq(decisions.projectId, projectId));
    return retrying(() => decisionsWhere(this.db, where, byOpening));
  }

  /**
   * Every open or paused decision, a page at a time by id (in the database's collation): the reconciler's full
   * pass holds one page of decisions rather than all of them.
   */
  async *eachActive(pageSize = 1000): AsyncGenerator<Decision> {
    for (let after = ''; ; ) {
      const where = and(inArray(decisions.status, [...ACTIVE_STATUSES]), gt(decisions.id, after));
      const page = await retrying(() => decisionsWhere(this.db, where, [asc(decisions.id)], pageSize));
      yield* page;
      const last = page.at(-1);
      if (last === undefined || page.length < pageSize) return;
      after = last.id;
    }
  }

  /** Reads `waiting_on_user`: the first rows and a count of the index range, whatever else is open. */
  async waitingOn(userId: string, limit: number): Promise<DecisionPage> {
    return retrying(async () => {
      const first = this.db
        .select({ id: waitingOnRows.decisionId })
        .from(waitingOnRows)
        .where(eq(waitingOnRows.userId, userId))
        .orderBy(asc(waitingOnRows.openedAt), asc(waitingOnRows.decisionId))
        .limit(limit);
      const [page, [all]] = await Promise.all([
        decisionsWhere(this.db, inArray(decisions.id, first), byOpening),
        this.db.select({ n: count() }).from(waitingOnRows).where(eq(waitingOnRows.userId, userId)),
      ]);
      return { decisions: page, total: all?.n ?? 0 };
    });
  }

  /** Reads `decisions_requester_status`. */
  async requestedBy(userId: string, limit: number): Promise<DecisionPage> {
    const where = and(eq(decisions.requester, userId), inArray(decisions.status, [...ACTIVE_STATUSES]));
    return retrying(async () => {
      const [page, [all]] = await Promise.all([
        decisionsWhere(this.db, where, byOpening, limit),
        this.db.select({ n: count() }).from(decisions).where(where),
      ]);
      return { decisions: page, total: all?.n ?? 0 };
    });
  }

  async recentlyClosed(projectId: string, limit: number): Promise<Decision[]> {
    const where = and(eq(decisions.projectId, projectId), inArray(decisions.status, [...CLOSED_STATUSES]));
    return retrying(() => decisionsWhere(this.db, where, [desc(decisions.closedAt)], limit));
  }

  async closedSince(projectId: string, since: Instant): Promise<Decision[]> {
    const where = and(eq(decisions.projectId, projectId), gte(decisions.closedAt, since));
    return retrying(() => decisionsWhere(this.db, where, [asc(decisions.closedAt)]));
  }

  async openedSince(projectId: string, since?: Instant): Promise<Decision[]> {
    const project = eq(decisions.projectId, projectId);
    const where = since === undefined ? project : and(project, gte(decisions.openedAt, since));
    return retrying(() => decisionsWhere(this.db, where, [asc(decisions.openedAt)]));
  }

  /**
   * The reconciler's incremental pass. `through` is the log's last id: every event up to it has committed when
   * it is read, because events are inserted under the id-order lock (ordered-ids.ts). The ranges use the
   * events' primary key and `decisions_status_due`.
   */
  async changesSince(
    after?: number,
    dueBefore?: Instant,
  ): Promise<{ through: number; decisionIds: string[] }> {
    return retrying(async () => {
      const [last] = await this.db.select({ id: max(decisionEvents.id) }).from(decisionEvents);
      const through = last?.id ?? 0;
      if (after === undefined) return { through, decisionIds: [] };
      const changed = await this.db
        .selectDistinct({ id: decisionEvents.decisionId })
        .from(decisionEvents)
        .where(and(gt(decisionEvents.id, after), lte(decisionEvents.id, through)));
      const ids = new Set(changed.map((r) => r.id));
      if (dueBefore !== undefined) {
        const late = await this.db
          .select({ id: decisions.id })
          .from(decisions)
          .where(and(eq(decisions.status, 'open'), lt(decisions.dueAt, dueBefore)));
        for (const r of late) ids.add(r.id);
      }
      return { through, decisionIds: [...ids] };
    });
  }
}
