import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../../src/domain/business-calendar.js';
import {
  type DecisionWithFigures,
  decisionFigures,
  type PeriodFigures,
  periodFigures,
} from '../../../src/domain/insight/index.js';
import type { Instant } from '../../../src/domain/time.js';
import { HOUR } from '../../../src/domain/time.js';
import {
  consultKeyUsers,
  decide,
  openDecision,
  passOverDeactivated,
  provideInfo,
  requestInfo,
  withdraw,
} from '../../../src/domain/transitions/index.js';
import { at, project, request, Scenario, U, wallClock } from '../fixtures.js';
import { decidedBySpoc, escalateAt, figured, h, openedAt, P } from './scenarios.js';

const WEEK = 168;
const rate = { perDay: 2400, currency: 'EUR' }; // 100 per hour of a 24 h day

/**
 * One week [0 h, 168 h) with now at its end (hours after T0), normal impact (SPoC 8 h, sponsors 24 h,
 * committee 48 h):
 * A opened 0, decided by the SPoC at 3 (3 h, alone)
 * B opened 1, escalated at 9, decided by a sponsor at 11 (10 h, SPoC level ran out, above: escalated)
 * C opened 2 over authority, decided by a sponsor at 12 (10 h, within the sponsors' 24 h, above: over authority)
 * D opened 4, withdrawn at 5 (1 h)
 * E opened −30 (previous week), asked for information at −29, answered at −1, decided at 2 (4 h business)
 * F opened 100, the SPoC consults key users at 102, still open (68 h at 168)
 * G opened 10 with a default, escalated at 18 and 42, expired at 90 (80 h, breached, above: escalated)
 */
function week(): DecisionWithFigures[] {
  const a = decidedBySpoc('A', 0, 3);
  const b = openedAt('B', 1);
  escalateAt(b, 9);
  b.step((d) => decide(d, { actor: U.sponsor1, optionId: 'approve' }, at(h(11))));
  const c = openedAt('C', 2, { budgetImpact: 50_000 });
  c.step((d) => decide(d, { actor: U.sponsor2, optionId: 'approve' }, at(h(12))));
  const d = openedAt('D', 4);
  d.step((x) => withdraw(x, { actor: U.requester }, at(h(5))));
  const e = openedAt('E', -30);
  e.step((x) => requestInfo(x, { actor: U.spoc, question: 'q' }, at(h(-29))));
  e.step((x) => provideInfo(x, { actor: U.requester, answer: 'a' }, at(h(-1))));
  e.step((x) => decide(x, { actor: U.spoc, optionId: 'approve' }, at(h(2))));
  const f = openedAt('F', 100);
  f.step((x) => consultKeyUsers(x, P, { actor: U.spoc, domain: 'inventory', question: 'q' }, at(h(102))));
  const g = openedAt('G', 10, { defaultOptionId: 'reject' });
  escalateAt(g, 18);
  escalateAt(g, 42);
  escalateAt(g, 90);
  expect(g.decision.status).toBe('expired');
  return [a, b, c, d, e, f, g].map((s) => figured(s, WEEK));
}

const period = (
  decisions: readonly DecisionWithFigures[],
  from: number,
  to: number,
  withRate = true,
): PeriodFigures =>
  periodFigures({
    decisions,
    from: h(from),
    to: h(to),
    now: h(WEEK),
    clock: wallClock,
    rate: withRate ? rate : undefined,
  });

/** Every number anywhere in the figures, to check that none is NaN. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(numbersIn);
}

describe('periodFigures over a week', () => {
  const figures = period(week(), 0, WEEK);

  it('counts each decision in the period of its events', () => {
    // E was opened the week before and is counted here only as decided.
    expect(figures).toMatchObject({ opened: 6, decided: 4, defaulted: 1, withdrawn: 1, open: 1 });
  });

  it('time to outcome over the answered decisions, withdrawn left out', () => {
    // A 3, E 4, B 10, C 10, G 80 → nearest rank: median ceil(2.5) = 3rd = 10 h, p90 ceil(4.5) = 5th = 80 h.
    expect(figures.timeToOutcome).toEqual({ count: 5, median: 10 * HOUR, p90: 80 * HOUR });
    // B and G ran out of time at some level; A, C and E did not: 2 / 5.
    expect(figures.slaBreachRate).toBe(0.4);
  });

  it('escalations that happened in the period, by the level reached', () => {
    // B → sponsor at 9; G → sponsor at 18 and → committee at 42 (its expiry at 90 is no escalation).
    expect(figures.escalationsByLevel).toEqual({ spoc: 0, sponsor: 2, committee: 1 });
  });

  it('open decisions by age and the SPoC’s responsiveness', () => {
    // F: 68 h = 2.83 days.
    expect(figures.openByAge).toEqual({ lt1d: 0, '1to3d': 1, '3to5d': 0, gt5d: 0 });
    // SPoC-level first responses in the week: A at 3 h, F at 2 h; E's was last week, B, C and G first
    // answered above the SPoC. Nearest-rank median of [2 h, 3 h] is the lower: 2 h.
    expect(figures.spocResponsiveness).toBe(2 * HOUR);
  });

  it('how often the SPoC could not decide alone and what it added', () => {
    // Answered: A, E alone; B, G escalated; C over authority → 3 / 5.
    // Above: B 10 h, C 10 h, G 80 h → median 10 h = 0.41667 d; alone: A 3 h, E 4 h → median 3 h = 0.125 d.
    expect(figures.authority).toEqual({
      closedCount: 5,
      aboveSpocCount: 3,
      aboveSpocShare: 0.6,
      byReason: { over_authority: 1, escalated: 2, sent_up: 0, delegated_up: 0 },
      addedBusinessDays: 0.29,
    });
  });

  it('what the waiting cost at 100 per hour', () => {
    // Open: F 68 h → 6800. Closed: A 300 + B 1000 + C 1000 + D 100 + E 400 + G 8000 = 10 800.
    // Costliest: G, F, then B before C (same cost, by id).
    expect(figures.cost).toEqual({
      rate,
      openCost: 6800,
      closedCost: 10_800,
      top: [
        { decisionId: 'G', open: false, businessDays: 3.33, amount: 8000, currency: 'EUR' },
        { decisionId: 'F', open: true, businessDays: 2.83, amount: 6800, currency: 'EUR' },
        { decisionId: 'B', open: false, businessDays: 0.42, amount: 1000, currency: 'EUR' },
      ],
    });
  });

  it('has no cost without a configured rate', () => {
    expect(period(week(), 0, WEEK, false).cost).toEqual({
      rate: null,
      openCost: null,
      closedCost: null,
      top: [],
    });
  });
});

describe('periodFigures of the week before', () => {
  it('counts the decision opened then and open at its end, aged at that end', () => {
    const before = period(week(), -WEEK, 0);
    expect(before).toMatchObject({ opened: 1, decided: 0, defaulted: 0, withdrawn: 0, open: 1 });
    // E at 0 h: 30 h since it opened minus 28 h paused = 2 h; the SPoC asked at −29, 1 h after it opened.
    expect(before.openByAge).toEqual({ lt1d: 1, '1to3d': 0, '3to5d': 0, gt5d: 0 });
    expect(before.spocResponsiveness).toBe(HOUR);
    expect(before.timeToOutcome).toEqual({ count: 0, median: null, p90: null });
    expect(before.slaBreachRate).toBeNull();
    // Its wait is costed up to the end of that week (2 h → 200), not up to now.
    expect(before.cost).toMatchObject({ openCost: 200, closedCost: 0 });
    expect(before.authority).toMatchObject({ closedCount: 0, aboveSpocShare: null, addedBusinessDays: null });
  });
});

describe('periodFigures of an empty week', () => {
  it.each<[string, DecisionWithFigures[]]>([
    ['no decisions at all', []],
    ['only decisions closed before it', week().filter((d) => d.decision.id !== 'F')],
  ])('%s: zeros and nulls, no NaN', (_name, decisions) => {
    const figures = period(decisions, 2 * WEEK, 3 * WEEK);
    expect(figures).toEqual({
      from: h(2 * WEEK),
      to: h(3 * WEEK),
      opened: 0,
      decided: 0,
      defaulted: 0,
      withdrawn: 0,
      open: 0,
      closedLate: 0,
      timeToOutcome: { count: 0, median: null, p90: null },
      slaBreachRate: null,
      escalationsByLevel: { spoc: 0, sponsor: 0, committee: 0 },
      openByAge: { lt1d: 0, '1to3d': 0, '3to5d': 0, gt5d: 0 },
      spocResponsiveness: null,
      authority: {
        closedCount: 0,
        aboveSpocCount: 0,
        aboveSpocShare: null,
        byReason: { over_authority: 0, escalated: 0, sent_up: 0, delegated_up: 0 },
        addedBusinessDays: null,
      },
      cost: { rate, openCost: 0, closedCost: 0, top: [] },
    });
    expect(numbersIn(figures).filter(Number.isNaN)).toEqual([]);
  });
});

describe('time to outcome: median and p90 at the edges', () => {
  // Decided by the SPoC after 1, 2, … hours; a decision past the SPoC's 8 h counts as a breach.
  const decided = (hours: readonly number[]) =>
    hours.map((n, i) => figured(decidedBySpoc(`D${i}`, 0, n), WEEK));

  it.each<[string, number[], number, number, number]>([
    // One value is its own median and p90.
    ['one decision', [5], 5, 5, 0],
    // Two: median is rank ceil(1) = 1st (the lower), p90 rank ceil(1.8) = 2nd.
    ['two decisions', [6, 2], 2, 6, 0],
    // Ten (1..10 h): median rank 5 = 5 h, p90 rank 9 = 9 h; 9 h and 10 h ran past 8 h: 2 / 10.
    ['ten decisions', [10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 5, 9, 0.2],
  ])('%s', (_name, hours, median, p90, breachRate) => {
    const figures = period(decided(hours), 0, WEEK);
    expect(figures.timeToOutcome).toEqual({ count: hours.length, median: median * HOUR, p90: p90 * HOUR });
    expect(figures.slaBreachRate).toBe(breachRate);
  });
});

describe('open decisions by age, at the exact band boundaries', () => {
  // Opened this many hours before the end of the week, still open there (24 h working day).
  it.each<[number, keyof PeriodFigures['openByAge']]>([
    [0.5, 'lt1d'],
    [24 - 1 / 3600, 'lt1d'],
    [24, '1to3d'],
    [72, '1to3d'],
    [72 + 1 / 3600, '3to5d'],
    [120, '3to5d'],
    [120 + 1 / 3600, 'gt5d'],
  ])('%s h old → %s', (ageHours, band) => {
    const figures = period([figured(openedAt('X', WEEK - ageHours), WEEK)], 0, WEEK);
    expect(figures.open).toBe(1);
    expect(figures.openByAge[band]).toBe(1);
    expect(Object.values(figures.openByAge).reduce((a, b) => a + b, 0)).toBe(1);
  });
});

describe('authority groups', () => {
  it('no added days when only the SPoC decided, and no verdict material when only above', () => {
    const alone = period([figured(decidedBySpoc('A', 0, 3), WEEK)], 0, WEEK).authority;
    expect(alone).toMatchObject({
      closedCount: 1,
      aboveSpocCount: 0,
      aboveSpocShare: 0,
      addedBusinessDays: null,
    });
    const over = openedAt('C', 0, { budgetImpact: 50_000 });
    over.step((d) => decide(d, { actor: U.sponsor1, optionId: 'approve' }, at(h(6))));
    const above = period([figured(over, WEEK)], 0, WEEK).authority;
    expect(above).toMatchObject({
      closedCount: 1,
      aboveSpocCount: 1,
      aboveSpocShare: 1,
      addedBusinessDays: null,
    });
  });
});

describe('a SPoC level left because nobody was left there (deactivated in Slack)', () => {
  it('is no escalation, and the authority insight leaves the decision out', () => {
    const noDeputy = project({ deputy: undefined });
    const gone = openedAt('G', 0, {}, noDeputy);
    gone.step((d) =>
      passOverDeactivated(d, noDeputy, { deactivated: new Set([U.spoc]), spocAway: false }, at(h(2))),
    );
    gone.step((d) => decide(d, { actor: U.sponsor1, optionId: 'approve' }, at(h(4))));
    const figures = period([figured(decidedBySpoc('A', 0, 3), WEEK), figured(gone, WEEK)], 0, WEEK);
    expect(figures.escalationsByLevel).toEqual({ spoc: 0, sponsor: 0, committee: 0 });
    expect(figures.slaBreachRate).toBe(0);
    expect(figures.decided).toBe(2);
    expect(figures.authority).toMatchObject({
      closedCount: 1,
      aboveSpocCount: 0,
      byReason: { over_authority: 0, escalated: 0, sent_up: 0, delegated_up: 0 },
    });
  });
});

describe('with the business calendar (09:00–17:00 Mon–Fri, UTC)', () => {
  const calendar = new BusinessCalendar({
    timezone: 'UTC',
    businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' },
    holidays: [],
  });
  const on = (day: number, hour: number): Instant => Date.UTC(2026, 10, day, hour);
  const ctx = (now: Instant) => ({ now, clock: calendar });

  it('a day is a working day: ages and costs count working hours only', () => {
    // Opened Friday 6 Nov 09:00, decided Tuesday 10 Nov 09:00: Fri 8 h + Mon 8 h = 2 working days (4 wall days).
    const weekend = new Scenario(openDecision(request(), 'W', P, false, ctx(on(6, 9))));
    weekend.step((d) => decide(d, { actor: U.spoc, optionId: 'approve' }, ctx(on(10, 9))));
    // Opened Monday 2 Nov 09:00, still open on Friday 6 Nov 17:00: 5 working days exactly → 3–5 days.
    const open = new Scenario(openDecision(request(), 'O', P, false, ctx(on(2, 9))));
    const now = on(6, 17);
    const withFigures = (s: Scenario, at: Instant) => ({
      decision: s.decision,
      figures: decisionFigures(s.decision, s.log, calendar, at, P),
    });
    const closedWeek = periodFigures({
      decisions: [withFigures(weekend, on(13, 9))],
      from: on(9, 0),
      to: on(16, 0),
      now: on(13, 9),
      clock: calendar,
      rate: { perDay: 1000, currency: 'EUR' },
    });
    expect(closedWeek.timeToOutcome.median).toBe(16 * HOUR);
    expect(closedWeek.cost.top).toEqual([
      { decisionId: 'W', open: false, businessDays: 2, amount: 2000, currency: 'EUR' },
    ]);
    const openWeek = periodFigures({
      decisions: [withFigures(open, now)],
      from: on(2, 0),
      to: now,
      now,
      clock: calendar,
      rate: { perDay: 1000, currency: 'EUR' },
    });
    expect(openWeek.openByAge).toEqual({ lt1d: 0, '1to3d': 0, '3to5d': 1, gt5d: 0 });
    expect(openWeek.cost.openCost).toBe(5000);
  });
});
