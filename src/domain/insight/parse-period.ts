import { TZDate } from '@date-fns/tz';
import { addDays, subDays } from 'date-fns';
import type { Instant } from '../time.js';

/** The rolling periods a sponsor may ask for, in calendar days back from now. */
export const PERIOD_PRESETS = ['7d', '30d', '90d'] as const;
export const DEFAULT_PERIOD = '7d';

export type PeriodError = 'bad_range' | 'reversed' | 'future';
export type ParsedPeriod = { readonly from: Instant; readonly to: Instant } | { readonly error: PeriodError };

const PRESET = /^(\d+)d$/;
const RANGE = /^(\d{4})-(\d{2})-(\d{2})\s*\.\.\s*(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The period of a `/insight` argument, as a half-open [from, to):
 * - `7d`, `30d`, `90d` (empty means `7d`): from the same local time that many days ago (so a daylight-saving
 *   switch in between does not shift it by an hour) to `now`;
 * - `YYYY-MM-DD..YYYY-MM-DD`: inclusive local dates in `timeZone`, from the first day's midnight to the midnight
 *   after the last day, cut at `now` when the range includes today.
 * Errors: `bad_range` (any other text, an impossible date), `reversed` (last day before the first),
 * `future` (the last day is after today in `timeZone`).
 */
export function parsePeriod(text: string, now: Instant, timeZone: string): ParsedPeriod {
  const input = text.trim().toLowerCase() || DEFAULT_PERIOD;
  const preset = PRESET.exec(input);
  if (preset !== null) {
    if (!(PERIOD_PRESETS as readonly string[]).includes(input)) return { error: 'bad_range' };
    return { from: subDays(new TZDate(now, timeZone), Number(preset[1])).getTime(), to: now };
  }
  const range = RANGE.exec(input);
  if (range === null) return { error: 'bad_range' };
  const first = localDate(range[1], range[2], range[3]);
  const last = localDate(range[4], range[5], range[6]);
  if (first === null || last === null) return { error: 'bad_range' };
  if (compare(last, first) < 0) return { error: 'reversed' };
  const today = new TZDate(now, timeZone);
  if (compare(last, [today.getFullYear(), today.getMonth(), today.getDate()]) > 0) return { error: 'future' };
  const midnight = (d: LocalDate) => new TZDate(d[0], d[1], d[2], timeZone);
  return {
    from: midnight(first).getTime(),
    to: Math.min(addDays(midnight(last), 1).getTime(), now),
  };
}

/** Year, month index (0..11), day of month. */
type LocalDate = readonly [number, number, number];

function localDate(y: string | undefined, m: string | undefined, d: string | undefined): LocalDate | null {
  const date: LocalDate = [Number(y), Number(m) - 1, Number(d)];
  // Round-trip through UTC to refuse dates such as 2026-02-30.
  const utc = new Date(Date.UTC(date[0], date[1], date[2]));
  const real =
    utc.getUTCFullYear() === date[0] && utc.getUTCMonth() === date[1] && utc.getUTCDate() === date[2];
  return real ? date : null;
}

function compare(a: LocalDate, b: LocalDate): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
