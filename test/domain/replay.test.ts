import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/domain/decision.js';
import { type ReplayedState, replay } from '../../src/domain/replay.js';
import { HOUR, MINUTE } from '../../src/domain/time.js';
import {
  answerSignOff,
  decide,
  delegate,
  escalate,
  openDecision,
  openSignOff,
  provideInfo,
  remind,
  requestInfo,
  sendUp,
  signOffDecisionRequest,
  startNewRound,
  vote,
  withdraw,
} from '../../src/domain/transitions/index.js';
import { at, project, request, Scenario, T0, U, wallClock } from './fixtures.js';

const p = project();
const timer = (d: Decision) => ({ level: d.level, spocAway: false });

/** The stored decision's fields a replay must reproduce. */
function storedPart(d: Decision): Partial<ReplayedState> {
  return {
    status: d.status,
    level: d.level,
    deciders: d.deciders,
    outcome: d.outcome && { optionId: d.outcome.optionId, how: d.outcome.how },
    closedAt: d.closedAt,
    overdue: d.overdue,
    late: d.late,
    remindersSent: d.remindersSent,
    votes: Object.fromEntries(d.votes.map((v) => [v.member, v.optionId])),
  };
}

const replayed = (s: Scenario) => replay(s.log, { ladder: s.decision.ladder, clock: wallClock });

describe('replay of a decision’s event log', () => {
  it('a decision through a reminder, a pause, a timeout, a send-up and votes equals the replay', () => {
    const s = new Scenario(openDecision(request(), 'D1', p, false, at(T0)));
    expect(replayed(s)).toMatchObject({ ...storedPart(s.decision), outcomes: 0, timeouts: [] });
    s.step((d) => remind(d, { level: 'spoc', index: 0 }, at(T0 + 4 * HOUR)));
    s.step((d) => requestInfo(d, { actor: U.spoc, question: 'Which warehouse?' }, at(T0 + 5 * HOUR)));
    expect(replayed(s)).toMatchObject(storedPart(s.decision));
    s.step((d) => provideInfo(d, { actor: U.requester, answer: 'Surabaya' }, at(T0 + 7 * HOUR)));
    // 8 h of SPoC time, two of them paused: due at 10 h; the timer comes 3 minutes late.
    s.step((d) => escalate(d, p, timer(d), at(T0 + 10 * HOUR + 3 * MINUTE)));
    s.step((d) =>
      sendUp(d, p, { actor: U.sponsor1, target: 'needs_committee', reason: 'Big' }, at(T0 + 11 * HOUR)),
    );
    s.step((d) => vote(d, { actor: U.c1, optionId: 'approve' }, at(T0 + 12 * HOUR)));
    expect(replayed(s)).toMatchObject(storedPart(s.decision));
    s.step((d) => vote(d, { actor: U.c2, optionId: 'approve' }, at(T0 + 12 * HOUR)));
    s.step((d) => vote(d, { actor: U.c3, optionId: 'approve' }, at(T0 + 13 * HOUR)));
    const r = replayed(s);
    expect(r).toMatchObject({ ...storedPart(s.decision), status: 'decided', outcomes: 1, afterClose: 0 });
    expect(r.timeouts).toEqual([{ at: T0 + 10 * HOUR + 3 * MINUTE, from: 'spoc', dueAt: T0 + 10 * HOUR }]);
  });

  it('a delegation, a default on timeout at the top, and a withdrawal', () => {
    const s = new Scenario(openDecision(request({ defaultOptionId: 'reject' }), 'D2', p, false, at(T0)));
    s.step((d) => delegate(d, p, { actor: U.spoc, to: U.inventory, note: 'yours' }, at(T0 + HOUR)));
    expect(replayed(s)).toMatchObject(storedPart(s.decision));
    s.step((d) => escalate(d, p, timer(d), at(T0 + 8 * HOUR)));
    s.step((d) => escalate(d, p, timer(d), at(T0 + 32 * HOUR)));
    s.step((d) => escalate(d, p, timer(d), at(T0 + 80 * HOUR)));
    expect(replayed(s)).toMatchObject({ ...storedPart(s.decision), status: 'expired' });
    expect(replayed(s).timeouts.map((t) => t.at - t.dueAt)).toEqual([0, 0, 0]);

    const w = new Scenario(openDecision(request(), 'D3', p, false, at(T0)));
    w.step((d) => withdraw(d, { actor: U.requester, reason: 'moot' }, at(T0 + HOUR)));
    expect(replayed(w)).toMatchObject({ ...storedPart(w.decision), status: 'withdrawn', outcomes: 1 });
  });

  it('a sign-off returned, sent for a new round, then signed off', () => {
    const req = signOffDecisionRequest(
      {
        projectId: 'P1',
        requester: U.requester,
        title: 'Stock report v2',
        domain: 'accounting',
        rule: { kind: 'all' },
        impact: 'normal',
      },
      T0,
    );
    const s = new Scenario(openSignOff(req, 'S1', p, at(T0)));
    s.step((d) => answerSignOff(d, { actor: U.accounting1, optionId: 'approve' }, at(T0 + HOUR)));
    expect(replayed(s)).toMatchObject(storedPart(s.decision));
    s.step((d) => answerSignOff(d, { actor: U.accounting2, optionId: 'reject', note: 'No' }, at(T0 + HOUR)));
    expect(replayed(s)).toMatchObject({ ...storedPart(s.decision), status: 'returned' });
    s.step((d) => startNewRound(d, { actor: U.requester, note: 'Fixed' }, at(T0 + 2 * HOUR)));
    expect(replayed(s)).toMatchObject({ ...storedPart(s.decision), status: 'open', votes: {} });
    s.step((d) => answerSignOff(d, { actor: U.accounting1, optionId: 'approve' }, at(T0 + 3 * HOUR)));
    s.step((d) => answerSignOff(d, { actor: U.accounting2, optionId: 'approve' }, at(T0 + 3 * HOUR)));
    expect(replayed(s)).toMatchObject({ ...storedPart(s.decision), status: 'decided', outcomes: 1 });
  });

  it('a log that does not start with `opened` is refused; events after the outcome are counted', () => {
    expect(() => replay([])).toThrow(/opened/);
    const s = new Scenario(openDecision(request(), 'D4', p, false, at(T0)));
    s.step((d) => decide(d, { actor: U.spoc, optionId: 'approve' }, at(T0 + HOUR)));
    const [opened, decided] = s.log;
    if (!opened || !decided) throw new Error('two events');
    expect(replay([opened, decided, decided])).toMatchObject({ outcomes: 1, afterClose: 1 });
  });
});
