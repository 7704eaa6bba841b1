import { describe, expect, it } from 'vitest';
import { periodFigures } from '../../src/domain/insight/index.js';
import { lateAt, pendingTimers } from '../../src/domain/ladder.js';
import { HOUR } from '../../src/domain/time.js';
import { decide, escalate, markLate, requestInfo, withdraw } from '../../src/domain/transitions/index.js';
import { accepted, at, ok, opened, project, refused, T0, U, wallClock } from './fixtures.js';
import { figured, h, openedAt } from './insight/scenarios.js';

// T0 is Monday 2 November 2026, 09:00 UTC; "needed by" Tuesday 3 November starts at its local midnight.
const NEEDED_BY = '2026-11-03';
const LATE_UTC = Date.UTC(2026, 10, 3);
const jakarta = { ...wallClock, timeZone: 'Asia/Jakarta' };

describe('lateAt', () => {
  it('is the start of the needed-by date in the calendar’s zone', () => {
    expect(lateAt({ neededBy: NEEDED_BY }, wallClock)).toBe(LATE_UTC);
    // Jakarta is UTC+7: its midnight is 17:00 UTC the day before.
    expect(lateAt({ neededBy: NEEDED_BY }, jakarta)).toBe(LATE_UTC - 7 * HOUR);
  });

  it('is null without a needed-by date or with one that is no date', () => {
    expect(lateAt({}, wallClock)).toBeNull();
    expect(lateAt({ neededBy: '2026-02-30' }, wallClock)).toBeNull();
  });
});

describe('markLate', () => {
  const needed = () => opened({ request: { neededBy: NEEDED_BY } });

  it('marks an open decision late once its needed-by date has come, as the bot (actor null)', () => {
    const { decision, events } = accepted(markLate(needed(), at(LATE_UTC)));
    expect(decision.late).toBe(true);
    expect(decision.version).toBe(needed().version + 1);
    expect(decision.status).toBe('open');
    expect(decision.dueAt).toBe(T0 + 8 * HOUR);
    expect(events).toEqual([
      { type: 'marked_late', at: LATE_UTC, actor: null, level: 'spoc', data: { neededBy: NEEDED_BY } },
    ]);
  });

  it('marks a decision paused for information late too (the date comes all the same)', () => {
    const paused = ok(requestInfo(needed(), { actor: U.spoc, question: 'Which warehouse?' }, at(T0 + HOUR)));
    const late = ok(markLate(paused, at(LATE_UTC + HOUR)));
    expect(late.late).toBe(true);
    expect(late.status).toBe('needs_info');
    expect(late.clockStartedAt).toBeNull();
  });

  it.each([
    ['before the date', () => markLate(needed(), at(LATE_UTC - 1)), { code: 'not_due', dueAt: LATE_UTC }],
    [
      'without a needed-by date',
      () => markLate(opened(), at(LATE_UTC)),
      { code: 'invalid_transition', status: 'open', attempted: 'mark_late' },
    ],
    [
      'when already late',
      () => markLate(ok(markLate(needed(), at(LATE_UTC))), at(LATE_UTC + HOUR)),
      { code: 'invalid_transition', status: 'open', attempted: 'mark_late' },
    ],
    [
      'once decided',
      () =>
        markLate(ok(decide(needed(), { actor: U.spoc, optionId: 'approve' }, at(T0 + HOUR))), at(LATE_UTC)),
      { code: 'already_decided' },
    ],
    [
      'once withdrawn',
      () => markLate(ok(withdraw(needed(), { actor: U.requester }, at(T0 + HOUR))), at(LATE_UTC)),
      { code: 'already_decided', status: 'withdrawn' },
    ],
  ] as const)('is refused %s', (_, run, refusal) => {
    expect(refused(run())).toMatchObject(refusal);
  });
});

describe('the late timer in pendingTimers', () => {
  const lateTimers = (d: Parameters<typeof pendingTimers>[0], clock = wallClock) =>
    pendingTimers(d, clock).filter((t) => t.kind === 'late');

  it('is due at the start of the needed-by date while open and not yet late', () => {
    const d = opened({ request: { neededBy: NEEDED_BY } });
    expect(lateTimers(d)).toEqual([{ kind: 'late', level: 'spoc', at: LATE_UTC }]);
    expect(lateTimers(d, jakarta)).toEqual([{ kind: 'late', level: 'spoc', at: LATE_UTC - 7 * HOUR }]);
    // Beside the ladder's own timers (two reminders and the escalation).
    expect(pendingTimers(d, wallClock).map((t) => t.kind)).toEqual(['remind', 'remind', 'escalate', 'late']);
  });

  it('stays while paused (when the ladder’s timers stop) and after the committee ran out (overdue)', () => {
    const paused = ok(
      requestInfo(opened({ request: { neededBy: NEEDED_BY } }), { actor: U.spoc, question: 'q' }, at(T0)),
    );
    expect(pendingTimers(paused, wallClock)).toEqual([{ kind: 'late', level: 'spoc', at: LATE_UTC }]);

    const p = project();
    let d = opened({ request: { neededBy: '2026-12-24' } });
    for (const when of [8, 32, 80])
      d = ok(escalate(d, p, { level: d.level, spocAway: false }, at(T0 + when * HOUR)));
    expect(d.overdue).toBe(true);
    expect(pendingTimers(d, wallClock)).toEqual([
      { kind: 'late', level: 'committee', at: Date.UTC(2026, 11, 24) },
    ]);
  });

  it('is gone once late, once closed, and never there without a needed-by date', () => {
    const d = opened({ request: { neededBy: NEEDED_BY } });
    expect(lateTimers(ok(markLate(d, at(LATE_UTC))))).toEqual([]);
    expect(lateTimers(ok(decide(d, { actor: U.spoc, optionId: 'approve' }, at(T0 + HOUR))))).toEqual([]);
    expect(lateTimers(opened())).toEqual([]);
  });
});

describe('closed late in the period figures', () => {
  it('counts the decisions answered on or after the start of their needed-by date, not withdrawals', () => {
    // Needed by Tuesday 3 Nov (starts 24 h after T0 − 9 h = 15 h after T0).
    const onTime = openedAt('A', 0, { neededBy: NEEDED_BY });
    onTime.step((d) => decide(d, { actor: U.spoc, optionId: 'approve' }, at(h(14))));
    const late = openedAt('B', 0, { neededBy: NEEDED_BY });
    late.step((d) => decide(d, { actor: U.spoc, optionId: 'approve' }, at(h(15))));
    const withdrawn = openedAt('C', 0, { neededBy: NEEDED_BY });
    withdrawn.step((d) => withdraw(d, { actor: U.requester }, at(h(20))));
    const noDate = openedAt('D', 0);
    noDate.step((d) => decide(d, { actor: U.spoc, optionId: 'approve' }, at(h(30))));
    const stillOpen = openedAt('E', 0, { neededBy: NEEDED_BY });
    const decisions = [onTime, late, withdrawn, noDate, stillOpen].map((s) => figured(s, 40));
    const figures = periodFigures({ decisions, from: h(0), to: h(168), now: h(40), clock: wallClock });
    expect(figures.closedLate).toBe(1);
    // Outside the period, nothing.
    const before = periodFigures({ decisions, from: h(-168), to: h(0), now: h(40), clock: wallClock });
    expect(before.closedLate).toBe(0);
  });
});
