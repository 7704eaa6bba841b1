import { AsyncLocalStorage } from 'node:async_hooks';
import type { Locale } from '../../domain/project.js';
import { en, type Texts } from './en.js';
import { id } from './id.js';

export { isLocale, LOCALES, type Locale } from '../../domain/project.js';
export type { RefusalContext, Texts } from './en.js';

const SETS: Readonly<Record<Locale, Texts>> = { en, id };

/** The text set of a locale. */
export function textsOf(locale: Locale): Texts {
  return SETS[locale];
}

const current = new AsyncLocalStorage<{ readonly locale: Locale; readonly texts: Texts }>();

/**
 * Runs `fn` with `t` speaking `locale`, for everything it calls (awaits included). Outside any such scope `t`
 * is English. Each rendering says whose language it is in (the sender per recipient, a listener per acting
 * person), so the builders keep importing `t` and never take a language parameter.
 */
export function inLocale<T>(locale: Locale, fn: () => T): T {
  return current.run({ locale, texts: SETS[locale] }, fn);
}

/** The locale `t` speaks here. */
export function currentLocale(): Locale {
  return current.getStore()?.locale ?? 'en';
}

/**
 * The words of every Slack surface, in the language of the reader at hand (see `inLocale`). Read it at render
 * time, never into a module-level constant: a constant would keep the language of whoever loaded the module.
 */
export const t: Texts = new Proxy(en, {
  get: (_target, key) => Reflect.get(current.getStore()?.texts ?? en, key),
});
