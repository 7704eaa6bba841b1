/**
 * The optional top-level `defaults: { sla, reminders, digest, locale }` block of the project file: a project
 * inherits each of these it does not set. `sla` merges per impact and level; `reminders`, `digest` and `locale`
 * are replaced whole.
 */
import type { Locale } from '../domain/project.js';
import { readLocale } from './locale.js';
import type { Problems } from './problems.js';
import { isAbsent, readSection } from './readers.js';
import { readDigestCron, readReminders } from './schedule.js';
import { type PartialSla, readPartialSla } from './sla.js';

const DEFAULTS_KEYS = ['sla', 'reminders', 'digest', 'locale'] as const;

/** Each value: undefined when not given; null when given but invalid (already reported). */
export interface Defaults {
  readonly sla: PartialSla | null | undefined;
  readonly reminders: readonly number[] | null | undefined;
  readonly cron: string | null | undefined;
  readonly locale: Locale | null | undefined;
}

export function readDefaults(problems: Problems, value: unknown): Defaults {
  if (isAbsent(value)) return { sla: undefined, reminders: undefined, cron: undefined, locale: undefined };
  const path = ['defaults'];
  const defaults = readSection(
    problems,
    path,
    value,
    'sla, reminders, digest and locale that projects inherit',
    DEFAULTS_KEYS,
  )?.obj;
  if (defaults === undefined) return { sla: null, reminders: null, cron: null, locale: null };
  return {
    sla: readPartialSla(problems, [...path, 'sla'], defaults.sla),
    reminders: readReminders(problems, [...path, 'reminders'], defaults.reminders),
    cron: readDigestCron(problems, [...path, 'digest'], defaults.digest),
    locale: readLocale(problems, [...path, 'locale'], defaults.locale),
  };
}
