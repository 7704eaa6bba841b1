import { describe, expect, it } from 'vitest';
import { withoutDeactivated } from '../../src/domain/deactivated.js';
import type { Decision } from '../../src/domain/decision.js';
import type { Project, UserId } from '../../src/domain/project.js';
import { HOUR } from '../../src/domain/time.js';
import {
  answerSignOff,
  decide,
  delegate,
  escalate,
  handOverToDeputy,
  openSignOff,
  passOverDeactivated,
  requestInfo,
  type SignOffRequest,
  signOffDecisionRequest,
  vote,
} from '../../src/domain/transitions/index.js';
import { accepted, at, COMMITTEE, ok, opened, project, refused, SPONSORS, T0, U } from './fixtures.js';

// A `normal` request has 8 h at the SPoC, 24 h at the sponsors and 48 h at the committee (see fixtures.ts).
const SPOC_DUE = T0 + 8 * HOUR;
const SPONSOR_DUE = SPOC_DUE + 24 * HOUR;
const CHECK = T0 + 3 * HOUR;
const P = project();

/** The daily check found `users` deactivated: the decision passes over them at CHECK. */
function passOver(
  d: Decision,
  users: readonly UserId[],
  options: { project?: Project; spocAway?: boolean; now?: number } = {},
) {
  const deactivated = new Set(users);
  // The project as the ladder sees it (ActiveProjects): without the deactivated.
  const seen = withoutDeactivated(options.project ?? P, deactivated).project;
  return passOverDeactivated(
    d,
    seen,
    { deactivated, spocAway: options.spocAway ?? false },
    at(options.now ?? CHECK),
  );
}

function atSponsor(d: Decision = opened()): Decision {
  return ok(escalate(d, P, { level: 'spoc', spocAway: false }, at(SPOC_DUE)));
}

function atCommittee(d: Decision = opened()): Decision {
  return ok(escalate(atSponsor(d), P, { level: 'sponsor', spocAway: false }, at(SPONSOR_DUE)));
}

describe('the SPoC level, with nobody left holding it', () => {
  it('a deactivated SPoC: the deputy gets it with the time left (a hand-over by the bot)', () => {
    const d = opened();
    const { decision, events } = accepted(passOver(d, [U.spoc]));
    expect(decision).toMatchObject({
      level: 'spoc',
      deciders: [U.deputy],
      levelEnteredAt: T0,
      dueAt: SPOC_DUE,
      version: d.version + 1,
    });
    expect(events).toEqual([
      {
        type: 'handed_over',
        at: CHECK,
        actor: null,
        level: 'spoc',
        data: { from: [U.spoc], deciders: [U.deputy], because: 'decider_deactivated', gone: [U.spoc] },
      },
    ]);
  });

  it('a deactivated SPoC without a deputy: the sponsors get it with their full time (an escalation)', () => {
    const noDeputy = project({ deputy: undefined });
    const d = opened({ project: noDeputy });
    const { decision, events } = accepted(passOver(d, [U.spoc], { project: noDeputy }));
    expect(decision).toMatchObject({
      level: 'sponsor',
      deciders: [...SPONSORS],
      levelEnteredAt: CHECK,
      levelUsedMs: 0,
      clockStartedAt: CHECK,
      dueAt: CHECK + 24 * HOUR,
      remindersSent: 0,
    });
    expect(events).toEqual([
      {
        type: 'escalated',
        at: CHECK,
        actor: null,
        level: 'sponsor',
        data: { from: 'spoc', deciders: [...SPONSORS], because: 'decider_deactivated', gone: [U.spoc] },
      },
    ]);
  });

  it('the SPoC and the deputy both deactivated: straight to the sponsors', () => {
    expect(ok(passOver(opened(), [U.spoc, U.deputy])).level).toBe('sponsor');
  });

  it('the deputy standing in for an away SPoC is deactivated: back to the SPoC', () => {
    const d = ok(handOverToDeputy(opened(), P, at(T0 + HOUR)));
    expect(d.deciders).toEqual([U.deputy]);
    const { decision, events } = accepted(passOver(d, [U.deputy], { spocAway: true }));
    expect(decision.deciders).toEqual([U.spoc]);
    expect(decision.dueAt).toBe(SPOC_DUE);
    expect(events[0]).toMatchObject({ type: 'handed_over', data: { gone: [U.deputy], deciders: [U.spoc] } });
  });

  it('a deactivated delegate: the decision returns to the SPoC, or to the deputy while the SPoC is away', () => {
    const d = ok(delegate(opened(), P, { actor: U.spoc, to: U.inventory, note: 'yours' }, at(T0 + HOUR)));
    const back = accepted(passOver(d, [U.inventory]));
    expect(back.decision).toMatchObject({ level: 'spoc', deciders: [U.spoc], dueAt: SPOC_DUE });
    expect(back.events[0]).toMatchObject({
      type: 'handed_over',
      data: { from: [U.inventory], deciders: [U.spoc], because: 'decider_deactivated' },
    });
    expect(ok(passOver(d, [U.inventory], { spocAway: true })).deciders).toEqual([U.deputy]);
  });

  it('paused for information: it moves on and stays paused (the next level’s clock starts on the answer)', () => {
    const noDeputy = project({ deputy: undefined });
    const d = ok(
      requestInfo(opened({ project: noDeputy }), { actor: U.spoc, question: 'Which?' }, at(T0 + HOUR)),
    );
    const up = ok(passOver(d, [U.spoc], { project: noDeputy }));
    expect(up).toMatchObject({ status: 'needs_info', level: 'sponsor', clockStartedAt: null, dueAt: null });
    const handed = ok(passOver(d, [U.spoc]));
    expect(handed).toMatchObject({ status: 'needs_info', deciders: [U.deputy], clockStartedAt: null });
  });
});

describe('others left at the level keep it', () => {
  it('one of two sponsors: the other keeps it, same clock, no new request for anyone', () => {
    const d = atSponsor();
    const { decision, events } = accepted(passOver(d, [U.sponsor1]));
    expect(decision).toMatchObject({
      level: 'sponsor',
      deciders: [U.sponsor2],
      levelEnteredAt: d.levelEnteredAt,
      dueAt: d.dueAt,
      remindersSent: d.remindersSent,
    });
    expect(events).toEqual([
      {
        type: 'handed_over',
        at: CHECK,
        actor: null,
        level: 'sponsor',
        data: {
          from: [...SPONSORS],
          deciders: [U.sponsor2],
          because: 'decider_deactivated',
          gone: [U.sponsor1],
        },
      },
    ]);
  });

  it('both sponsors: the committee, with its full time', () => {
    const d = atSponsor();
    const { decision, events } = accepted(passOver(d, [...SPONSORS], { now: SPOC_DUE + HOUR }));
    expect(decision).toMatchObject({
      level: 'committee',
      deciders: [...COMMITTEE],
      levelEnteredAt: SPOC_DUE + HOUR,
      dueAt: SPOC_DUE + HOUR + 48 * HOUR,
    });
    expect(events[0]).toMatchObject({
      type: 'escalated',
      data: { from: 'sponsor', because: 'decider_deactivated' },
    });
  });

  it('a committee member: the others keep it, the quorum stays when they can still reach it, a vote cast stays counted', () => {
    const d = ok(vote(atCommittee(), { actor: U.c1, optionId: 'approve' }, at(SPONSOR_DUE + HOUR)));
    const { decision, events } = accepted(passOver(d, [U.c1], { now: SPONSOR_DUE + 2 * HOUR }));
    expect(decision.deciders).toEqual([U.c2, U.c3, U.c4]);
    expect(decision.ladder.quorum).toBe(3);
    expect(decision.votes.map((v) => v.member)).toEqual([U.c1]);
    expect(events[0]).toMatchObject({ type: 'handed_over', data: { gone: [U.c1] } });
    expect(events[0]?.type === 'handed_over' && events[0].data.needed).toBeUndefined();
    // Two more approvals (with c1's) decide it.
    const one = ok(vote(decision, { actor: U.c2, optionId: 'approve' }, at(SPONSOR_DUE + 3 * HOUR)));
    expect(one.status).toBe('open');
    const two = ok(vote(one, { actor: U.c3, optionId: 'approve' }, at(SPONSOR_DUE + 4 * HOUR)));
    expect(two.outcome).toMatchObject({ optionId: 'approve', how: 'vote' });
  });

  it('committee members left below the quorum: it is lowered to them, so that they can decide', () => {
    const d = atCommittee();
    const { decision, events } = accepted(passOver(d, [U.c1, U.c2], { now: SPONSOR_DUE + HOUR }));
    expect(decision.deciders).toEqual([U.c3, U.c4]);
    expect(decision.ladder.quorum).toBe(2);
    expect(decision.ladder.steps).toEqual(d.ladder.steps);
    expect(events[0]).toMatchObject({ type: 'handed_over', data: { gone: [U.c1, U.c2], needed: 2 } });
    expect(decision.status).toBe('open');
  });

  it('the votes already cast reach the lowered quorum: decided by the committee’s vote at once', () => {
    const base = atCommittee();
    const voted = [U.c1, U.c2].reduce(
      (d, member, i) => ok(vote(d, { actor: member, optionId: 'reject' }, at(SPONSOR_DUE + (i + 1) * HOUR))),
      base,
    );
    // c1 and c2 voted Reject; c1 and c3 are deactivated: c2 and c4 are left, the quorum of three lowered to
    // two, which c1's vote and c2's reach.
    const { decision, events } = accepted(passOver(voted, [U.c1, U.c3], { now: SPONSOR_DUE + 5 * HOUR }));
    expect(decision).toMatchObject({
      status: 'decided',
      deciders: [U.c2, U.c4],
      outcome: { optionId: 'reject', by: null, how: 'vote', at: SPONSOR_DUE + 5 * HOUR },
      closedAt: SPONSOR_DUE + 5 * HOUR,
      dueAt: null,
    });
    expect(decision.ladder.quorum).toBe(2);
    expect(events.map((e) => e.type)).toEqual(['handed_over', 'decided']);
    expect(events[1]).toMatchObject({
      actor: null,
      level: 'committee',
      data: { optionId: 'reject', how: 'vote' },
    });
  });
});

describe('a sign-off', () => {
  const request = (overrides: Partial<SignOffRequest> = {}): SignOffRequest => ({
    projectId: 'P1',
    requester: U.requester,
    title: 'Stock transfer report v2',
    domain: 'accounting',
    rule: { kind: 'all' },
    impact: 'normal',
    ...overrides,
  });
  const signOff = (overrides: Partial<SignOffRequest> = {}) =>
    ok(openSignOff(signOffDecisionRequest(request(overrides), T0), 'S1', P, at(T0)));
  const answer = (d: Decision, actor: string, optionId: string, note?: string) =>
    ok(answerSignOff(d, { actor, optionId, note }, at(T0 + HOUR)));

  it('a key user who has not answered (rule: all): the others sign it off without them', () => {
    const d = signOff();
    const { decision, events } = accepted(passOver(d, [U.accounting1]));
    expect(decision.deciders).toEqual([U.accounting2]);
    expect(decision.signoff?.keyUsers).toEqual([U.accounting2]);
    expect(decision.dueAt).toBe(d.dueAt);
    expect(events[0]).toMatchObject({
      type: 'handed_over',
      level: 'key_users',
      data: { gone: [U.accounting1], deciders: [U.accounting2], needed: 1 },
    });
    expect(answer(decision, U.accounting2, 'approve')).toMatchObject({ status: 'decided' });
  });

  it('a key user who approved stays counted: every one left must still approve', () => {
    const d = answer(signOff(), U.accounting1, 'approve');
    const { decision, events } = accepted(passOver(d, [U.accounting1]));
    expect(decision.deciders).toEqual([U.accounting2]);
    expect(decision.signoff?.keyUsers).toEqual([U.accounting1, U.accounting2]);
    expect(events[0]?.type === 'handed_over' && events[0].data.needed).toBeUndefined();
    expect(decision.status).toBe('open');
    expect(answer(decision, U.accounting2, 'approve')).toMatchObject({
      status: 'decided',
      outcome: { optionId: 'approve', how: 'vote' },
    });
  });

  it('everyone left has approved already: signed off at once', () => {
    const d = answer(signOff(), U.accounting2, 'approve');
    const { decision, events } = accepted(passOver(d, [U.accounting1]));
    expect(decision).toMatchObject({
      status: 'decided',
      outcome: { optionId: 'approve', by: null, how: 'vote' },
    });
    expect(events.map((e) => e.type)).toEqual(['handed_over', 'decided']);
  });

  it('“at least” more than the key users left: lowered to them', () => {
    const d = signOff({ rule: { kind: 'at_least', count: 2 } });
    const { decision, events } = accepted(passOver(d, [U.accounting2]));
    expect(decision.signoff?.rule).toEqual({ kind: 'at_least', count: 1 });
    expect(events[0]).toMatchObject({ data: { needed: 1 } });
  });

  it('every key user deactivated: the SPoC level, with its full time (as the sign-off’s escalation)', () => {
    const d = answer(signOff(), U.accounting1, 'approve');
    const { decision, events } = accepted(passOver(d, [U.accounting1, U.accounting2]));
    expect(decision).toMatchObject({
      level: 'spoc',
      deciders: [U.spoc],
      levelEnteredAt: CHECK,
      dueAt: CHECK + 8 * HOUR,
      votes: [],
    });
    expect(events[0]).toMatchObject({
      type: 'escalated',
      level: 'spoc',
      data: { from: 'key_users', because: 'decider_deactivated', gone: [U.accounting1, U.accounting2] },
    });
  });

  it('at the committee, a rejection reaching the lowered quorum returns the round to its requester', () => {
    let d = signOff();
    for (const [level, hours] of [
      ['key_users', 8],
      ['spoc', 16],
      ['sponsor', 40],
    ] as const)
      d = ok(escalate(d, P, { level, spocAway: false }, at(T0 + hours * HOUR)));
    expect(d.level).toBe('committee');
    d = ok(answerSignOff(d, { actor: U.c1, optionId: 'reject', note: 'Totals' }, at(T0 + 41 * HOUR)));
    d = ok(answerSignOff(d, { actor: U.c2, optionId: 'reject', note: 'Dates' }, at(T0 + 42 * HOUR)));
    const { decision, events } = accepted(passOver(d, [U.c1, U.c3], { now: T0 + 43 * HOUR }));
    expect(decision).toMatchObject({ status: 'returned', level: 'committee', clockStartedAt: null });
    expect(events.map((e) => e.type)).toEqual(['handed_over', 'round_returned']);
    expect(events[1]).toMatchObject({
      actor: null,
      data: {
        round: 1,
        reasons: [
          { by: U.c1, reason: 'Totals' },
          { by: U.c2, reason: 'Dates' },
        ],
      },
    });
  });

  it('a returned sign-off waits on its requester: not moved', () => {
    const d = answer(signOff(), U.accounting1, 'reject', 'Totals are off');
    expect(d.status).toBe('returned');
    expect(refused(passOver(d, [U.accounting2]))).toMatchObject({
      code: 'invalid_transition',
      status: 'returned',
    });
  });
});

describe('nothing to move', () => {
  it('none of its deciders is deactivated: unchanged, no event', () => {
    const d = opened();
    const t = accepted(passOver(d, [U.sponsor1, U.c1]));
    expect(t.decision).toBe(d);
    expect(t.events).toEqual([]);
  });

  it('a closed decision is refused', () => {
    const decided = ok(decide(opened(), { actor: U.spoc, optionId: 'approve' }, at(T0 + HOUR)));
    expect(refused(passOver(decided, [U.spoc]))).toMatchObject({ code: 'already_decided' });
  });

  it('nobody left anywhere above: refused, it stays until its time runs out', () => {
    const d = atCommittee();
    expect(refused(passOver(d, [...COMMITTEE]))).toMatchObject({
      code: 'invalid_transition',
      attempted: 'pass_over',
    });
    const noDeputy = project({ deputy: undefined });
    expect(
      refused(
        passOver(opened({ project: noDeputy }), [U.spoc, ...SPONSORS, ...COMMITTEE], { project: noDeputy }),
      ),
    ).toMatchObject({ code: 'invalid_transition' });
  });

  it('the project as configured gives the same result as the project without its deactivated people', () => {
    const d = opened();
    const configured = passOverDeactivated(
      d,
      P,
      { deactivated: new Set([U.spoc]), spocAway: false },
      at(CHECK),
    );
    expect(configured).toEqual(passOver(d, [U.spoc]));
  });
});
