import { describe, expect, it } from 'vitest';
import { buildDigest, type DigestEntry } from '../../src/domain/digest.js';
import { decisionLatency } from '../../src/domain/latency.js';
import { HOUR } from '../../src/domain/time.js';
import { decide, escalate, openDecision, withdraw } from '../../src/domain/transitions/index.js';
import { at, project, request, Scenario, T0, U, wallClock } from './fixtures.js';

const P = project();
const SPOC_DUE = 8; // hours: normal impact at the SPoC level in the fixture project

function entry(s: Scenario, nowHours: number): DigestEntry {
  return {
    decision: s.decision,
    latency: decisionLatency(s.log, s.decision.ladder, s.decision.requester, wallClock, T0 + nowHours * HOUR),
  };
}

function scenario(id: string, extra: Parameters<typeof request>[0] = {}): Scenario {
  return new Scenario(openDecision(request(extra), id, P, false, at(T0)));
}

describe('buildDigest', () => {
  const now = T0 + 100 * HOUR;
  const from = now - 168 * HOUR;

  it('counts outcomes, time to decide, breaches, where time went and what is waiting', () => {
    const quick = scenario('quick');
    quick.step((d) => decide(d, { actor: U.spoc, optionId: 'approve' }, at(T0 + 2 * HOUR)));
    const late = scenario('late');
    late.step((d) => escalate(d, P, { level: 'spoc', spocAway: false }, at(T0 + SPOC_DUE * HOUR)));
    late.step((d) => decide(d, { actor: U.sponsor1, optionId: 'reject' }, at(T0 + 10 * HOUR)));
    const gone = scenario('gone');
    gone.step((d) => withdraw(d, { actor: U.requester }, at(T0 + HOUR)));
    const open1 = scenario('open1', { budgetImpact: 2000, question: 'Buy the barcode scanners?' });
    const open2 = scenario('open2', { budgetImpact: 500 });
    const digest = buildDigest(
      P.id,
      [quick, late, gone, open1, open2].map((s) => entry(s, 100)),
      from,
      now,
    );
    expect(digest.closed).toEqual({
      decided: 2,
      expiredWithDefault: 0,
      withdrawn: 1,
      toOutcome: { count: 2, median: 2 * HOUR, p90: 10 * HOUR, max: 10 * HOUR },
      breachRate: 0.5,
    });
    // SPoC: 2 + 8 + 1 + 100 + 100 hours; sponsor: 2 hours (late, from 8 h to 10 h).
    expect(digest.businessMsByLevel).toEqual({ spoc: 211 * HOUR, sponsor: 2 * HOUR, committee: 0 });
    expect(digest.waiting.map((w) => w.id)).toEqual(['open1', 'open2']);
    expect(digest.waiting[0]).toMatchObject({
      question: 'Buy the barcode scanners?',
      level: 'spoc',
      overdue: true,
    });
    expect(digest.waitingBusinessMs).toBe(200 * HOUR);
    expect(digest.budgetWaiting).toBe(2500);
  });

  it('leaves out decisions closed before the period and reports no rate without answers', () => {
    const old = scenario('old');
    old.step((d) => decide(d, { actor: U.spoc, optionId: 'approve' }, at(T0 + HOUR)));
    const digest = buildDigest(P.id, [entry(old, 300)], T0 + 200 * HOUR, T0 + 300 * HOUR);
    expect(digest.closed.decided).toBe(0);
    expect(digest.closed.breachRate).toBeNull();
    expect(digest.waiting).toEqual([]);
    expect(digest.budgetWaiting).toBe(0);
  });
});
