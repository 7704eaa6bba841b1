import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/domain/decision.js';
import { pendingTimers } from '../../src/domain/ladder.js';
import { decisionLatency } from '../../src/domain/latency.js';
import type { Project } from '../../src/domain/project.js';
import { signOffRounds } from '../../src/domain/signoff.js';
import { HOUR, MINUTE } from '../../src/domain/time.js';
import {
  answerSignOff,
  decide,
  escalate,
  openSignOff,
  remind,
  reminderRecipients,
  type SignOffRequest,
  signOffDecisionRequest,
  startNewRound,
  vote,
  withdraw,
} from '../../src/domain/transitions/index.js';
import { at, ok, project, refused, Scenario, T0, U, wallClock } from './fixtures.js';

const keyUserProject = (overrides: Partial<Project> = {}) => project(overrides);

function signOffRequest(overrides: Partial<SignOffRequest> = {}): SignOffRequest {
  return {
    projectId: 'P1',
    requester: U.requester,
    title: 'Stock transfer report v2',
    link: 'https://docs.example.com/stock-transfer',
    notes: 'Test with the Surabaya warehouse data',
    domain: 'accounting',
    rule: { kind: 'all' },
    impact: 'normal',
    ...overrides,
  };
}

function opened(overrides: Partial<SignOffRequest> = {}, p: Project = keyUserProject()) {
  return openSignOff(signOffDecisionRequest(signOffRequest(overrides), T0), 'S1', p, at(T0));
}

const answer = (
  actor: string,
  optionId: string,
  note?: string,
  round?: number,
): ((d: Decision) => ReturnType<typeof answerSignOff>) => {
  return (d) => answerSignOff(d, { actor, optionId, note, round }, at(T0 + HOUR));
};

describe('opening a sign-off', () => {
  it('goes to the key users of its domain first, with a ladder key users → SPoC → sponsor → committee', () => {
    const d = ok(opened());
    expect(d).toMatchObject({
      kind: 'signoff',
      status: 'open',
      level: 'key_users',
      deciders: [U.accounting1, U.accounting2],
      question: 'Stock transfer report v2',
      options: [
        { id: 'approve', label: 'Sign off' },
        { id: 'reject', label: 'Reject' },
      ],
      signoff: {
        round: 1,
        roundOpenedAt: T0,
        keyUsers: [U.accounting1, U.accounting2],
        rule: { kind: 'all' },
        deliverable: { title: 'Stock transfer report v2', link: 'https://docs.example.com/stock-transfer' },
      },
    });
    // Without a signoff block, the key users take the SPoC's time (normal: 8h).
    expect(d.ladder.steps).toEqual([
      { level: 'key_users', slaMs: 8 * HOUR },
      { level: 'spoc', slaMs: 8 * HOUR },
      { level: 'sponsor', slaMs: 24 * HOUR },
      { level: 'committee', slaMs: 48 * HOUR },
    ]);
    expect(d.dueAt).toBe(T0 + 8 * HOUR);
    const t = opened();
    expect(t.ok && t.events).toEqual([
      {
        type: 'opened',
        at: T0,
        actor: U.requester,
        level: 'key_users',
        data: { deciders: [U.accounting1, U.accounting2], routedBecause: 'key_users' },
      },
    ]);
  });

  it('takes each level’s time from the project’s signoff block where it gives one', () => {
    const p = keyUserProject({
      signoff: {
        sla: { normal: { key_users: { amount: 2, unit: 'd' }, committee: { amount: 3, unit: 'h' } } },
      },
    });
    expect(ok(opened({}, p)).ladder.steps).toEqual([
      { level: 'key_users', slaMs: 48 * HOUR },
      { level: 'spoc', slaMs: 8 * HOUR },
      { level: 'sponsor', slaMs: 24 * HOUR },
      { level: 'committee', slaMs: 3 * HOUR },
    ]);
  });

  it.each([
    ['a domain without key users', { domain: 'payroll' }, { code: 'unknown_domain', domain: 'payroll' }],
    ['an unknown domain', { domain: 'constructor' }, { code: 'unknown_domain', domain: 'constructor' }],
    ['an empty title', { title: '  ' }, { code: 'invalid_request', field: 'title' }],
    [
      'N above the key users',
      { rule: { kind: 'at_least', count: 3 } },
      { code: 'invalid_request', field: 'rule' },
    ],
    ['N of zero', { rule: { kind: 'at_least', count: 0 } }, { code: 'invalid_request', field: 'rule' }],
  ] as const)('refuses %s', (_name, overrides, expected) => {
    expect(refused(opened(overrides as Partial<SignOffRequest>))).toMatchObject(expected);
  });
});

describe('key users answer', () => {
  it('rule all: one approval is progress, the second signs it off (outcome approve, by vote)', () => {
    const s = new Scenario(opened());
    const first = s.step(answer(U.accounting1, 'approve', 'Totals match'));
    expect(first.status).toBe('open');
    expect(first.votes).toEqual([
      { member: U.accounting1, optionId: 'approve', at: T0 + HOUR, note: 'Totals match' },
    ]);
    expect(s.log.at(-1)).toMatchObject({
      type: 'signoff_approved',
      actor: U.accounting1,
      level: 'key_users',
      data: { round: 1, approvals: 1, needed: 2, onBehalf: false, note: 'Totals match' },
    });
    const done = s.step(answer(U.accounting2, 'approve'));
    expect(done).toMatchObject({
      status: 'decided',
      outcome: { optionId: 'approve', by: U.accounting2, how: 'vote' },
      closedAt: T0 + HOUR,
      dueAt: null,
    });
    expect(s.log.slice(-2).map((e) => e.type)).toEqual(['signoff_approved', 'decided']);
  });

  it('rule at least 1 of 2: the first approval signs it off', () => {
    const d = ok(answer(U.accounting2, 'approve')(ok(opened({ rule: { kind: 'at_least', count: 1 } }))));
    expect(d.status).toBe('decided');
  });

  it('a rejection ends the round: returned to the requester with the reasons, clock stopped, not closed', () => {
    const s = new Scenario(opened());
    s.step(answer(U.accounting1, 'approve'));
    const back = s.step(answer(U.accounting2, 'reject', 'Transfers between bins are missing'));
    expect(back).toMatchObject({ status: 'returned', clockStartedAt: null, dueAt: null, closedAt: null });
    expect(back.levelUsedMs).toBe(HOUR);
    expect(s.log.slice(-2)).toEqual([
      {
        type: 'signoff_rejected',
        at: T0 + HOUR,
        actor: U.accounting2,
        level: 'key_users',
        data: { round: 1, reason: 'Transfers between bins are missing', onBehalf: false },
      },
      {
        type: 'round_returned',
        at: T0 + HOUR,
        actor: U.accounting2,
        level: 'key_users',
        data: { round: 1, reasons: [{ by: U.accounting2, reason: 'Transfers between bins are missing' }] },
      },
    ]);
    expect(pendingTimers(back, wallClock)).toEqual([]);
  });

  it('a key user who approved may still reject while the round runs', () => {
    const s = new Scenario(opened());
    s.step(answer(U.accounting1, 'approve'));
    expect(s.step(answer(U.accounting1, 'reject', 'Found a rounding error')).status).toBe('returned');
  });

  it.each([
    [
      'someone who is not a key user of the domain',
      answer(U.inventory, 'approve'),
      { code: 'not_a_key_user', signoff: { domain: 'accounting', keyUsers: [U.accounting1, U.accounting2] } },
    ],
    ['the SPoC before it escalated', answer(U.spoc, 'approve'), { code: 'not_a_key_user' }],
    ['a rejection without a reason', answer(U.accounting1, 'reject', '  '), { code: 'reason_required' }],
    ['an unknown answer', answer(U.accounting1, 'maybe'), { code: 'unknown_option', optionId: 'maybe' }],
    [
      'a click for another round',
      answer(U.accounting1, 'approve', undefined, 2),
      { code: 'round_over', round: 2 },
    ],
  ] as const)('refuses %s', (_name, apply, expected) => {
    expect(refused(apply(ok(opened())))).toMatchObject(expected);
  });

  it('refuses approving twice', () => {
    const d = ok(answer(U.accounting1, 'approve')(ok(opened())));
    expect(refused(answer(U.accounting1, 'approve')(d))).toEqual({
      code: 'already_answered',
      optionId: 'approve',
    });
  });

  it('refuses a click after the round ended (returned), and after it was signed off', () => {
    const returned = ok(answer(U.accounting1, 'reject', 'No')(ok(opened())));
    expect(refused(answer(U.accounting2, 'approve', undefined, 1)(returned))).toEqual({
      code: 'round_over',
      round: 1,
      status: 'returned',
    });
    const signed = ok(answer(U.accounting1, 'approve')(ok(opened({ rule: { kind: 'at_least', count: 1 } }))));
    expect(refused(answer(U.accounting2, 'reject', 'Too late')(signed))).toMatchObject({
      code: 'already_decided',
      status: 'decided',
    });
  });

  it('refuses a decision’s commands on a sign-off, and a sign-off answer on a decision', () => {
    const d = ok(opened());
    expect(refused(decide(d, { actor: U.accounting1, optionId: 'approve' }, at(T0)))).toEqual({
      code: 'is_signoff',
    });
    expect(refused(vote(d, { actor: U.accounting1, optionId: 'approve' }, at(T0)))).toEqual({
      code: 'is_signoff',
    });
    const decision = { ...d, kind: undefined, signoff: undefined };
    expect(
      refused(answerSignOff(decision, { actor: U.accounting1, optionId: 'approve' }, at(T0))),
    ).toMatchObject({
      code: 'invalid_transition',
      attempted: 'signoff',
    });
  });
});

describe('a new round', () => {
  const returned = () => {
    const s = new Scenario(opened());
    s.step(answer(U.accounting1, 'approve'));
    s.step(answer(U.accounting2, 'reject', 'Bins missing'));
    return s;
  };

  it('the requester sends it: round 2 to the key users, votes cleared, clock and reminders from zero', () => {
    const s = returned();
    const later = T0 + 5 * HOUR;
    const d = s.step((x) => startNewRound(x, { actor: U.requester, note: 'Added bin transfers' }, at(later)));
    expect(d).toMatchObject({
      status: 'open',
      level: 'key_users',
      deciders: [U.accounting1, U.accounting2],
      votes: [],
      levelEnteredAt: later,
      levelUsedMs: 0,
      clockStartedAt: later,
      remindersSent: 0,
      dueAt: later + 8 * HOUR,
      signoff: { round: 2, roundOpenedAt: later, roundNote: 'Added bin transfers' },
    });
    expect(s.log.at(-1)).toEqual({
      type: 'round_started',
      at: later,
      actor: U.requester,
      level: 'key_users',
      data: { round: 2, deciders: [U.accounting1, U.accounting2], note: 'Added bin transfers' },
    });
    // A button of round 1 does not count in round 2.
    expect(refused(answer(U.accounting1, 'approve', undefined, 1)(d))).toMatchObject({
      code: 'round_over',
      round: 1,
      status: 'open',
    });
  });

  it('refuses someone other than the requester, a round that did not come back, and a stale form', () => {
    const s = returned();
    expect(refused(startNewRound(s.decision, { actor: U.accounting1 }, at(T0 + 2 * HOUR)))).toEqual({
      code: 'not_requester',
    });
    expect(refused(startNewRound(ok(opened()), { actor: U.requester }, at(T0)))).toMatchObject({
      code: 'invalid_transition',
      attempted: 'new_round',
    });
    expect(refused(startNewRound(s.decision, { actor: U.requester, round: 3 }, at(T0)))).toMatchObject({
      code: 'invalid_transition',
      attempted: 'new_round',
    });
  });

  it('the requester may withdraw it while it is back with them', () => {
    const d = ok(
      withdraw(returned().decision, { actor: U.requester, reason: 'Replaced by v3' }, at(T0 + 2 * HOUR)),
    );
    expect(d).toMatchObject({ status: 'withdrawn', closedAt: T0 + 2 * HOUR });
  });

  it('each round’s latency comes from the log: start → returned, start → signed off', () => {
    const s = returned();
    s.step((x) => startNewRound(x, { actor: U.requester }, at(T0 + 3 * HOUR)));
    s.step((x) => answerSignOff(x, { actor: U.accounting1, optionId: 'approve' }, at(T0 + 4 * HOUR)));
    s.step((x) => answerSignOff(x, { actor: U.accounting2, optionId: 'approve' }, at(T0 + 6 * HOUR)));
    const rounds = signOffRounds(s.log, wallClock, T0 + 10 * HOUR);
    expect(rounds).toEqual([
      {
        round: 1,
        openedAt: T0,
        endedAt: T0 + HOUR,
        ended: 'returned',
        businessMs: HOUR,
        wallMs: HOUR,
        rejections: [{ by: U.accounting2, reason: 'Bins missing', onBehalf: false }],
      },
      {
        round: 2,
        openedAt: T0 + 3 * HOUR,
        endedAt: T0 + 6 * HOUR,
        ended: 'signed_off',
        businessMs: 3 * HOUR,
        wallMs: 3 * HOUR,
        rejections: [],
      },
    ]);
    // The time back with the requester is a pause: the key users' level did not run out of time.
    const latency = decisionLatency(s.log, s.decision.ladder, U.requester, wallClock, T0 + 10 * HOUR);
    expect(latency.outcome).toMatchObject({ how: 'decided', wallMs: 6 * HOUR, businessMs: 4 * HOUR });
    expect(latency.breached).toBe(false);
  });
});

describe('nobody answers in time', () => {
  const due = T0 + 8 * HOUR;

  it('reminds the key users who have not answered yet', () => {
    const s = new Scenario(opened());
    s.step(answer(U.accounting1, 'approve'));
    expect(reminderRecipients(s.decision)).toEqual([U.accounting2]);
    const reminded = s.step((d) => remind(d, { level: 'key_users', index: 0 }, at(T0 + 4 * HOUR)));
    expect(reminded.remindersSent).toBe(1);
    expect(s.log.at(-1)).toMatchObject({ type: 'reminded', data: { deciders: [U.accounting2] } });
  });

  it('escalates from the key users to the SPoC (the deputy while the SPoC is away), votes cleared', () => {
    const p = keyUserProject();
    const s = new Scenario(opened({}, p));
    s.step(answer(U.accounting1, 'approve'));
    expect(
      refused(escalate(s.decision, p, { level: 'key_users', spocAway: false }, at(due - MINUTE))),
    ).toMatchObject({
      code: 'not_due',
    });
    const up = s.step((d) => escalate(d, p, { level: 'key_users', spocAway: false }, at(due)));
    expect(up).toMatchObject({ level: 'spoc', deciders: [U.spoc], votes: [], dueAt: due + 8 * HOUR });
    expect(s.log.at(-1)).toMatchObject({ type: 'escalated', level: 'spoc', data: { from: 'key_users' } });
    const away = ok(escalate(ok(opened({}, p)), p, { level: 'key_users', spocAway: true }, at(due)));
    expect(away.deciders).toEqual([U.deputy]);
  });

  const atSpoc = () => {
    const p = keyUserProject();
    const s = new Scenario(opened({}, p));
    s.step((d) => escalate(d, p, { level: 'key_users', spocAway: false }, at(due)));
    return s;
  };

  it('the SPoC signs it off on the key users’ behalf', () => {
    const s = atSpoc();
    const d = s.step((x) => answerSignOff(x, { actor: U.spoc, optionId: 'approve' }, at(due + HOUR)));
    expect(d).toMatchObject({
      status: 'decided',
      outcome: { optionId: 'approve', by: U.spoc, how: 'decided' },
    });
    expect(s.log.at(-2)).toMatchObject({
      type: 'signoff_approved',
      level: 'spoc',
      data: { onBehalf: true, approvals: 1, needed: 1 },
    });
  });

  it('a rejection by the SPoC returns it to the requester for a new round, which goes to the key users again', () => {
    const s = atSpoc();
    expect(refused(answer(U.accounting1, 'approve')(s.decision))).toEqual({
      code: 'not_your_decision',
      deciders: [U.spoc],
    });
    const back = s.step((x) =>
      answerSignOff(x, { actor: U.spoc, optionId: 'reject', note: 'Not ready' }, at(due + HOUR)),
    );
    expect(back).toMatchObject({ status: 'returned', level: 'spoc' });
    expect(s.log.at(-1)).toMatchObject({
      type: 'round_returned',
      level: 'spoc',
      data: { reasons: [{ by: U.spoc, reason: 'Not ready' }] },
    });
    const again = s.step((x) => startNewRound(x, { actor: U.requester }, at(due + 2 * HOUR)));
    expect(again).toMatchObject({
      level: 'key_users',
      deciders: [U.accounting1, U.accounting2],
      status: 'open',
    });
  });

  it('then the usual ladder: the sponsor, then the committee votes (quorum); a reject vote needs a reason', () => {
    const p = keyUserProject();
    const s = atSpoc();
    s.step((d) => escalate(d, p, { level: 'spoc', spocAway: false }, at(due + 8 * HOUR)));
    expect(s.decision).toMatchObject({ level: 'sponsor', deciders: [U.sponsor1, U.sponsor2] });
    s.step((d) => escalate(d, p, { level: 'sponsor', spocAway: false }, at(due + 32 * HOUR)));
    expect(s.decision.level).toBe('committee');
    const vote = (actor: string, optionId: string, note?: string) => (d: Decision) =>
      answerSignOff(d, { actor, optionId, note }, at(due + 33 * HOUR));
    expect(refused(vote(U.c1, 'reject')(s.decision))).toEqual({ code: 'reason_required' });
    s.step(vote(U.c1, 'reject', 'Budget'));
    s.step(vote(U.c2, 'approve'));
    expect(s.decision.status).toBe('open');
    s.step(vote(U.c3, 'approve'));
    const d = s.step(vote(U.c4, 'approve'));
    expect(d).toMatchObject({ status: 'decided', outcome: { optionId: 'approve', how: 'vote' } });
  });
});
