import { describe, expect, it } from 'vitest';
import type { Digest } from '../../../src/domain/digest.js';
import { HOUR } from '../../../src/domain/time.js';
import { DIGEST_WAITING_CAP, digestMessage } from '../../../src/slack/blocks/digest.js';
import { expectValidMessage } from '../helpers/block-kit.js';

const T = Date.UTC(2026, 10, 30, 9, 0);

function digest(overrides: Partial<Digest> = {}): Digest {
  return {
    projectId: 'odoo-rollout',
    from: T - 168 * HOUR,
    to: T,
    closed: {
      decided: 4,
      expiredWithDefault: 1,
      withdrawn: 0,
      toOutcome: { count: 5, median: 3 * HOUR, p90: 20 * HOUR, max: 26 * HOUR },
      breachRate: 0.4,
    },
    businessMsByLevel: { spoc: 30 * HOUR, sponsor: 10 * HOUR, committee: 0 },
    waiting: [
      {
        id: 'd1',
        question: 'Buy <scanners> & printers?',
        level: 'sponsor',
        deciders: ['U0SPONSOR1'],
        waitedBusinessMs: 12 * HOUR,
        budgetImpact: 8000,
        overdue: true,
      },
    ],
    waitingBusinessMs: 12 * HOUR,
    budgetWaiting: 8000,
    ...overrides,
  };
}

describe('digestMessage', () => {
  it('shows outcomes, time to decide, where decisions wait and what is held up', () => {
    const m = digestMessage(digest(), { projectName: 'Odoo rollout', timeZone: 'Asia/Jakarta' });
    expectValidMessage(m.blocks, m.text);
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('4 decided, 1 by default');
    expect(text).toContain('median 3h');
    expect(text).toContain('40%');
    expect(text).toContain('SPoC: 1d 6h (75%)');
    expect(text).toContain('8,000');
    expect(text).toContain('Buy &lt;scanners&gt; &amp; printers?');
    expect(text).toContain('<@U0SPONSOR1>');
  });

  it('says so when nothing was decided and nothing waits', () => {
    const m = digestMessage(
      digest({
        closed: {
          decided: 0,
          expiredWithDefault: 0,
          withdrawn: 0,
          toOutcome: { count: 0, median: null, p90: null, max: null },
          breachRate: null,
        },
        businessMsByLevel: { spoc: 0, sponsor: 0, committee: 0 },
        waiting: [],
        waitingBusinessMs: 0,
        budgetWaiting: 0,
      }),
      { projectName: 'Odoo rollout', timeZone: 'UTC' },
    );
    expectValidMessage(m.blocks, m.text);
    expect(JSON.stringify(m.blocks)).toContain('nothing was decided');
    expect(JSON.stringify(m.blocks)).toContain('every request has an answer');
  });

  it('caps the waiting list', () => {
    const [first] = digest().waiting;
    if (!first) throw new Error('the fixture has a waiting decision');
    const many = Array.from({ length: DIGEST_WAITING_CAP + 5 }, (_, i) => ({ ...first, id: `d${i}` }));
    const m = digestMessage(digest({ waiting: many }), { projectName: 'P', timeZone: 'UTC' });
    expectValidMessage(m.blocks, m.text);
    expect(JSON.stringify(m.blocks)).toContain('and 5 more');
  });
});
