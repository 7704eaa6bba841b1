import type { Pool } from 'pg';
import type { DecisionEvent } from '../../../domain/events.js';
import type { MetricsSource } from '../../../metrics/source.js';
import {
  CLOSING,
  type ClosedTimeline,
  COUNTED,
  type DeliveryCount,
  type EventCount,
  MAX_BATCH,
  type OpenCount,
  TIMELINE,
} from '../../metrics-shapes.js';
import { rowToEvent } from '../../repositories/decision-rows.js';
import type { PostgresDatabase } from '../database.js';
import { retrying } from './retry.js';

/**
 * Aggregate reads for `/metrics`, in PostgreSQL; the behaviour is the SQLite MetricsRepository's. Events are
 * inserted under the id-order lock (ordered-ids.ts), so ids become visible in id order and a scrape reads only
 * the range appended since the last one. Counts are cast to int: PostgreSQL's count() is a bigint, which
 * node-postgres hands out as a string.
 */
export class PgMetricsRepository implements MetricsSource {
  private readonly pool: Pool;

  constructor(database: PostgresDatabase) {
    this.pool = database.pool;
  }

  async lastEventId(): Promise<number> {
    const [row] = await this.rows<{ id: string | null }>('SELECT max(id) AS id FROM decision_events');
    return Number(row?.id ?? 0);
  }

  async eventCounts(afterId: number, uptoId: number): Promise<EventCount[]> {
    return this.rows<EventCount>(
      `SELECT d.project_id AS project, e.type AS type, e.level AS level, count(*)::int AS count
       FROM decision_events e JOIN decisions d ON d.id = e.decision_id
       WHERE e.id > $1 AND e.id <= $2 AND e.type = ANY($3)
       AND NOT (e.type = 'escalated' AND (e.data_json::jsonb ->> 'because') = 'decider_deactivated')
       GROUP BY d.project_id, e.type, e.level`,
      [afterId, uptoId, COUNTED],
    );
  }

  async closedTimelines(afterId: number, uptoId: number, limit: number): Promise<ClosedTimeline[]> {
    const closings = await this.rows<{ id: string; decisionId: string; project: string }>(
      `SELECT e.id AS id, e.decision_id AS "decisionId", d.project_id AS project
       FROM decision_events e JOIN decisions d ON d.id = e.decision_id
       WHERE e.id > $1 AND e.id <= $2 AND e.type = ANY($3)
       ORDER BY e.id LIMIT $4`,
      [afterId, uptoId, CLOSING, Math.min(limit, MAX_BATCH)],
    );
    if (closings.length === 0) return [];
    const rows = await this.rows<Parameters<typeof rowToEvent>[0]>(
      `SELECT id::float8 AS id, decision_id AS "decisionId", seq, type, at::float8 AS at, actor, level,
              data_json AS "dataJson"
       FROM decision_events WHERE decision_id = ANY($1) AND type = ANY($2) ORDER BY decision_id, seq`,
      [closings.map((c) => c.decisionId), TIMELINE],
    );
    const byDecision = new Map<string, DecisionEvent[]>();
    for (const row of rows) {
      const events = byDecision.get(row.decisionId) ?? [];
      events.push(rowToEvent(row));
      byDecision.set(row.decisionId, events);
    }
    return closings.map((c) => ({
      eventId: Number(c.id),
      project: c.project,
      events: byDecision.get(c.decisionId) ?? [],
    }));
  }

  async openDecisions(): Promise<OpenCount[]> {
    return this.rows<OpenCount>(
      `SELECT project_id AS project, level, count(*)::int AS count FROM decisions
       WHERE status IN ('open', 'needs_info') GROUP BY project_id, level`,
    );
  }

  async undelivered(): Promise<DeliveryCount[]> {
    return this.rows<DeliveryCount>(
      `SELECT status, count(*)::int AS count FROM deliveries WHERE status IN ('pending', 'failed')
       GROUP BY status`,
    );
  }

  private async rows<R>(text: string, values: unknown[] = []): Promise<R[]> {
    const result = await retrying(() => this.pool.query(text, values));
    return result.rows as R[];
  }
}
