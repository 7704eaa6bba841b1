import type { Clock, Languages } from '../../app/ports.js';
import { Snapshot } from '../../app/snapshot.js';
import { isLocale, type Locale, type UserId } from '../../domain/project.js';
import type { Db } from '../database.js';
import { prepared } from './prepared.js';

/**
 * People's chosen languages, in `people.locale`. Only the locale and its row's `updated_at` are written here:
 * the email, its resolution and `deactivated` belong to the email resolution and are left alone.
 *
 * Read for every message rendered for a person, so every choice is kept in memory (a row per person who chose):
 * a choice made in this process is seen at once, one made in another process (the web process, while this one
 * runs the workers) within `maxAgeMs`. `refresh` once at start-up.
 */
export class LocaleRepository implements Languages {
  private readonly choices: Snapshot<ReadonlyMap<UserId, Locale>>;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    maxAgeMs = 10_000,
    onError: (error: unknown) => void = () => undefined,
  ) {
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
    prepared<[string, string | null, number]>(
      this.db.$client,
      `INSERT INTO people (user_id, locale, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET locale = excluded.locale, updated_at = excluded.updated_at`,
    ).run(user, locale, this.clock.now());
    await this.choices.reload();
  }

  refresh(): Promise<void> {
    return this.choices.reload();
  }

  private async readAll(): Promise<ReadonlyMap<UserId, Locale>> {
    const rows = prepared<[], { user_id: string; locale: string | null }>(
      this.db.$client,
      'SELECT user_id, locale FROM people WHERE locale IS NOT NULL',
    ).all();
    // A value this version does not speak (written by a newer one, say) counts as no choice.
    return new Map(rows.flatMap((r) => (isLocale(r.locale) ? [[r.user_id, r.locale] as const] : [])));
  }
}
