import { and, eq, ne } from 'drizzle-orm';
import type { PeopleStore } from '../../app/ports.js';
import type { UserId } from '../../domain/project.js';
import type { Instant } from '../../domain/time.js';
import type { Db } from '../database.js';
import { people } from '../schema.js';
import { prepared } from './prepared.js';

/**
 * The `people` table as the email cache and the deactivated flags. Every write is an upsert that sets only its
 * own columns: `locale` (the person's chosen language) is never touched.
 */
export class PeopleRepository implements PeopleStore {
  constructor(private readonly db: Db) {}

  async byEmail(email: string): Promise<{ userId: UserId; resolvedAt: Instant } | undefined> {
    const row = this.db
      .select({ userId: people.userId, resolvedAt: people.resolvedAt })
      .from(people)
      .where(eq(people.email, email))
      .get();
    return row?.resolvedAt == null ? undefined : { userId: row.userId, resolvedAt: row.resolvedAt };
  }

  async recordResolved(email: string, userId: UserId, at: Instant): Promise<void> {
    // IMMEDIATE: both processes of the split layout may resolve at start-up; the lock is taken up front.
    this.db.transaction(
      (tx) => {
        // The address moved to someone else (the unique index allows one owner): the earlier one loses it.
        tx.update(people)
          .set({ email: null, resolvedAt: null, updatedAt: at })
          .where(and(eq(people.email, email), ne(people.userId, userId)))
          .run();
        tx.insert(people)
          .values({ userId, email, resolvedAt: at, updatedAt: at })
          .onConflictDoUpdate({ target: people.userId, set: { email, resolvedAt: at, updatedAt: at } })
          .run();
      },
      { behavior: 'immediate' },
    );
  }

  async setDeactivated(userId: UserId, deactivated: boolean, at: Instant): Promise<boolean> {
    if (!deactivated) {
      const r = this.db
        .update(people)
        .set({ deactivated: false, updatedAt: at })
        .where(and(eq(people.userId, userId), eq(people.deactivated, true)))
        .run();
      return r.changes > 0;
    }
    // Someone configured by ID may have no row yet; the update runs only when the flag was not set.
    const r = this.db
      .insert(people)
      .values({ userId, deactivated: true, updatedAt: at })
      .onConflictDoUpdate({
        target: people.userId,
        set: { deactivated: true, updatedAt: at },
        setWhere: eq(people.deactivated, false),
      })
      .run();
    return r.changes > 0;
  }

  async deactivated(): Promise<ReadonlySet<UserId>> {
    // Read for every project lookup (the ladder skips these people): prepared once.
    const rows = prepared<[], { user_id: string }>(
      this.db.$client,
      'SELECT user_id FROM people WHERE deactivated = 1',
    ).all();
    return new Set(rows.map((r) => r.user_id));
  }
}
