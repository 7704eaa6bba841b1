import { describe, expect, it } from 'vitest';
import {
  button,
  capList,
  fields,
  header,
  LIMIT,
  link,
  mrkdwnEscape,
  option,
  quote,
  section,
  truncate,
  truncateMrkdwn,
} from '../../../src/slack/blocks/kit.js';
import { t } from '../../../src/slack/text/index.js';
import { expectValidMessage } from '../helpers/block-kit.js';

describe('mrkdwn helpers', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['<!channel> & <https://x|y>', '&lt;!channel&gt; &amp; &lt;https://x|y&gt;'],
    ['plain *bold*', 'plain *bold*'],
  ])('escapes %j', (raw, escaped) => {
    expect(mrkdwnEscape(raw)).toBe(escaped);
  });

  it('quotes every line of escaped text', () => {
    expect(quote('a\n<b>')).toBe('>a\n>&lt;b&gt;');
  });

  it('escapes a link label and keeps the URL intact', () => {
    expect(link('https://x.test/a?b=1', 'a <b>')).toBe('<https://x.test/a?b=1|a &lt;b&gt;>');
    // What a person typed into a link field cannot close the link nor mention anyone.
    expect(link('https://x.test/a|<!channel>>x', 'y')).toBe('<https://x.test/a%7C%3C!channel%3E%3Ex|y>');
  });
});

describe('truncation', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['0123456789ab', 10, '012345678…'],
  ])('truncate(%j, %i) = %j', (text, max, expected) => {
    expect(truncate(text, max)).toBe(expected);
  });

  it.each([
    ['an entity is not cut in half', `${'x'.repeat(7)}&amp;yyyy`, 10, `${'x'.repeat(7)}…`],
    ['a mention is not cut in half', `${'x'.repeat(5)}<@U12345>`, 10, `${'x'.repeat(5)}…`],
    ['a surrogate pair is not cut in half', `${'x'.repeat(8)}😀z`, 10, `${'x'.repeat(8)}…`],
  ])('truncateMrkdwn: %s', (_name, text, max, expected) => {
    const cut = truncateMrkdwn(text, max);
    expect(cut).toBe(expected);
    expect(cut.length).toBeLessThanOrEqual(max);
  });

  it.each<{ name: string; make: () => unknown; read: (b: unknown) => string; max: number }>([
    {
      name: 'header',
      make: () => header('h'.repeat(500)),
      read: (b) => (b as { text: { text: string } }).text.text,
      max: LIMIT.header,
    },
    {
      name: 'section',
      make: () => section('s'.repeat(5000)),
      read: (b) => (b as { text: { text: string } }).text.text,
      max: LIMIT.section,
    },
    {
      name: 'button',
      make: () => button({ text: 'b'.repeat(200), actionId: 'a' }),
      read: (b) => (b as { text: { text: string } }).text.text,
      max: LIMIT.buttonText,
    },
    {
      name: 'field',
      make: () => fields(['f'.repeat(2500)]),
      read: (b) => (b as { fields: { text: string }[] }).fields[0]?.text ?? '',
      max: LIMIT.field,
    },
    {
      name: 'option',
      make: () => option('o'.repeat(100), 'v'),
      read: (b) => (b as { text: { text: string } }).text.text,
      max: LIMIT.optionText,
    },
  ])('cuts a $name to its limit', ({ make, read, max }) => {
    const text = read(make());
    expect(text.length).toBe(max);
    expect(text.endsWith('…')).toBe(true);
  });

  it('keeps at most 10 fields and drops empty ones', () => {
    const block = fields(['', undefined, ...Array.from({ length: 12 }, (_, i) => `f${i}`)]);
    expect(block.fields).toHaveLength(10);
    expect(block.fields?.[0]?.text).toBe('f0');
    expectValidMessage([block]);
  });

  it.each([
    [[1, 2, 3], 5, [1, 2, 3], 0],
    [[1, 2, 3, 4, 5, 6, 7], 5, [1, 2, 3, 4, 5], 2],
  ])('capList(%j, %i)', (items, max, shown, more) => {
    expect(capList(items, max)).toEqual({ shown, more });
  });
});

describe('English formats', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [45_000, '45s'],
    [5 * 60_000 + 30_000, '5m 30s'],
    [60 * 60_000, '1h'],
    [2 * 3600_000 + 15 * 60_000 + 59_000, '2h 15m'],
    [3 * 86_400_000 + 4 * 3600_000 + 5 * 60_000, '3d 4h'],
    [-5000, '0s'],
  ])('durationShort(%i) = %j', (ms, expected) => {
    expect(t.format.durationShort(ms)).toBe(expected);
  });

  it.each([
    [Date.UTC(2026, 10, 30, 7, 0), 'Asia/Jakarta', 'Mon 30 Nov, 14:00'],
    [Date.UTC(2026, 10, 30, 7, 0), 'Europe/Paris', 'Mon 30 Nov, 08:00'],
    [Date.UTC(2026, 2, 29, 1, 30), 'Europe/Paris', 'Sun 29 Mar, 03:30'],
  ])('instant(%i, %s) = %j', (at, zone, expected) => {
    expect(t.format.instant(at, zone)).toBe(expected);
  });

  it.each([
    ['2026-12-04', 'Fri 4 Dec 2026'],
    ['not a date', 'not a date'],
  ])('localDate(%j) = %j', (ymd, expected) => {
    expect(t.format.localDate(ymd)).toBe(expected);
  });

  it.each([
    [[], ''],
    [['a'], 'a'],
    [['a', 'b'], 'a and b'],
    [['a', 'b', 'c'], 'a, b and c'],
  ])('list(%j) = %j', (items, expected) => {
    expect(t.format.list(items)).toBe(expected);
  });
});
