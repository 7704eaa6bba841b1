/** `locale: en | id`: the language a project speaks, set per project or in the `defaults:` block. */
import { isLocale, LOCALES, type Locale } from '../domain/project.js';
import type { Path, Problems } from './problems.js';
import { describe, isAbsent } from './readers.js';

/** undefined: not given; null: invalid (reported at its path and line, naming what is accepted). */
export function readLocale(problems: Problems, path: Path, value: unknown): Locale | null | undefined {
  if (isAbsent(value)) return undefined;
  if (isLocale(value)) return value;
  const shown = typeof value === 'string' ? `"${value}"` : describe(value);
  problems.add(
    path,
    `${shown} is not a language decide-bot speaks: use ${LOCALES.join(' or ')} (en: English, id: Bahasa Indonesia)`,
  );
  return null;
}
