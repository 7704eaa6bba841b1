import { describe, expect, it } from 'vitest';
import type { DecisionLatency } from '../../src/domain/latency.js';
import { percentile, type Summary, summarize, summarizeLatencies } from '../../src/domain/stats.js';
import { HOUR } from '../../src/domain/time.js';
import { T0 } from './fixtures.js';

const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe('percentile (nearest rank)', () => {
  it.each<[string, number[], number, number | null]>([
    ['1..10 median', oneToTen, 50, 5],
    ['1..10 p90', oneToTen, 90, 9],
    ['1..10 p91 rounds up to the 10th', oneToTen, 91, 10],
    ['1..10 p100', oneToTen, 100, 10],
    ['1..10 p10', oneToTen, 10, 1],
    ['1..10 p11', oneToTen, 11, 2],
    ['1..10 p0 is the minimum', oneToTen, 0, 1],
    ['odd count median', [10, 20, 30], 50, 20],
    ['one value', [42], 90, 42],
    ['empty', [], 50, null],
    ['1..100 p90', oneToHundred, 90, 90],
  ])('%s', (_name, sorted, p, expected) => {
    expect(percentile(sorted, p)).toBe(expected);
  });

  // p/100 * n is not exact in binary floating point (e.g. 0.55 * 100 = 55.00000000000001), and the ceiling of
  // that picks the next rank. The nearest rank of 1..100 at p is p itself.
  it.each([7, 14, 28, 55, 56].map((p) => [p, p]))(
    '1..100 at p%i is %i (no floating-point overshoot)',
    (p, value) => {
      expect(percentile(oneToHundred, p)).toBe(value);
    },
  );
});

describe('summarize', () => {
  it.each<[string, number[], Summary]>([
    ['empty', [], { count: 0, median: null, p90: null, max: null }],
    ['one value', [7], { count: 1, median: 7, p90: 7, max: 7 }],
    ['unsorted input', [9, 1, 5, 3, 7], { count: 5, median: 5, p90: 9, max: 9 }],
    ['1..10 shuffled', [4, 10, 1, 7, 3, 9, 2, 8, 6, 5], { count: 10, median: 5, p90: 9, max: 10 }],
    ['numbers, not strings: 10 > 9 > 100?', [100, 9, 10], { count: 3, median: 10, p90: 100, max: 100 }],
  ])('%s', (_name, values, expected) => {
    expect(summarize(values)).toEqual(expected);
  });

  it('does not sort its input in place', () => {
    const values = [3, 1, 2];
    summarize(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('summarizeLatencies', () => {
  const latency = (
    outcome: { wall: number; business: number; how?: 'decided' | 'expired' | 'withdrawn' } | null,
    firstResponse: number | null,
    breached: boolean,
  ): DecisionLatency => ({
    openedAt: T0,
    firstResponse:
      firstResponse === null
        ? null
        : { at: T0 + firstResponse * HOUR, wallMs: firstResponse * HOUR, businessMs: firstResponse * HOUR },
    outcome:
      outcome === null
        ? null
        : {
            at: T0 + outcome.wall * HOUR,
            how: outcome.how ?? 'decided',
            wallMs: outcome.wall * HOUR,
            businessMs: outcome.business * HOUR,
          },
    pausedMs: 0,
    levels: [],
    breached,
  });

  it('no decisions: counts of zero and no breach rate', () => {
    const empty: Summary = { count: 0, median: null, p90: null, max: null };
    expect(summarizeLatencies([])).toEqual({
      decisions: 0,
      toOutcome: empty,
      toOutcomeWall: empty,
      toFirstResponse: empty,
      breachRate: null,
    });
  });

  it('outcomes only from closed decisions, first responses only where there was one, breach share of all', () => {
    const summary = summarizeLatencies([
      latency({ wall: 30, business: 6 }, 1, false),
      latency({ wall: 10, business: 2 }, 2, false),
      latency({ wall: 50, business: 20 }, null, true),
      latency(null, 4, false),
    ]);
    expect(summary).toEqual({
      decisions: 4,
      toOutcome: { count: 3, median: 6 * HOUR, p90: 20 * HOUR, max: 20 * HOUR },
      toOutcomeWall: { count: 3, median: 30 * HOUR, p90: 50 * HOUR, max: 50 * HOUR },
      toFirstResponse: { count: 3, median: 2 * HOUR, p90: 4 * HOUR, max: 4 * HOUR },
      breachRate: 0.25,
    });
  });

  it('a withdrawal is not an answer: it stays out of the time to outcome', () => {
    const summary = summarizeLatencies([
      latency({ wall: 30, business: 6 }, 1, false),
      latency({ wall: 1, business: 1, how: 'withdrawn' }, null, false),
      latency({ wall: 50, business: 20, how: 'expired' }, null, true),
    ]);
    expect(summary.toOutcome).toEqual({ count: 2, median: 6 * HOUR, p90: 20 * HOUR, max: 20 * HOUR });
    expect(summary.decisions).toBe(3);
  });

  it.each<[boolean[], number]>([
    [[false], 0],
    [[true], 1],
    [[true, false, false], 1 / 3],
    [[true, true, false, false, false], 0.4],
  ])('breach rate of %j is %d', (breaches, rate) => {
    expect(summarizeLatencies(breaches.map((b) => latency(null, null, b))).breachRate).toBeCloseTo(rate, 12);
  });
});
