import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../src/domain/decision.js';
import type { Refusal, RefusalCode } from '../../../src/domain/refusal.js';
import {
  awayInvalidMessage,
  awayMessage,
  backMessage,
  decideFormExpiredMessage,
  decisionNotFoundMessage,
  helpMessage,
  LIST_CAP,
  listMessage,
  notAProjectMessage,
  notSpocMessage,
  refusalMessage,
} from '../../../src/slack/blocks/ephemeral.js';
import type { KnownBlock } from '../../../src/slack/blocks/kit.js';
import { expectValidMessage } from '../helpers/block-kit.js';
import { later, project, Story, T0, U, ZONE } from '../helpers/decisions.js';

const text = (blocks: readonly KnownBlock[]) => JSON.stringify(blocks);

/** One refusal per code: a new code without an entry here fails the typecheck. */
const REFUSALS: { [K in RefusalCode]: Extract<Refusal, { code: K }> } = {
  not_your_decision: { code: 'not_your_decision', deciders: [U.spoc, U.deputy] },
  already_decided: {
    code: 'already_decided',
    status: 'decided',
    outcome: { optionId: 'approve', by: U.spoc, how: 'decided', at: Date.UTC(2026, 10, 30, 7, 0) },
  },
  invalid_transition: { code: 'invalid_transition', status: 'open', attempted: 'escalate' },
  not_requester: { code: 'not_requester' },
  not_committee_member: { code: 'not_committee_member' },
  votes_cast: { code: 'votes_cast' },
  edited_since: { code: 'edited_since' },
  vote_required: { code: 'vote_required' },
  unknown_option: { code: 'unknown_option', optionId: 'opt9' },
  invalid_delegate: { code: 'invalid_delegate', to: U.outsider },
  unknown_domain: { code: 'unknown_domain', domain: 'payroll' },
  not_a_key_user: { code: 'not_a_key_user' },
  reminders_exhausted: { code: 'reminders_exhausted' },
  not_due: { code: 'not_due', dueAt: Date.UTC(2026, 10, 30, 7, 0) },
  invalid_request: { code: 'invalid_request', field: 'question', problem: 'empty' },
  round_over: { code: 'round_over', round: 1, status: 'returned' },
  reason_required: { code: 'reason_required' },
  already_answered: { code: 'already_answered', optionId: 'approve' },
  is_signoff: { code: 'is_signoff' },
};

describe('refusalMessage', () => {
  const decision = new Story().decision;
  const sentences = Object.values(REFUSALS).map((r) => ({
    code: r.code,
    message: refusalMessage(r, { timeZone: ZONE, decision }),
  }));

  it.each(sentences)('words $code as one valid sentence', ({ message }) => {
    expectValidMessage(message.blocks, message.text);
    expect(message.text).toMatch(/^[A-Z"].*[.)]$/s);
    expect(message.text).not.toMatch(/undefined|null|NaN|\[object/);
  });

  it('gives every code its own sentence', () => {
    expect(new Set(sentences.map((s) => s.message.text)).size).toBe(sentences.length);
  });

  it.each<{ name: string; refusal: Refusal; decision?: Decision; expected: string[] }>([
    {
      name: 'not_your_decision names the deciders',
      refusal: REFUSALS.not_your_decision,
      expected: ['<@USPOC0001> and <@UDEPUTY01>'],
    },
    {
      name: 'already_decided says who decided what and when',
      refusal: REFUSALS.already_decided,
      expected: ['<@USPOC0001>', '*Approve*', 'Mon 30 Nov, 14:00'],
    },
    {
      name: 'already_decided by the committee',
      refusal: {
        code: 'already_decided',
        status: 'decided',
        outcome: { optionId: 'reject', by: U.c1, how: 'vote', at: T0 },
      },
      expected: ['steering committee', '*Reject*', 'Mon 30 Nov, 09:00'],
    },
    {
      name: 'already_decided by default',
      refusal: {
        code: 'already_decided',
        status: 'expired',
        outcome: { optionId: 'approve', by: null, how: 'default', at: T0 },
      },
      expected: ['default *Approve*'],
    },
    {
      name: 'already_decided when withdrawn',
      refusal: { code: 'already_decided', status: 'withdrawn', outcome: null },
      decision: new Story().withdraw(later(20)).decision,
      expected: ['withdrawn by <@UREQUEST1> on Mon 30 Nov, 09:20'],
    },
    {
      name: 'invalid_delegate names the person',
      refusal: REFUSALS.invalid_delegate,
      expected: ['<@UOUTSIDE1>'],
    },
    { name: 'not_due gives the due instant', refusal: REFUSALS.not_due, expected: ['Mon 30 Nov, 14:00'] },
    { name: 'not_due while paused', refusal: { code: 'not_due', dueAt: null }, expected: ['paused'] },
    {
      name: 'invalid_transition on a second info request',
      refusal: { code: 'invalid_transition', status: 'needs_info', attempted: 'request_info' },
      expected: ['already waiting for information'],
    },
    {
      name: 'unknown_domain escapes the domain',
      refusal: { code: 'unknown_domain', domain: '<x>' },
      expected: ['&lt;x&gt;'],
    },
  ])('$name', ({ refusal, decision: d, expected }) => {
    const message = refusalMessage(refusal, { timeZone: ZONE, decision: d ?? decision });
    for (const e of expected) expect(message.text).toContain(e);
  });
});

describe('/decide help', () => {
  it('explains every subcommand and the accepted away formats', () => {
    const message = helpMessage();
    expectValidMessage(message.blocks, message.text);
    const body = text(message.blocks);
    for (const usage of [
      '/decide [question]',
      '/decide help',
      '/decide list',
      '/decide away <until>',
      '/decide back',
    ]) {
      expect(body).toContain(usage);
    }
    for (const format of ['2026-12-01', '3d', 'friday']) expect(body).toContain(format);
  });
});

describe('/decide list', () => {
  const openAt = (minutes: number, id: string) => ({
    ...new Story().decision,
    id,
    openedAt: later(minutes),
    question: `Q${id}`,
  });

  it('lists open decisions oldest first with who holds each and for how long', () => {
    const waiting = new Story().askInfo(U.spoc, 'Why?', later(5)).decision;
    const decisions = [
      openAt(30, 'b'),
      { ...waiting, id: 'c', question: 'Qc' },
      openAt(0, 'a'),
      new Story().withdraw(later(1)).decision,
    ];
    const message = listMessage({ project: project(), decisions, now: later(135) });
    expectValidMessage(message.blocks, message.text);
    const body = text(message.blocks);
    expect(body.indexOf('*Qa*')).toBeLessThan(body.indexOf('*Qb*'));
    expect(body).toContain('Open decisions in Odoo rollout, PT Maju* (3)');
    expect(body).toContain('with <@USPOC0001> (SPoC) for 2h 15m');
    expect(body).toContain('paused: waiting for information');
    expect(body).not.toContain('Value raw materials');
  });

  it('caps the list with "and N more" and stays valid', () => {
    const decisions = Array.from({ length: LIST_CAP + 7 }, (_, i) => openAt(i, `d${i}`));
    const message = listMessage({ project: project(), decisions, now: later(600) });
    expectValidMessage(message.blocks, message.text);
    expect(message.blocks.filter((b) => b.type === 'section')).toHaveLength(LIST_CAP + 1);
    expect(text(message.blocks)).toContain('and 7 more');
  });

  it('has a friendly empty state', () => {
    const message = listMessage({ project: project(), decisions: [], now: T0 });
    expectValidMessage(message.blocks, message.text);
    expect(message.text).toContain('No open decisions');
  });
});

describe('other command answers', () => {
  it('says which channels are projects and how to add one', () => {
    const message = notAProjectMessage({ projectChannels: ['C0PROJECT1', 'C0PROJECT2'] });
    expectValidMessage(message.blocks, message.text);
    const body = text(message.blocks);
    expect(body).toContain('<#C0PROJECT1> and <#C0PROJECT2>');
    expect(body).toContain('decide.config.yml');
    expect(body).toContain('restart');
  });

  it.each([
    {
      name: 'away with a deputy',
      message: () =>
        awayMessage({ until: Date.UTC(2026, 11, 4, 2, 0), timeZone: ZONE, deputy: U.deputy, movedCount: 2 }),
      expected: ['Fri 4 Dec, 09:00', '<@UDEPUTY01>', '2 open requests moved'],
    },
    {
      name: 'away without a deputy',
      message: () => awayMessage({ until: Date.UTC(2026, 11, 4, 2, 0), timeZone: ZONE }),
      expected: ['no deputy'],
    },
    {
      name: 'away with a bad date',
      message: () => awayInvalidMessage({ input: 'someday' }),
      expected: ['someday', '2026-12-01', '3d', 'friday'],
    },
    {
      name: 'away in the past',
      message: () => awayInvalidMessage({ input: '2020-01-01', inPast: true }),
      expected: ['already passed'],
    },
    {
      name: 'back',
      message: () =>
        backMessage({
          wasAway: true,
          deputy: U.deputy,
          moved: [{ question: 'Use FIFO?' }],
          stayed: [{ question: 'Close the old warehouse?' }],
        }),
      expected: [
        'Welcome back',
        '1 open request moved back',
        '• Use FIFO?',
        `Staying with <@${U.deputy}> (deputy)`,
        '• Close the old warehouse?',
      ],
    },
    {
      name: 'back when not away',
      message: () => backMessage({ wasAway: false, moved: [], stayed: [] }),
      expected: ['not marked away'],
    },
  ])('$name', ({ message, expected }) => {
    const m = message();
    expectValidMessage(m.blocks, m.text);
    for (const e of expected) expect(m.text).toContain(e);
  });
});

describe('answers for listeners', () => {
  it.each([
    {
      name: 'not the SPoC',
      message: () => notSpocMessage({ spoc: U.spoc }),
      expected: ['<@USPOC0001>', 'SPoC'],
    },
    { name: 'form expired', message: () => decideFormExpiredMessage(), expected: ['`/decide`', 'again'] },
    {
      name: 'decision not found',
      message: () => decisionNotFoundMessage(),
      expected: ['cannot find this decision'],
    },
  ])('$name', ({ message, expected }) => {
    const m = message();
    expectValidMessage(m.blocks, m.text);
    for (const e of expected) expect(m.text).toContain(e);
  });
});
