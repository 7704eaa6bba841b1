/** `retention: { days: 365, export_to: ./archive }`: closed decisions older than that are deleted daily. */
import type { RetentionPolicy } from '../domain/retention.js';
import type { Path, Problems } from './problems.js';
import { describe, isAbsent, readRequired, readSection } from './readers.js';

const RETENTION_KEYS = ['days', 'export_to'] as const;

/** undefined: not set (nothing is ever deleted); null: invalid (reported). */
export function readRetention(problems: Problems, value: unknown): RetentionPolicy | null | undefined {
  if (isAbsent(value)) return undefined;
  const path: Path = ['retention'];
  const section = readSection(
    problems,
    path,
    value,
    'e.g. { days: 365, export_to: ./archive }',
    RETENTION_KEYS,
  );
  if (section === undefined) return null;
  const days = readRequired(
    problems,
    path,
    section,
    'days',
    'how many days after a decision closed it is deleted, e.g. days: 365',
    readDays,
  );
  const raw = section.obj.export_to;
  let exportTo: string | undefined;
  if (!isAbsent(raw)) {
    if (typeof raw === 'string' && raw.trim() !== '') exportTo = raw.trim();
    else {
      problems.add(
        [...path, 'export_to'],
        `${describe(raw)} is not a folder (give a path, e.g. export_to: ./archive, or leave export_to out)`,
      );
      return null;
    }
  }
  if (days === undefined || section.misspelt.size > 0) return null;
  return exportTo === undefined ? { days } : { days, exportTo };
}

function readDays(problems: Problems, path: Path, value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  problems.add(
    path,
    `${describe(value)} is not a number of days (a whole number above 0, e.g. 365; leave retention out to keep every decision)`,
  );
  return undefined;
}
