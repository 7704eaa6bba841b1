import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Absences } from '../../app/ports.js';
import type { Project, UserId } from '../../domain/project.js';
import type { Instant } from '../../domain/time.js';
import type { Db } from '../database.js';
import { awayPeriods, projects } from '../schema.js';
import { prepared } from './prepared.js';

/** Projects as configured (kept in the database so decisions can reference them) and SPoC absences. */
export class ProjectRepository implements Absences {
  constructor(private readonly db: Db) {}

  /** Upserts the configured projects; projects removed from the config stay, since decisions reference them. */
  async sync(configured: readonly Project[], now: Instant): Promise<void> {
    for (const p of configured) {
      const row = {
        id: p.id,
        name: p.name,
        channel: p.channel,
        configJson: JSON.stringify(p),
        updatedAt: now,
      };
      this.db.insert(projects).values(row).onConflictDoUpdate({ target: projects.id, set: row }).run();
    }
  }

  /** Marks a user away from `from` until `until` (null: until marked back). Ends any absence already running. */
  async markAway(projectId: string, userId: UserId, from: Instant, until: Instant | null): Promise<void> {
    await this.markBack(projectId, userId, from);
    this.db.insert(awayPeriods).values({ projectId, userId, from, until, createdAt: from }).run();
  }

  /** Ends the user's current absence at `at`. */
  async markBack(projectId: string, userId: UserId, at: Instant): Promise<void> {
    this.db
      .update(awayPeriods)
      .set({ until: at })
      .where(and(this.activeAt(at), eq(awayPeriods.projectId, projectId), eq(awayPeriods.userId, userId)))
      .run();
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
    // Read for every new request (routing): prepared once.
    return prepared<[string, string, number, number], { from: Instant; until: Instant | null }>(
      this.db.$client,
      `SELECT "from", "until" FROM away_periods WHERE project_id = ? AND user_id = ? AND "from" <= ?
       AND ("until" IS NULL OR "until" > ?) ORDER BY "from" DESC LIMIT 1`,
    ).get(projectId, userId, at, at);
  }

  private activeAt(at: Instant) {
    return and(lte(awayPeriods.from, at), or(isNull(awayPeriods.until), gt(awayPeriods.until, at)));
  }
}
