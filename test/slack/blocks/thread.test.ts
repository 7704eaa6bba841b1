import { describe, expect, it } from 'vitest';
import type { DeactivationEvent } from '../../../src/slack/blocks/facts.js';
import type { KnownBlock, Message } from '../../../src/slack/blocks/kit.js';
import {
  consultationPostedMessage,
  consultationRequestMessage,
  deactivationMessage,
  defaultAppliedMessage,
  delegationMessage,
  deliveryFailedMessage,
  escalationNoticeMessage,
  handoverMessage,
  infoAnswerMessage,
  infoRequestMessage,
  opinionMessage,
  outcomeLineMessage,
  overdueMessage,
  reminderMessage,
  requesterReceiptMessage,
  voteMessage,
} from '../../../src/slack/blocks/thread.js';
import { ACTION, decodeButtonValue } from '../../../src/slack/ids.js';
import { expectValidMessage } from '../helpers/block-kit.js';
import { later, project, Story, U, ZONE } from '../helpers/decisions.js';

const body = (m: Message) => JSON.stringify(m.blocks);
const actionIds = (blocks: readonly KnownBlock[]) =>
  blocks.flatMap((b) =>
    b.type === 'actions' ? b.elements.map((e) => ('action_id' in e ? e.action_id : '')) : [],
  );

const open = () => new Story();
/** The thread line of the story's last event, a deactivation. */
const deactivated = (story: Story) =>
  deactivationMessage(story.decision, story.lastEvent() as DeactivationEvent, story.project);
const long = 'L&<'.repeat(1500);

describe('thread replies and DMs', () => {
  it.each<{ name: string; message: () => Message; expected: string[]; actions?: string[] }>([
    {
      name: 'info question, with the Answer button',
      message: () => infoRequestMessage(open().decision, { asker: U.spoc, question: 'Which <warehouse>?' }),
      expected: [
        '<@USPOC0001> needs more information from <@UREQUEST1>',
        '>Which &lt;warehouse&gt;?',
        'paused',
      ],
      actions: [ACTION.answerInfo],
    },
    {
      name: 'info question without the button',
      message: () =>
        infoRequestMessage(open().decision, { asker: U.spoc, question: 'Q', answerButton: false }),
      expected: ['needs more information'],
      actions: [],
    },
    {
      name: 'the requester’s answer',
      message: () => infoAnswerMessage(open().decision, { by: U.requester, answer: 'The main one' }),
      expected: ['<@UREQUEST1> answered', '>The main one', 'runs again'],
    },
    {
      name: 'a committee vote, with the tally so far',
      message: () => {
        const story = open().escalate().escalate().vote(U.c1, 'approve', later(2000));
        return voteMessage(story.decision, { member: U.c1, optionId: 'approve', previous: null });
      },
      expected: ['<@UCOMMIT01> voted *Approve*', 'Approve 1', 'quorum 2'],
    },
    {
      name: 'a changed vote',
      message: () => {
        const story = open()
          .escalate()
          .escalate()
          .vote(U.c1, 'approve', later(2000))
          .vote(U.c1, 'reject', later(2001));
        return voteMessage(story.decision, { member: U.c1, optionId: 'reject', previous: 'approve' });
      },
      expected: ['<@UCOMMIT01> changed their vote to *Reject*', 'Reject 1'],
    },
    {
      name: 'a vote shown with the tally as it stood then, though more votes came since',
      message: () => {
        const story = open()
          .escalate()
          .escalate()
          .vote(U.c1, 'approve', later(2000))
          .vote(U.c2, 'reject', later(2001));
        return voteMessage(story.decision, {
          member: U.c1,
          optionId: 'approve',
          previous: null,
          counts: { approve: 1 },
        });
      },
      expected: ['<@UCOMMIT01> voted *Approve*', 'Approve 1 · Reject 0, quorum 2'],
    },
    {
      name: 'delegation notice',
      message: () =>
        delegationMessage(open().decision, { from: U.spoc, to: U.inventory, note: 'You know stock' }),
      expected: ['<@USPOC0001> delegated this decision to <@UKEYINV01>', '>You know stock'],
    },
    {
      name: 'consultation request to key users, with Give opinion',
      message: () =>
        consultationRequestMessage(open().decision, {
          by: U.spoc,
          domain: 'inventory',
          question: 'Workable?',
        }),
      expected: ['key user (inventory)', '*Value raw materials with FIFO?*', '>Workable?'],
      actions: [ACTION.giveOpinion],
    },
    {
      name: 'consultation notice in the thread',
      message: () =>
        consultationPostedMessage(open().decision, {
          by: U.spoc,
          domain: 'inventory',
          keyUsers: [U.inventory],
        }),
      expected: ['inventory key users (<@UKEYINV01>)'],
    },
    {
      name: 'a key user’s opinion',
      message: () => opinionMessage(open().decision, { by: U.inventory, domain: 'inventory', text: 'Yes' }),
      expected: ['Opinion from <@UKEYINV01> (inventory)', '>Yes'],
    },
    {
      name: 'the outcome line',
      message: () =>
        outcomeLineMessage(open().decide(U.spoc, 'reject', later(75)).decision, {
          timeZone: ZONE,
          latency: { wallMs: 75 * 60_000, businessMs: 75 * 60_000 },
        }),
      expected: ['*Reject*, decided by <@USPOC0001> on Mon 30 Nov, 10:15', 'Took 1h 15m'],
    },
    {
      name: 'reminder at the SPoC',
      message: () => reminderMessage(open().decision, { now: later(120) }),
      expected: ['2h left before this goes to the sponsor'],
    },
    {
      name: 'reminder at the sponsor',
      message: () => reminderMessage(open().escalate().decision, { now: later(240 + 60) }),
      expected: ['7h left before this goes to the steering committee'],
    },
    {
      name: 'reminder to committee members who have not voted',
      message: () => reminderMessage(open().escalate().escalate().decision, { now: later(720 + 60) }),
      expected: ['you have not voted yet', '23h left before this decision is overdue'],
    },
    {
      name: 'reminder at the committee with a default',
      message: () =>
        reminderMessage(
          new Story({ request: { defaultOptionId: 'approve' } }).escalate().escalate().decision,
          { now: later(720) },
        ),
      expected: ['1d left before the default *Approve* applies'],
    },
    {
      name: 'escalation notice',
      message: () => escalationNoticeMessage(open().escalate().decision, { from: 'spoc' }),
      expected: ['Moved to <@USPONSOR1> (sponsor) after 4h without an answer from the SPoC'],
    },
    {
      name: 'escalation to the committee',
      message: () => escalationNoticeMessage(open().escalate().escalate().decision, { from: 'sponsor' }),
      expected: ['the steering committee (<@UCOMMIT01>, <@UCOMMIT02> and <@UCOMMIT03>) after 8h'],
    },
    {
      name: 'hand-over to the deputy while the SPoC is away',
      message: () =>
        handoverMessage(open().decision, { from: [U.spoc], to: [U.deputy], because: 'spoc_away' }),
      expected: ['<@USPOC0001> (SPoC) is away: <@UDEPUTY01> (deputy) decides this meanwhile'],
    },
    {
      name: 'hand-back when the SPoC returns',
      message: () =>
        handoverMessage(open().decision, { from: [U.deputy], to: [U.spoc], because: 'spoc_back' }),
      expected: ['<@USPOC0001> (SPoC) is back'],
    },
    {
      name: 'hand-over without a reason',
      message: () => handoverMessage(open().decision, { from: [U.spoc], to: [U.deputy] }),
      expected: ['Handed over from <@USPOC0001> to <@UDEPUTY01>'],
    },
    {
      name: 'a deactivated SPoC: the deputy holds it with the time left',
      message: () => deactivated(open().passOver([U.spoc], later(30))),
      expected: [
        '<@USPOC0001> is deactivated in Slack, so this moves to <@UDEPUTY01> (deputy), with the time left at this level.',
      ],
    },
    {
      name: 'a deactivated SPoC without a deputy: up to the sponsor',
      message: () =>
        deactivated(new Story({ project: project({ deputy: undefined }) }).passOver([U.spoc], later(30))),
      expected: [
        '<@USPOC0001> is deactivated in Slack and nobody else decides at the SPoC level, so this moves to <@USPONSOR1> (sponsor), whose full time starts now.',
      ],
    },
    {
      name: 'a deactivated committee member: the others keep it, the vote cast still counts',
      message: () =>
        deactivated(
          open().escalate().escalate().vote(U.c1, 'approve', later(800)).passOver([U.c1], later(801)),
        ),
      expected: [
        '<@UCOMMIT01> is deactivated in Slack, so this stays with the steering committee (<@UCOMMIT02> and <@UCOMMIT03>), without them.',
        'Votes already cast still count: <@UCOMMIT01> (*Approve*).',
      ],
    },
    {
      name: 'committee members left below the quorum: it is lowered',
      message: () => deactivated(open().escalate().escalate().passOver([U.c1, U.c2], later(801))),
      expected: [
        '<@UCOMMIT01> and <@UCOMMIT02> are deactivated in Slack, so this stays with the steering committee (<@UCOMMIT03>), without them.',
        'The quorum is lowered to 1 so that the members left can decide.',
      ],
    },
    {
      name: 'default applied on timeout',
      message: () =>
        defaultAppliedMessage(
          new Story({ request: { defaultOptionId: 'reject' } }).escalate().escalate().escalate().decision,
        ),
      expected: ['default *Reject* applies'],
    },
    {
      name: 'marked overdue',
      message: () => overdueMessage(open().escalate().escalate().escalate().decision),
      expected: ['overdue'],
    },
    {
      name: 'delivery failure to a person',
      message: () =>
        deliveryFailedMessage({ recipient: U.sponsor, error: 'user_not_found', decision: open().decision }),
      expected: ['<@USPONSOR1>', '`user_not_found`'],
    },
    {
      name: 'delivery failure to a channel',
      message: () => deliveryFailedMessage({ recipient: 'C0GONE0001', error: 'channel_not_found' }),
      expected: ['<#C0GONE0001>', '`channel_not_found`'],
    },
    {
      name: 'requester receipt',
      message: () =>
        requesterReceiptMessage(open().decision, {
          project: project(),
          timeZone: ZONE,
          routedBecause: 'spoc',
        }),
      expected: ['Your request is with <@USPOC0001> (SPoC); due Mon 30 Nov, 13:00.'],
    },
    {
      name: 'requester receipt, over the SPoC’s authority',
      message: () =>
        requesterReceiptMessage(new Story({ request: { budgetImpact: 50_000 } }).decision, {
          project: project(),
          timeZone: ZONE,
          routedBecause: 'over_authority',
        }),
      expected: ['with <@USPONSOR1> (sponsor); due Mon 30 Nov, 17:00', 'above the SPoC’s authority'],
    },
  ])('$name', ({ message, expected, actions }) => {
    const m = message();
    expectValidMessage(m.blocks, m.text);
    for (const e of expected) expect(body(m)).toContain(e);
    expect(actionIds(m.blocks)).toEqual(actions ?? []);
  });

  it.each([
    ['info question', () => infoRequestMessage(open().decision, { asker: U.spoc, question: long })],
    ['answer', () => infoAnswerMessage(open().decision, { by: U.requester, answer: long })],
    ['delegation', () => delegationMessage(open().decision, { from: U.spoc, to: U.inventory, note: long })],
    [
      'consultation',
      () => consultationRequestMessage(open().decision, { by: U.spoc, domain: long, question: long }),
    ],
    ['opinion', () => opinionMessage(open().decision, { by: U.inventory, domain: long, text: long })],
    ['delivery failure', () => deliveryFailedMessage({ recipient: U.spoc, error: long })],
  ])('stays valid with very long user text: %s', (_name, message) => {
    const m = message();
    expectValidMessage(m.blocks, m.text);
  });

  it('carries the decision id in the Answer and Give opinion buttons', () => {
    const d = open().decision;
    for (const m of [
      infoRequestMessage(d, { asker: U.spoc, question: 'Q' }),
      consultationRequestMessage(d, { by: U.spoc, domain: 'inventory', question: 'Q' }),
    ]) {
      const element = m.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []))[0];
      expect(element?.type === 'button' && decodeButtonValue(element.value ?? '')).toEqual({
        decisionId: 'D1',
        optionId: undefined,
      });
    }
  });

  it('refuses an outcome line for an open decision', () => {
    expect(() => outcomeLineMessage(open().decision, { timeZone: ZONE })).toThrow(/no outcome/);
  });
});
