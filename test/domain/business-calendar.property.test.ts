import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../src/domain/business-calendar.js';
import type { CalendarSpec, Weekday } from '../../src/domain/project.js';
import { HOUR, type Span } from '../../src/domain/time.js';

const NUM_RUNS = 300;
const ZONES = ['Asia/Jakarta', 'Europe/Berlin', 'America/New_York', 'UTC'] as const;
const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY = 24 * HOUR;
const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2028, 0, 1);
/** UTC midnights of the 2026–2027 DST switch days of Berlin and New York; instants near them get extra weight. */
const DST_DAYS = [
  Date.UTC(2026, 2, 8),
  Date.UTC(2026, 2, 29),
  Date.UTC(2026, 9, 25),
  Date.UTC(2026, 10, 1),
  Date.UTC(2027, 2, 14),
  Date.UTC(2027, 2, 28),
  Date.UTC(2027, 9, 31),
  Date.UTC(2027, 10, 7),
];

const clock = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const hoursArb = fc
  .integer({ min: 0, max: 1439 })
  .chain((start) => fc.tuple(fc.constant(start), fc.integer({ min: start + 1, max: 1440 })))
  .chain(([start, end]) =>
    fc.record({
      days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
      start: fc.constant(clock(start)),
      end: fc.constant(clock(end)),
    }),
  );

const holidaysArb = fc.array(
  fc.integer({ min: 0, max: 729 }).map((d) => new Date(FROM + d * DAY).toISOString().slice(0, 10)),
  { maxLength: 20 },
);

const specArb: fc.Arbitrary<CalendarSpec> = fc.record({
  timezone: fc.constantFrom(...ZONES),
  businessHours: fc.oneof(
    { arbitrary: hoursArb, weight: 9 },
    { arbitrary: fc.constant('always' as const), weight: 1 },
  ),
  holidays: holidaysArb,
});

const calendarArb = specArb.map((spec) => new BusinessCalendar(spec));

const instantArb = fc.oneof(
  fc.integer({ min: FROM, max: TO }),
  // Within two days of a DST switch, so windows that straddle it are exercised.
  fc.tuple(fc.constantFrom(...DST_DAYS), fc.integer({ min: -2 * DAY, max: 2 * DAY })).map(([d, o]) => d + o),
);

/** An amount of business time up to ten working days, at ms precision. */
const amountArb = (cal: BusinessCalendar) => fc.integer({ min: 0, max: 10 * cal.workingDayMs });

/** Sometimes snapped to a window start, so whole working days land exactly on window ends. */
const startArb = (cal: BusinessCalendar) =>
  fc.oneof(
    instantArb,
    instantArb.map((t) => cal.nextWorkingInstant(t)),
  );

const run = <T>(arb: fc.Arbitrary<T>, check: (value: T) => void) =>
  fc.assert(
    fc.property(arb, (value) => {
      check(value);
    }),
    { numRuns: NUM_RUNS },
  );

describe('BusinessCalendar properties', () => {
  it('businessTimeBetween(s, addBusinessTime(s, d)) === d', () => {
    const arb = calendarArb.chain((cal) => fc.tuple(fc.constant(cal), startArb(cal), amountArb(cal)));
    run(arb, ([cal, s, d]) => {
      expect(cal.businessTimeBetween(s, cal.addBusinessTime(s, d))).toBe(d);
    });
  });

  it('addBusinessTime is monotonic in the amount', () => {
    const arb = calendarArb.chain((cal) =>
      fc.tuple(fc.constant(cal), startArb(cal), amountArb(cal), amountArb(cal)),
    );
    run(arb, ([cal, s, a, b]) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      expect(cal.addBusinessTime(s, lo)).toBeLessThanOrEqual(cal.addBusinessTime(s, hi));
    });
  });

  it('addBusinessTime is additive: add(add(s, a), b) === add(s, a + b) for a > 0', () => {
    const arb = calendarArb.chain((cal) =>
      fc.tuple(
        fc.constant(cal),
        startArb(cal),
        // Whole working days from a window start end exactly on a window end: the edge case of additivity.
        fc.oneof(
          amountArb(cal).filter((a) => a > 0),
          fc.integer({ min: 1, max: 5 }).map((k) => k * cal.workingDayMs),
        ),
        amountArb(cal),
      ),
    );
    run(arb, ([cal, s, a, b]) => {
      expect(cal.addBusinessTime(cal.addBusinessTime(s, a), b)).toBe(cal.addBusinessTime(s, a + b));
    });
  });

  it('businessTimeBetween is additive over adjacent ranges', () => {
    const arb = fc.tuple(calendarArb, instantArb, instantArb, instantArb);
    run(arb, ([cal, x, y, z]) => {
      const [a, b, c] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
      expect(cal.businessTimeBetween(a, c)).toBe(
        cal.businessTimeBetween(a, b) + cal.businessTimeBetween(b, c),
      );
    });
  });

  it('addBusinessTime(s, d > 0) lands inside working time or exactly on a window end', () => {
    const arb = calendarArb.chain((cal) =>
      fc.tuple(
        fc.constant(cal),
        startArb(cal),
        amountArb(cal).filter((d) => d > 0),
      ),
    );
    run(arb, ([cal, s, d]) => {
      const r = cal.addBusinessTime(s, d);
      expect(r).toBeGreaterThan(s);
      // Instants are whole ms, so "r - 1 is working but r is not" means r is a window end.
      expect(cal.isWorking(r) || cal.isWorking(r - 1)).toBe(true);
    });
  });

  it('0 <= businessTimeBetween(a, b) <= b - a', () => {
    run(fc.tuple(calendarArb, instantArb, instantArb), ([cal, x, y]) => {
      const [a, b] = x <= y ? [x, y] : [y, x];
      const between = cal.businessTimeBetween(a, b);
      expect(between).toBeGreaterThanOrEqual(0);
      expect(between).toBeLessThanOrEqual(b - a);
      expect(cal.businessTimeBetween(b, a)).toBe(0);
    });
  });

  it('nextWorkingInstant is the first working instant at or after t', () => {
    run(fc.tuple(calendarArb, instantArb), ([cal, t]) => {
      const next = cal.nextWorkingInstant(t);
      expect(next).toBeGreaterThanOrEqual(t);
      expect(cal.isWorking(next)).toBe(true);
      expect(cal.businessTimeBetween(t, next)).toBe(0);
      expect(cal.isWorking(t)).toBe(next === t);
    });
  });

  it('isWorking(t) agrees with one ms of business time at t', () => {
    run(fc.tuple(calendarArb, instantArb), ([cal, t]) => {
      expect(cal.isWorking(t)).toBe(cal.businessTimeBetween(t, t + 1) === 1);
    });
  });

  it('paused spans remove exactly the working time of their union', () => {
    const spanArb: fc.Arbitrary<Span> = fc
      .tuple(instantArb, fc.integer({ min: 0, max: 3 * DAY }))
      .map(([from, length]) => ({ from, to: from + length }));
    const arb = fc.tuple(calendarArb, instantArb, instantArb, fc.array(spanArb, { maxLength: 4 }));
    run(arb, ([cal, x, y, paused]) => {
      const [a, b] = x <= y ? [x, y] : [y, x];
      const withPauses = cal.businessTimeBetween(a, b, paused);
      // Duplicating the spans (full overlap) changes nothing.
      expect(cal.businessTimeBetween(a, b, [...paused, ...paused])).toBe(withPauses);
      expect(withPauses).toBeGreaterThanOrEqual(0);
      expect(withPauses).toBeLessThanOrEqual(cal.businessTimeBetween(a, b));
      // A single span inside [a, b) removes exactly its own working time.
      const [first] = paused;
      if (first !== undefined) {
        const inner = { from: Math.max(first.from, a), to: Math.min(first.to, b) };
        if (inner.to > inner.from) {
          expect(cal.businessTimeBetween(a, b, [first])).toBe(
            cal.businessTimeBetween(a, b) - cal.businessTimeBetween(inner.from, inner.to),
          );
          // A span nested inside another (same start, shorter) adds nothing.
          const nested = { from: first.from, to: first.from + Math.floor((first.to - first.from) / 2) };
          expect(cal.businessTimeBetween(a, b, [first, nested])).toBe(cal.businessTimeBetween(a, b, [first]));
        }
      }
    });
  });
});
