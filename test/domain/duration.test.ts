import { describe, expect, it } from 'vitest';
import { type DurationSpec, durationToMs, formatDuration, parseDuration } from '../../src/domain/duration.js';
import { HOUR, MINUTE, SECOND } from '../../src/domain/time.js';

describe('parseDuration', () => {
  it.each<[string, DurationSpec]>([
    ['30s', { amount: 30, unit: 's' }],
    ['15m', { amount: 15, unit: 'm' }],
    ['8h', { amount: 8, unit: 'h' }],
    ['2d', { amount: 2, unit: 'd' }],
    ['1.5h', { amount: 1.5, unit: 'h' }],
    ['0.5d', { amount: 0.5, unit: 'd' }],
    [' 4h ', { amount: 4, unit: 'h' }],
  ])('accepts %j', (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
  });

  it.each([
    '4 hours',
    '4 h',
    '0h',
    '0.0d',
    '-1h',
    '+1h',
    'h',
    '',
    '   ',
    '4',
    '1.5',
    '.5h',
    '1.h',
    '1,5h',
    '2w',
    '4hh',
    '1e3s',
  ])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it.each(['30s', '15m', '8h', '2d', '1.5h'])('formats %j back to the same text', (text) => {
    const spec = parseDuration(text);
    expect(spec).toBeDefined();
    if (spec) expect(formatDuration(spec)).toBe(text);
  });
});

describe('durationToMs with a working day of 8 h', () => {
  const workingDayMs = 8 * HOUR;
  it.each<[string, number]>([
    ['30s', 30 * SECOND],
    ['15m', 15 * MINUTE],
    ['8h', 8 * HOUR],
    ['1.5h', 90 * MINUTE],
    ['1d', 8 * HOUR],
    ['2d', 16 * HOUR],
    ['1.5d', 12 * HOUR],
    ['0.25d', 2 * HOUR],
  ])('%s → %d ms', (text, ms) => {
    const spec = parseDuration(text);
    if (!spec) throw new Error(`fixture ${text} does not parse`);
    expect(durationToMs(spec, workingDayMs)).toBe(ms);
  });

  it('only `d` depends on the working day', () => {
    expect(durationToMs({ amount: 2, unit: 'd' }, 24 * HOUR)).toBe(48 * HOUR);
    expect(durationToMs({ amount: 2, unit: 'h' }, 24 * HOUR)).toBe(2 * HOUR);
  });

  it('rounds to whole milliseconds', () => {
    expect(durationToMs({ amount: 1, unit: 'd' }, 1000 / 3)).toBe(333);
    expect(durationToMs({ amount: 0.0005, unit: 's' }, workingDayMs)).toBe(1);
  });
});
