/**
 * Generic readers of the project file's values. Each returns the valid value, or undefined after recording a
 * problem at the value's path.
 */
import { checkKeys } from './keys.js';
import type { Path, Problems } from './problems.js';

export type Obj = Record<string, unknown>;

/** Reads one value at `path`: the valid value, or undefined after recording a problem. */
export type Reader<T> = (problems: Problems, path: Path, value: unknown) => T | undefined;

/** A mapping whose unknown keys were reported; `misspelt` holds the known keys suggested for them. */
export interface Section {
  readonly obj: Obj;
  readonly misspelt: ReadonlySet<string>;
}

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/** A value as quoted in a problem. */
export function describe(value: unknown): string {
  if (isAbsent(value)) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** `value` when it is given, else `otherwise` (null, an invalid value already reported, counts as given). */
export function given<T>(value: T | undefined, otherwise: T): T {
  return value !== undefined ? value : otherwise;
}

/** Whether every field has a value; narrows the fields to their defined types. */
export function complete<T extends Obj>(
  fields: T,
): fields is T & { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.values(fields).every((value) => value !== undefined);
}

export function readMapping(
  problems: Problems,
  path: Path,
  value: unknown,
  example: string,
): Obj | undefined {
  if (isObj(value)) return value;
  problems.add(path, `expected a mapping (${example}), found ${describe(value)}`);
  return undefined;
}

/** A mapping of the `known` keys: unknown ones are reported, with the closest known key as a suggestion. */
export function readSection(
  problems: Problems,
  path: Path,
  value: unknown,
  example: string,
  known: readonly string[],
): Section | undefined {
  const obj = readMapping(problems, path, value, example);
  return obj === undefined ? undefined : { obj, misspelt: checkKeys(problems, path, obj, known) };
}

/**
 * A required key of a section, read by `read`. When it is not given it is reported missing (with `hint`), unless
 * an unknown key was already reported as its misspelling.
 */
export function readRequired<T>(
  problems: Problems,
  path: Path,
  { obj, misspelt }: Section,
  key: string,
  hint: string,
  read: Reader<T>,
): T | undefined {
  if (!isAbsent(obj[key])) return read(problems, [...path, key], obj[key]);
  if (!misspelt.has(key)) problems.add([...path, key], `missing (${hint})`);
  return undefined;
}

export function readText(problems: Problems, path: Path, value: unknown, what: string): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  problems.add(path, `expected ${what}, found ${describe(value)}`);
  return undefined;
}

export interface ListSpec<T> {
  /** What the list should be, e.g. `a list of dates (e.g. ["2026-12-25"])`. */
  readonly expected: string;
  /** The problem of an empty list; leave out when an empty list is fine. */
  readonly empty?: string;
  /** Reads one item (reporting its problem, if any). */
  readonly item: (path: Path, value: unknown, index: number) => T | undefined;
  /** What to do with an item equal to an earlier one: report it, drop it, or (left out) keep it. */
  readonly repeats?: 'report' | 'drop';
}

/** A list read item by item; undefined when anything in it is invalid (every problem is reported). */
export function readList<T>(
  problems: Problems,
  path: Path,
  value: unknown,
  spec: ListSpec<T>,
): T[] | undefined {
  if (!Array.isArray(value)) {
    problems.add(path, `expected ${spec.expected}, found ${describe(value)}`);
    return undefined;
  }
  if (value.length === 0 && spec.empty !== undefined) {
    problems.add(path, spec.empty);
    return undefined;
  }
  const list: T[] = [];
  let ok = true;
  value.forEach((raw: unknown, index) => {
    const item = spec.item([...path, index], raw, index);
    if (item === undefined) ok = false;
    else if (spec.repeats === undefined || !list.includes(item)) list.push(item);
    else if (spec.repeats === 'report') {
      problems.add([...path, index], `${String(item)} is listed twice`);
      ok = false;
    }
  });
  return ok ? list : undefined;
}
