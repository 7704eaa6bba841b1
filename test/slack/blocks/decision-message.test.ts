import { describe, expect, it } from 'vitest';
import { contentStamp } from '../../../src/domain/content-stamp.js';
import type { Decision } from '../../../src/domain/decision.js';
import type { DecisionEvent } from '../../../src/domain/events.js';
import type { Project } from '../../../src/domain/project.js';
import { type DecisionMessageOptions, decisionMessage } from '../../../src/slack/blocks/decision-message.js';
import type { KnownBlock } from '../../../src/slack/blocks/kit.js';
import { ACTION, decodeButtonValue } from '../../../src/slack/ids.js';
import { expectValidMessage } from '../helpers/block-kit.js';
import { later, project, Story, U, ZONE } from '../helpers/decisions.js';

interface Case {
  name: string;
  story: () => Story;
}

/** A decision in every shape it can take, built with the real transitions. */
const STATES: Case[] = [
  { name: 'open at the SPoC', story: () => new Story() },
  {
    name: 'waiting for information',
    story: () => new Story().askInfo(U.spoc, 'Which warehouse?', later(30)),
  },
  {
    name: 'delegated to a key user',
    story: () => new Story().delegateTo(U.spoc, U.inventory, 'You know the stock', later(10)),
  },
  { name: 'at the sponsor', story: () => new Story().escalate() },
  {
    name: 'at the committee with one vote',
    story: () => new Story().escalate().escalate().vote(U.c1, 'approve', later(800)),
  },
  { name: 'overdue at the committee', story: () => new Story().escalate().escalate().escalate() },
  { name: 'decided', story: () => new Story().decide(U.spoc, 'approve', later(90), 'Cheaper & simpler') },
  {
    name: 'decided by vote',
    story: () =>
      new Story().escalate().escalate().vote(U.c1, 'reject', later(800)).vote(U.c2, 'reject', later(810)),
  },
  { name: 'withdrawn', story: () => new Story().withdraw(later(20)) },
  {
    name: 'default applied',
    story: () => new Story({ request: { defaultOptionId: 'approve' } }).escalate().escalate().escalate(),
  },
];

type Viewer = Pick<DecisionMessageOptions, 'viewer' | 'viewerId'>;
const VIEWERS: { name: string; viewer: (d: Decision) => Viewer }[] = [
  { name: 'a current decider', viewer: (d) => ({ viewer: 'decider', viewerId: d.deciders[0] ?? U.spoc }) },
  { name: 'a former decider', viewer: () => ({ viewer: 'decider', viewerId: U.outsider }) },
  { name: 'the channel', viewer: () => ({ viewer: 'channel' }) },
  { name: 'the requester', viewer: () => ({ viewer: 'requester', viewerId: U.requester }) },
  { name: 'an observer', viewer: () => ({ viewer: 'observer', viewerId: U.spoc }) },
];

function render(story: Story, viewer: Viewer, extra: Partial<DecisionMessageOptions> = {}) {
  return decisionMessage(story.decision, {
    project: story.project,
    now: later(120),
    timeZone: ZONE,
    ...viewer,
    ...extra,
  } as DecisionMessageOptions);
}

function actionIds(blocks: readonly KnownBlock[]): string[] {
  return blocks.flatMap((b) =>
    b.type === 'actions' ? b.elements.map((e) => ('action_id' in e ? (e.action_id ?? '') : '')) : [],
  );
}

function buttons(blocks: readonly KnownBlock[]) {
  return blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).filter((e) => e.type === 'button');
}

function allText(blocks: readonly KnownBlock[]): string {
  return JSON.stringify(blocks);
}

describe('decisionMessage', () => {
  describe.each(STATES)('$name', ({ story }) => {
    it.each(VIEWERS)('is valid Block Kit for $name, with and without history', ({ viewer }) => {
      const s = story();
      const plain = render(s, viewer(s.decision));
      expectValidMessage(plain.blocks, plain.text);
      const withHistory = render(s, viewer(s.decision), {
        history: s.log,
        latency: { wallMs: 1, businessMs: 1 },
      });
      expectValidMessage(withHistory.blocks, withHistory.text);
    });
  });

  const DECIDER = (s: Story): Viewer => ({ viewer: 'decider', viewerId: s.decision.deciders[0] ?? '' });
  const o = (i: number) => `${ACTION.optionPrefix}${i}`;
  const v = (i: number) => `${ACTION.votePrefix}${i}`;
  it.each<{ name: string; story: () => Story; viewer: (s: Story) => Viewer; expected: string[] }>([
    {
      name: 'SPoC on an open decision: options, need info, delegate, consult',
      story: () => new Story(),
      viewer: DECIDER,
      expected: [
        o(0),
        o(1),
        ACTION.decideWithNote,
        ACTION.needInfo,
        ACTION.delegate,
        ACTION.consult,
        ACTION.sendUp,
      ],
    },
    {
      name: 'SPoC while waiting for information: no need info',
      story: () => new Story().askInfo(U.spoc, 'Which one?', later(5)),
      viewer: DECIDER,
      expected: [o(0), o(1), ACTION.decideWithNote, ACTION.delegate, ACTION.consult, ACTION.sendUp],
    },
    {
      name: 'a delegate cannot delegate further',
      story: () => new Story().delegateTo(U.spoc, U.inventory, '', later(5)),
      viewer: DECIDER,
      expected: [o(0), o(1), ACTION.decideWithNote, ACTION.needInfo, ACTION.consult, ACTION.sendUp],
    },
    {
      name: 'the sponsor: no delegate',
      story: () => new Story().escalate(),
      viewer: DECIDER,
      expected: [o(0), o(1), ACTION.decideWithNote, ACTION.needInfo, ACTION.consult, ACTION.sendUp],
    },
    {
      name: 'a committee member: vote buttons',
      story: () => new Story().escalate().escalate(),
      viewer: DECIDER,
      expected: [v(0), v(1), ACTION.decideWithNote, ACTION.needInfo, ACTION.consult],
    },
    {
      name: 'a project without key users: no consult, and no delegate without a deputy',
      story: () => new Story({ project: project({ keyUsers: {}, deputy: undefined }) }),
      viewer: DECIDER,
      expected: [o(0), o(1), ACTION.decideWithNote, ACTION.needInfo, ACTION.sendUp],
    },
    {
      name: 'a SPoC who also sits on the committee cannot delegate there',
      story: () =>
        new Story({ project: project({ steeringCommittee: { members: [U.spoc, U.c2], quorum: 2 } }) })
          .escalate()
          .escalate(),
      viewer: () => ({ viewer: 'decider', viewerId: U.spoc }),
      expected: [v(0), v(1), ACTION.decideWithNote, ACTION.needInfo, ACTION.consult],
    },
    {
      name: 'five custom options: one button each',
      story: () =>
        new Story({
          request: { options: ['A', 'B', 'C', 'D', 'E'].map((l, i) => ({ id: `opt${i + 1}`, label: l })) },
        }),
      viewer: DECIDER,
      expected: [
        o(0),
        o(1),
        o(2),
        o(3),
        o(4),
        ACTION.decideWithNote,
        ACTION.needInfo,
        ACTION.delegate,
        ACTION.consult,
        ACTION.sendUp,
      ],
    },
    {
      name: 'someone who no longer decides (escalated away)',
      story: () => new Story().escalate(),
      viewer: () => ({ viewer: 'decider', viewerId: U.spoc }),
      expected: [],
    },
    { name: 'the channel', story: () => new Story(), viewer: () => ({ viewer: 'channel' }), expected: [] },
    {
      name: 'an observer',
      story: () => new Story(),
      viewer: () => ({ viewer: 'observer', viewerId: U.inventory }),
      expected: [],
    },
    {
      name: 'the requester: withdraw',
      story: () => new Story(),
      viewer: () => ({ viewer: 'requester', viewerId: U.requester }),
      expected: [ACTION.edit, ACTION.withdraw],
    },
    {
      name: 'the requester while information is awaited: answer and withdraw',
      story: () => new Story().askInfo(U.spoc, 'Which one?', later(5)),
      viewer: () => ({ viewer: 'requester', viewerId: U.requester }),
      expected: [ACTION.answerInfo, ACTION.edit, ACTION.withdraw],
    },
  ])('buttons for $name', ({ story, viewer, expected }) => {
    const s = story();
    expect(actionIds(render(s, viewer(s)).blocks)).toEqual(expected);
  });

  it.each(
    STATES.filter((c) => ['decided', 'decided by vote', 'withdrawn', 'default applied'].includes(c.name)),
  )('has no actions block at all once $name, for every viewer', ({ story }) => {
    const s = story();
    for (const { viewer } of VIEWERS) {
      const blocks = render(s, viewer(s.decision), { history: s.log }).blocks;
      expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    }
  });

  it('encodes the decision and option in option buttons, primary for approve and danger for reject', () => {
    const s = new Story();
    const [approve, reject] = buttons(render(s, DECIDER(s)).blocks);
    expect(approve?.type === 'button' && approve.style).toBe('primary');
    expect(reject?.type === 'button' && reject.style).toBe('danger');
    // With the content stamp of the version shown: an answer to a request edited since is refused.
    const stamp = contentStamp(s.decision);
    expect(approve?.type === 'button' && decodeButtonValue(approve.value ?? '')).toEqual({
      decisionId: 'D1',
      optionId: 'approve',
      stamp,
    });
    expect(reject?.type === 'button' && decodeButtonValue(reject.value ?? '')).toEqual({
      decisionId: 'D1',
      optionId: 'reject',
      stamp,
    });
  });

  it('shows the time held and the instant it goes to the sponsor in the project zone', () => {
    // Opened Mon 09:00 Jakarta with 4h at the SPoC; now is 11:15.
    const text = allText(render(new Story(), { viewer: 'channel' }, { now: later(135) }).blocks);
    expect(text).toContain('Mon 30 Nov, 13:00 (in 1h 45m)');
    expect(text).toContain('Goes to the sponsor');
    expect(text).toContain('for 2h 15m');
    expect(text).toContain('<@USPOC0001> (SPoC)');
  });

  it('says “Late: needed by” on every copy once the needed-by date came while open, “Needed by” before', () => {
    const story = new Story();
    const dated = { ...story.decision, neededBy: '2026-12-04' };
    for (const viewer of [
      { viewer: 'channel' },
      { viewer: 'requester', viewerId: U.requester },
      { viewer: 'decider', viewerId: U.spoc },
    ] as const) {
      const options = { project: story.project, now: later(120), timeZone: ZONE, ...viewer };
      const late = allText(decisionMessage({ ...dated, late: true }, options).blocks);
      expect(late).toContain('*:warning: Late*\\nneeded by Fri 4 Dec');
      expect(late).not.toContain('*Needed by*');
      const onTime = allText(decisionMessage(dated, options).blocks);
      expect(onTime).toContain('*Needed by*\\nFri 4 Dec 2026');
      expect(onTime).not.toContain('Late');
    }
  });

  it('says the clock is paused while information is awaited, instead of a due time', () => {
    const text = allText(
      render(new Story().askInfo(U.spoc, 'Which one?', later(5)), { viewer: 'channel' }).blocks,
    );
    expect(text).toContain('Paused');
    expect(text).not.toContain('Goes to the sponsor');
  });

  it('tells a former decider where it went and why', () => {
    const s = new Story().escalate();
    const text = allText(render(s, { viewer: 'observer', viewerId: U.spoc }).blocks);
    expect(text).toContain('moved to <@USPONSOR1> (sponsor)');
    expect(text).toContain('SPoC’s time (4h) ran out');
  });

  it('tells the former holders that someone was deactivated and who holds it now, without buttons', () => {
    const s = new Story().passOver([U.spoc], later(30));
    const message = render(s, { viewer: 'decider', viewerId: U.spoc }, { history: s.log });
    const text = allText(message.blocks);
    expect(text).toContain('<@USPOC0001> is deactivated in Slack: this is now with <@UDEPUTY01> (deputy).');
    expect(text).toContain('held it for 30m, until they were deactivated in Slack');
    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
    // The deputy's copy has the buttons.
    const theirs = render(s, { viewer: 'decider', viewerId: U.deputy }, { history: s.log });
    expect(theirs.blocks.some((b) => b.type === 'actions')).toBe(true);
  });

  it('the committee going on without a deactivated member: the others held it since it reached them', () => {
    const s = new Story().escalate().escalate();
    const reached = s.decision.levelEnteredAt;
    s.passOver([U.c1], reached + 60 * 60_000);
    const text = allText(
      render(s, { viewer: 'decider', viewerId: U.c2 }, { history: s.log, now: reached + 3 * 60 * 60_000 })
        .blocks,
    );
    expect(text).toContain('*Held for*\\n3h');
  });

  it('tells the SPoC who they delegated to', () => {
    const s = new Story().delegateTo(U.spoc, U.inventory, '', later(5));
    const text = allText(render(s, { viewer: 'decider', viewerId: U.spoc }, { history: s.log }).blocks);
    expect(text).toContain('Delegated to <@UKEYINV01>');
  });

  it('shows the committee tally, the quorum and the member’s own vote', () => {
    const s = new Story().escalate().escalate().vote(U.c1, 'approve', later(800));
    const mine = allText(render(s, { viewer: 'decider', viewerId: U.c1 }).blocks);
    expect(mine).toContain('Approve 1 · Reject 0, quorum 2');
    expect(mine).toContain('You voted *Approve*');
    const theirs = allText(render(s, { viewer: 'decider', viewerId: U.c2 }).blocks);
    expect(theirs).toContain('You have not voted yet.');
  });

  it.each<{ name: string; story: () => Story; expected: string[] }>([
    {
      name: 'decided',
      story: () => new Story().decide(U.spoc, 'approve', later(90), 'Cheaper & simpler'),
      expected: ['*Approve*, decided by <@USPOC0001> on Mon 30 Nov, 10:30', 'Cheaper &amp; simpler'],
    },
    {
      name: 'decided by vote',
      story: () =>
        new Story().escalate().escalate().vote(U.c1, 'reject', later(800)).vote(U.c2, 'reject', later(810)),
      expected: ["decided by the steering committee's vote", 'Approve 0 · Reject 2'],
    },
    {
      name: 'withdrawn',
      story: () => new Story().withdraw(later(20)),
      expected: ['Withdrawn by <@UREQUEST1>'],
    },
    {
      name: 'default applied',
      story: () => new Story({ request: { defaultOptionId: 'reject' } }).escalate().escalate().escalate(),
      expected: ['*Reject*: nobody decided in time, so the default applied'],
    },
  ])('words the outcome when $name, with its latency', ({ story, expected }) => {
    const message = render(
      story(),
      { viewer: 'channel' },
      { latency: { wallMs: 3 * 3600_000 + 20 * 60_000, businessMs: 7200_000 } },
    );
    const text = allText(message.blocks);
    for (const e of expected) expect(text).toContain(e);
    expect(text).toContain('Took 3h 20m (2h of business time)');
  });

  it('summarises who held it, for how long, and the information exchanged', () => {
    const s = new Story()
      .askInfo(U.spoc, 'Which warehouse?', later(30))
      .answerInfo('The main one', later(60))
      .consult(U.spoc, 'inventory', 'Is FIFO workable?', later(70))
      .opinion(U.inventory, 'Yes', later(80))
      .escalate();
    const text = allText(
      render(
        s,
        { viewer: 'decider', viewerId: U.sponsor },
        { history: s.log, now: s.decision.levelEnteredAt + 60_000 },
      ).blocks,
    );
    expect(text).toContain('How it got here');
    expect(text).toContain('<@USPOC0001> (SPoC) held it for 4h 30m and ran out of time');
    expect(text).toContain('asked: “Which warehouse?”');
    expect(text).toContain('answered: “The main one”');
    expect(text).toContain('advised: “Yes”');
    expect(text).toContain('<@USPONSOR1> (sponsor) held it for 1m so far');
  });

  it('escapes user text in mrkdwn but keeps the header plain', () => {
    const s = new Story({ request: { question: 'Use <FIFO> & LIFO?', context: 'a <@U123> & <!channel>' } });
    const message = render(s, { viewer: 'channel' });
    const [head] = message.blocks;
    expect(head?.type === 'header' && head.text.text).toBe('Use <FIFO> & LIFO?');
    const rest = allText(message.blocks.slice(1));
    expect(rest).toContain('a &lt;@U123&gt; &amp; &lt;!channel&gt;');
    expect(rest).not.toContain('<!channel>');
    expect(message.text).toBe('Decision request: Use &lt;FIFO&gt; &amp; LIFO?');
  });

  it('cuts a 5000-character context to the section limit with an ellipsis', () => {
    const s = new Story({ request: { context: 'x'.repeat(5000) } });
    const message = render(s, { viewer: 'channel' });
    expectValidMessage(message.blocks);
    const contextBlock = message.blocks.find((b) => b.type === 'section' && b.text?.text.startsWith('>'));
    const text = contextBlock?.type === 'section' ? (contextBlock.text?.text ?? '') : '';
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text.endsWith('…')).toBe(true);
  });

  it('links the source message when it was raised from one', () => {
    const s = new Story({ request: { source: { channel: 'C0PROJECT1', ts: '1.2' } } });
    const text = allText(
      render(s, { viewer: 'channel' }, { sourcePermalink: 'https://x.slack.com/archives/C0PROJECT1/p12' })
        .blocks,
    );
    expect(text).toContain('<https://x.slack.com/archives/C0PROJECT1/p12|this message> in <#C0PROJECT1>');
  });

  it('stays valid with the longest texts the form accepts', () => {
    const long: Partial<Project> = { keyUsers: { [`d${'x'.repeat(200)}`]: [U.inventory] } };
    const s = new Story({
      project: project(long),
      request: {
        question: 'Q'.repeat(150),
        context: '&'.repeat(3000),
        options: [1, 2, 3, 4, 5].map((i) => ({ id: `opt${i}`, label: `${i}`.repeat(75) })),
        domain: `d${'x'.repeat(200)}`,
        budgetImpact: 1e15,
        defaultOptionId: 'opt1',
      },
    });
    for (const { viewer } of VIEWERS) {
      const message = render(s, viewer(s.decision), { history: s.log as DecisionEvent[] });
      expectValidMessage(message.blocks, message.text);
    }
  });
});
