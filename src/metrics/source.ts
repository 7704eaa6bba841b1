import type { DecisionEvent } from '../domain/events.js';

/**
 * What `/metrics` reads from the database: aggregates only, so a scrape costs a few indexed queries whatever the
 * number of decisions. Implemented by the storage layer (SQLite's `MetricsRepository`, PostgreSQL's twin).
 */
export interface MetricsSource {
  /** The id of the newest event in the log (0 when empty). */
  lastEventId(): Promise<number>;
  /** Opened, escalated and closing events with `afterId < id <= uptoId`, by project, type and level. */
  eventCounts(
    afterId: number,
    uptoId: number,
  ): Promise<readonly { project: string; type: string; level: string; count: number }[]>;
  /** Decisions closed by an event in `(afterId, uptoId]`, oldest first, at most `limit`. */
  closedTimelines(
    afterId: number,
    uptoId: number,
    limit: number,
  ): Promise<readonly { eventId: number; project: string; events: readonly DecisionEvent[] }[]>;
  /** Open decisions (waiting or paused), by project and level. */
  openDecisions(): Promise<readonly { project: string; level: string; count: number }[]>;
  /** Outbox rows pending or failed for good, by status. */
  undelivered(): Promise<readonly { status: string; count: number }[]>;
}
