import { describe, expect, it } from 'vitest';
import { compareWithPrevious, type PeriodFigures, periodFigures } from '../../../src/domain/insight/index.js';
import { HOUR } from '../../../src/domain/time.js';
import { decide, provideInfo, requestInfo } from '../../../src/domain/transitions/index.js';
import { at, U, wallClock } from '../fixtures.js';
import { decidedBySpoc, figured, h, openedAt } from './scenarios.js';

const WEEK = 168;

/**
 * Last week [−168, 0): L1 opened −20, decided by the SPoC at −16 (4 h); L2 opened −10, the SPoC asks at −9,
 * answered at 1 and decided at 3 (1 h + 2 h = 3 h business). This week [0, 168): T1 opened 2, decided at 4 (2 h); T2 opened
 * 5, decided at 13 (8 h); L2 decided at 3.
 */
function weeks(): { current: PeriodFigures; previous: PeriodFigures; empty: PeriodFigures } {
  const l2 = openedAt('L2', -10);
  l2.step((d) => requestInfo(d, { actor: U.spoc, question: 'q' }, at(h(-9))));
  l2.step((d) => provideInfo(d, { actor: U.requester, answer: 'a' }, at(h(1))));
  l2.step((d) => decide(d, { actor: U.spoc, optionId: 'approve' }, at(h(3))));
  const decisions = [
    decidedBySpoc('L1', -20, -16),
    l2,
    decidedBySpoc('T1', 2, 4),
    decidedBySpoc('T2', 5, 13),
  ].map((s) => figured(s, WEEK));
  const of = (from: number, to: number) =>
    periodFigures({ decisions, from: h(from), to: h(to), now: h(WEEK), clock: wallClock });
  return { current: of(0, WEEK), previous: of(-WEEK, 0), empty: of(-3 * WEEK, -2 * WEEK) };
}

describe('compareWithPrevious', () => {
  const { current, previous, empty } = weeks();

  it('this week against the last', () => {
    // Opened 2 vs 2; decided 3 (T1, T2, L2) vs 1 (L1); open at the end 0 vs 1 (L2).
    // Time to outcome now T1 2, L2 3, T2 8 h → median 3, p90 8; before L1 4 h → 4 and 4.
    // SPoC responsiveness now T1 2 h, T2 8 h → 2 h; before L1 4 h, L2 1 h (its info request) → 1 h.
    expect(compareWithPrevious(current, previous)).toEqual({
      opened: { value: 2, previous: 2, direction: 'same' },
      decided: { value: 3, previous: 1, direction: 'up' },
      defaulted: { value: 0, previous: 0, direction: 'same' },
      withdrawn: { value: 0, previous: 0, direction: 'same' },
      open: { value: 0, previous: 1, direction: 'down' },
      medianToOutcome: { value: 3 * HOUR, previous: 4 * HOUR, direction: 'down' },
      p90ToOutcome: { value: 8 * HOUR, previous: 4 * HOUR, direction: 'up' },
      slaBreachRate: { value: 0, previous: 0, direction: 'same' },
      spocResponsiveness: { value: 2 * HOUR, previous: HOUR, direction: 'up' },
      aboveSpocShare: { value: 0, previous: 0, direction: 'same' },
    });
  });

  it('against a period with no data: what has a figure now is new, zeros stay the same', () => {
    const t = compareWithPrevious(previous, empty);
    expect(t.opened).toEqual({ value: 2, previous: 0, direction: 'new' });
    expect(t.decided).toEqual({ value: 1, previous: 0, direction: 'new' });
    expect(t.defaulted).toEqual({ value: 0, previous: 0, direction: 'same' });
    expect(t.medianToOutcome).toEqual({ value: 4 * HOUR, previous: null, direction: 'new' });
    expect(t.slaBreachRate).toEqual({ value: 0, previous: null, direction: 'new' });
  });

  it('no figure now: same, whatever there was before', () => {
    const t = compareWithPrevious(empty, current);
    expect(t.medianToOutcome).toEqual({ value: null, previous: 3 * HOUR, direction: 'same' });
    expect(t.decided).toEqual({ value: 0, previous: 3, direction: 'down' });
  });

  it('two empty periods: everything the same', () => {
    const directions = Object.values(compareWithPrevious(empty, empty)).map((t) => t.direction);
    expect(new Set(directions)).toEqual(new Set(['same']));
  });
});
