import type BetterSqlite3 from 'better-sqlite3';
import type { DecisionEvent } from '../../domain/events.js';
import type { MetricsSource } from '../../metrics/source.js';
import type { Database } from '../database.js';
import {
  CLOSING,
  type ClosedTimeline,
  COUNTED,
  type DeliveryCount,
  type EventCount,
  MAX_BATCH,
  type OpenCount,
  TIMELINE,
} from '../metrics-shapes.js';
import { rowToEvent } from './decision-rows.js';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Aggregate reads for `/metrics`. The event log is append-only and its ids grow with every commit (one writer at
 * a time), so a reader can take the log in id ranges: each scrape reads only what was appended since the last.
 * Every query runs on a primary key or an existing index (`decision_events` by id, `decisions_status_due`,
 * `deliveries_status`, `decision_events_decision_seq`).
 */
export class MetricsRepository implements MetricsSource {
  private readonly sql;

  constructor(private readonly database: Database) {
    this.sql = statements(database.sqlite);
  }

  /** The id of the newest event (0 when there is none): the upper bound of a consistent read. */
  async lastEventId(): Promise<number> {
    return this.sql.lastId.get()?.id ?? 0;
  }

  /** Opened, escalated and closing events with `afterId < id <= uptoId`, counted by project, type and level. */
  async eventCounts(afterId: number, uptoId: number): Promise<EventCount[]> {
    return this.sql.counts.all(afterId, uptoId);
  }

  /** The first `limit` (at most 500) decisions closed by an event in `(afterId, uptoId]`, with what their latency needs. */
  async closedTimelines(afterId: number, uptoId: number, limit: number): Promise<ClosedTimeline[]> {
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
  async openDecisions(): Promise<OpenCount[]> {
    return this.sql.open.all();
  }

  /** Outbox rows not sent: still pending, or failed for good. */
  async undelivered(): Promise<DeliveryCount[]> {
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
