import { describe, expect, it } from 'vitest';
import type { DecisionEvent } from '../../src/domain/events.js';
import {
  type DecisionLatency,
  decisionLatency,
  type LevelLatency,
  pausedSpans,
} from '../../src/domain/latency.js';
import { HOUR, type Instant, type Span } from '../../src/domain/time.js';
import {
  decide,
  escalate,
  openDecision,
  passOverDeactivated,
  provideInfo,
  remind,
  requestInfo,
  vote,
  withdraw,
} from '../../src/domain/transitions/index.js';
import { at, project, request, Scenario, T0, U, wallClock } from './fixtures.js';

const P = project();
const h = (hours: number): Instant => T0 + hours * HOUR;
// normal impact: 8 h at the SPoC, 24 h at the sponsors, 48 h at the committee
const SPOC_DUE = 8;
const SPONSOR_DUE = 32;
const COMMITTEE_DUE = 80;

function scenario(requester: string = U.requester, extra: Parameters<typeof request>[0] = {}): Scenario {
  return new Scenario(openDecision(request({ requester, ...extra }), 'D1', P, false, at(T0)));
}

function latencyOf(s: Scenario, nowHours: number): DecisionLatency {
  return decisionLatency(s.log, s.decision.ladder, s.decision.requester, wallClock, h(nowHours));
}

const level = (
  name: LevelLatency['level'],
  from: number,
  to: number | null,
  slaHours: number,
  businessHours: number,
  slaMet: boolean | null,
  wallTo: number | null = to,
): LevelLatency => ({
  level: name,
  enteredAt: h(from),
  leftAt: to === null ? null : h(to),
  slaMs: slaHours * HOUR,
  wallMs: ((wallTo ?? 0) - from) * HOUR,
  businessMs: businessHours * HOUR,
  slaMet,
});

const escalateFrom = (lvl: 'spoc' | 'sponsor' | 'committee', hours: number) => (s: Scenario) =>
  s.step((d) => escalate(d, P, { level: lvl, spocAway: false }, at(h(hours))));

describe('decisionLatency', () => {
  it('decided at the first level within its time', () => {
    const s = scenario();
    s.step((d) => decide(d, { actor: U.spoc, optionId: 'approve' }, at(h(3))));
    expect(latencyOf(s, 100)).toEqual({
      openedAt: T0,
      firstResponse: { at: h(3), wallMs: 3 * HOUR, businessMs: 3 * HOUR },
      outcome: { at: h(3), how: 'decided', wallMs: 3 * HOUR, businessMs: 3 * HOUR },
      pausedMs: 0,
      levels: [level('spoc', 0, 3, 8, 3, true)],
      breached: false,
    });
  });

  it('a pause for information counts in wall time but not in business time; asking is the first response', () => {
    const s = scenario();
    s.step((d) => requestInfo(d, { actor: U.spoc, question: 'q' }, at(h(1))));
    s.step((d) => provideInfo(d, { actor: U.requester, answer: 'a' }, at(h(4))));
    s.step((d) => decide(d, { actor: U.spoc, optionId: 'approve' }, at(h(6))));
    expect(latencyOf(s, 100)).toEqual({
      openedAt: T0,
      firstResponse: { at: h(1), wallMs: HOUR, businessMs: HOUR },
      outcome: { at: h(6), how: 'decided', wallMs: 6 * HOUR, businessMs: 3 * HOUR },
      pausedMs: 3 * HOUR,
      levels: [level('spoc', 0, 6, 8, 3, true)],
      breached: false,
    });
  });

  it('a long pause does not breach the SLA: 15 h wall, 5 h business of 8 h', () => {
    const s = scenario();
    s.step((d) => requestInfo(d, { actor: U.spoc, question: 'q' }, at(h(1))));
    s.step((d) => provideInfo(d, { actor: U.requester, answer: 'a' }, at(h(11))));
    s.step((d) => decide(d, { actor: U.spoc, optionId: 'approve' }, at(h(15))));
    const l = latencyOf(s, 100);
    expect(l.outcome).toEqual({ at: h(15), how: 'decided', wallMs: 15 * HOUR, businessMs: 5 * HOUR });
    expect(l.levels).toEqual([level('spoc', 0, 15, 8, 5, true)]);
    expect(l.breached).toBe(false);
  });

  it('decided while still paused: the pause ends with the outcome', () => {
    const s = scenario();
    s.step((d) => requestInfo(d, { actor: U.spoc, question: 'q' }, at(h(1))));
    s.step((d) => decide(d, { actor: U.spoc, optionId: 'reject' }, at(h(3))));
    const l = latencyOf(s, 100);
    expect(l.pausedMs).toBe(2 * HOUR);
    expect(l.outcome).toEqual({ at: h(3), how: 'decided', wallMs: 3 * HOUR, businessMs: HOUR });
  });

  it('the requester’s own acts and the bot’s timers are not a first response', () => {
    // The requester sits on the committee and votes first; a reminder and two escalations come before.
    const s = scenario(U.c1);
    s.step((d) => remind(d, { level: 'spoc', index: 0 }, at(h(4))));
    escalateFrom('spoc', SPOC_DUE)(s);
    escalateFrom('sponsor', SPONSOR_DUE)(s);
    s.step((d) => vote(d, { actor: U.c1, optionId: 'approve' }, at(h(SPONSOR_DUE + 1))));
    expect(latencyOf(s, SPONSOR_DUE + 1.5).firstResponse).toBeNull();
    s.step((d) => vote(d, { actor: U.c2, optionId: 'approve' }, at(h(SPONSOR_DUE + 2))));
    expect(latencyOf(s, SPONSOR_DUE + 3).firstResponse).toEqual({
      at: h(SPONSOR_DUE + 2),
      wallMs: (SPONSOR_DUE + 2) * HOUR,
      businessMs: (SPONSOR_DUE + 2) * HOUR,
    });
  });

  it('a withdrawal is an outcome but not a response', () => {
    const s = scenario();
    s.step((d) => withdraw(d, { actor: U.requester }, at(h(2))));
    const l = latencyOf(s, 100);
    expect(l.firstResponse).toBeNull();
    expect(l.outcome).toEqual({ at: h(2), how: 'withdrawn', wallMs: 2 * HOUR, businessMs: 2 * HOUR });
    // Withdrawn before anyone answered: the SPoC neither met nor missed the SLA.
    expect(l.levels.map((x) => x.slaMet)).toEqual([null]);
    expect(l.breached).toBe(false);
  });

  it('escalated once, then decided by a sponsor: the SPoC level ran out, the sponsor level did not', () => {
    const s = scenario();
    escalateFrom('spoc', SPOC_DUE)(s);
    s.step((d) => decide(d, { actor: U.sponsor2, optionId: 'approve' }, at(h(10))));
    expect(latencyOf(s, 100)).toEqual({
      openedAt: T0,
      firstResponse: { at: h(10), wallMs: 10 * HOUR, businessMs: 10 * HOUR },
      outcome: { at: h(10), how: 'decided', wallMs: 10 * HOUR, businessMs: 10 * HOUR },
      pausedMs: 0,
      levels: [level('spoc', 0, 8, 8, 8, false), level('sponsor', 8, 10, 24, 2, true)],
      breached: true,
    });
  });

  it.each<[string, number, LevelLatency, boolean]>([
    ['time left', 5, level('spoc', 0, null, 8, 5, null, 5), false],
    ['exactly at the due instant', SPOC_DUE, level('spoc', 0, null, 8, 8, null, 8), false],
    ['past due, not escalated yet', 9, level('spoc', 0, null, 8, 9, false, 9), true],
  ])('still open at the first level, %s: counted up to now', (_name, now, expected, breached) => {
    const l = latencyOf(scenario(), now);
    expect(l.outcome).toBeNull();
    expect(l.firstResponse).toBeNull();
    expect(l.levels).toEqual([expected]);
    expect(l.breached).toBe(breached);
  });

  it('still paused at `now`: the pause runs up to now and the SLA is not breached', () => {
    const s = scenario();
    s.step((d) => requestInfo(d, { actor: U.spoc, question: 'q' }, at(h(2))));
    const l = latencyOf(s, 20);
    expect(l.pausedMs).toBe(18 * HOUR);
    expect(l.levels).toEqual([level('spoc', 0, null, 8, 2, null, 20)]);
    expect(l.breached).toBe(false);
  });

  it('expired with the default: every level ran out', () => {
    const s = scenario(U.requester, { defaultOptionId: 'reject' });
    escalateFrom('spoc', SPOC_DUE)(s);
    escalateFrom('sponsor', SPONSOR_DUE)(s);
    escalateFrom('committee', COMMITTEE_DUE)(s);
    expect(s.decision.status).toBe('expired');
    const l = latencyOf(s, 200);
    expect(l.outcome).toEqual({
      at: h(COMMITTEE_DUE),
      how: 'expired',
      wallMs: COMMITTEE_DUE * HOUR,
      businessMs: COMMITTEE_DUE * HOUR,
    });
    expect(l.firstResponse).toBeNull();
    expect(l.levels).toEqual([
      level('spoc', 0, SPOC_DUE, 8, 8, false),
      level('sponsor', SPOC_DUE, SPONSOR_DUE, 24, 24, false),
      level('committee', SPONSOR_DUE, COMMITTEE_DUE, 48, 48, false),
    ]);
    expect(l.breached).toBe(true);
  });

  it('overdue at the committee: still open, the committee level ran out', () => {
    const s = scenario();
    escalateFrom('spoc', SPOC_DUE)(s);
    escalateFrom('sponsor', SPONSOR_DUE)(s);
    escalateFrom('committee', COMMITTEE_DUE)(s);
    expect(s.decision.overdue).toBe(true);
    expect(latencyOf(s, COMMITTEE_DUE).levels.at(-1)).toMatchObject({ businessMs: 48 * HOUR, slaMet: false });
    const l = latencyOf(s, COMMITTEE_DUE + 5);
    expect(l.outcome).toBeNull();
    expect(l.levels.at(-1)).toEqual(level('committee', SPONSOR_DUE, null, 48, 53, false, COMMITTEE_DUE + 5));
    expect(l.breached).toBe(true);
  });

  it('over authority: the first level is the sponsors’', () => {
    const s = scenario(U.requester, { budgetImpact: 50_000 });
    s.step((d) => decide(d, { actor: U.sponsor1, optionId: 'approve' }, at(h(30))));
    expect(latencyOf(s, 100).levels).toEqual([level('sponsor', 0, 30, 24, 30, false)]);
  });

  it('decided one millisecond before the due instant: within the SLA', () => {
    const s = scenario();
    s.step((d) => decide(d, { actor: U.spoc, optionId: 'approve' }, at(h(SPOC_DUE) - 1)));
    const l = latencyOf(s, 100);
    expect(l.levels[0]).toMatchObject({ businessMs: 8 * HOUR - 1, slaMet: true });
    expect(l.breached).toBe(false);
  });

  it('needs an opened event', () => {
    const ladder = scenario().decision.ladder;
    expect(() => decisionLatency([], ladder, U.requester, wallClock, T0)).toThrow(/opened/);
  });
});

describe('a level left because everyone holding it is deactivated in Slack', () => {
  it('neither met nor missed its time; the next level is marked as entered for that reason', () => {
    const noDeputy = project({ deputy: undefined });
    const s = new Scenario(openDecision(request(), 'D1', noDeputy, false, at(T0)));
    s.step((d) =>
      passOverDeactivated(d, noDeputy, { deactivated: new Set([U.spoc]), spocAway: false }, at(h(3))),
    );
    s.step((d) => decide(d, { actor: U.sponsor1, optionId: 'approve' }, at(h(5))));
    const l = latencyOf(s, 100);
    expect(l.levels).toEqual([
      level('spoc', 0, 3, 8, 3, null),
      { ...level('sponsor', 3, 5, 24, 2, true), enteredBecause: 'decider_deactivated' },
    ]);
    expect(l.breached).toBe(false);
  });

  it('a hand-over within the level (to the deputy) is no new level', () => {
    const s = scenario();
    s.step((d) => passOverDeactivated(d, P, { deactivated: new Set([U.spoc]), spocAway: false }, at(h(3))));
    s.step((d) => decide(d, { actor: U.deputy, optionId: 'approve' }, at(h(5))));
    expect(latencyOf(s, 100).levels).toEqual([level('spoc', 0, 5, 8, 5, true)]);
  });
});

describe('pausedSpans', () => {
  const ev = (type: DecisionEvent['type'], hours: number): DecisionEvent => {
    const base = { at: h(hours), actor: U.spoc, level: 'spoc' as const };
    switch (type) {
      case 'opened':
        return { ...base, type, data: { deciders: [U.spoc], routedBecause: 'spoc' } };
      case 'info_requested':
        return { ...base, type, data: { question: 'q', remainingMs: 0 } };
      case 'info_provided':
        return { ...base, type, actor: U.requester, data: { answer: 'a', pausedMs: 0 } };
      case 'decided':
        return { ...base, type, data: { optionId: 'approve', how: 'decided' } };
      case 'withdrawn':
        return { ...base, type, actor: U.requester, data: {} };
      case 'reminded':
        return { ...base, type, actor: null, data: { deciders: [U.spoc], index: 0, dueAt: h(8) } };
      default:
        throw new Error(`no fixture for ${type}`);
    }
  };
  const span = (from: number, to: number): Span => ({ from: h(from), to: h(to) });

  it.each<[string, [DecisionEvent['type'], number][], number, Span[]]>([
    [
      'no pause',
      [
        ['opened', 0],
        ['decided', 3],
      ],
      10,
      [],
    ],
    [
      'answered',
      [
        ['opened', 0],
        ['info_requested', 1],
        ['info_provided', 4],
      ],
      10,
      [span(1, 4)],
    ],
    [
      'two pauses',
      [
        ['opened', 0],
        ['info_requested', 1],
        ['info_provided', 2],
        ['reminded', 2.5],
        ['info_requested', 3],
        ['info_provided', 5],
      ],
      10,
      [span(1, 2), span(3, 5)],
    ],
    [
      'unanswered: bounded by `until`',
      [
        ['opened', 0],
        ['info_requested', 1],
      ],
      6,
      [span(1, 6)],
    ],
    [
      'unanswered, `until` at the request',
      [
        ['opened', 0],
        ['info_requested', 1],
      ],
      1,
      [],
    ],
    [
      'ended by the decision',
      [
        ['opened', 0],
        ['info_requested', 1],
        ['decided', 3],
      ],
      10,
      [span(1, 3)],
    ],
    [
      'ended by the withdrawal',
      [
        ['opened', 0],
        ['info_requested', 1],
        ['withdrawn', 3],
      ],
      10,
      [span(1, 3)],
    ],
    [
      'a second request while paused does not restart the pause',
      [
        ['opened', 0],
        ['info_requested', 1],
        ['info_requested', 2],
        ['info_provided', 4],
      ],
      10,
      [span(1, 4)],
    ],
  ])('%s', (_name, log, untilHours, expected) => {
    expect(
      pausedSpans(
        log.map(([type, hours]) => ev(type, hours)),
        h(untilHours),
      ),
    ).toEqual(expected);
  });
});
