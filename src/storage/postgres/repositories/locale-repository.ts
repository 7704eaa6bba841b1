import { isNotNull } from 'drizzle-orm';
import type { Clock, Languages } from '../../../app/ports.js';
import { Snapshot } from '../../../app/snapshot.js';
import { isLocale, type Locale, type UserId } from '../../../domain/project.js';
import type { PostgresDatabase } from '../database.js';
import { people } from '../schema.js';
import { retrying } from './retry.js';
import type { Queries } from './transaction.js';

/**
 * People's chosen languages, in `people.locale`, in PostgreSQL; the behaviour is the SQLite LocaleRepository's.
 * Every choice is kept in memory (read for every message rendered): one made in this process is seen at once,
 * one made in another process within `maxAgeMs`. `refresh` once at start-up.
 */
export class PgLocaleRepository implements Languages {
  private readonly db: Queries;
  private readonly choices: Snapshot<ReadonlyMap<UserId, Locale>>;

  constructor(
    database: PostgresDatabase,
    private readonly clock: Clock,
    maxAgeMs = 10_000,
    onError: (error: unknown) => void = () => undefined,
  ) {
    this.db = database.db;
    this.choices = new Snapshot(
      () => this.readAll(),
      new Map(),
      () => clock.now(),
      maxAgeMs,
      onError,
    );
  }

  choiceOf(user: UserId): Locale | undefined {
    return this.choices.get().get(user);
  }

  async choose(user: UserId, locale: Locale | null): Promise<void> {
    const updatedAt = this.clock.now();
    // Only the locale and the row's time: the email, its resolution and `deactivated` are left alone.
    await retrying(() =>
      this.db
        .insert(people)
        .values({ userId: user, locale, updatedAt })
        .onConflictDoUpdate({ target: people.userId, set: { locale, updatedAt } }),
    );
    await this.choices.reload();
  }

  refresh(): Promise<void> {
    return this.choices.reload();
  }

  private async readAll(): Promise<ReadonlyMap<UserId, Locale>> {
    const rows = await retrying(() =>
      this.db
        .select({ userId: people.userId, locale: people.locale })
        .from(people)
        .where(isNotNull(people.locale)),
    );
    // A value this version does not speak (written by a newer one, say) counts as no choice.
    return new Map(rows.flatMap((r) => (isLocale(r.locale) ? [[r.userId, r.locale] as const] : [])));
  }
}
