import { describe, expect, it } from 'vitest';
import { BlockKitValidator } from '../../src/sandbox/fake-slack/validation/block-kit.js';
import { viewTooLarge } from '../../src/sandbox/fake-slack/validation/block-limits.js';
import { resolveReferenceDir } from '../../src/sandbox/reference.js';

const validator = new BlockKitValidator(resolveReferenceDir());

const text = (t: string) => ({ type: 'plain_text', text: t });
const mrkdwn = (t: string) => ({ type: 'mrkdwn', text: t });
const button = (actionId: string, extra: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: actionId,
  text: text('Go'),
  ...extra,
});
const section = (t: string) => ({ type: 'section', text: mrkdwn(t) });
const options = (n: number) => Array.from({ length: n }, (_, i) => ({ text: text(`o${i}`), value: `v${i}` }));
const modal = (extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: text('Decide'),
  blocks: [section('hi')],
  ...extra,
});

/** Each rule: a payload Slack refuses and its nearest valid twin. */
const messageRules: Array<{ rule: string; bad: unknown[]; good: unknown[]; error: RegExp }> = [
  {
    rule: 'unknown block type',
    bad: [{ type: 'sectionx' }],
    good: [section('x')],
    error: /must be one of: .*section.*\/blocks\/0\/type/,
  },
  {
    rule: 'missing required field',
    bad: [{ type: 'header' }],
    good: [{ type: 'header', text: text('H') }],
    error: /required property 'text'/,
  },
  {
    rule: 'bad enum (button style)',
    bad: [{ type: 'actions', elements: [button('a', { style: 'blue' })] }],
    good: [{ type: 'actions', elements: [button('a', { style: 'danger' })] }],
    error: /primary, danger.*elements\/0\/style/,
  },
  {
    rule: 'unexpected property',
    bad: [{ type: 'divider', colour: 'red' }],
    good: [{ type: 'divider' }],
    error: /unexpected property "colour"/,
  },
  {
    rule: '50 blocks per message',
    bad: Array.from({ length: 51 }, () => ({ type: 'divider' })),
    good: Array.from({ length: 50 }, () => ({ type: 'divider' })),
    error: /no more than 50 items/,
  },
  {
    rule: 'block_id ≤ 255',
    bad: [{ ...section('x'), block_id: 'b'.repeat(256) }],
    good: [{ ...section('x'), block_id: 'b'.repeat(255) }],
    error: /less than 256 characters.*block_id/,
  },
  {
    rule: 'duplicate block_id',
    bad: [
      { ...section('x'), block_id: 'b' },
      { ...section('y'), block_id: 'b' },
    ],
    good: [
      { ...section('x'), block_id: 'a' },
      { ...section('y'), block_id: 'b' },
    ],
    error: /duplicate block_id "b"/,
  },
  {
    rule: 'action_id ≤ 255',
    bad: [{ type: 'actions', elements: [button('a'.repeat(256))] }],
    good: [{ type: 'actions', elements: [button('a'.repeat(255))] }],
    error: /less than 256.*action_id/,
  },
  {
    rule: 'duplicate action_id in a block',
    bad: [{ type: 'actions', elements: [button('a'), button('a')] }],
    good: [{ type: 'actions', elements: [button('a'), button('b')] }],
    error: /duplicate action_id "a"/,
  },
  {
    rule: 'button text ≤ 75',
    bad: [{ type: 'actions', elements: [{ ...button('a'), text: text('x'.repeat(76)) }] }],
    good: [{ type: 'actions', elements: [{ ...button('a'), text: text('x'.repeat(75)) }] }],
    error: /less than 76.*text\/text/,
  },
  {
    rule: 'button value ≤ 2000',
    bad: [{ type: 'actions', elements: [button('a', { value: 'v'.repeat(2001) })] }],
    good: [{ type: 'actions', elements: [button('a', { value: 'v'.repeat(2000) })] }],
    error: /less than 2001.*value/,
  },
  {
    rule: 'button url ≤ 3000',
    bad: [{ type: 'actions', elements: [button('a', { url: `https://x.io/${'u'.repeat(2990)}` })] }],
    good: [{ type: 'actions', elements: [button('a', { url: 'https://x.io/' })] }],
    error: /less than 3001.*url/,
  },
  {
    rule: 'section text ≤ 3000',
    bad: [section('x'.repeat(3001))],
    good: [section('x'.repeat(3000))],
    error: /less than 3001.*text\/text/,
  },
  {
    rule: '≤ 10 section fields',
    bad: [{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }],
    good: [{ type: 'section', fields: Array.from({ length: 10 }, () => mrkdwn('f')) }],
    error: /no more than 10 items.*fields/,
  },
  {
    rule: 'section field ≤ 2000',
    bad: [{ type: 'section', fields: [mrkdwn('f'.repeat(2001))] }],
    good: [{ type: 'section', fields: [mrkdwn('f'.repeat(2000))] }],
    error: /less than 2001.*fields\/0/,
  },
  {
    rule: '≤ 25 elements per actions block',
    bad: [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`a${i}`)) }],
    good: [{ type: 'actions', elements: Array.from({ length: 25 }, (_, i) => button(`a${i}`)) }],
    error: /no more than 25 items/,
  },
  {
    rule: '≤ 10 elements per context block',
    bad: [{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }],
    good: [{ type: 'context', elements: Array.from({ length: 10 }, () => mrkdwn('c')) }],
    error: /no more than 10 items/,
  },
  {
    rule: 'header ≤ 150',
    bad: [{ type: 'header', text: text('h'.repeat(151)) }],
    good: [{ type: 'header', text: text('h'.repeat(150)) }],
    error: /less than 151/,
  },
  {
    rule: '≤ 100 options per static select',
    bad: [{ type: 'actions', elements: [{ type: 'static_select', action_id: 's', options: options(101) }] }],
    good: [{ type: 'actions', elements: [{ type: 'static_select', action_id: 's', options: options(100) }] }],
    error: /no more than 100 options/,
  },
];

describe('Block Kit validation of message blocks', () => {
  it.each(messageRules)('$rule', ({ bad, good, error }) => {
    const errors = validator.messageBlocks(bad);
    expect(errors.join('\n')).toMatch(error);
    expect(errors.length).toBeLessThanOrEqual(5);
    expect(validator.messageBlocks(good)).toEqual([]);
  });

  it('reports Slack-style messages with a json-pointer', () => {
    expect(validator.messageBlocks([section('x'.repeat(3001))])).toEqual([
      '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
  });
});

const viewRules: Array<{
  rule: string;
  bad: Record<string, unknown>;
  good: Record<string, unknown>;
  error: RegExp;
}> = [
  {
    rule: 'title required',
    bad: { type: 'modal', blocks: [] },
    good: modal(),
    error: /required property 'title'/,
  },
  {
    rule: 'title ≤ 24',
    bad: modal({ title: text('t'.repeat(25)) }),
    good: modal({ title: text('t'.repeat(24)) }),
    error: /less than 25.*\/view\/title\/text/,
  },
  {
    rule: 'submit ≤ 24',
    bad: modal({ submit: text('s'.repeat(25)) }),
    good: modal({ submit: text('s'.repeat(24)) }),
    error: /\/view\/submit\/text/,
  },
  {
    rule: 'close ≤ 24',
    bad: modal({ close: text('c'.repeat(25)) }),
    good: modal({ close: text('c'.repeat(24)) }),
    error: /\/view\/close\/text/,
  },
  {
    rule: 'callback_id ≤ 255',
    bad: modal({ callback_id: 'c'.repeat(256) }),
    good: modal({ callback_id: 'c'.repeat(255) }),
    error: /callback_id/,
  },
  {
    rule: 'external_id ≤ 255',
    bad: modal({ external_id: 'e'.repeat(256) }),
    good: modal({ external_id: 'e'.repeat(255) }),
    error: /external_id/,
  },
  {
    rule: 'private_metadata ≤ 3000',
    bad: modal({ private_metadata: 'p'.repeat(3001) }),
    good: modal({ private_metadata: 'p'.repeat(3000) }),
    error: /less than 3001.*private_metadata/,
  },
  {
    rule: '100 blocks per view',
    bad: modal({ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }),
    good: modal({ blocks: Array.from({ length: 100 }, () => ({ type: 'divider' })) }),
    error: /no more than 100 items/,
  },
  {
    rule: 'duplicate block_id in a view',
    bad: modal({
      blocks: [
        { type: 'divider', block_id: 'd' },
        { type: 'divider', block_id: 'd' },
      ],
    }),
    good: modal({
      blocks: [
        { type: 'divider', block_id: 'd' },
        { type: 'divider', block_id: 'e' },
      ],
    }),
    error: /duplicate block_id "d"/,
  },
  {
    rule: 'bad input element',
    bad: modal({
      blocks: [
        {
          type: 'input',
          label: text('L'),
          element: { type: 'plain_text_input', action_id: 'a', multiline: 'yes' },
        },
      ],
    }),
    good: modal({
      blocks: [
        {
          type: 'input',
          label: text('L'),
          element: { type: 'plain_text_input', action_id: 'a', multiline: true },
        },
      ],
    }),
    error: /must be boolean.*element\/multiline/,
  },
];

describe('Block Kit validation of modal views', () => {
  it.each(viewRules)('$rule', ({ bad, good, error }) => {
    expect(validator.view(bad, 'modal').join('\n')).toMatch(error);
    expect(validator.view(good, 'modal')).toEqual([]);
  });

  it('checks a Home view against the Home schema', () => {
    expect(validator.view({ type: 'home', blocks: [section('hi')] }, 'home')).toEqual([]);
    expect(
      validator.view({ type: 'home', blocks: [section('hi')], submit: text('x') }, 'home').join(),
    ).toMatch(/unexpected property "submit"/);
  });

  it('flags views above ~250 KB', () => {
    const big = modal({ blocks: Array.from({ length: 100 }, () => section('x'.repeat(2600))) });
    expect(viewTooLarge(big)).toBe(true);
    expect(viewTooLarge(modal())).toBe(false);
  });
});
