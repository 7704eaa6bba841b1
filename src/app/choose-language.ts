import type { Locale, UserId } from '../domain/project.js';
import type { AppDeps } from './deps.js';
import type { OutboxStore } from './ports.js';

/**
 * `/decide language`: records the person's choice (null: their project's again) and republishes their App Home,
 * which is written in the language they read. The home goes through the outbox like every other, so a Redis
 * outage only delays it.
 */
export async function chooseLanguage(
  deps: AppDeps & { readonly outbox: OutboxStore },
  user: UserId,
  locale: Locale | null,
): Promise<void> {
  if (deps.languages === undefined) return;
  await deps.languages.choose(user, locale);
  const now = deps.clock.now();
  await deps.outbox.enqueue(
    [{ dedupeKey: `home-language-${user}-${now}`, kind: 'home', recipient: user, payload: {} }],
    now,
  );
  await deps.deliveries.enqueue();
}
