import { describe, expect, it } from 'vitest';
import { WEEK_MS, weeklySeries } from '../../../src/domain/insight/index.js';
import { HOUR } from '../../../src/domain/time.js';
import { decide, withdraw } from '../../../src/domain/transitions/index.js';
import { at, U, wallClock } from '../fixtures.js';
import { decidedBySpoc, escalateAt, figured, h, openedAt } from './scenarios.js';

const NOW = 3 * 168;

/**
 * Week 1 [0, 168): A SPoC 3 h; B SPoC 8 h + sponsors 2 h; C over authority, sponsors 10 h; G with a default,
 * SPoC 8 + sponsors 24 + committee 48 h, expired at 90; W withdrawn (left out); O still open (left out).
 * Week 2 [168, 336): nothing. Week 3 [336, 504): H SPoC 6 h.
 */
function decisions() {
  const b = openedAt('B', 1);
  escalateAt(b, 9);
  b.step((d) => decide(d, { actor: U.sponsor1, optionId: 'approve' }, at(h(11))));
  const c = openedAt('C', 2, { budgetImpact: 50_000 });
  c.step((d) => decide(d, { actor: U.sponsor2, optionId: 'approve' }, at(h(12))));
  const g = openedAt('G', 10, { defaultOptionId: 'reject' });
  escalateAt(g, 18);
  escalateAt(g, 42);
  escalateAt(g, 90);
  const w = openedAt('W', 4);
  w.step((d) => withdraw(d, { actor: U.requester }, at(h(5))));
  const o = openedAt('O', 100);
  return [decidedBySpoc('A', 0, 3), b, c, g, w, o, decidedBySpoc('H', 340, 346)].map((s) => figured(s, NOW));
}

describe('weeklySeries', () => {
  it('per-level medians of the decisions answered each week, oldest first, zeros for an empty week', () => {
    expect(weeklySeries({ decisions: decisions(), weeks: 3, endingAt: h(NOW), clock: wallClock })).toEqual([
      {
        weekStart: h(0),
        // SPoC [A 3, B 8, C 0, G 8] → [0, 3, 8, 8], median rank 2 = 3 h;
        // sponsors [A 0, B 2, C 10, G 24] → [0, 2, 10, 24] → 2 h; committee [0, 0, 0, 48] → 0.
        spocMs: 3 * HOUR,
        sponsorMs: 2 * HOUR,
        committeeMs: 0,
        count: 4,
      },
      { weekStart: h(168), spocMs: 0, sponsorMs: 0, committeeMs: 0, count: 0 },
      { weekStart: h(336), spocMs: 6 * HOUR, sponsorMs: 0, committeeMs: 0, count: 1 },
    ]);
  });

  it('windows are 7 days ending at endingAt; a decision on a boundary belongs to the week it starts', () => {
    // Decided at exactly 168 h: the start of the second of two weeks ending at 336 h.
    const series = weeklySeries({
      decisions: [figured(decidedBySpoc('E', 166, 168), NOW)],
      weeks: 2,
      endingAt: h(336),
      clock: wallClock,
    });
    expect(series.map((w) => [w.weekStart, w.count])).toEqual([
      [h(336) - 2 * WEEK_MS, 0],
      [h(336) - WEEK_MS, 1],
    ]);
  });

  it('no weeks, no bars', () => {
    expect(weeklySeries({ decisions: decisions(), weeks: 0, endingAt: h(NOW), clock: wallClock })).toEqual(
      [],
    );
  });
});
