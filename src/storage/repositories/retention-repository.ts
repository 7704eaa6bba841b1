import { randomUUID } from 'node:crypto';
import type { PurgeCounts, RetentionStore } from '../../app/ports.js';
import { CLOSED_STATUSES } from '../../domain/decision.js';
import type { Instant } from '../../domain/time.js';
import type { Database } from '../database.js';

/** Decision ids per purge statement: well under SQLite's limit on bound parameters. */
const PURGE_BATCH = 500;
const CLOSED = CLOSED_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * The retention job's deletions. The audit log's trigger (migrations/sqlite/0006) lets an event go only while
 * the deleting transaction holds its row in `retention_purge`, and only for a closed decision; the row is
 * inserted first and removed last, in the same IMMEDIATE transaction, so no other connection ever sees it.
 */
export class RetentionRepository implements RetentionStore {
  constructor(private readonly database: Database) {}

  async closedBefore(projectId: string, before: Instant): Promise<string[]> {
    return this.database.sqlite
      .prepare(
        `SELECT id FROM decisions WHERE project_id = ? AND status IN (${CLOSED}) AND closed_at < ?
         ORDER BY closed_at, id`,
      )
      .pluck()
      .all(projectId, before) as string[];
  }

  async purge(
    projectId: string,
    decisionIds: readonly string[],
    before: Instant,
    now: Instant,
  ): Promise<PurgeCounts> {
    const { sqlite } = this.database;
    const counts = { decisions: 0, events: 0, deliveries: 0, votes: 0, messages: 0 };
    const token = randomUUID();
    sqlite
      .transaction(() => {
        sqlite.prepare('INSERT INTO retention_purge (token, started_at) VALUES (?, ?)').run(token, now);
        for (let i = 0; i < decisionIds.length; i += PURGE_BATCH) {
          const batch = decisionIds.slice(i, i + PURGE_BATCH);
          // Only what is still a closed decision of the project past the cutoff: the ids are a hint.
          const ids = sqlite
            .prepare(
              `SELECT id FROM decisions WHERE project_id = ? AND status IN (${CLOSED}) AND closed_at < ?
               AND id IN (${batch.map(() => '?').join(', ')})`,
            )
            .pluck()
            .all(projectId, before, ...batch) as string[];
          if (ids.length === 0) continue;
          const list = ids.map(() => '?').join(', ');
          const remove = (table: string) =>
            sqlite.prepare(`DELETE FROM ${table} WHERE decision_id IN (${list})`).run(...ids).changes;
          // Children first: every foreign key to decisions is checked immediately.
          counts.events += remove('decision_events');
          counts.votes += remove('votes');
          remove('waiting_on'); // none for a closed decision; here so no foreign key can stop the purge
          counts.messages += remove('slack_messages');
          counts.deliveries += remove('deliveries');
          counts.decisions += sqlite
            .prepare(`DELETE FROM decisions WHERE id IN (${list})`)
            .run(...ids).changes;
        }
        sqlite.prepare('DELETE FROM retention_purge WHERE token = ?').run(token);
      })
      .immediate();
    return counts;
  }
}
