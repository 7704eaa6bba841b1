/**
 * Business durations as written in the config: `30s`, `15m`, `8h`, `2d`.
 * `d` is a working day (the length of one business day in the calendar), so its length in milliseconds
 * depends on the calendar; the other units are fixed.
 */
export type DurationUnit = 's' | 'm' | 'h' | 'd';

export interface DurationSpec {
  readonly amount: number;
  readonly unit: DurationUnit;
}

const PATTERN = /^(\d+(?:\.\d+)?)([smhd])$/;

/** Parses `4h` into `{ amount: 4, unit: 'h' }`; returns undefined when the text is not a duration. */
export function parseDuration(text: string): DurationSpec | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  if (!(amount > 0)) return undefined;
  return { amount, unit: match[2] as DurationUnit };
}

export function formatDuration(spec: DurationSpec): string {
  return `${spec.amount}${spec.unit}`;
}

const UNIT_MS: Record<Exclude<DurationUnit, 'd'>, number> = { s: 1000, m: 60_000, h: 3_600_000 };

/** Business milliseconds of a duration, given the length of one working day in milliseconds. */
export function durationToMs(spec: DurationSpec, workingDayMs: number): number {
  return Math.round(spec.amount * (spec.unit === 'd' ? workingDayMs : UNIT_MS[spec.unit]));
}
