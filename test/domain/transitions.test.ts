import { describe, expect, it } from 'vitest';
import type { Decision, DecisionOption, DecisionRequest } from '../../src/domain/decision.js';
import type { DecisionEvent } from '../../src/domain/events.js';
import { pendingTimers } from '../../src/domain/ladder.js';
import type { Project } from '../../src/domain/project.js';
import type { Refusal, Transition } from '../../src/domain/refusal.js';
import { HOUR } from '../../src/domain/time.js';
import {
  consultKeyUsers,
  decide,
  delegate,
  escalate,
  giveOpinion,
  handOverToDeputy,
  openDecision,
  provideInfo,
  remind,
  reminderRecipients,
  requestInfo,
  vote,
  withdraw,
} from '../../src/domain/transitions/index.js';
import {
  accepted,
  at,
  COMMITTEE,
  ok,
  opened,
  project,
  refused,
  request,
  Scenario,
  SPONSORS,
  T0,
  U,
  wallClock,
} from './fixtures.js';

// With the fixture project and the wall clock, a `normal` request has 8 h at the SPoC, 24 h at the sponsors and
// 48 h at the committee.
const SPOC_DUE = T0 + 8 * HOUR;
const SPONSOR_DUE = SPOC_DUE + 24 * HOUR;
const COMMITTEE_DUE = SPONSOR_DUE + 48 * HOUR;

const P = project();

function atSponsor(d: Decision = opened()): Decision {
  return ok(escalate(d, P, { level: 'spoc', spocAway: false }, at(SPOC_DUE)));
}

function atCommittee(d: Decision = opened()): Decision {
  return ok(escalate(atSponsor(d), P, { level: 'sponsor', spocAway: false }, at(SPONSOR_DUE)));
}

function onlyEvent(t: Transition): DecisionEvent {
  const { events } = accepted(t);
  expect(events).toHaveLength(1);
  return events[0] as DecisionEvent;
}

const options = (n: number): DecisionOption[] =>
  Array.from({ length: n }, (_, i) => ({ id: `opt${i + 1}`, label: `Option ${i + 1}` }));

describe('openDecision', () => {
  it('routes to the SPoC, snapshots the full ladder, starts the clock and records who holds it', () => {
    const { decision, events } = accepted(openDecision(request(), 'D1', P, false, at(T0)));
    expect(decision).toMatchObject({
      id: 'D1',
      status: 'open',
      level: 'spoc',
      deciders: [U.spoc],
      ladder: {
        steps: [
          { level: 'spoc', slaMs: 8 * HOUR },
          { level: 'sponsor', slaMs: 24 * HOUR },
          { level: 'committee', slaMs: 48 * HOUR },
        ],
        reminders: [0.5, 0.75],
        quorum: 3,
      },
      openedAt: T0,
      levelEnteredAt: T0,
      levelUsedMs: 0,
      clockStartedAt: T0,
      pausedAt: null,
      dueAt: SPOC_DUE,
      remindersSent: 0,
      overdue: false,
      votes: [],
      outcome: null,
      closedAt: null,
      version: 1,
    });
    expect(events).toEqual([
      {
        type: 'opened',
        at: T0,
        actor: U.requester,
        level: 'spoc',
        data: { deciders: [U.spoc], routedBecause: 'spoc' },
      },
    ]);
  });

  it('over the SPoC authority: starts at the sponsors with a ladder of sponsor and committee only', () => {
    const { decision, events } = accepted(
      openDecision(request({ budgetImpact: 25_000 }), 'D1', P, false, at(T0)),
    );
    expect(decision.level).toBe('sponsor');
    expect(decision.deciders).toEqual(SPONSORS);
    expect(decision.ladder.steps).toEqual([
      { level: 'sponsor', slaMs: 24 * HOUR },
      { level: 'committee', slaMs: 48 * HOUR },
    ]);
    expect(decision.dueAt).toBe(T0 + 24 * HOUR);
    expect(events[0]).toMatchObject({
      type: 'opened',
      level: 'sponsor',
      data: { routedBecause: 'over_authority' },
    });
  });

  it.each<[string, Partial<DecisionRequest>, boolean, Project, number, string, string]>([
    ['high impact: 4 h at the SPoC', { impact: 'high' }, false, P, T0 + 4 * HOUR, U.spoc, 'spoc'],
    ['critical impact: 30 min', { impact: 'critical' }, false, P, T0 + 30 * 60_000, U.spoc, 'spoc'],
    ['low impact: 3 working days of 24 h', { impact: 'low' }, false, P, T0 + 72 * HOUR, U.spoc, 'spoc'],
    ['SPoC away: the deputy', {}, true, P, SPOC_DUE, U.deputy, 'spoc_away'],
    [
      'SPoC away, no deputy',
      {},
      true,
      project({ deputy: undefined }),
      SPOC_DUE,
      U.spoc,
      'no_deputy_spoc_away',
    ],
  ])('%s', (_name, overrides, spocAway, p, dueAt, decider, reason) => {
    const { decision, events } = accepted(openDecision(request(overrides), 'D1', p, spocAway, at(T0)));
    expect(decision.dueAt).toBe(dueAt);
    expect(decision.deciders).toEqual([decider]);
    expect(events[0]?.data).toEqual({ deciders: [decider], routedBecause: reason });
  });

  it('sorts the reminder fractions in the snapshot and copies the quorum', () => {
    const p = project({
      reminders: [0.9, 0.25, 0.5],
      steeringCommittee: { members: [...COMMITTEE], quorum: 2 },
    });
    const d = opened({ project: p });
    expect(d.ladder.reminders).toEqual([0.25, 0.5, 0.9]);
    expect(d.ladder.quorum).toBe(2);
  });

  it.each<[string, Partial<DecisionRequest>]>([
    ['2 options', { options: options(2) }],
    ['5 options', { options: options(5) }],
    ['a default that is one of the options', { defaultOptionId: 'reject' }],
    ['a known domain', { domain: 'inventory' }],
    ['a budget of 0', { budgetImpact: 0 }],
  ])('accepts %s', (_name, overrides) => {
    expect(openDecision(request(overrides), 'D1', P, false, at(T0)).ok).toBe(true);
  });

  it.each<[string, Partial<DecisionRequest>, Refusal]>([
    ['empty question', { question: '' }, { code: 'invalid_request', field: 'question', problem: 'empty' }],
    [
      'blank question',
      { question: '  \n ' },
      { code: 'invalid_request', field: 'question', problem: 'empty' },
    ],
    [
      'no option',
      { options: [] },
      { code: 'invalid_request', field: 'options', problem: 'needs 2 to 5 options' },
    ],
    [
      '1 option',
      { options: options(1) },
      { code: 'invalid_request', field: 'options', problem: 'needs 2 to 5 options' },
    ],
    [
      '6 options',
      { options: options(6) },
      { code: 'invalid_request', field: 'options', problem: 'needs 2 to 5 options' },
    ],
    [
      'duplicate option ids',
      {
        options: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
          { id: 'a', label: 'A again' },
        ],
      },
      { code: 'invalid_request', field: 'options', problem: 'duplicate option ids' },
    ],
    ['default not an option', { defaultOptionId: 'maybe' }, { code: 'unknown_option', optionId: 'maybe' }],
    ['unknown domain', { domain: 'hr' }, { code: 'unknown_domain', domain: 'hr' }],
    [
      'negative budget',
      { budgetImpact: -1 },
      { code: 'invalid_request', field: 'budgetImpact', problem: 'must be a number of zero or more' },
    ],
    [
      'budget NaN',
      { budgetImpact: Number.NaN },
      { code: 'invalid_request', field: 'budgetImpact', problem: 'must be a number of zero or more' },
    ],
    [
      'another project',
      { projectId: 'P2' },
      { code: 'invalid_request', field: 'projectId', problem: 'does not match the project' },
    ],
  ])('refuses %s', (_name, overrides, expected) => {
    expect(refused(openDecision(request(overrides), 'D1', P, false, at(T0)))).toEqual(expected);
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'refuses the domain %j, which is a name of Object.prototype and not a configured domain',
    (domain) => {
      expect(refused(openDecision(request({ domain }), 'D1', P, false, at(T0)))).toEqual({
        code: 'unknown_domain',
        domain,
      });
    },
  );
});

describe('decide', () => {
  it('the SPoC decides: closed with the outcome, no due instant any more', () => {
    const t = decide(opened(), { actor: U.spoc, optionId: 'approve', rationale: 'standard' }, at(T0 + HOUR));
    const { decision, events } = accepted(t);
    const outcome = { optionId: 'approve', by: U.spoc, how: 'decided', rationale: 'standard', at: T0 + HOUR };
    expect(decision).toMatchObject({
      status: 'decided',
      outcome,
      closedAt: T0 + HOUR,
      dueAt: null,
      version: 2,
    });
    expect(events).toEqual([
      {
        type: 'decided',
        at: T0 + HOUR,
        actor: U.spoc,
        level: 'spoc',
        data: { optionId: 'approve', how: 'decided', rationale: 'standard' },
      },
    ]);
    expect(pendingTimers(decision, wallClock)).toEqual([]);
  });

  it.each<[string, () => Decision, string, readonly string[]]>([
    ['the requester, at the SPoC level', () => opened(), U.requester, [U.spoc]],
    ['the deputy while the SPoC is present', () => opened(), U.deputy, [U.spoc]],
    ['the SPoC while the deputy holds it', () => opened({ spocAway: true }), U.spoc, [U.deputy]],
    ['a sponsor before escalation', () => opened(), U.sponsor1, [U.spoc]],
    ['the SPoC after escalation to the sponsors', () => atSponsor(), U.spoc, SPONSORS],
    ['a non-member at the committee', () => atCommittee(), U.sponsor1, COMMITTEE],
  ])('refuses %s and lists the current deciders', (_name, build, actor, deciders) => {
    expect(refused(decide(build(), { actor, optionId: 'approve' }, at(T0 + HOUR)))).toEqual({
      code: 'not_your_decision',
      deciders,
    });
  });

  it.each([U.sponsor1, U.sponsor2])('any sponsor decides at the sponsor level (%s)', (actor) => {
    const d = ok(decide(atSponsor(), { actor, optionId: 'reject' }, at(SPOC_DUE + HOUR)));
    expect(d.outcome).toMatchObject({ optionId: 'reject', by: actor, how: 'decided' });
  });

  it.each([U.spoc, U.deputy, U.requester])(
    'a second decide (by %s) is refused as already decided, telling who decided what',
    (actor) => {
      const first = ok(decide(opened(), { actor: U.spoc, optionId: 'approve' }, at(T0 + HOUR)));
      expect(refused(decide(first, { actor, optionId: 'reject' }, at(T0 + 2 * HOUR)))).toEqual({
        code: 'already_decided',
        status: 'decided',
        outcome: { optionId: 'approve', by: U.spoc, how: 'decided', rationale: undefined, at: T0 + HOUR },
      });
    },
  );

  it('refuses an option that the request does not offer', () => {
    expect(refused(decide(opened(), { actor: U.spoc, optionId: 'maybe' }, at(T0)))).toEqual({
      code: 'unknown_option',
      optionId: 'maybe',
    });
  });

  it('a committee member must vote instead', () => {
    expect(
      refused(decide(atCommittee(), { actor: U.c1, optionId: 'approve' }, at(SPONSOR_DUE + HOUR))),
    ).toEqual({
      code: 'vote_required',
    });
  });

  it('is allowed while waiting for information, and ends the pause', () => {
    const paused = ok(requestInfo(opened(), { actor: U.spoc, question: 'Which plant?' }, at(T0 + HOUR)));
    const d = ok(decide(paused, { actor: U.spoc, optionId: 'approve' }, at(T0 + 2 * HOUR)));
    expect(d).toMatchObject({ status: 'decided', pausedAt: null, dueAt: null, closedAt: T0 + 2 * HOUR });
  });

  it('refuses on a withdrawn decision with its status and no outcome', () => {
    const w = ok(withdraw(opened(), { actor: U.requester }, at(T0 + HOUR)));
    expect(refused(decide(w, { actor: U.spoc, optionId: 'approve' }, at(T0 + 2 * HOUR)))).toEqual({
      code: 'already_decided',
      status: 'withdrawn',
      outcome: null,
    });
  });
});

describe('vote (committee of four, quorum three)', () => {
  const t = SPONSOR_DUE + HOUR;

  it.each([U.spoc, U.sponsor1, U.requester, U.outsider])('refuses %s, who is not a member', (actor) => {
    expect(refused(vote(atCommittee(), { actor, optionId: 'approve' }, at(t)))).toEqual({
      code: 'not_committee_member',
    });
  });

  it('refuses an unknown option', () => {
    expect(refused(vote(atCommittee(), { actor: U.c1, optionId: 'abstain' }, at(t)))).toEqual({
      code: 'unknown_option',
      optionId: 'abstain',
    });
  });

  it.each<[string, () => Decision]>([
    ['at the SPoC level', () => opened()],
    ['at the sponsor level', () => atSponsor()],
  ])('refuses a vote %s', (_name, build) => {
    const d = build();
    expect(refused(vote(d, { actor: U.c1, optionId: 'approve' }, at(t)))).toEqual({
      code: 'invalid_transition',
      status: 'open',
      attempted: 'vote',
    });
  });

  it('records a first vote and keeps the decision open', () => {
    const before = atCommittee();
    const { decision, events } = accepted(vote(before, { actor: U.c1, optionId: 'approve' }, at(t)));
    expect(decision.status).toBe('open');
    expect(decision.votes).toEqual([{ member: U.c1, optionId: 'approve', at: t }]);
    expect(decision.dueAt).toBe(COMMITTEE_DUE);
    expect(decision.version).toBe(before.version + 1);
    expect(events).toEqual([
      {
        type: 'voted',
        at: t,
        actor: U.c1,
        level: 'committee',
        data: { optionId: 'approve', previous: null, tally: { approve: 1 } },
      },
    ]);
  });

  it('a member changes their vote: one vote per member, the event tells the previous one', () => {
    const first = ok(vote(atCommittee(), { actor: U.c1, optionId: 'approve' }, at(t)));
    const { decision, events } = accepted(vote(first, { actor: U.c1, optionId: 'reject' }, at(t + HOUR)));
    expect(decision.votes).toEqual([{ member: U.c1, optionId: 'reject', at: t + HOUR }]);
    // The tally as it stands after the change: the member's earlier vote no longer counts.
    expect(events[0]?.data).toEqual({ optionId: 'reject', previous: 'approve', tally: { reject: 1 } });
  });

  it('the same vote twice changes nothing: no event, same version', () => {
    const first = ok(vote(atCommittee(), { actor: U.c1, optionId: 'approve' }, at(t)));
    const again = accepted(vote(first, { actor: U.c1, optionId: 'approve' }, at(t + HOUR)));
    expect(again.events).toEqual([]);
    expect(again.decision).toEqual(first);
    expect(again.decision.version).toBe(first.version);
  });

  it('closes when an option reaches the quorum, with the last voter as `by`', () => {
    let d = atCommittee();
    d = ok(vote(d, { actor: U.c1, optionId: 'approve' }, at(t)));
    d = ok(vote(d, { actor: U.c2, optionId: 'reject' }, at(t + 1)));
    d = ok(vote(d, { actor: U.c3, optionId: 'approve' }, at(t + 2)));
    expect(d.status).toBe('open');
    const { decision, events } = accepted(vote(d, { actor: U.c4, optionId: 'approve' }, at(t + 3)));
    expect(decision).toMatchObject({
      status: 'decided',
      outcome: { optionId: 'approve', by: U.c4, how: 'vote', at: t + 3 },
      closedAt: t + 3,
      dueAt: null,
      version: d.version + 1,
    });
    expect(events.map((e) => e.type)).toEqual(['voted', 'decided']);
    expect(events[1]).toEqual({
      type: 'decided',
      at: t + 3,
      actor: U.c4,
      level: 'committee',
      data: { optionId: 'approve', how: 'vote' },
    });
  });

  it('a 2–2 tie stays open until a member changes their vote', () => {
    let d = atCommittee();
    d = ok(vote(d, { actor: U.c1, optionId: 'approve' }, at(t)));
    d = ok(vote(d, { actor: U.c2, optionId: 'approve' }, at(t + 1)));
    d = ok(vote(d, { actor: U.c3, optionId: 'reject' }, at(t + 2)));
    const tie = accepted(vote(d, { actor: U.c4, optionId: 'reject' }, at(t + 3)));
    expect(tie.decision.status).toBe('open');
    expect(tie.decision.outcome).toBeNull();
    expect(tie.events.map((e) => e.type)).toEqual(['voted']);
    const broken = ok(vote(tie.decision, { actor: U.c4, optionId: 'approve' }, at(t + 4)));
    expect(broken.outcome).toMatchObject({ optionId: 'approve', how: 'vote', by: U.c4 });
  });

  it('refuses a vote once closed', () => {
    let d = atCommittee();
    for (const member of [U.c1, U.c2, U.c3]) d = ok(vote(d, { actor: member, optionId: 'reject' }, at(t)));
    expect(refused(vote(d, { actor: U.c4, optionId: 'approve' }, at(t + 1)))).toMatchObject({
      code: 'already_decided',
      status: 'decided',
      outcome: { optionId: 'reject', how: 'vote' },
    });
  });
});

describe('requestInfo / provideInfo', () => {
  it.each([U.requester, U.deputy, U.sponsor1, U.inventory])('only a decider asks: %s is refused', (actor) => {
    expect(refused(requestInfo(opened(), { actor, question: '?' }, at(T0 + HOUR)))).toEqual({
      code: 'not_your_decision',
      deciders: [U.spoc],
    });
  });

  it('pauses the clock: no due instant, used time kept, remaining time in the event', () => {
    const { decision, events } = accepted(
      requestInfo(opened(), { actor: U.spoc, question: 'Which plant?' }, at(T0 + 2 * HOUR)),
    );
    expect(decision).toMatchObject({
      status: 'needs_info',
      pausedAt: T0 + 2 * HOUR,
      clockStartedAt: null,
      levelUsedMs: 2 * HOUR,
      dueAt: null,
      version: 2,
    });
    expect(events).toEqual([
      {
        type: 'info_requested',
        at: T0 + 2 * HOUR,
        actor: U.spoc,
        level: 'spoc',
        data: { question: 'Which plant?', remainingMs: 6 * HOUR },
      },
    ]);
    expect(pendingTimers(decision, wallClock)).toEqual([]);
  });

  it('a second request while paused is refused', () => {
    const paused = ok(requestInfo(opened(), { actor: U.spoc, question: 'a' }, at(T0 + HOUR)));
    expect(refused(requestInfo(paused, { actor: U.spoc, question: 'b' }, at(T0 + 2 * HOUR)))).toEqual({
      code: 'invalid_transition',
      status: 'needs_info',
      attempted: 'request_info',
    });
  });

  it.each([U.spoc, U.deputy, U.outsider])('only the requester answers: %s is refused', (actor) => {
    const paused = ok(requestInfo(opened(), { actor: U.spoc, question: 'a' }, at(T0 + HOUR)));
    expect(refused(provideInfo(paused, { actor, answer: 'x' }, at(T0 + 2 * HOUR)))).toEqual({
      code: 'not_requester',
    });
  });

  it('answering when nothing was asked is refused', () => {
    expect(refused(provideInfo(opened(), { actor: U.requester, answer: 'x' }, at(T0 + HOUR)))).toEqual({
      code: 'invalid_transition',
      status: 'open',
      attempted: 'provide_info',
    });
  });

  it('the answer resumes the clock: the due instant moves by exactly the paused time', () => {
    const paused = ok(requestInfo(opened(), { actor: U.spoc, question: 'a' }, at(T0 + 2 * HOUR)));
    const { decision, events } = accepted(
      provideInfo(paused, { actor: U.requester, answer: 'Plant 2' }, at(T0 + 5 * HOUR + 123)),
    );
    expect(decision).toMatchObject({
      status: 'open',
      pausedAt: null,
      clockStartedAt: T0 + 5 * HOUR + 123,
      levelUsedMs: 2 * HOUR,
      dueAt: SPOC_DUE + 3 * HOUR + 123,
      version: 3,
    });
    expect(events).toEqual([
      {
        type: 'info_provided',
        at: T0 + 5 * HOUR + 123,
        actor: U.requester,
        level: 'spoc',
        data: { answer: 'Plant 2', pausedMs: 3 * HOUR + 123 },
      },
    ]);
  });

  it.each<[string, [number, number][], number]>([
    ['one pause of 3 h', [[2, 5]], 3],
    [
      'two pauses of 1 h and 4 h',
      [
        [1, 2],
        [3, 7],
      ],
      5,
    ],
    ['a pause at the opening instant', [[0, 10]], 10],
    ['a pause lasting past the original deadline', [[7, 30]], 23],
  ])('%s: due instant shifts by the total paused time', (_name, pauses, shiftHours) => {
    let d = opened();
    for (const [ask, answer] of pauses) {
      d = ok(requestInfo(d, { actor: U.spoc, question: 'q' }, at(T0 + ask * HOUR)));
      d = ok(provideInfo(d, { actor: U.requester, answer: 'a' }, at(T0 + answer * HOUR)));
    }
    expect(d.dueAt).toBe(SPOC_DUE + shiftHours * HOUR);
    expect(pendingTimers(d, wallClock).at(-1)).toEqual({ kind: 'escalate', level: 'spoc', at: d.dueAt });
  });

  it('the remaining time of a second pause counts the time already used', () => {
    let d = ok(requestInfo(opened(), { actor: U.spoc, question: 'q' }, at(T0 + HOUR)));
    d = ok(provideInfo(d, { actor: U.requester, answer: 'a' }, at(T0 + 4 * HOUR)));
    const second = onlyEvent(requestInfo(d, { actor: U.spoc, question: 'q2' }, at(T0 + 6 * HOUR)));
    // used: 1 h before the first pause + 2 h after it = 3 h of 8 h
    expect(second.data).toEqual({ question: 'q2', remainingMs: 5 * HOUR });
  });

  it('a committee member may ask; the committee clock pauses', () => {
    const d = ok(requestInfo(atCommittee(), { actor: U.c2, question: 'q' }, at(SPONSOR_DUE + 6 * HOUR)));
    expect(d).toMatchObject({ status: 'needs_info', levelUsedMs: 6 * HOUR, dueAt: null });
  });
});

describe('withdraw', () => {
  it('the requester takes the question back', () => {
    const { decision, events } = accepted(
      withdraw(opened(), { actor: U.requester, reason: 'moot' }, at(T0 + HOUR)),
    );
    expect(decision).toMatchObject({ status: 'withdrawn', closedAt: T0 + HOUR, outcome: null, dueAt: null });
    expect(events).toEqual([
      { type: 'withdrawn', at: T0 + HOUR, actor: U.requester, level: 'spoc', data: { reason: 'moot' } },
    ]);
    expect(pendingTimers(decision, wallClock)).toEqual([]);
  });

  it.each([U.spoc, U.deputy, U.sponsor1])('only the requester: %s is refused', (actor) => {
    expect(refused(withdraw(opened(), { actor }, at(T0 + HOUR)))).toEqual({ code: 'not_requester' });
  });

  it('works while paused and ends the pause', () => {
    const paused = ok(requestInfo(opened(), { actor: U.spoc, question: 'q' }, at(T0 + HOUR)));
    expect(ok(withdraw(paused, { actor: U.requester }, at(T0 + 2 * HOUR)))).toMatchObject({
      status: 'withdrawn',
      pausedAt: null,
    });
  });

  it.each<[string, (d: Decision) => Transition]>([
    ['decided', (d) => decide(d, { actor: U.spoc, optionId: 'approve' }, at(T0 + HOUR))],
    ['withdrawn', (d) => withdraw(d, { actor: U.requester }, at(T0 + HOUR))],
  ])('is refused once %s', (status, close) => {
    const closed = ok(close(opened()));
    expect(refused(withdraw(closed, { actor: U.requester }, at(T0 + 2 * HOUR)))).toMatchObject({
      code: 'already_decided',
      status,
    });
  });
});

describe('delegate', () => {
  const now = at(T0 + HOUR);

  it('the SPoC hands it to a key user, who then decides; the SPoC no longer can', () => {
    const { decision, events } = accepted(
      delegate(opened(), P, { actor: U.spoc, to: U.inventory, note: 'n' }, now),
    );
    expect(decision.deciders).toEqual([U.inventory]);
    expect(decision.dueAt).toBe(SPOC_DUE);
    expect(events).toEqual([
      {
        type: 'delegated',
        at: T0 + HOUR,
        actor: U.spoc,
        level: 'spoc',
        data: { to: U.inventory, note: 'n', accountable: U.spoc },
      },
    ]);
    expect(refused(decide(decision, { actor: U.spoc, optionId: 'approve' }, at(T0 + 2 * HOUR)))).toEqual({
      code: 'not_your_decision',
      deciders: [U.inventory],
    });
    expect(
      ok(decide(decision, { actor: U.inventory, optionId: 'approve' }, at(T0 + 2 * HOUR))).outcome,
    ).toMatchObject({ by: U.inventory, how: 'decided' });
  });

  it.each([U.accounting2, U.deputy])('the SPoC may delegate to %s', (to) => {
    expect(ok(delegate(opened(), P, { actor: U.spoc, to, note: '' }, now)).deciders).toEqual([to]);
  });

  it('the deputy standing in may delegate to a key user; the SPoC stays accountable', () => {
    const event = onlyEvent(
      delegate(opened({ spocAway: true }), P, { actor: U.deputy, to: U.inventory, note: '' }, now),
    );
    expect(event).toMatchObject({ actor: U.deputy, data: { to: U.inventory, accountable: U.spoc } });
  });

  it.each<[string, Decision, string, string]>([
    ['to a sponsor', opened(), U.spoc, U.sponsor1],
    ['to a committee member', opened(), U.spoc, U.c1],
    ['to the requester', opened(), U.spoc, U.requester],
    ['to an unknown user', opened(), U.spoc, U.outsider],
    ['to oneself (SPoC)', opened(), U.spoc, U.spoc],
    ['to oneself (deputy standing in)', opened({ spocAway: true }), U.deputy, U.deputy],
    ['back to the SPoC by the deputy standing in', opened({ spocAway: true }), U.deputy, U.spoc],
  ])('refuses %s as an invalid delegate', (_name, d, actor, to) => {
    expect(refused(delegate(d, P, { actor, to, note: '' }, now))).toEqual({ code: 'invalid_delegate', to });
  });

  it('refuses to the deputy when the project has none', () => {
    const p = project({ deputy: undefined });
    const d = opened({ project: p });
    expect(refused(delegate(d, p, { actor: U.spoc, to: U.deputy, note: '' }, now))).toEqual({
      code: 'invalid_delegate',
      to: U.deputy,
    });
  });

  it.each([U.requester, U.deputy, U.inventory])('refuses %s, who does not hold the decision', (actor) => {
    expect(refused(delegate(opened(), P, { actor, to: U.accounting1, note: '' }, now))).toEqual({
      code: 'not_your_decision',
      deciders: [U.spoc],
    });
  });

  it('only at the SPoC level: a sponsor cannot delegate', () => {
    expect(
      refused(
        delegate(atSponsor(), P, { actor: U.sponsor1, to: U.inventory, note: '' }, at(SPOC_DUE + HOUR)),
      ),
    ).toEqual({ code: 'invalid_transition', status: 'open', attempted: 'delegate' });
  });

  it('only at the SPoC level: a SPoC who is also the only sponsor cannot delegate at the sponsor level', () => {
    const p = project({ sponsors: [U.spoc] });
    const d = ok(escalate(opened({ project: p }), p, { level: 'spoc', spocAway: false }, at(SPOC_DUE)));
    expect(d.deciders).toEqual([U.spoc]);
    expect(
      refused(delegate(d, p, { actor: U.spoc, to: U.inventory, note: '' }, at(SPOC_DUE + HOUR))),
    ).toEqual({
      code: 'invalid_transition',
      status: 'open',
      attempted: 'delegate',
    });
  });

  it('a key user holding it cannot delegate further', () => {
    const d = ok(delegate(opened(), P, { actor: U.spoc, to: U.inventory, note: '' }, now));
    expect(refused(delegate(d, P, { actor: U.inventory, to: U.accounting1, note: '' }, now))).toEqual({
      code: 'invalid_transition',
      status: 'open',
      attempted: 'delegate',
    });
  });

  it('is refused once closed', () => {
    const d = ok(decide(opened(), { actor: U.spoc, optionId: 'approve' }, now));
    expect(refused(delegate(d, P, { actor: U.spoc, to: U.inventory, note: '' }, now)).code).toBe(
      'already_decided',
    );
  });
});

describe('handOverToDeputy', () => {
  const now = at(T0 + HOUR);
  const spocSponsor = project({ sponsors: [U.spoc] });

  it('moves a request the SPoC holds to the deputy, keeping its clock', () => {
    const { decision, events } = accepted(handOverToDeputy(opened(), P, now));
    expect(decision).toMatchObject({ deciders: [U.deputy], level: 'spoc', dueAt: SPOC_DUE, version: 2 });
    expect(events).toEqual([
      {
        type: 'handed_over',
        at: T0 + HOUR,
        actor: U.spoc,
        level: 'spoc',
        data: { from: [U.spoc], deciders: [U.deputy], because: 'spoc_away' },
      },
    ]);
    expect(ok(decide(decision, { actor: U.deputy, optionId: 'approve' }, now)).status).toBe('decided');
    expect(refused(decide(decision, { actor: U.spoc, optionId: 'approve' }, now)).code).toBe(
      'not_your_decision',
    );
  });

  it.each<[string, () => Decision, Project]>([
    [
      'a request delegated to a key user',
      () => ok(delegate(opened(), P, { actor: U.spoc, to: U.inventory, note: '' }, now)),
      P,
    ],
    ['a request the deputy already holds', () => opened({ spocAway: true }), P],
    ['a request at the sponsor level', () => atSponsor(), P],
    [
      'a sponsor-level request held by a SPoC who is also the only sponsor',
      () =>
        ok(
          escalate(
            opened({ project: spocSponsor }),
            spocSponsor,
            { level: 'spoc', spocAway: false },
            at(SPOC_DUE),
          ),
        ),
      spocSponsor,
    ],
    [
      'a project without a deputy',
      () => opened({ project: project({ deputy: undefined }) }),
      project({ deputy: undefined }),
    ],
  ])('does not move %s', (_name, build, p) => {
    expect(refused(handOverToDeputy(build(), p, now))).toMatchObject({
      code: 'invalid_transition',
      attempted: 'hand_over',
    });
  });

  it('is refused once closed', () => {
    const d = ok(withdraw(opened(), { actor: U.requester }, now));
    expect(refused(handOverToDeputy(d, P, now)).code).toBe('already_decided');
  });
});

describe('consultKeyUsers / giveOpinion', () => {
  const now = at(T0 + HOUR);

  it('a decider consults the key users of a domain; the clock keeps running', () => {
    const { decision, events } = accepted(
      consultKeyUsers(
        opened(),
        P,
        { actor: U.spoc, domain: 'accounting', question: 'Impact on closing?' },
        now,
      ),
    );
    expect(decision).toMatchObject({ status: 'open', deciders: [U.spoc], dueAt: SPOC_DUE, version: 2 });
    expect(events).toEqual([
      {
        type: 'consulted',
        at: T0 + HOUR,
        actor: U.spoc,
        level: 'spoc',
        data: {
          domain: 'accounting',
          keyUsers: [U.accounting1, U.accounting2],
          question: 'Impact on closing?',
        },
      },
    ]);
  });

  it.each(['hr', 'payroll', 'constructor'])(
    'refuses the domain %j (missing, without key users or not a domain)',
    (domain) => {
      expect(refused(consultKeyUsers(opened(), P, { actor: U.spoc, domain, question: 'q' }, now))).toEqual({
        code: 'unknown_domain',
        domain,
      });
    },
  );

  it('refuses a non-decider', () => {
    expect(
      refused(consultKeyUsers(opened(), P, { actor: U.requester, domain: 'inventory', question: 'q' }, now)),
    ).toEqual({ code: 'not_your_decision', deciders: [U.spoc] });
  });

  it.each([U.inventory, U.accounting2])('key user %s gives an opinion', (actor) => {
    expect(onlyEvent(giveOpinion(opened(), P, { actor, text: 'Fine by me' }, now))).toEqual({
      type: 'opinion_given',
      at: T0 + HOUR,
      actor,
      level: 'spoc',
      data: { text: 'Fine by me' },
    });
  });

  it.each([U.spoc, U.requester, U.sponsor1, U.outsider])(
    '%s is not a key user and cannot give an opinion',
    (actor) => {
      expect(refused(giveOpinion(opened(), P, { actor, text: 'x' }, now))).toEqual({
        code: 'not_a_key_user',
      });
    },
  );

  it('no opinion once closed', () => {
    const d = ok(decide(opened(), { actor: U.spoc, optionId: 'approve' }, now));
    expect(refused(giveOpinion(d, P, { actor: U.inventory, text: 'late' }, now)).code).toBe(
      'already_decided',
    );
  });
});

describe('remind', () => {
  it('records the index and tells the recipients and due instant', () => {
    const { decision, events } = accepted(remind(opened(), { level: 'spoc', index: 0 }, at(T0 + 4 * HOUR)));
    expect(decision.remindersSent).toBe(1);
    expect(decision.dueAt).toBe(SPOC_DUE);
    expect(events).toEqual([
      {
        type: 'reminded',
        at: T0 + 4 * HOUR,
        actor: null,
        level: 'spoc',
        data: { deciders: [U.spoc], index: 0, dueAt: SPOC_DUE },
      },
    ]);
  });

  it('sends each configured reminder once and no more', () => {
    const first = ok(remind(opened(), { level: 'spoc', index: 0 }, at(T0 + 4 * HOUR)));
    expect(refused(remind(first, { level: 'spoc', index: 0 }, at(T0 + 4 * HOUR + 1)))).toEqual({
      code: 'reminders_exhausted',
    });
    const second = ok(remind(first, { level: 'spoc', index: 1 }, at(T0 + 6 * HOUR)));
    expect(second.remindersSent).toBe(2);
    expect(refused(remind(second, { level: 'spoc', index: 1 }, at(T0 + 6 * HOUR)))).toEqual({
      code: 'reminders_exhausted',
    });
    expect(refused(remind(second, { level: 'spoc', index: 2 }, at(T0 + 7 * HOUR)))).toEqual({
      code: 'reminders_exhausted',
    });
  });

  it('refuses a reminder before its instant (its timer fired early, e.g. after a pause moved it)', () => {
    // SPoC level of 8 h, first reminder at 0.5: due at T0 + 4 h.
    expect(refused(remind(opened(), { level: 'spoc', index: 0 }, at(T0 + 4 * HOUR - 1)))).toEqual({
      code: 'not_due',
      dueAt: T0 + 4 * HOUR,
    });
  });

  it('refuses an index beyond the configured reminders', () => {
    expect(refused(remind(opened(), { level: 'spoc', index: 2 }, at(T0 + 7 * HOUR)))).toEqual({
      code: 'reminders_exhausted',
    });
  });

  it.each<[string, () => Decision, 'spoc' | 'sponsor']>([
    ['a stale level (the request moved on to the sponsors)', () => atSponsor(), 'spoc'],
    ['a level not reached yet', () => opened(), 'sponsor'],
    [
      'a paused decision',
      () => ok(requestInfo(opened(), { actor: U.spoc, question: 'q' }, at(T0 + HOUR))),
      'spoc',
    ],
  ])('refuses %s', (_name, build, level) => {
    expect(refused(remind(build(), { level, index: 0 }, at(SPOC_DUE + HOUR)))).toMatchObject({
      code: 'invalid_transition',
      attempted: 'remind',
    });
  });

  it('is refused once closed', () => {
    const d = ok(decide(opened(), { actor: U.spoc, optionId: 'approve' }, at(T0 + HOUR)));
    expect(refused(remind(d, { level: 'spoc', index: 0 }, at(T0 + 4 * HOUR))).code).toBe('already_decided');
  });

  it('at the committee, reminds only the members who have not voted', () => {
    let d = atCommittee();
    expect(reminderRecipients(d)).toEqual(COMMITTEE);
    d = ok(vote(d, { actor: U.c2, optionId: 'approve' }, at(SPONSOR_DUE + HOUR)));
    d = ok(vote(d, { actor: U.c4, optionId: 'reject' }, at(SPONSOR_DUE + 2 * HOUR)));
    expect(reminderRecipients(d)).toEqual([U.c1, U.c3]);
    const event = onlyEvent(remind(d, { level: 'committee', index: 0 }, at(SPONSOR_DUE + 24 * HOUR)));
    expect(event.data).toEqual({ deciders: [U.c1, U.c3], index: 0, dueAt: COMMITTEE_DUE });
  });

  it.each<[string, () => Decision, readonly string[]]>([
    ['the SPoC', () => opened(), [U.spoc]],
    ['the deputy standing in', () => opened({ spocAway: true }), [U.deputy]],
    ['the sponsors', () => atSponsor(), SPONSORS],
  ])('below the committee, reminds the deciders: %s', (_name, build, expected) => {
    expect(reminderRecipients(build())).toEqual(expected);
  });
});

describe('escalate', () => {
  const spocTimer = { level: 'spoc' as const, spocAway: false };

  it('is refused before the due instant, telling when it is due', () => {
    expect(refused(escalate(opened(), P, spocTimer, at(SPOC_DUE - 1)))).toEqual({
      code: 'not_due',
      dueAt: SPOC_DUE,
    });
  });

  it.each<[string, () => Decision, 'spoc' | 'sponsor' | 'committee']>([
    ['a stale timer of a level already left', () => atSponsor(), 'spoc'],
    ['a timer of a level not reached', () => opened(), 'sponsor'],
    [
      'a paused decision',
      () => ok(requestInfo(opened(), { actor: U.spoc, question: 'q' }, at(T0 + HOUR))),
      'spoc',
    ],
  ])('refuses %s', (_name, build, level) => {
    expect(refused(escalate(build(), P, { level, spocAway: false }, at(COMMITTEE_DUE + HOUR)))).toMatchObject(
      {
        code: 'invalid_transition',
        attempted: 'escalate',
      },
    );
  });

  it('spoc → sponsors at the due instant: new deciders, fresh level clock and reminders', () => {
    const reminded = ok(remind(opened(), { level: 'spoc', index: 1 }, at(T0 + 6 * HOUR)));
    expect(reminded.remindersSent).toBe(2);
    const { decision, events } = accepted(escalate(reminded, P, spocTimer, at(SPOC_DUE)));
    expect(decision).toMatchObject({
      status: 'open',
      level: 'sponsor',
      deciders: SPONSORS,
      levelEnteredAt: SPOC_DUE,
      levelUsedMs: 0,
      clockStartedAt: SPOC_DUE,
      remindersSent: 0,
      votes: [],
      dueAt: SPONSOR_DUE,
      version: reminded.version + 1,
    });
    expect(events).toEqual([
      {
        type: 'escalated',
        at: SPOC_DUE,
        actor: null,
        level: 'sponsor',
        data: { from: 'spoc', deciders: SPONSORS, because: 'timeout' },
      },
    ]);
  });

  it('a late timer starts the next level from the instant it fires', () => {
    const late = SPOC_DUE + 90 * 60_000;
    expect(ok(escalate(opened(), P, spocTimer, at(late))).dueAt).toBe(late + 24 * HOUR);
  });

  it('the level clock resets even after a pause at the previous level', () => {
    let d = ok(requestInfo(opened(), { actor: U.spoc, question: 'q' }, at(T0 + HOUR)));
    d = ok(provideInfo(d, { actor: U.requester, answer: 'a' }, at(T0 + 3 * HOUR)));
    expect(refused(escalate(d, P, spocTimer, at(SPOC_DUE))).code).toBe('not_due');
    d = ok(escalate(d, P, spocTimer, at(SPOC_DUE + 2 * HOUR)));
    expect(d).toMatchObject({ level: 'sponsor', levelUsedMs: 0, dueAt: SPOC_DUE + 26 * HOUR });
  });

  it('sponsors → committee: the members, 2 working days', () => {
    const { decision, events } = accepted(
      escalate(atSponsor(), P, { level: 'sponsor', spocAway: false }, at(SPONSOR_DUE)),
    );
    expect(decision).toMatchObject({
      level: 'committee',
      deciders: COMMITTEE,
      levelEnteredAt: SPONSOR_DUE,
      remindersSent: 0,
      dueAt: COMMITTEE_DUE,
    });
    expect(events[0]?.data).toEqual({ from: 'sponsor', deciders: COMMITTEE, because: 'timeout' });
  });

  it('the votes start empty at the committee after an escalation', () => {
    expect(atCommittee().votes).toEqual([]);
  });

  it('at the top with a default: expires with the default outcome, decided by nobody', () => {
    const d = atCommittee(opened({ request: { defaultOptionId: 'reject' } }));
    const { decision, events } = accepted(
      escalate(d, P, { level: 'committee', spocAway: false }, at(COMMITTEE_DUE)),
    );
    expect(decision).toMatchObject({
      status: 'expired',
      outcome: { optionId: 'reject', by: null, how: 'default', at: COMMITTEE_DUE },
      closedAt: COMMITTEE_DUE,
      dueAt: null,
      overdue: false,
    });
    expect(events).toEqual([
      { type: 'expired', at: COMMITTEE_DUE, actor: null, level: 'committee', data: { optionId: 'reject' } },
    ]);
    expect(pendingTimers(decision, wallClock)).toEqual([]);
  });

  it('at the top without a default: stays open, flagged overdue, with no timers after', () => {
    const { decision, events } = accepted(
      escalate(atCommittee(), P, { level: 'committee', spocAway: false }, at(COMMITTEE_DUE)),
    );
    expect(decision).toMatchObject({
      status: 'open',
      overdue: true,
      dueAt: null,
      outcome: null,
      level: 'committee',
    });
    expect(events).toEqual([
      { type: 'marked_overdue', at: COMMITTEE_DUE, actor: null, level: 'committee', data: {} },
    ]);
    expect(pendingTimers(decision, wallClock)).toEqual([]);
    expect(
      refused(escalate(decision, P, { level: 'committee', spocAway: false }, at(COMMITTEE_DUE + HOUR))),
    ).toMatchObject({ code: 'invalid_transition', attempted: 'escalate' });
    expect(refused(remind(decision, { level: 'committee', index: 1 }, at(COMMITTEE_DUE + HOUR))).code).toBe(
      'invalid_transition',
    );
    // the committee can still close it by vote
    let d = decision;
    for (const member of [U.c1, U.c2, U.c3])
      d = ok(vote(d, { actor: member, optionId: 'approve' }, at(COMMITTEE_DUE + HOUR)));
    expect(d).toMatchObject({ status: 'decided', overdue: true, dueAt: null });
  });

  it('over authority: sponsors → committee → default', () => {
    let d = opened({ request: { budgetImpact: 50_000, defaultOptionId: 'approve' } });
    expect(d.dueAt).toBe(T0 + 24 * HOUR);
    d = ok(escalate(d, P, { level: 'sponsor', spocAway: false }, at(T0 + 24 * HOUR)));
    expect(d).toMatchObject({ level: 'committee', dueAt: T0 + 72 * HOUR });
    d = ok(escalate(d, P, { level: 'committee', spocAway: false }, at(T0 + 72 * HOUR)));
    expect(d.outcome).toMatchObject({ optionId: 'approve', how: 'default', by: null });
  });

  it('approving one moment before the deadline never escalates', () => {
    const d = ok(decide(opened(), { actor: U.spoc, optionId: 'approve' }, at(SPOC_DUE - 1)));
    expect(refused(escalate(d, P, spocTimer, at(SPOC_DUE)))).toEqual({
      code: 'already_decided',
      status: 'decided',
      outcome: { optionId: 'approve', by: U.spoc, how: 'decided', rationale: undefined, at: SPOC_DUE - 1 },
    });
  });
});

describe('every successful transition increments the version by exactly one', () => {
  const now = at(T0 + HOUR);
  const paused = () => ok(requestInfo(opened(), { actor: U.spoc, question: 'q' }, now));
  it.each<[string, () => Decision, (d: Decision) => Transition]>([
    ['decide', opened, (d) => decide(d, { actor: U.spoc, optionId: 'approve' }, now)],
    ['vote', atCommittee, (d) => vote(d, { actor: U.c1, optionId: 'approve' }, at(SPONSOR_DUE + 1))],
    [
      'vote that closes',
      () => {
        let d = atCommittee();
        for (const m of [U.c1, U.c2]) d = ok(vote(d, { actor: m, optionId: 'approve' }, at(SPONSOR_DUE + 1)));
        return d;
      },
      (d) => vote(d, { actor: U.c3, optionId: 'approve' }, at(SPONSOR_DUE + 2)),
    ],
    ['requestInfo', opened, (d) => requestInfo(d, { actor: U.spoc, question: 'q' }, now)],
    ['provideInfo', paused, (d) => provideInfo(d, { actor: U.requester, answer: 'a' }, at(T0 + 2 * HOUR))],
    ['withdraw', opened, (d) => withdraw(d, { actor: U.requester }, now)],
    ['delegate', opened, (d) => delegate(d, P, { actor: U.spoc, to: U.inventory, note: '' }, now)],
    ['handOverToDeputy', opened, (d) => handOverToDeputy(d, P, now)],
    [
      'consultKeyUsers',
      opened,
      (d) => consultKeyUsers(d, P, { actor: U.spoc, domain: 'inventory', question: 'q' }, now),
    ],
    ['giveOpinion', opened, (d) => giveOpinion(d, P, { actor: U.inventory, text: 't' }, now)],
    ['remind', opened, (d) => remind(d, { level: 'spoc', index: 0 }, at(T0 + 4 * HOUR))],
    ['escalate', opened, (d) => escalate(d, P, { level: 'spoc', spocAway: false }, at(SPOC_DUE))],
    [
      'escalate to overdue',
      atCommittee,
      (d) => escalate(d, P, { level: 'committee', spocAway: false }, at(COMMITTEE_DUE)),
    ],
  ])('%s', (_name, build, apply) => {
    const before = build();
    const { decision, events } = accepted(apply(before));
    expect(decision.version).toBe(before.version + 1);
    expect(events.length).toBeGreaterThan(0);
  });

  it('openDecision starts at version 1 and a scenario keeps counting', () => {
    const s = new Scenario(openDecision(request(), 'D1', P, false, at(T0)));
    expect(s.decision.version).toBe(1);
    s.step((d) => requestInfo(d, { actor: U.spoc, question: 'q' }, now));
    s.step((d) => provideInfo(d, { actor: U.requester, answer: 'a' }, at(T0 + 2 * HOUR)));
    s.step((d) => decide(d, { actor: U.spoc, optionId: 'reject' }, at(T0 + 3 * HOUR)));
    expect(s.decision.version).toBe(4);
    expect(s.log.map((e) => e.type)).toEqual(['opened', 'info_requested', 'info_provided', 'decided']);
  });

  it('a refusal leaves the decision untouched', () => {
    const d = opened();
    const copy = structuredClone(d);
    refused(decide(d, { actor: U.outsider, optionId: 'approve' }, now));
    refused(escalate(d, P, { level: 'spoc', spocAway: false }, now));
    expect(d).toEqual(copy);
  });
});
