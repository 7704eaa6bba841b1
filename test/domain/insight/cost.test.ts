import { describe, expect, it } from 'vitest';
import { type CostOfDelay, costOfDelay } from '../../../src/domain/insight/index.js';
import { HOUR } from '../../../src/domain/time.js';

const DAY_24H = 24 * HOUR;
const DAY_8H = 8 * HOUR;
const rate = { perDay: 1000, currency: 'EUR' };

describe('costOfDelay', () => {
  it.each<[string, number, number, CostOfDelay | null]>([
    // 36 h / 24 h = 1.5 days × 1000 = 1500
    [
      'a day and a half of a 24 h day',
      36 * HOUR,
      DAY_24H,
      { businessDays: 1.5, amount: 1500, currency: 'EUR' },
    ],
    // 1 h / 24 h = 0.041666… days: shown 0.04, amount 41.67 → 42 (from the exact days, not 0.04 × 1000 = 40)
    [
      'an hour: days and amount rounded separately',
      HOUR,
      DAY_24H,
      { businessDays: 0.04, amount: 42, currency: 'EUR' },
    ],
    // 16 h of 8 h working days = 2 days, not 0.67 of a wall day
    [
      'working days of the business calendar',
      16 * HOUR,
      DAY_8H,
      { businessDays: 2, amount: 2000, currency: 'EUR' },
    ],
    ['nothing waited', 0, DAY_24H, { businessDays: 0, amount: 0, currency: 'EUR' }],
  ])('%s', (_name, waited, day, expected) => {
    expect(costOfDelay(waited, day, rate)).toEqual(expected);
  });

  it('has no cost without a configured rate', () => {
    expect(costOfDelay(36 * HOUR, DAY_24H, undefined)).toBeNull();
  });
});
