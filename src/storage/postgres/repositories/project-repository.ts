import { and, desc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { Pool } from 'pg';
import type { Absences } from '../../../app/ports.js';
import type { Project, UserId } from '../../../domain/project.js';
import type { Instant } from '../../../domain/time.js';
import type { PostgresDatabase } from '../database.js';
import { awayPeriods, projects } from '../schema.js';
import { retrying } from './retry.js';
import { type Queries, transaction } from './transaction.js';

/**
 * Projects as configured (kept in the database so decisions can reference them) and SPoC absences, in
 * PostgreSQL; the behaviour is the SQLite ProjectRepository's.
 */
export class PgProjectRepository implements Absences {
  private readonly db: Queries;
  private readonly pool: Pool;

  constructor(database: PostgresDatabase) {
    this.db = database.db;
    this.pool = database.pool;
  }

  /** Upserts the configured projects; projects removed from the config stay, since decisions reference them. */
  async sync(configured: readonly Project[], now: Instant): Promise<void> {
    if (configured.length === 0) return;
    const rows = configured.map((p) => ({
      id: p.id,
      name: p.name,
      channel: p.channel,
      configJson: JSON.stringify(p),
      updatedAt: now,
    }));
    const excluded = (column: string) => sql.raw(`excluded.${column}`);
    await retrying(() =>
      this.db
        .insert(projects)
        .values(rows)
        .onConflictDoUpdate({
          target: projects.id,
          set: {
            name: excluded('name'),
            channel: excluded('channel'),
            configJson: excluded('config_json'),
            updatedAt: excluded('updated_at'),
          },
        }),
    );
  }

  /**
   * Marks a user away from `from` until `until` (null: until marked back), ending any absence already running.
   * One transaction; run twice, the first run's absence ends where the second begins (it never counts), so it
   * is rerun even after an unknown COMMIT.
   */
  async markAway(projectId: string, userId: UserId, from: Instant, until: Instant | null): Promise<void> {
    await transaction(
      this.pool,
      async (tx) => {
        await endAbsence(tx.db, projectId, userId, from);
        await tx.db.insert(awayPeriods).values({ projectId, userId, from, until, createdAt: from });
      },
      { idempotent: true },
    );
  }

  /** Ends the user's current absence at `at`. */
  async markBack(projectId: string, userId: UserId, at: Instant): Promise<void> {
    await retrying(() => endAbsence(this.db, projectId, userId, at));
  }

  async isAway(projectId: string, userId: UserId, at: Instant): Promise<boolean> {
    return (await this.awayAt(projectId, userId, at)) !== undefined;
  }

  /** The absence running at `at`, if any. */
  async awayAt(
    projectId: string,
    userId: UserId,
    at: Instant,
  ): Promise<{ from: Instant; until: Instant | null } | undefined> {
    const [row] = await retrying(() =>
      this.db
        .select({ from: awayPeriods.from, until: awayPeriods.until })
        .from(awayPeriods)
        .where(and(runningAt(at), eq(awayPeriods.projectId, projectId), eq(awayPeriods.userId, userId)))
        .orderBy(desc(awayPeriods.from))
        .limit(1),
    );
    return row;
  }
}

async function endAbsence(db: Queries, projectId: string, userId: UserId, at: Instant): Promise<void> {
  await db
    .update(awayPeriods)
    .set({ until: at })
    .where(and(runningAt(at), eq(awayPeriods.projectId, projectId), eq(awayPeriods.userId, userId)));
}

function runningAt(at: Instant) {
  return and(lte(awayPeriods.from, at), or(isNull(awayPeriods.until), gt(awayPeriods.until, at)));
}
