import type BetterSqlite3 from 'better-sqlite3';
import { decisionEvents, decisions, deliveries, processedRequests, votes } from '../schema.js';
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
