import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar, CalendarError, durationMs } from '../../src/domain/business-calendar.js';
import type { CalendarSpec } from '../../src/domain/project.js';
import { HOUR, MINUTE } from '../../src/domain/time.js';

/** Local wall time in a zone, month 1-based for readability. */
const at =
  (zone: string) =>
  (y: number, mo: number, d: number, h = 0, mi = 0) =>
    new TZDate(y, mo - 1, d, h, mi, zone).getTime();
const jkt = at('Asia/Jakarta');
const berlin = at('Europe/Berlin');
const ny = at('America/New_York');

const officeHours = (timezone: string, extra: Partial<CalendarSpec> = {}): CalendarSpec => ({
  timezone,
  businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' },
  holidays: [],
  ...extra,
});

const everyDay = (timezone: string, start: string, end: string): CalendarSpec => ({
  timezone,
  businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start, end },
  holidays: [],
});

function errorCode(build: () => unknown): string | undefined {
  try {
    build();
  } catch (error) {
    if (error instanceof CalendarError) return error.code;
    throw error;
  }
  return undefined;
}

describe('BusinessCalendar in Asia/Jakarta, 09:00–17:00 Mon–Fri', () => {
  // 2026-11-27 is a Friday, 2026-12-25 a Friday, 2026-12-28 a Monday.
  const cal = new BusinessCalendar(officeHours('Asia/Jakarta', { holidays: ['2026-12-25'] }));

  it('has an 8 h working day', () => {
    expect(cal.workingDayMs).toBe(8 * HOUR);
    expect(durationMs({ amount: 1, unit: 'd' }, cal)).toBe(8 * HOUR);
    expect(durationMs({ amount: 1.5, unit: 'd' }, cal)).toBe(12 * HOUR);
    expect(durationMs({ amount: 30, unit: 'm' }, cal)).toBe(30 * MINUTE);
  });

  it.each([
    ['Fri 16:30 + 4h escalates Mon 12:30', jkt(2026, 11, 27, 16, 30), 4 * HOUR, jkt(2026, 11, 30, 12, 30)],
    ['Tue 10:00 + 1d = Wed 10:00', jkt(2026, 11, 24, 10), 8 * HOUR, jkt(2026, 11, 25, 10)],
    ['Fri 16:30 + 30m stays at Fri 17:00', jkt(2026, 11, 27, 16, 30), 30 * MINUTE, jkt(2026, 11, 27, 17)],
    ['Fri 16:30 + 31m = Mon 09:01', jkt(2026, 11, 27, 16, 30), 31 * MINUTE, jkt(2026, 11, 30, 9, 1)],
    ['opened Saturday: counting starts Mon 09:00', jkt(2026, 11, 28, 11), HOUR, jkt(2026, 11, 30, 10)],
    ['opened before hours: counting starts 09:00', jkt(2026, 11, 24, 6), HOUR, jkt(2026, 11, 24, 10)],
    ['opened at 17:00 sharp: next day', jkt(2026, 11, 24, 17), HOUR, jkt(2026, 11, 25, 10)],
    ['Christmas (Fri) skipped', jkt(2026, 12, 24, 16), 2 * HOUR, jkt(2026, 12, 28, 10)],
    ['0 does not move a working instant', jkt(2026, 11, 24, 10), 0, jkt(2026, 11, 24, 10)],
    ['0 does not move a non-working instant', jkt(2026, 11, 28, 11), 0, jkt(2026, 11, 28, 11)],
    ['1 ms', jkt(2026, 11, 24, 10), 1, jkt(2026, 11, 24, 10) + 1],
    ['5 working days = one week', jkt(2026, 11, 24, 10), 40 * HOUR, jkt(2026, 12, 1, 10)],
  ])('addBusinessTime: %s', (_name, start, ms, expected) => {
    expect(cal.addBusinessTime(start, ms)).toBe(expected);
  });

  it('skips a Monday holiday after Christmas to Tuesday', () => {
    const withMonday = new BusinessCalendar(
      officeHours('Asia/Jakarta', { holidays: ['2026-12-25', '2026-12-28'] }),
    );
    expect(withMonday.addBusinessTime(jkt(2026, 12, 24, 16), 2 * HOUR)).toBe(jkt(2026, 12, 29, 10));
    expect(withMonday.nextWorkingInstant(jkt(2026, 12, 24, 17))).toBe(jkt(2026, 12, 29, 9));
  });

  it('continues from a window end as if never stopped (additivity at the edge)', () => {
    const friday1630 = jkt(2026, 11, 27, 16, 30);
    const friday1700 = cal.addBusinessTime(friday1630, 30 * MINUTE);
    expect(cal.addBusinessTime(friday1700, HOUR)).toBe(jkt(2026, 11, 30, 10));
    expect(cal.addBusinessTime(friday1630, 90 * MINUTE)).toBe(jkt(2026, 11, 30, 10));
  });

  it.each([
    ['09:00 sharp', jkt(2026, 11, 24, 9), true],
    ['one ms before 17:00', jkt(2026, 11, 24, 17) - 1, true],
    ['17:00 sharp', jkt(2026, 11, 24, 17), false],
    ['one ms before 09:00', jkt(2026, 11, 24, 9) - 1, false],
    ['Saturday noon', jkt(2026, 11, 28, 12), false],
    ['Christmas noon', jkt(2026, 12, 25, 12), false],
  ])('isWorking: %s → %s', (_name, instant, expected) => {
    expect(cal.isWorking(instant)).toBe(expected);
  });

  it.each([
    ['working instant stays', jkt(2026, 11, 24, 12), jkt(2026, 11, 24, 12)],
    ['Friday evening → Monday 09:00', jkt(2026, 11, 27, 17), jkt(2026, 11, 30, 9)],
    ['Saturday → Monday 09:00', jkt(2026, 11, 28, 3), jkt(2026, 11, 30, 9)],
    ['early morning → same day 09:00', jkt(2026, 11, 24, 0), jkt(2026, 11, 24, 9)],
  ])('nextWorkingInstant: %s', (_name, instant, expected) => {
    expect(cal.nextWorkingInstant(instant)).toBe(expected);
  });

  it('businessTimeBetween: Fri 16:00 → Mon 10:00 = 2 h', () => {
    expect(cal.businessTimeBetween(jkt(2026, 11, 27, 16), jkt(2026, 11, 30, 10))).toBe(2 * HOUR);
  });

  it('businessTimeBetween is 0 for an empty or reversed range', () => {
    expect(cal.businessTimeBetween(jkt(2026, 11, 24, 10), jkt(2026, 11, 24, 10))).toBe(0);
    expect(cal.businessTimeBetween(jkt(2026, 11, 24, 12), jkt(2026, 11, 24, 10))).toBe(0);
  });

  it('businessTimeBetween excludes a paused span exactly', () => {
    const from = jkt(2026, 11, 27, 16);
    const to = jkt(2026, 11, 30, 10);
    const paused = [{ from: jkt(2026, 11, 30, 9, 15), to: jkt(2026, 11, 30, 9, 45) }];
    expect(cal.businessTimeBetween(from, to, paused)).toBe(90 * MINUTE);
    // The weekend part of a pause costs nothing.
    const weekend = [{ from: jkt(2026, 11, 28, 0), to: jkt(2026, 11, 30, 0) }];
    expect(cal.businessTimeBetween(from, to, weekend)).toBe(2 * HOUR);
  });

  it('businessTimeBetween does not double-count overlapping paused spans', () => {
    const from = jkt(2026, 11, 27, 16);
    const to = jkt(2026, 11, 30, 10);
    // Union: Fri 16:10 → Mon 09:10, i.e. 50 + 10 working minutes.
    const paused = [
      { from: jkt(2026, 11, 27, 16, 10), to: jkt(2026, 11, 27, 16, 40) },
      { from: jkt(2026, 11, 27, 16, 30), to: jkt(2026, 11, 30, 9, 10) },
      { from: jkt(2026, 11, 27, 16, 20), to: jkt(2026, 11, 27, 16, 25) },
    ];
    expect(cal.businessTimeBetween(from, to, paused)).toBe(HOUR);
  });

  it('businessTimeBetween clips paused spans that extend outside the range', () => {
    const from = jkt(2026, 11, 27, 16);
    const to = jkt(2026, 11, 30, 10);
    const paused = [
      { from: jkt(2026, 11, 26, 9), to: jkt(2026, 11, 27, 16, 30) },
      { from: jkt(2026, 11, 30, 9, 30), to: jkt(2026, 12, 4, 0) },
    ];
    expect(cal.businessTimeBetween(from, to, paused)).toBe(HOUR);
    // A pause covering everything leaves nothing; an empty or reversed one changes nothing.
    expect(cal.businessTimeBetween(from, to, [{ from: 0, to: jkt(2027, 1, 1) }])).toBe(0);
    expect(cal.businessTimeBetween(from, to, [{ from: to, to: from }])).toBe(2 * HOUR);
  });

  it('refuses a negative or non-finite amount', () => {
    expect(() => cal.addBusinessTime(jkt(2026, 11, 24, 10), -1)).toThrow(RangeError);
    expect(() => cal.addBusinessTime(jkt(2026, 11, 24, 10), Number.NaN)).toThrow(RangeError);
    expect(() => cal.addBusinessTime(jkt(2026, 11, 24, 10), Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe("BusinessCalendar with 'always' hours", () => {
  // Holidays are ignored in 'always' mode: it is a 24/7 wall clock.
  const cal = new BusinessCalendar({
    timezone: 'Asia/Jakarta',
    businessHours: 'always',
    holidays: ['2026-12-25'],
  });

  it('counts wall time', () => {
    expect(cal.workingDayMs).toBe(24 * HOUR);
    expect(durationMs({ amount: 2, unit: 'd' }, cal)).toBe(48 * HOUR);
    expect(cal.addBusinessTime(jkt(2026, 11, 27, 16, 30), 4 * HOUR)).toBe(jkt(2026, 11, 27, 20, 30));
    expect(cal.addBusinessTime(jkt(2026, 12, 24, 12), 24 * HOUR)).toBe(jkt(2026, 12, 25, 12));
    expect(cal.businessTimeBetween(jkt(2026, 11, 27, 16), jkt(2026, 11, 30, 10))).toBe(66 * HOUR);
    expect(cal.isWorking(jkt(2026, 12, 25, 3))).toBe(true);
    expect(cal.nextWorkingInstant(jkt(2026, 11, 28, 3))).toBe(jkt(2026, 11, 28, 3));
  });

  it('still excludes paused spans', () => {
    const paused = [
      { from: jkt(2026, 11, 28, 0), to: jkt(2026, 11, 29, 0) },
      { from: jkt(2026, 11, 28, 12), to: jkt(2026, 11, 29, 12) },
    ];
    expect(cal.businessTimeBetween(jkt(2026, 11, 27, 16), jkt(2026, 11, 30, 10), paused)).toBe(30 * HOUR);
  });
});

describe('BusinessCalendar across daylight-saving changes', () => {
  describe('Europe/Berlin, 09:00–17:00 every day', () => {
    const cal = new BusinessCalendar(everyDay('Europe/Berlin', '09:00', '17:00'));

    it('keeps 8 working hours on the 23 h spring-forward Sunday (2026-03-29)', () => {
      const day = [berlin(2026, 3, 29), berlin(2026, 3, 30)] as const;
      expect(day[1] - day[0]).toBe(23 * HOUR);
      expect(cal.businessTimeBetween(day[0], day[1])).toBe(8 * HOUR);
      // 09:00 local is 08:00Z before the switch and 07:00Z after it.
      expect(cal.nextWorkingInstant(berlin(2026, 3, 28))).toBe(Date.UTC(2026, 2, 28, 8));
      expect(cal.nextWorkingInstant(berlin(2026, 3, 29))).toBe(Date.UTC(2026, 2, 29, 7));
      expect(cal.addBusinessTime(berlin(2026, 3, 28, 16), 2 * HOUR)).toBe(berlin(2026, 3, 29, 10));
      expect(cal.addBusinessTime(berlin(2026, 3, 28, 16), 9 * HOUR)).toBe(berlin(2026, 3, 29, 17));
    });

    it('keeps 8 working hours on the 25 h fall-back Sunday (2026-10-25)', () => {
      const day = [berlin(2026, 10, 25), berlin(2026, 10, 26)] as const;
      expect(day[1] - day[0]).toBe(25 * HOUR);
      expect(cal.businessTimeBetween(day[0], day[1])).toBe(8 * HOUR);
      expect(cal.nextWorkingInstant(berlin(2026, 10, 25))).toBe(Date.UTC(2026, 9, 25, 8));
      expect(cal.isWorking(Date.UTC(2026, 9, 25, 7, 30))).toBe(false);
      expect(cal.isWorking(Date.UTC(2026, 9, 25, 15, 30))).toBe(true);
      expect(cal.addBusinessTime(berlin(2026, 10, 24, 16), 2 * HOUR)).toBe(berlin(2026, 10, 25, 10));
    });
  });

  describe('America/New_York, 01:00–04:00 every day (window straddles the switch)', () => {
    const cal = new BusinessCalendar(everyDay('America/New_York', '01:00', '04:00'));

    it('has a 2 h window on spring-forward day 2026-03-08, as 02:00–03:00 does not exist', () => {
      expect(cal.businessTimeBetween(ny(2026, 3, 8), ny(2026, 3, 9))).toBe(2 * HOUR);
      expect(cal.nextWorkingInstant(ny(2026, 3, 8))).toBe(Date.UTC(2026, 2, 8, 6)); // 01:00 EST
      expect(cal.isWorking(Date.UTC(2026, 2, 8, 8))).toBe(false); // 04:00 EDT
      // Sat 03:00 + 2h: one hour on Saturday, then 01:00 EST + 1 h real time = 03:00 EDT.
      expect(cal.addBusinessTime(ny(2026, 3, 7, 3), 2 * HOUR)).toBe(ny(2026, 3, 8, 3));
      expect(cal.addBusinessTime(ny(2026, 3, 7, 3), 3 * HOUR)).toBe(ny(2026, 3, 8, 4));
      // The nominal working day stays 3 h; `1d` is a nominal day, so this crosses into Monday.
      expect(durationMs({ amount: 1, unit: 'd' }, cal)).toBe(3 * HOUR);
      expect(cal.addBusinessTime(ny(2026, 3, 8, 1), 3 * HOUR)).toBe(ny(2026, 3, 9, 2));
    });

    it('has a 4 h window on fall-back day 2026-11-01: 01:00 is its first occurrence (EDT)', () => {
      expect(cal.businessTimeBetween(ny(2026, 11, 1), ny(2026, 11, 2))).toBe(4 * HOUR);
      expect(cal.nextWorkingInstant(ny(2026, 11, 1))).toBe(Date.UTC(2026, 10, 1, 5)); // 01:00 EDT
      expect(cal.addBusinessTime(ny(2026, 11, 1, 1), 4 * HOUR)).toBe(Date.UTC(2026, 10, 1, 9)); // 04:00 EST
    });

    it('drops a window that lies entirely inside the spring-forward gap', () => {
      const gap = new BusinessCalendar(everyDay('America/New_York', '02:30', '03:00'));
      expect(gap.businessTimeBetween(ny(2026, 3, 8), ny(2026, 3, 9))).toBe(0);
      expect(gap.businessTimeBetween(ny(2026, 3, 7), ny(2026, 3, 8))).toBe(30 * MINUTE);
      expect(gap.nextWorkingInstant(ny(2026, 3, 8))).toBe(ny(2026, 3, 9, 2, 30));
    });
  });
});

describe('BusinessCalendar with hours ending at 24:00', () => {
  const cal = new BusinessCalendar({
    timezone: 'UTC',
    businessHours: { days: ['mon', 'tue'], start: '22:00', end: '24:00' },
    holidays: [],
  });

  it('treats 24:00 as the end of the day', () => {
    // 2026-11-23 is a Monday.
    expect(cal.workingDayMs).toBe(2 * HOUR);
    expect(cal.isWorking(Date.UTC(2026, 10, 23, 23, 59))).toBe(true);
    expect(cal.isWorking(Date.UTC(2026, 10, 24, 0))).toBe(false);
    expect(cal.addBusinessTime(Date.UTC(2026, 10, 23, 23), HOUR)).toBe(Date.UTC(2026, 10, 24, 0));
    expect(cal.addBusinessTime(Date.UTC(2026, 10, 23, 23), 2 * HOUR)).toBe(Date.UTC(2026, 10, 24, 23));
  });
});

describe('BusinessCalendar spec validation', () => {
  const hours = { days: ['mon'] as const, start: '09:00', end: '17:00' };

  it.each([
    [
      'unknown zone',
      { timezone: 'Mars/Olympus_Mons', businessHours: hours, holidays: [] },
      'unknown_timezone',
    ],
    ['empty zone', { timezone: '', businessHours: hours, holidays: [] }, 'unknown_timezone'],
    [
      'start after end',
      { ...officeHours('UTC'), businessHours: { ...hours, start: '17:00', end: '09:00' } },
      'bad_hours',
    ],
    [
      'start equal to end',
      { ...officeHours('UTC'), businessHours: { ...hours, start: '09:00', end: '09:00' } },
      'bad_hours',
    ],
    [
      'hour without padding',
      { ...officeHours('UTC'), businessHours: { ...hours, start: '9:00' } },
      'bad_hours',
    ],
    ['hour 25', { ...officeHours('UTC'), businessHours: { ...hours, end: '25:00' } }, 'bad_hours'],
    ['start at 24:00', { ...officeHours('UTC'), businessHours: { ...hours, start: '24:00' } }, 'bad_hours'],
    ['minute 60', { ...officeHours('UTC'), businessHours: { ...hours, end: '16:60' } }, 'bad_hours'],
    ['empty days', { ...officeHours('UTC'), businessHours: { ...hours, days: [] } }, 'no_working_days'],
    ['holiday 2026-02-30', officeHours('UTC', { holidays: ['2026-02-30'] }), 'bad_holiday'],
    ['holiday 26-12-25', officeHours('UTC', { holidays: ['26-12-25'] }), 'bad_holiday'],
  ] satisfies [string, CalendarSpec, string][])('refuses %s', (_name, spec, code) => {
    expect(errorCode(() => new BusinessCalendar(spec))).toBe(code);
  });

  it('accepts a valid spec and keeps it', () => {
    const spec = officeHours('Europe/Berlin', { holidays: ['2026-12-25', '2028-02-29'] });
    expect(new BusinessCalendar(spec).spec).toBe(spec);
  });

  it('gives up with no_working_days when years of working days are all holidays', () => {
    // Every Monday from 2026-01-05 for seven years.
    const mondays = Array.from({ length: 7 * 53 }, (_, i) =>
      new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10),
    );
    const cal = new BusinessCalendar({ ...officeHours('UTC', { holidays: mondays }), businessHours: hours });
    expect(errorCode(() => cal.nextWorkingInstant(Date.UTC(2026, 0, 1)))).toBe('no_working_days');
    expect(errorCode(() => cal.addBusinessTime(Date.UTC(2026, 0, 1), HOUR))).toBe('no_working_days');
    expect(cal.isWorking(Date.UTC(2026, 0, 5, 10))).toBe(false);
  });
});
