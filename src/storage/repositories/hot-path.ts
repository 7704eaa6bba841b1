import type BetterSqlite3 from 'better-sqlite3';
import { decisionEvents, decisions, deliveries, processedRequests, votes, waitingOnRows } from '../schema.js';
import { TableStatements, versionedUpdate } from './prepared.js';

/** The statements of the per-request writes and reads, prepared once per connection. */
export class HotPath {
  readonly decisions: TableStatements<typeof decisions>;
  readonly events: TableStatements<typeof decisionEvents>;
  readonly votes: TableStatements<typeof votes>;
  readonly deliveries: TableStatements<typeof deliveries>;
  readonly processed: TableStatements<typeof processedRequests>;
  readonly updateDecision: ReturnType<typeof versionedUpdate<typeof decisions>>;
  readonly lastSeq: BetterSqlite3.Statement<[string], number | null>;
  readonly deleteVotes: BetterSqlite3.Statement<[string]>;
  readonly waiting: TableStatements<typeof waitingOnRows>;
  readonly deleteWaiting: BetterSqlite3.Statement<[string]>;
  readonly waitingIds: BetterSqlite3.Statement<[string, number], string>;
  readonly waitingCount: BetterSqlite3.Statement<[string], number>;

  constructor(sqlite: BetterSqlite3.Database) {
    this.decisions = new TableStatements(sqlite, decisions);
    this.events = new TableStatements(sqlite, decisionEvents);
    this.votes = new TableStatements(sqlite, votes);
    this.deliveries = new TableStatements(sqlite, deliveries);
    this.processed = new TableStatements(sqlite, processedRequests);
    this.updateDecision = versionedUpdate(sqlite, decisions, 'id');
    this.lastSeq = sqlite
      .prepare<[string], number | null>('SELECT max(seq) FROM decision_events WHERE decision_id = ?')
      .pluck();
    this.deleteVotes = sqlite.prepare<[string]>('DELETE FROM votes WHERE decision_id = ?');
    this.waiting = new TableStatements(sqlite, waitingOnRows);
    this.deleteWaiting = sqlite.prepare<[string]>('DELETE FROM waiting_on WHERE decision_id = ?');
    this.waitingIds = sqlite
      .prepare<[string, number], string>(
        'SELECT decision_id FROM waiting_on WHERE user_id = ? ORDER BY opened_at, decision_id LIMIT ?',
      )
      .pluck();
    this.waitingCount = sqlite
      .prepare<[string], number>('SELECT count(*) FROM waiting_on WHERE user_id = ?')
      .pluck();
  }
}

const cache = new WeakMap<BetterSqlite3.Database, HotPath>();

export function hotPath(sqlite: BetterSqlite3.Database): HotPath {
  let found = cache.get(sqlite);
  if (!found) {
    found = new HotPath(sqlite);
    cache.set(sqlite, found);
  }
  return found;
}
