import { describe, expect, it } from 'vitest';
import type { Decision, Ladder } from '../../src/domain/decision.js';
import {
  type BusinessClock,
  levelDueAt,
  nextLevel,
  pendingTimers,
  remainingAt,
  slaAt,
  snapshotLadder,
  type Timer,
} from '../../src/domain/ladder.js';
import type { DecisionLevel, Impact, Level } from '../../src/domain/project.js';
import { HOUR, MINUTE, type Span } from '../../src/domain/time.js';
import {
  decide,
  escalate,
  provideInfo,
  remind,
  requestInfo,
  withdraw,
} from '../../src/domain/transitions/index.js';
import { at, ok, opened, project, T0, U, wallClock } from './fixtures.js';

const P = project();
const SPOC_DUE = T0 + 8 * HOUR;

describe('fixture wallClock', () => {
  it.each<[string, number, number, Span[], number]>([
    ['no pause', 0, 10, [], 10],
    ['one pause inside', 0, 10, [{ from: T0 + HOUR, to: T0 + 3 * HOUR }], 8],
    [
      'overlapping pauses are merged',
      0,
      10,
      [
        { from: T0 + HOUR, to: T0 + 3 * HOUR },
        { from: T0 + 2 * HOUR, to: T0 + 4 * HOUR },
      ],
      7,
    ],
    [
      'a pause inside another',
      0,
      10,
      [
        { from: T0 + HOUR, to: T0 + 5 * HOUR },
        { from: T0 + 2 * HOUR, to: T0 + 3 * HOUR },
      ],
      6,
    ],
    ['a pause partly before the range is clipped', 2, 10, [{ from: T0, to: T0 + 4 * HOUR }], 6],
    ['a pause outside the range is ignored', 0, 5, [{ from: T0 + 6 * HOUR, to: T0 + 7 * HOUR }], 5],
    ['an empty range', 5, 5, [], 0],
    ['a reversed range', 5, 2, [], 0],
  ])('%s', (_name, from, to, paused, hours) => {
    expect(wallClock.businessTimeBetween(T0 + from * HOUR, T0 + to * HOUR, paused)).toBe(hours * HOUR);
  });

  it('adds business time as wall time and has a 24 h working day', () => {
    expect(wallClock.addBusinessTime(T0, 90 * MINUTE)).toBe(T0 + 90 * MINUTE);
    expect(wallClock.workingDayMs).toBe(24 * HOUR);
  });
});

describe('snapshotLadder', () => {
  it.each<[Impact, DecisionLevel, [Level, number][]]>([
    [
      'normal',
      'spoc',
      [
        ['spoc', 8],
        ['sponsor', 24],
        ['committee', 48],
      ],
    ],
    [
      'normal',
      'sponsor',
      [
        ['sponsor', 24],
        ['committee', 48],
      ],
    ],
    ['normal', 'committee', [['committee', 48]]],
    [
      'high',
      'spoc',
      [
        ['spoc', 4],
        ['sponsor', 8],
        ['committee', 24],
      ],
    ],
    [
      'low',
      'sponsor',
      [
        ['sponsor', 48],
        ['committee', 120],
      ],
    ],
  ])('%s impact from %s (1d = 24 h)', (impact, first, steps) => {
    expect(snapshotLadder(P, impact, first, wallClock).steps).toEqual(
      steps.map(([level, hours]) => ({ level, slaMs: hours * HOUR })),
    );
  });

  it('`d` follows the clock’s working day (8 h): normal is 8h / 1d / 2d → 8 h / 8 h / 16 h', () => {
    const officeDay: BusinessClock = { ...wallClock, workingDayMs: 8 * HOUR };
    expect(snapshotLadder(P, 'normal', 'spoc', officeDay).steps.map((s) => s.slaMs)).toEqual([
      8 * HOUR,
      8 * HOUR,
      16 * HOUR,
    ]);
  });

  it('sorts the reminders without changing the project, and is not affected by later edits', () => {
    const reminders = [0.8, 0.2, 0.5];
    const p = project({ reminders });
    const ladder = snapshotLadder(p, 'normal', 'spoc', wallClock);
    expect(ladder.reminders).toEqual([0.2, 0.5, 0.8]);
    expect(reminders).toEqual([0.8, 0.2, 0.5]);
    reminders.push(0.9);
    expect(ladder.reminders).toEqual([0.2, 0.5, 0.8]);
  });
});

describe('nextLevel and slaAt', () => {
  const full: Ladder = snapshotLadder(P, 'normal', 'spoc', wallClock);
  const fromSponsor: Ladder = snapshotLadder(P, 'normal', 'sponsor', wallClock);

  it.each<[string, Ladder, Level, Level | undefined]>([
    ['full ladder', full, 'spoc', 'sponsor'],
    ['full ladder', full, 'sponsor', 'committee'],
    ['full ladder', full, 'committee', undefined],
    ['from the sponsors', fromSponsor, 'sponsor', 'committee'],
    ['from the sponsors', fromSponsor, 'committee', undefined],
  ])('%s: after %s comes %s', (_name, ladder, level, expected) => {
    expect(nextLevel(ladder, level)).toBe(expected);
  });

  it('slaAt gives the level’s time and throws for a level not on the ladder', () => {
    expect(slaAt(full, 'sponsor')).toBe(24 * HOUR);
    expect(() => slaAt(fromSponsor, 'spoc')).toThrow(/spoc/);
  });
});

describe('levelDueAt and remainingAt', () => {
  it.each<[string, number, number]>([
    ['at the opening', 0, 8],
    ['after 3 h', 3, 5],
    ['at the due instant', 8, 0],
    ['past the due instant, never negative', 11, 0],
  ])('remaining %s', (_name, elapsedHours, remainingHours) => {
    expect(remainingAt(opened(), T0 + elapsedHours * HOUR, wallClock)).toBe(remainingHours * HOUR);
  });

  it('a running level is due when its SLA minus the time already used has passed since the clock restarted', () => {
    const d: Decision = { ...opened(), levelUsedMs: 5 * HOUR, clockStartedAt: T0 + 10 * HOUR };
    expect(levelDueAt(d, wallClock)).toBe(T0 + 13 * HOUR);
    expect(remainingAt(d, T0 + 11 * HOUR, wallClock)).toBe(2 * HOUR);
  });

  it('while paused: no due instant, and the remaining time is frozen', () => {
    const paused = ok(requestInfo(opened(), { actor: U.spoc, question: 'q' }, at(T0 + 3 * HOUR)));
    expect(levelDueAt(paused, wallClock)).toBeNull();
    expect(remainingAt(paused, T0 + 4 * HOUR, wallClock)).toBe(5 * HOUR);
    expect(remainingAt(paused, T0 + 40 * HOUR, wallClock)).toBe(5 * HOUR);
  });
});

describe('pendingTimers (reminders at 50 % and 75 %)', () => {
  const remindAt = (index: number, hours: number, level: Level = 'spoc'): Timer => ({
    kind: 'remind',
    level,
    index,
    at: T0 + hours * HOUR,
  });
  const escalateAt = (hours: number, level: Level = 'spoc'): Timer => ({
    kind: 'escalate',
    level,
    at: T0 + hours * HOUR,
  });

  it('a fresh decision: both reminders, then the escalation', () => {
    expect(pendingTimers(opened(), wallClock)).toEqual([remindAt(0, 4), remindAt(1, 6), escalateAt(8)]);
  });

  it('skips the reminders already sent', () => {
    const once = ok(remind(opened(), { level: 'spoc', index: 0 }, at(T0 + 4 * HOUR)));
    expect(pendingTimers(once, wallClock)).toEqual([remindAt(1, 6), escalateAt(8)]);
    const twice = ok(remind(once, { level: 'spoc', index: 1 }, at(T0 + 6 * HOUR)));
    expect(pendingTimers(twice, wallClock)).toEqual([escalateAt(8)]);
  });

  it('after a pause, every timer moves by the paused time', () => {
    let d = ok(requestInfo(opened(), { actor: U.spoc, question: 'q' }, at(T0 + 2 * HOUR)));
    expect(pendingTimers(d, wallClock)).toEqual([]);
    d = ok(provideInfo(d, { actor: U.requester, answer: 'a' }, at(T0 + 5 * HOUR)));
    expect(pendingTimers(d, wallClock)).toEqual([remindAt(0, 7), remindAt(1, 9), escalateAt(11)]);
  });

  it('a reminder whose fraction was passed before the pause fires at once on resume', () => {
    let d = ok(requestInfo(opened(), { actor: U.spoc, question: 'q' }, at(T0 + 5 * HOUR)));
    d = ok(provideInfo(d, { actor: U.requester, answer: 'a' }, at(T0 + 9 * HOUR)));
    expect(pendingTimers(d, wallClock)).toEqual([remindAt(0, 9), remindAt(1, 10), escalateAt(12)]);
  });

  it('at the sponsor level: fractions of the sponsors’ 24 h, counted from the escalation', () => {
    const d = ok(escalate(opened(), P, { level: 'spoc', spocAway: false }, at(SPOC_DUE)));
    expect(pendingTimers(d, wallClock)).toEqual([
      remindAt(0, 8 + 12, 'sponsor'),
      remindAt(1, 8 + 18, 'sponsor'),
      escalateAt(8 + 24, 'sponsor'),
    ]);
  });

  it('without reminders configured: only the escalation', () => {
    expect(pendingTimers(opened({ project: project({ reminders: [] }) }), wallClock)).toEqual([
      escalateAt(8),
    ]);
  });

  it.each<[string, () => Decision]>([
    ['paused', () => ok(requestInfo(opened(), { actor: U.spoc, question: 'q' }, at(T0 + HOUR)))],
    ['decided', () => ok(decide(opened(), { actor: U.spoc, optionId: 'approve' }, at(T0 + HOUR)))],
    ['withdrawn', () => ok(withdraw(opened(), { actor: U.requester }, at(T0 + HOUR)))],
    ['overdue', () => ({ ...opened(), level: 'committee' as const, overdue: true })],
  ])('none while %s', (_name, build) => {
    expect(pendingTimers(build(), wallClock)).toEqual([]);
  });
});
