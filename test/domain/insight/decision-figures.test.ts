import { describe, expect, it } from 'vitest';
import type { DecisionFigures } from '../../../src/domain/insight/index.js';
import { decisionLatency } from '../../../src/domain/latency.js';
import { HOUR } from '../../../src/domain/time.js';
import {
  consultKeyUsers,
  decide,
  delegate,
  passOverDeactivated,
  provideInfo,
  remind,
  requestInfo,
  vote,
  withdraw,
} from '../../../src/domain/transitions/index.js';
import { at, project, type Scenario, U, wallClock } from '../fixtures.js';
import { decidedBySpoc, escalateAt, figured, h, openedAt, P } from './scenarios.js';

type Expected = Omit<DecisionFigures, 'latency' | 'paused'>;

// A key user of finance who is also a sponsor: delegating to them takes the decision above the SPoC.
const withSponsorKeyUser = project({ keyUsers: { inventory: [U.inventory], finance: [U.sponsor1] } });

const noDeputy = project({ deputy: undefined });
const spocGone = { deactivated: new Set<string>([U.spoc]), spocAway: false };

const cases: [string, () => Scenario, number, Expected][] = [
  [
    'the SPoC deactivated at 3 h with no deputy, so the sponsors have it; a sponsor decides at 5 h',
    () => {
      const s = openedAt('D1', 0, {}, noDeputy);
      s.step((d) => passOverDeactivated(d, noDeputy, spocGone, at(h(3))));
      s.step((d) => decide(d, { actor: U.sponsor1, optionId: 'approve' }, at(h(5))));
      return s;
    },
    100,
    {
      reminders: 0,
      // Not an escalation: nothing ran out. Above the SPoC, but not for want of authority.
      escalations: 0,
      escalationsByLevel: {},
      reachedLevel: 'sponsor',
      firstResponseLevel: 'sponsor',
      spocAlone: false,
      aboveSpocBecause: 'spoc_deactivated',
      waitedBusinessMs: 5 * HOUR,
    },
  ],
  [
    'the SPoC deactivated at 3 h, so the deputy has it and decides at 5 h: the SPoC level alone',
    () => {
      const s = openedAt('D1', 0);
      s.step((d) => passOverDeactivated(d, P, spocGone, at(h(3))));
      s.step((d) => decide(d, { actor: U.deputy, optionId: 'approve' }, at(h(5))));
      return s;
    },
    100,
    {
      reminders: 0,
      escalations: 0,
      escalationsByLevel: {},
      reachedLevel: 'spoc',
      firstResponseLevel: 'spoc',
      spocAlone: true,
      aboveSpocBecause: null,
      waitedBusinessMs: 5 * HOUR,
    },
  ],
  [
    'decided by the SPoC alone at 3 h',
    () => decidedBySpoc('D1', 0, 3),
    100,
    {
      reminders: 0,
      escalations: 0,
      escalationsByLevel: {},
      reachedLevel: 'spoc',
      firstResponseLevel: 'spoc',
      spocAlone: true,
      aboveSpocBecause: null,
      waitedBusinessMs: 3 * HOUR,
    },
  ],
  [
    'reminded at 4 h and 6 h, escalated at 8 h, decided by a sponsor at 10 h',
    () => {
      const s = openedAt('D1', 0);
      s.step((d) => remind(d, { level: 'spoc', index: 0 }, at(h(4))));
      s.step((d) => remind(d, { level: 'spoc', index: 1 }, at(h(6))));
      escalateAt(s, 8);
      s.step((d) => decide(d, { actor: U.sponsor1, optionId: 'approve' }, at(h(10))));
      return s;
    },
    100,
    {
      reminders: 2,
      escalations: 1,
      escalationsByLevel: { sponsor: 1 },
      reachedLevel: 'sponsor',
      firstResponseLevel: 'sponsor',
      spocAlone: false,
      aboveSpocBecause: 'escalated',
      waitedBusinessMs: 10 * HOUR,
    },
  ],
  [
    'escalated twice (8 h, 32 h), still open at 40 h with the committee: waited up to now',
    () => {
      const s = openedAt('D1', 0);
      escalateAt(s, 8);
      escalateAt(s, 32);
      return s;
    },
    40,
    {
      reminders: 0,
      escalations: 2,
      escalationsByLevel: { sponsor: 1, committee: 1 },
      reachedLevel: 'committee',
      firstResponseLevel: null,
      spocAlone: false,
      aboveSpocBecause: 'escalated',
      waitedBusinessMs: 40 * HOUR,
    },
  ],
  [
    'over the SPoC’s authority (50 000 > 10 000): routed to the sponsors, decided at 5 h',
    () => {
      const s = openedAt('D1', 0, { budgetImpact: 50_000 });
      s.step((d) => decide(d, { actor: U.sponsor2, optionId: 'reject' }, at(h(5))));
      return s;
    },
    100,
    {
      reminders: 0,
      escalations: 0,
      escalationsByLevel: {},
      reachedLevel: 'sponsor',
      firstResponseLevel: 'sponsor',
      spocAlone: false,
      aboveSpocBecause: 'over_authority',
      waitedBusinessMs: 5 * HOUR,
    },
  ],
  [
    'delegated to a key user at 1 h, who decides at 2 h: still the SPoC level, alone',
    () => {
      const s = openedAt('D1', 0, {}, withSponsorKeyUser);
      s.step((d) => delegate(d, withSponsorKeyUser, { actor: U.spoc, to: U.inventory, note: 'n' }, at(h(1))));
      s.step((d) => decide(d, { actor: U.inventory, optionId: 'approve' }, at(h(2))));
      return s;
    },
    100,
    {
      reminders: 0,
      escalations: 0,
      escalationsByLevel: {},
      reachedLevel: 'spoc',
      firstResponseLevel: 'spoc',
      spocAlone: true,
      aboveSpocBecause: null,
      waitedBusinessMs: 2 * HOUR,
    },
  ],
  [
    'delegated at 1 h to a key user who is a sponsor: delegated up',
    () => {
      const s = openedAt('D1', 0, {}, withSponsorKeyUser);
      s.step((d) => delegate(d, withSponsorKeyUser, { actor: U.spoc, to: U.sponsor1, note: 'n' }, at(h(1))));
      s.step((d) => decide(d, { actor: U.sponsor1, optionId: 'approve' }, at(h(2))));
      return s;
    },
    100,
    {
      reminders: 0,
      escalations: 0,
      escalationsByLevel: {},
      reachedLevel: 'spoc',
      firstResponseLevel: 'spoc',
      spocAlone: false,
      aboveSpocBecause: 'delegated_up',
      waitedBusinessMs: 2 * HOUR,
    },
  ],
  [
    'paused for information from 1 h to 4 h, decided at 6 h: 6 h wall, 3 h business',
    () => {
      const s = openedAt('D1', 0);
      s.step((d) => requestInfo(d, { actor: U.spoc, question: 'q' }, at(h(1))));
      s.step((d) => provideInfo(d, { actor: U.requester, answer: 'a' }, at(h(4))));
      s.step((d) => decide(d, { actor: U.spoc, optionId: 'approve' }, at(h(6))));
      return s;
    },
    100,
    {
      reminders: 0,
      escalations: 0,
      escalationsByLevel: {},
      reachedLevel: 'spoc',
      firstResponseLevel: 'spoc',
      spocAlone: true,
      aboveSpocBecause: null,
      waitedBusinessMs: 3 * HOUR,
    },
  ],
  [
    'still paused at now (asked at 2 h, now 20 h): waited 2 h',
    () => {
      const s = openedAt('D1', 0);
      s.step((d) => requestInfo(d, { actor: U.spoc, question: 'q' }, at(h(2))));
      return s;
    },
    20,
    {
      reminders: 0,
      escalations: 0,
      escalationsByLevel: {},
      reachedLevel: 'spoc',
      firstResponseLevel: 'spoc',
      spocAlone: true,
      aboveSpocBecause: null,
      waitedBusinessMs: 2 * HOUR,
    },
  ],
  [
    'consulted at 1 h, escalated twice, voted by the committee at 40 h',
    () => {
      const s = openedAt('D1', 0);
      s.step((d) => consultKeyUsers(d, P, { actor: U.spoc, domain: 'inventory', question: 'q' }, at(h(1))));
      escalateAt(s, 8);
      escalateAt(s, 32);
      for (const member of [U.c1, U.c2, U.c3]) {
        s.step((d) => vote(d, { actor: member, optionId: 'approve' }, at(h(40))));
      }
      return s;
    },
    100,
    {
      reminders: 0,
      escalations: 2,
      escalationsByLevel: { sponsor: 1, committee: 1 },
      reachedLevel: 'committee',
      firstResponseLevel: 'spoc',
      spocAlone: false,
      aboveSpocBecause: 'escalated',
      waitedBusinessMs: 40 * HOUR,
    },
  ],
  [
    'withdrawn at 2 h before anyone answered',
    () => {
      const s = openedAt('D1', 0);
      s.step((d) => withdraw(d, { actor: U.requester }, at(h(2))));
      return s;
    },
    100,
    {
      reminders: 0,
      escalations: 0,
      escalationsByLevel: {},
      reachedLevel: 'spoc',
      firstResponseLevel: null,
      spocAlone: true,
      aboveSpocBecause: null,
      waitedBusinessMs: 2 * HOUR,
    },
  ],
];

describe('decisionFigures', () => {
  it.each(cases)('%s', (_name, build, nowHours, expected) => {
    // The roster is the fixture project: its sponsors and committee are who sits above the SPoC.
    const { figures } = figured(build(), nowHours);
    const { latency: _latency, paused: _paused, ...rest } = figures;
    expect(rest).toEqual(expected);
  });

  it('reuses the decision’s latency as decisionLatency computes it', () => {
    const s = decidedBySpoc('D1', 0, 3);
    const { figures } = figured(s, 100);
    expect(figures.latency).toEqual(
      decisionLatency(s.log, s.decision.ladder, s.decision.requester, wallClock, h(100)),
    );
  });

  it('keeps the pauses so that an age at an earlier instant can be known', () => {
    const s = openedAt('D1', 0);
    s.step((d) => requestInfo(d, { actor: U.spoc, question: 'q' }, at(h(1))));
    s.step((d) => provideInfo(d, { actor: U.requester, answer: 'a' }, at(h(4))));
    s.step((d) => requestInfo(d, { actor: U.spoc, question: 'q2' }, at(h(6))));
    expect(figured(s, 9).figures.paused).toEqual([
      { from: h(1), to: h(4) },
      { from: h(6), to: h(9) },
    ]);
    // 9 h wall minus 3 h and 3 h paused.
    expect(figured(s, 9).figures.waitedBusinessMs).toBe(3 * HOUR);
  });
});
