import BetterSqlite3 from 'better-sqlite3';
import { and, asc, count, desc, eq, gt, gte, inArray, lt, lte, max } from 'drizzle-orm';
import {
  type DecisionPage,
  type DecisionStore,
  type NewDelivery,
  type TransactOptions,
  type TransactResult,
  WriteLockBusy,
} from '../../app/ports.js';
import { ACTIVE_STATUSES, type Decision, type Vote } from '../../domain/decision.js';
import type { DecisionEvent } from '../../domain/events.js';
import type { Transition } from '../../domain/refusal.js';
import { waitingOn } from '../../domain/waiting.js';
import type { Database, Db } from '../database.js';
import { decisionEvents, decisions, votes } from '../schema.js';
import { StaleDecisionError } from '../stale-decision.js';
import { decisionToRow, eventToRow, rowToDecision, rowToEvent } from './decision-rows.js';
import { type HotPath, hotPath } from './hot-path.js';
import { firstTime, insertDeliveries } from './outbox-repository.js';

/** Decision ids per votes or events query: well under SQLite's limit on bound parameters. */
const VOTE_BATCH = 500;
const EVENT_BATCH = 500;

/**
 * Decisions, their append-only events and votes. Every change is one IMMEDIATE transaction that checks the
 * version it read (compare-and-set), so two clicks or two processes give exactly one outcome.
 */
export class DecisionRepository implements DecisionStore {
  private readonly db: Db;
  /** The connection's own busy timeout, restored after each transaction (see `immediate`). */
  private patience: number | undefined;

  private readonly hot: HotPath;

  constructor(private readonly database: Database) {
    this.db = database.db;
    this.hot = hotPath(database.sqlite);
  }

  async create(
    decision: Decision,
    events: readonly DecisionEvent[],
    outbox: readonly NewDelivery[],
    now: number,
    requestKey?: string,
  ): Promise<boolean> {
    return this.immediate(() => {
      if (requestKey !== undefined && !firstTime(this.db, requestKey, now)) return false;
      this.hot.decisions.insert([decisionToRow(decision)]);
      this.appendEvents(decision.id, events);
      this.replaceVotes(decision.id, decision.votes);
      this.replaceWaiting(decision);
      insertDeliveries(this.db, outbox, now);
      return true;
    });
  }

  async get(id: string): Promise<Decision | undefined> {
    return this.read(id);
  }

  private read(id: string): Decision | undefined {
    const [row] = this.hot.decisions.select('id = ?')(id);
    return row ? rowToDecision(row, this.votesOf(id)) : undefined;
  }

  async events(decisionId: string): Promise<DecisionEvent[]> {
    return this.log(decisionId);
  }

  private log(decisionId: string): DecisionEvent[] {
    return this.hot.events.select('decision_id = ?', 'ORDER BY seq')(decisionId).map(rowToEvent);
  }

  async eventsOf(decisionIds: readonly string[]): Promise<Map<string, DecisionEvent[]>> {
    const byDecision = new Map<string, DecisionEvent[]>(decisionIds.map((id) => [id, []]));
    const ids = [...byDecision.keys()];
    for (let i = 0; i < ids.length; i += EVENT_BATCH) {
      // Ordered by (decision, seq): each chunk is a run of lookups on decision_events_decision_seq, no sort.
      const found = this.db
        .select()
        .from(decisionEvents)
        .where(inArray(decisionEvents.decisionId, ids.slice(i, i + EVENT_BATCH)))
        .orderBy(asc(decisionEvents.decisionId), asc(decisionEvents.seq))
        .all();
      for (const row of found) byDecision.get(row.decisionId)?.push(rowToEvent(row));
    }
    return byDecision;
  }

  /**
   * Writes a transition computed from the decision at `expectedVersion`. Throws StaleDecisionError if another
   * writer got there first; writes nothing for a transition without events (e.g. the same vote twice).
   */
  async save(
    expectedVersion: number,
    transition: Transition,
    outbox: readonly NewDelivery[],
    now: number,
  ): Promise<void> {
    this.write(expectedVersion, transition, outbox, now);
  }

  private write(
    expectedVersion: number,
    transition: Transition,
    outbox: readonly NewDelivery[],
    now: number,
  ): void {
    if (!transition.ok || transition.events.length === 0) return;
    const { decision, events } = transition;
    this.immediate(() => {
      if (this.hot.updateDecision(decisionToRow(decision), expectedVersion) !== 1)
        throw new StaleDecisionError(decision.id, expectedVersion);
      this.appendEvents(decision.id, events);
      this.replaceVotes(decision.id, decision.votes);
      this.replaceWaiting(decision);
      insertDeliveries(this.db, outbox, now);
    });
  }

  /**
   * Reads the decision, lets `decide` compute the transition and writes it, all under one write lock, so the
   * transition always starts from the latest state. `outbox` says what to send for a successful change.
   */
  async transact(
    id: string,
    decide: (current: Decision, events: readonly DecisionEvent[]) => Transition,
    outbox: (transition: Transition & { ok: true }) => readonly NewDelivery[],
    now: number,
    requestKey?: string,
    options: TransactOptions = {},
  ): Promise<TransactResult> {
    return this.immediate((): TransactResult => {
      const current = this.read(id);
      if (!current) return { found: false };
      // A replayed request (same key) changes nothing and is not refused either: the first one answered it.
      if (requestKey !== undefined && !firstTime(this.db, requestKey, now)) {
        return { found: true, ok: true, decision: current, events: [] };
      }
      const transition = decide(current, options.withEvents ? this.log(id) : []);
      if (transition.ok) this.write(current.version, transition, outbox(transition), now);
      return { found: true, ...transition };
    });
  }

  /** Open or paused decisions, oldest first; of one project when given. */
  async listActive(projectId?: string): Promise<Decision[]> {
    const active = inArray(decisions.status, [...ACTIVE_STATUSES]);
    return this.hydrate(
      this.db
        .select()
        .from(decisions)
        .where(projectId === undefined ? active : and(active, eq(decisions.projectId, projectId)))
        .orderBy(asc(decisions.openedAt), asc(decisions.id))
        .all(),
    );
  }

  /**
   * Every open or paused decision, read a page at a time (by id): the reconciler's full pass holds one page of
   * decisions at once rather than all of them (100,000 hydrated decisions are hundreds of MB).
   */
  async *eachActive(pageSize = 1000): AsyncGenerator<Decision> {
    const page = this.hot.decisions.select(
      "status IN ('open', 'needs_info', 'returned') AND id > ?",
      `ORDER BY id LIMIT ${Math.trunc(pageSize)}`,
    );
    for (let after = ''; ; ) {
      const rows = page(after);
      yield* this.hydrate(rows);
      const last = rows.at(-1);
      if (last === undefined || rows.length < pageSize) return;
      after = last.id;
    }
  }

  /** Reads `waiting_on_user`: the first rows and a count of the index range, whatever else is open. */
  async waitingOn(userId: string, limit: number): Promise<DecisionPage> {
    const ids = this.hot.waitingIds.all(userId, limit);
    const byId = new Map(
      this.hydrate(this.hot.decisions.select(`id IN (${ids.map(() => '?').join(', ')})`)(...ids)).map((d) => [
        d.id,
        d,
      ]),
    );
    return {
      decisions: ids.flatMap((id) => byId.get(id) ?? []),
      total: this.hot.waitingCount.get(userId) ?? 0,
    };
  }

  /** Reads `decisions_requester_status`. */
  async requestedBy(userId: string, limit: number): Promise<DecisionPage> {
    const mine = and(eq(decisions.requester, userId), inArray(decisions.status, [...ACTIVE_STATUSES]));
    const rows = this.db
      .select()
      .from(decisions)
      .where(mine)
      .orderBy(asc(decisions.openedAt), asc(decisions.id))
      .limit(limit)
      .all();
    const total = this.db.select({ n: count() }).from(decisions).where(mine).get()?.n ?? 0;
    return { decisions: this.hydrate(rows), total };
  }

  /** Closed decisions of a project, most recent first. */
  async recentlyClosed(projectId: string, limit: number): Promise<Decision[]> {
    return this.hydrate(
      this.db
        .select()
        .from(decisions)
        .where(
          and(
            eq(decisions.projectId, projectId),
            inArray(decisions.status, ['decided', 'withdrawn', 'expired']),
          ),
        )
        .orderBy(desc(decisions.closedAt))
        .limit(limit)
        .all(),
    );
  }

  async closedSince(projectId: string, since: number): Promise<Decision[]> {
    return this.hydrate(
      this.db
        .select()
        .from(decisions)
        .where(and(eq(decisions.projectId, projectId), gte(decisions.closedAt, since)))
        .orderBy(asc(decisions.closedAt))
        .all(),
    );
  }

  /** Decisions of a project opened at or after `since` (all of them without), oldest first: the export. */
  async openedSince(projectId: string, since?: number): Promise<Decision[]> {
    const project = eq(decisions.projectId, projectId);
    return this.hydrate(
      this.db
        .select()
        .from(decisions)
        .where(since === undefined ? project : and(project, gte(decisions.openedAt, since)))
        .orderBy(asc(decisions.openedAt))
        .all(),
    );
  }

  /**
   * The reconciler's incremental pass: `decision_events.id` is the log's position (AUTOINCREMENT, and writers
   * take turns, so every event up to `through` has committed when `through` is read). Both look-ups use an
   * index: the events' primary key and `decisions_status_due`.
   */
  async changesSince(
    after?: number,
    dueBefore?: number,
  ): Promise<{ through: number; decisionIds: string[] }> {
    const through =
      this.db
        .select({ last: max(decisionEvents.id) })
        .from(decisionEvents)
        .get()?.last ?? 0;
    if (after === undefined) return { through, decisionIds: [] };
    const ids = new Set(
      this.db
        .selectDistinct({ id: decisionEvents.decisionId })
        .from(decisionEvents)
        .where(and(gt(decisionEvents.id, after), lte(decisionEvents.id, through)))
        .all()
        .map((r) => r.id),
    );
    if (dueBefore !== undefined) {
      const late = this.db
        .select({ id: decisions.id })
        .from(decisions)
        .where(and(eq(decisions.status, 'open'), lt(decisions.dueAt, dueBefore)))
        .all();
      for (const r of late) ids.add(r.id);
    }
    return { through, decisionIds: [...ids] };
  }

  /** Rows to decisions, with their votes loaded in a few queries rather than one per decision. */
  private hydrate(rows: (typeof decisions.$inferSelect)[]): Decision[] {
    const byDecision = new Map<string, Vote[]>();
    for (let i = 0; i < rows.length; i += VOTE_BATCH) {
      const ids = rows.slice(i, i + VOTE_BATCH).map((r) => r.id);
      const found = this.db
        .select()
        .from(votes)
        .where(inArray(votes.decisionId, ids))
        .orderBy(asc(votes.at))
        .all();
      for (const v of found) {
        const list = byDecision.get(v.decisionId) ?? [];
        list.push(voteOf(v));
        byDecision.set(v.decisionId, list);
      }
    }
    return rows.map((row) => rowToDecision(row, byDecision.get(row.id) ?? []));
  }

  private votesOf(decisionId: string): Vote[] {
    return this.hot.votes.select('decision_id = ?', 'ORDER BY at')(decisionId).map(voteOf);
  }

  private appendEvents(decisionId: string, events: readonly DecisionEvent[]): void {
    if (events.length === 0) return;
    const start = (this.hot.lastSeq.get(decisionId) ?? 0) + 1;
    this.hot.events.insert(events.map((e, i) => eventToRow(decisionId, start + i, e)));
  }

  private replaceVotes(decisionId: string, current: readonly Vote[]): void {
    this.hot.deleteVotes.run(decisionId);
    this.hot.votes.insert(current.map((v) => ({ decisionId, ...v, note: v.note ?? null })));
  }

  /** Rewrites whom the decision waits on (`waiting_on`), from the decision as it is now. */
  private replaceWaiting(decision: Decision): void {
    this.hot.deleteWaiting.run(decision.id);
    const { id: decisionId, openedAt } = decision;
    this.hot.waiting.insert(waitingOn(decision).map((userId) => ({ decisionId, userId, openedAt })));
  }

  /**
   * Runs `fn` in a BEGIN IMMEDIATE transaction; nested calls join the outer one. While another connection
   * holds the write lock it throws `WriteLockBusy` at once rather than letting SQLite's busy handler sleep on
   * the event loop (the caller waits with `whenWritable`); once BEGIN IMMEDIATE holds the lock, nothing in the
   * transaction waits (WAL: readers never block the writer).
   */
  private immediate<T>(fn: () => T): T {
    const { sqlite } = this.database;
    if (sqlite.inTransaction) return fn();
    // PRAGMA busy_timeout takes effect when compiled, so a statement prepared once cannot switch it: pragma().
    this.patience ??= Number(sqlite.pragma('busy_timeout', { simple: true }));
    sqlite.pragma('busy_timeout = 0');
    try {
      return sqlite.transaction(fn).immediate();
    } catch (error) {
      if (error instanceof BetterSqlite3.SqliteError && error.code === 'SQLITE_BUSY')
        throw new WriteLockBusy();
      throw error;
    } finally {
      sqlite.pragma(`busy_timeout = ${this.patience}`);
    }
  }
}

function voteOf(row: typeof votes.$inferSelect): Vote {
  return row.note === null
    ? { member: row.member, optionId: row.optionId, at: row.at }
    : { member: row.member, optionId: row.optionId, at: row.at, note: row.note };
}
