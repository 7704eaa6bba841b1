import { TZDate } from '@date-fns/tz';
import { type DurationSpec, durationToMs } from './duration.js';
import type { CalendarSpec, Weekday } from './project.js';
import { type Instant, MINUTE, type Span } from './time.js';

export type CalendarErrorCode = 'unknown_timezone' | 'bad_hours' | 'no_working_days' | 'bad_holiday';

/** A refused calendar spec (or one with no working time at all); `code` lets callers word it. */
export class CalendarError extends Error {
  constructor(
    readonly code: CalendarErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CalendarError';
  }
}

const DAY_MS = 24 * 60 * MINUTE;
/** Stop searching for working time after this many consecutive days without any (e.g. every day a holiday). */
const MAX_IDLE_DAYS = 366 * 5;
/** Bound on cached working windows per calendar; far more than a run of due-time computations needs. */
const MAX_CACHED_DAYS = 20_000;

/** `Date.getUTCDay()` order, so a civil day number maps to its weekday without a zone. */
const WEEKDAY_BY_UTC_DAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** One day's working time as real instants: [start, end). */
interface Window {
  readonly start: Instant;
  readonly end: Instant;
}

/**
 * Working time of a project: its time zone, working hours and holidays.
 *
 * Working windows are computed per local date from local wall time, so 09:00–17:00 stays 09:00–17:00 local on
 * daylight-saving days. Only a window that straddles the switch changes length (e.g. 01:00–04:00 is 2 h of real
 * time on a spring-forward day). Local times that do not exist move forward by the gap (02:30 → 03:30), and
 * ambiguous ones take the first occurrence (the earlier, summer-time offset), as `TZDate` and `Date` do.
 *
 * With `businessHours: 'always'` the calendar is a 24/7 wall clock and holidays are ignored.
 */
export class BusinessCalendar {
  readonly spec: CalendarSpec;
  /** Length of one working day in ms (end - start; 24h for 'always'). Used to turn `1d` into ms. */
  readonly workingDayMs: number;

  readonly #zone: string;
  /** Undefined in 'always' mode. */
  readonly #hours: { days: ReadonlySet<Weekday>; startMin: number; endMin: number } | undefined;
  readonly #holidays: ReadonlySet<string>;
  /** Civil day number (days since 1970-01-01 of the local date) → that day's window, or null when not worked. */
  readonly #windows = new Map<number, Window | null>();

  constructor(spec: CalendarSpec) {
    this.spec = spec;
    this.#zone = validateZone(spec.timezone);
    this.#holidays = new Set(spec.holidays.map(validateHoliday));
    const hours = spec.businessHours;
    if (hours === 'always') {
      this.#hours = undefined;
      this.workingDayMs = DAY_MS;
      return;
    }
    const startMin = parseClock(hours.start, 'start');
    const endMin = parseClock(hours.end, 'end');
    if (startMin >= endMin) {
      throw new CalendarError(
        'bad_hours',
        `Working hours must start before they end (${hours.start}–${hours.end}).`,
      );
    }
    if (hours.days.length === 0)
      throw new CalendarError('no_working_days', 'No working days are configured.');
    for (const day of hours.days) {
      if (!WEEKDAY_BY_UTC_DAY.includes(day))
        throw new CalendarError('bad_hours', `Unknown weekday "${day}".`);
    }
    this.#hours = { days: new Set(hours.days), startMin, endMin };
    this.workingDayMs = (endMin - startMin) * MINUTE;
  }

  /** Is this instant inside working time? (start inclusive, end exclusive) */
  /** IANA zone of the calendar (validated). */
  get timeZone(): string {
    return this.#zone;
  }

  isWorking(at: Instant): boolean {
    if (this.#hours === undefined) return true;
    const day = this.#dayOf(at);
    // The previous day is checked too: a window ending at 24:00 touches the next local date.
    return contains(this.#window(day), at) || contains(this.#window(day - 1), at);
  }

  /** Start of the next working window at or after `at` (returns `at` if already working). */
  nextWorkingInstant(at: Instant): Instant {
    if (this.#hours === undefined) return at;
    let idle = 0;
    for (let day = this.#dayOf(at) - 1; ; day++) {
      const window = this.#window(day);
      if (window !== null && window.end > at) return Math.max(window.start, at);
      idle = this.#countIdle(idle);
    }
  }

  /**
   * The instant reached after `businessMs` of working time counted from `start`. 0 → `start` (not moved, even
   * outside working time). Otherwise counting begins at the next working window, and the result lands exactly
   * on a window end when the amount runs out there (Fri 16:30 + 30m = Fri 17:00, not Mon 09:00).
   */
  addBusinessTime(start: Instant, businessMs: number): Instant {
    if (!(businessMs >= 0) || !Number.isFinite(businessMs)) {
      throw new RangeError(`Business time must be a finite, non-negative number of ms (got ${businessMs}).`);
    }
    if (businessMs === 0) return start;
    if (this.#hours === undefined) return start + businessMs;
    let remaining = businessMs;
    let cursor = start;
    let idle = 0;
    for (let day = this.#dayOf(start) - 1; ; day++) {
      const window = this.#window(day);
      if (window === null || window.end <= cursor) {
        idle = this.#countIdle(idle);
        continue;
      }
      idle = 0;
      const from = Math.max(window.start, cursor);
      const available = window.end - from;
      // `<=`, not `<`: an amount that runs out exactly at the window end stays there.
      if (remaining <= available) return from + remaining;
      remaining -= available;
      cursor = window.end;
    }
  }

  /**
   * Working time in ms between two instants (0 if `to <= from`), minus any working time inside the paused spans.
   * Paused spans may overlap each other and extend outside [from, to); overlaps are counted once.
   */
  businessTimeBetween(from: Instant, to: Instant, paused: readonly Span[] = []): number {
    if (!(to > from)) return 0;
    let total = 0;
    for (const span of subtractSpans(from, to, paused)) total += this.#workingWithin(span.from, span.to);
    return total;
  }

  /** Working time inside [from, to), from < to, no pauses. */
  #workingWithin(from: Instant, to: Instant): number {
    if (this.#hours === undefined) return to - from;
    let total = 0;
    // A window lies within its own local date (end at most 24:00), so days before from's day - 1 end before
    // `from` and days after to's day start after `to`.
    const last = this.#dayOf(to);
    for (let day = this.#dayOf(from) - 1; day <= last; day++) {
      const window = this.#window(day);
      if (window === null) continue;
      const overlap = Math.min(window.end, to) - Math.max(window.start, from);
      if (overlap > 0) total += overlap;
    }
    return total;
  }

  /** Guards the forward searches: a spec whose days are all holidays for years has no working time to find. */
  #countIdle(idle: number): number {
    if (idle + 1 > MAX_IDLE_DAYS) {
      throw new CalendarError('no_working_days', `No working time in ${MAX_IDLE_DAYS} consecutive days.`);
    }
    return idle + 1;
  }

  /** Civil day number of the local date of `at` in the calendar's zone. */
  #dayOf(at: Instant): number {
    const local = new TZDate(at, this.#zone);
    return Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()) / DAY_MS;
  }

  /** The working window of a local date, computed from local wall time (hence right across DST switches). */
  #window(day: number): Window | null {
    const cached = this.#windows.get(day);
    if (cached !== undefined) return cached;
    const window = this.#computeWindow(day);
    if (this.#windows.size >= MAX_CACHED_DAYS) this.#windows.clear();
    this.#windows.set(day, window);
    return window;
  }

  #computeWindow(day: number): Window | null {
    const hours = this.#hours;
    if (hours === undefined) return null;
    const date = new Date(day * DAY_MS);
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
    const weekday = WEEKDAY_BY_UTC_DAY[date.getUTCDay()];
    if (weekday === undefined || !hours.days.has(weekday)) return null;
    if (this.#holidays.has(isoDate(y, m, d))) return null;
    const at = (min: number) => new TZDate(y, m, d, Math.floor(min / 60), min % 60, this.#zone).getTime();
    // 24:00 rolls over to the next local midnight, as with `Date`.
    const start = at(hours.startMin);
    const end = at(hours.endMin);
    // A window entirely inside a DST gap (e.g. 02:30–03:00 on spring-forward day) has no real time.
    return end > start ? { start, end } : null;
  }
}

/** Business milliseconds of a duration in this calendar (`1d` = one working day). */
export function durationMs(spec: DurationSpec, calendar: BusinessCalendar): number {
  return durationToMs(spec, calendar.workingDayMs);
}

function contains(window: Window | null, at: Instant): boolean {
  return window !== null && window.start <= at && at < window.end;
}

/** [from, to) minus the union of `paused`, as sorted disjoint non-empty spans. */
function subtractSpans(from: Instant, to: Instant, paused: readonly Span[]): Span[] {
  const clipped = paused
    .map((s) => ({ from: Math.max(s.from, from), to: Math.min(s.to, to) }))
    .filter((s) => s.to > s.from)
    .sort((a, b) => a.from - b.from);
  const result: Span[] = [];
  let cursor = from;
  for (const span of clipped) {
    if (span.from > cursor) result.push({ from: cursor, to: span.from });
    cursor = Math.max(cursor, span.to);
  }
  if (cursor < to) result.push({ from: cursor, to });
  return result;
}

function validateZone(zone: string): string {
  try {
    if (zone.trim() === '') throw new RangeError('empty');
    // Intl knows the IANA database of the runtime; its canonical name keeps `TZDate` lookups consistent.
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw new CalendarError('unknown_timezone', `Unknown time zone "${zone}".`);
  }
}

const CLOCK = /^(\d{2}):(\d{2})$/;

/** "HH:MM" → minutes after midnight; "24:00" is allowed as an end of day. */
function parseClock(text: string, which: 'start' | 'end'): number {
  const match = CLOCK.exec(text);
  const h = Number(match?.[1]);
  const m = Number(match?.[2]);
  const valid = match !== null && m < 60 && (h < 24 || (which === 'end' && h === 24 && m === 0));
  if (!valid) throw new CalendarError('bad_hours', `Working hours ${which} "${text}" is not a time "HH:MM".`);
  return h * 60 + m;
}

const HOLIDAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function validateHoliday(text: string): string {
  const match = HOLIDAY.exec(text);
  if (match !== null) {
    const [y, m, d] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
    // Round-trip through UTC to reject dates such as 2026-02-30.
    if (isoDate(y, m, d) === new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10)) return text;
  }
  throw new CalendarError('bad_holiday', `Holiday "${text}" is not a date "YYYY-MM-DD".`);
}

function isoDate(year: number, monthIndex: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(monthIndex + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
