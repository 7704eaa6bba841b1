import type BetterSqlite3 from 'better-sqlite3';
import type { DecisionEvent } from '../../domain/events.js';
import type { Database } from '../database.js';
import { rowToEvent } from './decision-rows.js';

/**
 * Events the metrics count: a decision opened, escalated, or closed (decided, default applied, withdrawn). A level
 * left because its deciders were all deactivated in Slack is no escalation (nothing ran out): not counted.
 */
const COUNTED = ['opened', 'escalated', 'decided', 'expired', 'withdrawn'] as const;
const CLOSING = ['decided', 'expired', 'withdrawn'] as const;
/** What a closed decision's business time needs: its start, its pauses and its end. */
const TIMELINE = ['opened', 'info_requested', 'info_provided', ...CLOSING] as const;

export interface EventCount {
  readonly project: string;
  readonly type: string;
  readonly level: string;
  readonly count: number;
}

export interface ClosedTimeline {
  /** The id of the closing event (the reader's position in the log). */
  readonly eventId: number;
  readonly project: string;
  /** Opened, pauses and the closing event, in order. */
  readonly events: readonly DecisionEvent[];
}

export interface OpenCount {
  readonly project: string;
  readonly level: string;
  readonly count: number;
}

export interface DeliveryCount {
  readonly status: string;
  readonly count: number;
}

/** Decisions per timeline query: well under SQLite's limit on bound parameters. */
const MAX_BATCH = 500;

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Aggregate reads for `/metrics`. The event log is append-only and its ids grow with every commit (one writer at
 * a time), so a reader can take the log in id ranges: each scrape reads only what was appended since the last.
 * Every query runs on a primary key or an existing index (`decision_events` by id, `decisions_status_due`,
 * `deliveries_status`, `decision_events_decision_seq`).
 */
export class MetricsRepository {
  private readonly sql;

  constructor(private readonly database: Database) {
    this.sql = statements(database.sqlite);
  }

  /** The id of the newest event (0 when there is none): the upper bound of a consistent read. */
  lastEventId(): number {
    return this.sql.lastId.get()?.id ?? 0;
  }

  /** Opened, escalated and closing events with `afterId < id <= uptoId`, counted by project, type and level. */
  eventCounts(afterId: number, uptoId: number): EventCount[] {
    return this.sql.counts.all(afterId, uptoId);
  }

  /** The first `limit` (at most 500) decisions closed by an event in `(afterId, uptoId]`, with what their latency needs. */
  closedTimelines(afterId: number, uptoId: number, limit: number): ClosedTimeline[] {
    const closings = this.sql.closings.all(afterId, uptoId, Math.min(limit, MAX_BATCH));
    if (closings.length === 0) return [];
    const ids = closings.map((c) => c.decisionId);
    const rows = this.database.sqlite
      .prepare<string[], Parameters<typeof rowToEvent>[0]>(
        `SELECT id, decision_id AS decisionId, seq, type, at, actor, level, data_json AS dataJson
         FROM decision_events WHERE decision_id IN (${ids.map(() => '?').join(', ')})
         AND type IN (${list(TIMELINE)}) ORDER BY decision_id, seq`,
      )
      .all(...ids);
    const byDecision = new Map<string, DecisionEvent[]>();
    for (const row of rows) {
      const events = byDecision.get(row.decisionId) ?? [];
      events.push(rowToEvent(row));
      byDecision.set(row.decisionId, events);
    }
    return closings.map((c) => ({
      eventId: c.id,
      project: c.project,
      events: byDecision.get(c.decisionId) ?? [],
    }));
  }

  /** Decisions still open (waiting or paused for information), by project and level. */
  openDecisions(): OpenCount[] {
    return this.sql.open.all();
  }

  /** Outbox rows not sent: still pending, or failed for good. */
  undelivered(): DeliveryCount[] {
    return this.sql.deliveries.all();
  }
}

/** Prepared once per connection: a scrape runs the same few statements every time. */
function statements(sqlite: BetterSqlite3.Database) {
  return {
    lastId: sqlite.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM decision_events'),
    counts: sqlite.prepare<[number, number], EventCount>(
      `SELECT d.project_id AS project, e.type AS type, e.level AS level, count(*) AS count
       FROM decision_events e JOIN decisions d ON d.id = e.decision_id
       WHERE e.id > ? AND e.id <= ? AND e.type IN (${list(COUNTED)})
       AND NOT (e.type = 'escalated' AND json_extract(e.data_json, '$.because') = 'decider_deactivated')
       GROUP BY d.project_id, e.type, e.level`,
    ),
    closings: sqlite.prepare<[number, number, number], { id: number; decisionId: string; project: string }>(
      `SELECT e.id AS id, e.decision_id AS decisionId, d.project_id AS project
       FROM decision_events e JOIN decisions d ON d.id = e.decision_id
       WHERE e.id > ? AND e.id <= ? AND e.type IN (${list(CLOSING)})
       ORDER BY e.id LIMIT ?`,
    ),
    open: sqlite.prepare<[], OpenCount>(
      `SELECT project_id AS project, level, count(*) AS count FROM decisions
       WHERE status IN ('open', 'needs_info') GROUP BY project_id, level`,
    ),
    deliveries: sqlite.prepare<[], DeliveryCount>(
      `SELECT status, count(*) AS count FROM deliveries WHERE status IN ('pending', 'failed') GROUP BY status`,
    ),
  };
}
