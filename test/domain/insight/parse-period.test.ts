import { describe, expect, it } from 'vitest';
import { type ParsedPeriod, parsePeriod } from '../../../src/domain/insight/index.js';
import { HOUR } from '../../../src/domain/time.js';
import { T0 } from '../fixtures.js';

const DAY = 24 * HOUR;
const BERLIN = 'Europe/Berlin'; // CEST (UTC+2) until Sunday 25 October 2026 03:00, CET (UTC+1) after
const utc = (month: number, day: number, hour = 0) => Date.UTC(2026, month - 1, day, hour);

describe('parsePeriod (now: Monday 2 November 2026, 09:00 UTC = 10:00 in Berlin)', () => {
  it.each<[string, ParsedPeriod]>([
    ['', { from: T0 - 7 * DAY, to: T0 }],
    ['  ', { from: T0 - 7 * DAY, to: T0 }],
    ['7d', { from: T0 - 7 * DAY, to: T0 }],
    [' 7D ', { from: T0 - 7 * DAY, to: T0 }],
    // 3 October 10:00 CEST = 08:00 UTC: one hour more than 30 × 24 h, since the clocks went back in between.
    ['30d', { from: T0 - 30 * DAY - HOUR, to: T0 }],
    ['90d', { from: T0 - 90 * DAY - HOUR, to: T0 }],
    // Monday 26 to Friday 30 October inclusive: 26 Oct 00:00 CET to 31 Oct 00:00 CET.
    ['2026-10-26..2026-10-30', { from: utc(10, 25, 23), to: utc(10, 30, 23) }],
    ['2026-10-26 .. 2026-10-30', { from: utc(10, 25, 23), to: utc(10, 30, 23) }],
    // Across the switch: 24 Oct 00:00 CEST (22:00 UTC the day before) to 26 Oct 00:00 CET: 49 hours.
    ['2026-10-24..2026-10-25', { from: utc(10, 23, 22), to: utc(10, 25, 23) }],
    ['2026-10-30..2026-10-30', { from: utc(10, 29, 23), to: utc(10, 30, 23) }],
    // Including today: cut at now.
    ['2026-11-01..2026-11-02', { from: utc(10, 31, 23), to: T0 }],
    ['2026-02-28..2026-03-01', { from: utc(2, 27, 23), to: utc(3, 1, 23) }],
  ])('%j → %j', (text, expected) => {
    expect(parsePeriod(text, T0, BERLIN)).toEqual(expected);
  });

  it.each<[string, ParsedPeriod]>([
    ['14d', { error: 'bad_range' }],
    ['0d', { error: 'bad_range' }],
    ['7 days', { error: 'bad_range' }],
    ['last week', { error: 'bad_range' }],
    ['2026-10-26', { error: 'bad_range' }],
    ['2026-1-01..2026-01-02', { error: 'bad_range' }],
    ['2026-02-30..2026-03-01', { error: 'bad_range' }],
    ['2026-10-26...2026-10-30', { error: 'bad_range' }],
    ['2026-10-30..2026-10-26', { error: 'reversed' }],
    ['2026-11-05..2026-11-04', { error: 'reversed' }],
    ['2026-11-03..2026-11-04', { error: 'future' }],
    ['2026-10-30..2026-11-03', { error: 'future' }],
  ])('%j → %j', (text, expected) => {
    expect(parsePeriod(text, T0, BERLIN)).toEqual(expected);
  });

  it('"today" is the local date in the zone', () => {
    // 23:30 UTC on 2 November is already 3 November 06:30 in Jakarta (UTC+7).
    const now = utc(11, 2, 23) + 30 * 60_000;
    expect(parsePeriod('2026-11-03..2026-11-03', now, 'Asia/Jakarta')).toEqual({
      from: utc(11, 2, 17),
      to: now,
    });
    expect(parsePeriod('2026-11-03..2026-11-03', now, 'UTC')).toEqual({ error: 'future' });
  });
});
