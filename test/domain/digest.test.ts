import { describe, expect, it } from 'vitest';
import { buildDigest, DIGEST_WEEKS } from '../../src/domain/digest.js';
import { HOUR } from '../../src/domain/time.js';
import { decide, withdraw } from '../../src/domain/transitions/index.js';
import { at, project, U, wallClock } from './fixtures.js';
import { decidedBySpoc, escalateAt, figured, h, openedAt, P } from './insight/scenarios.js';

describe('buildDigest', () => {
  const NOW = 100; // hours after T0: the digest covers hours [-68, 100)

  it("is the week's figures with their trend, the chart's weeks, the slowest decisions and what is still open", () => {
    const quick = decidedBySpoc('quick', 0, 2);
    const late = openedAt('late', 1);
    escalateAt(late, 9); // the SPoC's 8 h ran out
    late.step((d) => decide(d, { actor: U.sponsor1, optionId: 'reject' }, at(h(21))));
    const gone = openedAt('gone', 3);
    gone.step((d) => withdraw(d, { actor: U.requester }, at(h(4))));
    const older = openedAt('older', 10, { question: 'Buy the barcode scanners?' });
    const newer = openedAt('newer', 50);
    const decisions = [quick, late, gone, older, newer].map((s) => figured(s, NOW));
    const digest = buildDigest({ project: P, decisions, to: h(NOW), now: h(NOW), clock: wallClock });

    expect(digest.to - digest.from).toBe(168 * HOUR);
    expect(digest.current).toMatchObject({ opened: 5, decided: 2, withdrawn: 1, open: 2 });
    expect(digest.trends.opened).toMatchObject({ value: 5, previous: 0, direction: 'new' });
    expect(digest.weeks).toHaveLength(DIGEST_WEEKS);
    expect(digest.weeks.at(-1)?.count).toBe(2); // the two decided this week (withdrawn ones are no outcome)
    expect(digest.slaMs).toBe(8 * HOUR); // the SPoC's time for a normal-impact decision
    // Slowest first; a withdrawn decision is not an outcome.
    expect(digest.slowest.map((s) => [s.id, s.businessMs / HOUR, s.reachedLevel])).toEqual([
      ['late', 20, 'sponsor'],
      ['quick', 2, 'spoc'],
    ]);
    // Oldest first, with their wait so far.
    expect(digest.waiting.map((w) => [w.id, w.waitedBusinessMs / HOUR, w.overdue])).toEqual([
      ['older', 90, true], // 90 h at the SPoC, whose 8 h ran out long ago
      ['newer', 50, true],
    ]);
    expect(digest.current.authority).toMatchObject({ closedCount: 2, aboveSpocCount: 1 });
  });

  it('a week with no decisions: zeros, nulls and empty lists, never NaN; what is open still shows', () => {
    const waiting = openedAt('waiting', -200);
    const digest = buildDigest({
      project: P,
      decisions: [figured(waiting, NOW)],
      to: h(NOW),
      now: h(NOW),
      clock: wallClock,
    });
    expect(digest.current).toMatchObject({ opened: 0, decided: 0, defaulted: 0, withdrawn: 0, open: 1 });
    expect(digest.current.timeToOutcome.median).toBeNull();
    expect(digest.slowest).toEqual([]);
    expect(digest.waiting.map((w) => w.id)).toEqual(['waiting']);
    expect(JSON.stringify(digest)).not.toContain('NaN');
    expect(JSON.stringify(digest)).not.toContain('null,null,null,null'); // the weeks are zeros, not nulls
  });

  it('names the questions of the decisions the cost of waiting lists, with a configured rate', () => {
    const rated = project({ costOfDelay: { perDay: 1_000_000, currency: 'IDR' } });
    const open = openedAt('open', 52, { question: 'Go live on 1 March?' }, rated);
    const digest = buildDigest({
      project: rated,
      decisions: [figured(open, NOW, wallClock, rated)],
      to: h(NOW),
      now: h(NOW),
      clock: wallClock,
    });
    expect(digest.current.cost.top.map((c) => c.decisionId)).toEqual(['open']);
    expect(digest.questions).toEqual({ open: 'Go live on 1 March?' });
    expect(digest.current.cost.openCost).toBe(2_000_000); // 48 h = 2 days of the 24/7 clock
  });
});
