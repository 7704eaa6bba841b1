/** The business calendar of the project file: time zone, business hours and holidays. */
import { type BusinessHours, type CalendarSpec, WEEKDAYS, type Weekday } from '../domain/project.js';
import { DEFAULT_BUSINESS_HOURS } from './defaults.js';
import type { Path, Problems } from './problems.js';
import { describe, isAbsent, readList, readRequired, readSection, type Section } from './readers.js';

const HOURS_KEYS = ['days', 'start', 'end'] as const;

const WEEKDAY_NAMES: Record<string, Weekday> = {
  monday: 'mon',
  tuesday: 'tue',
  wednesday: 'wed',
  thursday: 'thu',
  friday: 'fri',
  saturday: 'sat',
  sunday: 'sun',
};

/** The calendar keys of the top level (`top` with the keys it misspelt). */
export function readCalendar(problems: Problems, top: Section): CalendarSpec | undefined {
  const { obj } = top;
  const zoneHint = 'the IANA time zone of the business calendar, e.g. Asia/Jakarta';
  const timezone = readRequired(problems, [], top, 'timezone', zoneHint, readTimeZone);
  const businessHours = readBusinessHours(problems, obj.business_hours);
  const holidays = isAbsent(obj.holidays)
    ? []
    : readList(problems, ['holidays'], obj.holidays, {
        expected: 'a list of dates (e.g. ["2026-12-25"])',
        item: (path, item) => readDate(problems, path, item),
        repeats: 'drop',
      });

  if (timezone === undefined || businessHours === undefined || holidays === undefined) return undefined;
  return { timezone, businessHours, holidays: holidays.sort() };
}

function readTimeZone(problems: Problems, path: Path, value: unknown): string | undefined {
  if (typeof value === 'string' && isTimeZone(value)) return value;
  problems.add(
    path,
    `${describe(value)} is not a time zone (use an IANA name such as Asia/Jakarta, Europe/Paris or UTC)`,
  );
  return undefined;
}

function isTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function readDate(problems: Problems, path: Path, value: unknown): string | undefined {
  if (typeof value === 'string' && isIsoDate(value)) return value;
  problems.add(path, `${describe(value)} is not a date (use "YYYY-MM-DD", e.g. "2026-12-25")`);
  return undefined;
}

function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function readBusinessHours(problems: Problems, value: unknown): BusinessHours | undefined {
  const path = ['business_hours'];
  if (isAbsent(value)) return { ...DEFAULT_BUSINESS_HOURS, days: [...DEFAULT_BUSINESS_HOURS.days] };
  if (typeof value === 'string' && value.trim().toLowerCase() === 'always') return 'always';
  const hours = readSection(
    problems,
    path,
    value,
    'days, start and end, e.g. { days: [mon, tue, wed, thu, fri], start: "09:00", end: "17:00" }, or the word always',
    HOURS_KEYS,
  )?.obj;
  if (hours === undefined) return undefined;

  const days: Weekday[] | undefined = isAbsent(hours.days)
    ? [...DEFAULT_BUSINESS_HOURS.days]
    : readList(problems, [...path, 'days'], hours.days, {
        expected: 'a list of weekdays (e.g. [mon, tue, wed, thu, fri])',
        empty:
          'no working days: list at least one (e.g. [mon, tue, wed, thu, fri]), or use business_hours: always',
        item: (itemPath, item) => readWeekday(problems, itemPath, item),
        repeats: 'report',
      });
  const start = isAbsent(hours.start)
    ? DEFAULT_BUSINESS_HOURS.start
    : readClock(problems, [...path, 'start'], hours.start, false);
  const end = isAbsent(hours.end)
    ? DEFAULT_BUSINESS_HOURS.end
    : readClock(problems, [...path, 'end'], hours.end, true);
  if (start !== undefined && end !== undefined && start >= end) {
    problems.add(
      [...path, 'end'],
      `"${end}" is not after start "${start}" (working hours must start and end on the same day)`,
    );
    return undefined;
  }
  if (days === undefined || start === undefined || end === undefined) return undefined;
  return { days, start, end };
}

/** `mon` or `Monday` → `mon`. */
function readWeekday(problems: Problems, path: Path, value: unknown): Weekday | undefined {
  const name = typeof value === 'string' ? value.trim().toLowerCase() : '';
  const day = WEEKDAYS.find((d) => d === name) ?? WEEKDAY_NAMES[name];
  if (day === undefined)
    problems.add(path, `${describe(value)} is not a weekday (use ${WEEKDAYS.join(', ')})`);
  return day;
}

/** "H:MM" or "HH:MM" (24-hour) → "HH:MM"; `end` may also be "24:00" (midnight at the end of the day). */
function readClock(problems: Problems, path: Path, value: unknown, isEnd: boolean): string | undefined {
  const match = typeof value === 'string' ? /^(\d{1,2}):(\d{2})$/.exec(value.trim()) : null;
  if (match !== null) {
    const h = Number(match[1]);
    const m = Number(match[2]);
    if (m < 60 && (h < 24 || (isEnd && h === 24 && m === 0)))
      return `${String(h).padStart(2, '0')}:${match[2]}`;
  }
  problems.add(path, `${describe(value)} is not a time of day (use 24-hour "HH:MM" in quotes, e.g. "09:00")`);
  return undefined;
}
