import type { Clock, Languages } from '../../app/ports.js';
import { isLocale, type Locale, type UserId } from '../../domain/project.js';
import type { Db } from '../database.js';
import { prepared } from './prepared.js';

/**
 * People's chosen languages, in `people.locale`. Only the locale and its row's `updated_at` are written here:
 * the email, its resolution and `deactivated` belong to the email resolution and are left alone.
 *
 * Read for every message rendered for a person, so kept in memory: a choice made in this process is seen at
 * once; one made in another process (the web process, while this one runs the workers) within `maxAgeMs`.
 */
export class LocaleRepository implements Languages {
  private readonly cache = new Map<UserId, { locale: Locale | undefined; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly maxAgeMs = 10_000,
  ) {}

  choiceOf(user: UserId): Locale | undefined {
    const now = this.clock.now();
    const known = this.cache.get(user);
    if (known !== undefined && now - known.at < this.maxAgeMs) return known.locale;
    const row = prepared<[string], { locale: string | null }>(
      this.db.$client,
      'SELECT locale FROM people WHERE user_id = ?',
    ).get(user);
    // A value this version does not speak (written by a newer one, say) counts as no choice.
    const locale = isLocale(row?.locale) ? row.locale : undefined;
    this.cache.set(user, { locale, at: now });
    return locale;
  }

  choose(user: UserId, locale: Locale | null): void {
    const now = this.clock.now();
    prepared<[string, string | null, number]>(
      this.db.$client,
      `INSERT INTO people (user_id, locale, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET locale = excluded.locale, updated_at = excluded.updated_at`,
    ).run(user, locale, now);
    this.cache.set(user, { locale: locale ?? undefined, at: now });
  }
}
