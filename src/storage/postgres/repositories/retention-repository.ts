import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import type { Pool } from 'pg';
import type { PurgeCounts, RetentionStore } from '../../../app/ports.js';
import { CLOSED_STATUSES } from '../../../domain/decision.js';
import type { Instant } from '../../../domain/time.js';
import type { PostgresDatabase } from '../database.js';
import {
  decisionEvents,
  decisions,
  deliveries,
  retentionPurge,
  slackMessages,
  votes,
  waitingOnRows,
} from '../schema.js';
import { retrying } from './retry.js';
import { type Queries, transaction } from './transaction.js';

/** Decision ids per purge statement. */
const PURGE_BATCH = 500;

/**
 * The retention job's deletions, as the SQLite twin's. The audit log's trigger (migrations/postgres/0002) lets an
 * event go only while the deleting transaction holds its row in `retention_purge` (seen by no other transaction:
 * it is removed again before COMMIT), and only for a closed decision.
 */
export class PgRetentionRepository implements RetentionStore {
  private readonly db: Queries;
  private readonly pool: Pool;

  constructor(database: PostgresDatabase) {
    this.db = database.db;
    this.pool = database.pool;
  }

  async closedBefore(projectId: string, before: Instant): Promise<string[]> {
    const rows = await retrying(() =>
      this.db
        .select({ id: decisions.id })
        .from(decisions)
        .where(pastRetention(projectId, before))
        .orderBy(asc(decisions.closedAt), asc(decisions.id)),
    );
    return rows.map((r) => r.id);
  }

  async purge(
    projectId: string,
    decisionIds: readonly string[],
    before: Instant,
    now: Instant,
  ): Promise<PurgeCounts> {
    return transaction(
      this.pool,
      async ({ db }) => {
        const counts = { decisions: 0, events: 0, deliveries: 0, votes: 0, messages: 0 };
        const token = randomUUID();
        await db.insert(retentionPurge).values({ token, startedAt: now });
        for (let i = 0; i < decisionIds.length; i += PURGE_BATCH) {
          // Only what is still a closed decision of the project past the cutoff, locked: a row written meanwhile
          // that references one of them waits, then fails its foreign key (the decision is gone).
          const locked = await db
            .select({ id: decisions.id })
            .from(decisions)
            .where(
              and(
                pastRetention(projectId, before),
                inArray(decisions.id, decisionIds.slice(i, i + PURGE_BATCH)),
              ),
            )
            .for('update');
          const ids = locked.map((r) => r.id);
          if (ids.length === 0) continue;
          counts.events +=
            (await db.delete(decisionEvents).where(inArray(decisionEvents.decisionId, ids))).rowCount ?? 0;
          counts.votes += (await db.delete(votes).where(inArray(votes.decisionId, ids))).rowCount ?? 0;
          // None for a closed decision; here so no foreign key can stop the purge.
          await db.delete(waitingOnRows).where(inArray(waitingOnRows.decisionId, ids));
          counts.messages +=
            (await db.delete(slackMessages).where(inArray(slackMessages.decisionId, ids))).rowCount ?? 0;
          counts.deliveries +=
            (await db.delete(deliveries).where(inArray(deliveries.decisionId, ids))).rowCount ?? 0;
          counts.decisions += (await db.delete(decisions).where(inArray(decisions.id, ids))).rowCount ?? 0;
        }
        await db.delete(retentionPurge).where(eq(retentionPurge.token, token));
        return counts;
      },
      // Run again after a COMMIT whose outcome is unknown: what was deleted stays deleted, the rest goes now.
      { idempotent: true },
    );
  }
}

function pastRetention(projectId: string, before: Instant) {
  return and(
    eq(decisions.projectId, projectId),
    inArray(decisions.status, [...CLOSED_STATUSES]),
    lt(decisions.closedAt, before),
  );
}
