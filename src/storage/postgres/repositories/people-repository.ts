import { and, eq, ne, sql } from 'drizzle-orm';
import type { Pool } from 'pg';
import type { PeopleStore } from '../../../app/ports.js';
import type { UserId } from '../../../domain/project.js';
import type { Instant } from '../../../domain/time.js';
import type { PostgresDatabase } from '../database.js';
import { people } from '../schema.js';
import { retrying } from './retry.js';
import { type Queries, transaction } from './transaction.js';

/** Namespace of the per-address advisory locks of `recordResolved` (its second key is the address's hash). */
const EMAIL_LOCK_SPACE = 0x656d_6c; // "eml"

/**
 * The `people` table as the email cache and the deactivated flags, in PostgreSQL; the behaviour is the SQLite
 * PeopleRepository's. Every write sets only its own columns: `locale` is never touched.
 */
export class PgPeopleRepository implements PeopleStore {
  private readonly db: Queries;
  private readonly pool: Pool;

  constructor(database: PostgresDatabase) {
    this.db = database.db;
    this.pool = database.pool;
  }

  async byEmail(email: string): Promise<{ userId: UserId; resolvedAt: Instant } | undefined> {
    const [row] = await retrying(() =>
      this.db
        .select({ userId: people.userId, resolvedAt: people.resolvedAt })
        .from(people)
        .where(eq(people.email, email)),
    );
    return row?.resolvedAt == null ? undefined : { userId: row.userId, resolvedAt: row.resolvedAt };
  }

  async recordResolved(email: string, userId: UserId, at: Instant): Promise<void> {
    // Running it twice leaves the same rows: idempotent.
    await transaction(
      this.pool,
      async (tx) => {
        // Processes resolving the same address at once take turns (SQLite's IMMEDIATE lock does it there):
        // otherwise both could clear the earlier owner, then one insert would hit the address's unique index.
        await tx.db.execute(sql`SELECT pg_advisory_xact_lock(${EMAIL_LOCK_SPACE}, hashtext(${email}))`);
        // The address moved to someone else (the unique index allows one owner): the earlier one loses it.
        await tx.db
          .update(people)
          .set({ email: null, resolvedAt: null, updatedAt: at })
          .where(and(eq(people.email, email), ne(people.userId, userId)));
        await tx.db
          .insert(people)
          .values({ userId, email, resolvedAt: at, updatedAt: at })
          .onConflictDoUpdate({ target: people.userId, set: { email, resolvedAt: at, updatedAt: at } });
      },
      { idempotent: true },
    );
  }

  /**
   * Marks a person deactivated (or active again); true when that changed what was recorded. One statement in a
   * transaction: its answer depends on the state before, so it is rerun only when it certainly did not commit.
   */
  async setDeactivated(userId: UserId, deactivated: boolean, at: Instant): Promise<boolean> {
    return transaction(this.pool, async (tx) => {
      if (!deactivated) {
        const r = await tx.db
          .update(people)
          .set({ deactivated: false, updatedAt: at })
          .where(and(eq(people.userId, userId), eq(people.deactivated, true)));
        return (r.rowCount ?? 0) > 0;
      }
      // Someone configured by ID may have no row yet; the update runs only when the flag was not set.
      const r = await tx.db
        .insert(people)
        .values({ userId, deactivated: true, updatedAt: at })
        .onConflictDoUpdate({
          target: people.userId,
          set: { deactivated: true, updatedAt: at },
          setWhere: eq(people.deactivated, false),
        });
      return (r.rowCount ?? 0) > 0;
    });
  }

  async deactivated(): Promise<ReadonlySet<UserId>> {
    const rows = await retrying(() =>
      this.db.select({ userId: people.userId }).from(people).where(eq(people.deactivated, true)),
    );
    return new Set(rows.map((r) => r.userId));
  }
}
