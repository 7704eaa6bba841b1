/** When the bot speaks up unasked: reminders within a level's time, and the cron schedule of the digest. */
import type { Path, Problems } from './problems.js';
import { describe, isAbsent, readList, readSection } from './readers.js';

const DIGEST_KEYS = ['cron'] as const;

/** Fractions in (0, 1), sorted and without repeats. undefined: not given; null: invalid (reported). */
export function readReminders(problems: Problems, path: Path, value: unknown): number[] | null | undefined {
  if (isAbsent(value)) return undefined;
  const fractions = readList(problems, path, value, {
    expected: 'a list of fractions (e.g. [0.5, 0.8], or [] for no reminders)',
    item: (itemPath, item) => readFraction(problems, itemPath, item),
    repeats: 'drop',
  });
  return fractions === undefined ? null : fractions.sort((a, b) => a - b);
}

function readFraction(problems: Problems, path: Path, value: unknown): number | undefined {
  if (typeof value === 'number' && value > 0 && value < 1) return value;
  const percent =
    typeof value === 'number' && value > 1 && value < 100 ? `; for ${value}% write ${value / 100}` : '';
  problems.add(
    path,
    `${describe(value)} is not a fraction between 0 and 1 (0.5 reminds halfway through a level's time${percent})`,
  );
  return undefined;
}

/** The digest's cron expression, spaces folded. undefined: not given; null: invalid (reported). */
export function readDigestCron(problems: Problems, path: Path, value: unknown): string | null | undefined {
  if (isAbsent(value)) return undefined;
  const digest = readSection(problems, path, value, 'e.g. { cron: "0 9 * * MON" }', DIGEST_KEYS)?.obj;
  if (digest === undefined) return null;
  const cron = digest.cron;
  if (isAbsent(cron)) return undefined;
  const problem = typeof cron === 'string' ? cronProblem(cron) : 'it is not text';
  if (problem === undefined) return (cron as string).trim().replace(/\s+/g, ' ');
  problems.add(
    [...path, 'cron'],
    `${describe(cron)} is not a cron expression: ${problem} (5 fields: minute hour day-of-month month ` +
      'weekday, e.g. "0 9 * * MON" for Mondays at 09:00)',
  );
  return null;
}

const CRON_FIELDS = [
  { name: 'minute', min: 0, max: 59, names: [] },
  { name: 'hour', min: 0, max: 23, names: [] },
  { name: 'day-of-month', min: 1, max: 31, names: [] },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'weekday', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
] as const;

/** A light check of a 5-field cron expression: numbers, names, `*`, lists, ranges and steps within bounds. */
function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `it has ${fields.length} field${fields.length === 1 ? '' : 's'}, not 5`;
  for (const [index, text] of fields.entries()) {
    const field = CRON_FIELDS[index];
    if (field === undefined) continue;
    const value = (token: string): number | undefined => {
      const named = (field.names as readonly string[]).indexOf(token.toUpperCase());
      if (named >= 0) return named + (field.name === 'month' ? 1 : 0);
      if (!/^\d+$/.test(token)) return undefined;
      const n = Number(token);
      return n >= field.min && n <= field.max ? n : undefined;
    };
    for (const part of text.split(',')) {
      const match = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
      const range = match?.[1];
      const step = match?.[2];
      let valid = range !== undefined && (step === undefined || Number(step) > 0);
      if (valid && range !== undefined && range !== '*') {
        const [from, to] = range.split('-');
        const a = from === undefined ? undefined : value(from);
        const b = to === undefined ? a : value(to);
        valid = a !== undefined && b !== undefined && a <= b;
      }
      if (!valid)
        return `the ${field.name} field "${text}" is not valid (${field.min}-${field.max}${field.names.length > 0 ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ''})`;
    }
  }
  return undefined;
}
