import { describe, expect, it } from 'vitest';
import { homeProblems, messageProblems, modalProblems } from './block-kit.js';

/** The helper every builder test relies on must itself reject what Slack rejects. */
const text = (s: string) => ({ type: 'plain_text', text: s });
const section = { type: 'section', text: { type: 'mrkdwn', text: 'ok' } };
const modal = (blocks: unknown[], extra: object = {}) => ({
  type: 'modal',
  title: text('Title'),
  blocks,
  ...extra,
});
const select = (optionText: string) => ({
  type: 'input',
  block_id: 'b',
  label: text('Label'),
  element: { type: 'static_select', action_id: 'a', options: [{ text: text(optionText), value: 'v' }] },
});

describe('block-kit test helper', () => {
  it('accepts a plain valid message, modal and home', () => {
    expect(messageProblems([section])).toEqual([]);
    expect(modalProblems(modal([select('short')]))).toEqual([]);
    expect(homeProblems({ type: 'home', blocks: [section] })).toEqual([]);
  });

  it.each<{ name: string; problems: () => string[] }>([
    { name: 'an unknown block type', problems: () => messageProblems([{ type: 'banner', text: 'x' }]) },
    {
      name: 'a bad button style',
      problems: () =>
        messageProblems([
          {
            type: 'actions',
            elements: [{ type: 'button', text: text('x'), action_id: 'a', style: 'warning' }],
          },
        ]),
    },
    {
      name: 'a header over 150 characters',
      problems: () => messageProblems([{ type: 'header', text: text('h'.repeat(151)) }]),
    },
    {
      name: 'a section over 3000 characters',
      problems: () =>
        messageProblems([{ type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } }]),
    },
    {
      name: 'a button text over 75 characters',
      problems: () =>
        messageProblems([
          { type: 'actions', elements: [{ type: 'button', text: text('b'.repeat(76)), action_id: 'a' }] },
        ]),
    },
    {
      name: '51 blocks in a message',
      problems: () => messageProblems(Array.from({ length: 51 }, () => section)),
    },
    {
      name: 'an empty section text',
      problems: () => messageProblems([{ type: 'section', text: { type: 'mrkdwn', text: ' ' } }]),
    },
    {
      name: 'an option text over 75 characters',
      problems: () => modalProblems(modal([select('o'.repeat(76))])),
    },
    {
      name: 'a modal title over 24 characters',
      problems: () => modalProblems({ ...modal([]), title: text('t'.repeat(25)) }),
    },
    {
      name: 'private metadata over 3000 characters',
      problems: () => modalProblems(modal([], { private_metadata: 'm'.repeat(3001) })),
    },
    {
      name: '101 blocks in a Home tab',
      problems: () => homeProblems({ type: 'home', blocks: Array.from({ length: 101 }, () => section) }),
    },
    { name: 'a modal as a Home tab', problems: () => homeProblems(modal([section])) },
  ])('rejects $name', ({ problems }) => {
    expect(problems().length).toBeGreaterThan(0);
  });
});
