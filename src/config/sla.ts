/**
 * SLAs in the project file: the time allowed at each level (spoc, sponsor, committee) per impact. A project's
 * SLA merges over `defaults.sla` per impact and level, so a project may override only `high.spoc`.
 */
import { type DurationSpec, parseDuration } from '../domain/duration.js';
import {
  type DecisionLevel,
  IMPACTS,
  type Impact,
  LEVELS,
  type Level,
  type SignOffSlaPolicy,
  type SlaPolicy,
} from '../domain/project.js';
import type { Path, Problems } from './problems.js';
import { describe, given, isAbsent, readSection, type Section } from './readers.js';

/** SLA as written: a value per impact and level; `null` marks a value that is present but invalid (reported). */
export type PartialSla = Partial<Record<Impact, Partial<Record<Level, DurationSpec | null>> | null>>;

/** The levels a `sla` block names (a sign-off's `signoff.sla` names `key_users` too). */
type LevelNames = readonly Level[];

const DURATION_HINT = 'use 30s, 15m, 4h, 2d';

/** undefined: not given; null: given but invalid (reported). Unknown impacts and levels are reported. */
export function readPartialSla(
  problems: Problems,
  path: Path,
  value: unknown,
  levelNames: LevelNames = LEVELS,
  example = 'e.g. { spoc: 4h, sponsor: 4h, committee: 1d }',
): PartialSla | null | undefined {
  if (isAbsent(value)) return undefined;
  const sla = readSection(problems, path, value, 'impact levels low, normal, high, critical', IMPACTS);
  if (sla === undefined) return null;
  return readEntries(sla, IMPACTS, (impact, levelsValue) => {
    const levelsPath = [...path, impact];
    const levels = readSection(problems, levelsPath, levelsValue, example, levelNames);
    if (levels === undefined) return null;
    return readEntries(levels, levelNames, (level, spec) =>
      readDuration(problems, [...levelsPath, level], spec),
    );
  });
}

/**
 * The given `keys` of a section, each read by `read` (null: invalid). A misspelt key (reported) marks what it
 * was meant to be as invalid, so it is not also reported missing.
 */
function readEntries<K extends string, V>(
  { obj, misspelt }: Section,
  keys: readonly K[],
  read: (key: K, value: unknown) => V | null,
): Partial<Record<K, V | null>> {
  const entries: Partial<Record<K, V | null>> = {};
  for (const key of keys) {
    if (!isAbsent(obj[key])) entries[key] = read(key, obj[key]);
    else if (misspelt.has(key)) entries[key] = null;
  }
  return entries;
}

function readDuration(problems: Problems, path: Path, value: unknown): DurationSpec | null {
  const spec = typeof value === 'string' ? parseDuration(value) : undefined;
  if (spec !== undefined) return spec;
  if (typeof value === 'string' && /^\s*0*(\.0*)?\s*[smhd]\s*$/.test(value)) {
    problems.add(path, `${describe(value)} is zero: a level needs some time (${DURATION_HINT})`);
  } else if (typeof value === 'number') {
    problems.add(path, `${value} is not a duration: add a unit (${DURATION_HINT}; d is a working day)`);
  } else {
    problems.add(path, `${describe(value)} is not a duration (${DURATION_HINT})`);
  }
  return null;
}

/** Merges a project's SLA over the defaults and reports what neither gives. */
export function resolveSla(
  problems: Problems,
  path: Path,
  own: PartialSla | null | undefined,
  defaults: PartialSla | null | undefined,
): SlaPolicy | undefined {
  if (own === null) return undefined;
  if (own === undefined && defaults === undefined) {
    problems.add(
      path,
      'missing (the time allowed at each level per impact: low, normal, high and critical, each with spoc, ' +
        'sponsor and committee durations; or give defaults.sla at the top level)',
    );
    return undefined;
  }
  let ok = true;
  const sla: Partial<Record<Impact, Record<DecisionLevel, DurationSpec>>> = {};
  for (const impact of IMPACTS) {
    const mine = entry(own, impact);
    const inherited = entry(defaults, impact);
    if (mine === undefined && inherited === undefined) {
      problems.add(
        [...path, impact],
        'missing impact level (give e.g. { spoc: 4h, sponsor: 4h, committee: 1d })',
      );
      ok = false;
      continue;
    }
    const levels: Partial<Record<DecisionLevel, DurationSpec>> = {};
    for (const level of LEVELS) {
      const spec = given(entry(mine, level), entry(inherited, level));
      if (spec === undefined) {
        problems.add([...path, impact, level], `missing (the time allowed at the ${level} level, e.g. 4h)`);
        ok = false;
      } else if (spec === null) ok = false;
      else levels[level] = spec;
    }
    const whole = wholeRecord(LEVELS, levels);
    if (whole !== undefined) sla[impact] = whole;
  }
  return ok ? wholeRecord(IMPACTS, sla) : undefined;
}

/** `record[key]`; an invalid record (null) gives null, an absent one undefined. */
function entry<K extends string, V>(
  record: Partial<Record<K, V>> | null | undefined,
  key: K,
): V | null | undefined {
  return record === null ? null : record?.[key];
}

/** The record when every key has a value, else undefined. */
function wholeRecord<K extends string, V>(
  keys: readonly K[],
  partial: Partial<Record<K, V>>,
): Record<K, V> | undefined {
  const whole = {} as Record<K, V>;
  for (const key of keys) {
    const value = partial[key];
    if (value === undefined) return undefined;
    whole[key] = value;
  }
  return whole;
}

/**
 * A project's `signoff:` block: `{ sla: { <impact>: { key_users, spoc, sponsor, committee } } }`, each part
 * optional (what it leaves out follows the project's `sla`). undefined: not given; null: invalid (reported).
 */
export function readSignOffPolicy(
  problems: Problems,
  path: Path,
  value: unknown,
): { sla: SignOffSlaPolicy } | null | undefined {
  if (isAbsent(value)) return undefined;
  const block = readSection(problems, path, value, 'sla: { normal: { key_users: 2d } }', ['sla'] as const);
  if (block === undefined) return null;
  const slaPath = [...path, 'sla'];
  if (isAbsent(block.obj.sla)) {
    if (!block.misspelt.has('sla'))
      problems.add(
        slaPath,
        'missing (the time allowed per impact and level, e.g. { normal: { key_users: 2d } })',
      );
    return null;
  }
  const example = 'e.g. { key_users: 2d, spoc: 1d, sponsor: 1d, committee: 2d }';
  const partial = readPartialSla(problems, slaPath, block.obj.sla, ['key_users', ...LEVELS], example);
  if (partial === null || partial === undefined) return null;
  const sla: Partial<Record<Impact, Partial<Record<Level, DurationSpec>>>> = {};
  for (const impact of IMPACTS) {
    const levels = partial[impact];
    if (levels === null) return null;
    if (levels === undefined) continue;
    const own: Partial<Record<Level, DurationSpec>> = {};
    for (const [level, spec] of Object.entries(levels) as [Level, DurationSpec | null][]) {
      if (spec === null) return null;
      own[level] = spec;
    }
    sla[impact] = own;
  }
  return { sla };
}
