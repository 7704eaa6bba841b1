import { describe, expect, it } from 'vitest';
import { runDigestScale } from './digest-scale.js';

/** Keeps the digest benchmark runnable: a tiny history, one run; figures only, no timing assertion. */
describe('digest benchmark (smoke)', () => {
  it('fills a small history and returns figures', async () => {
    const result = await runDigestScale({ decisions: 2000, projects: 2, runs: 1 });
    for (const value of [
      result.fillMs,
      result.storedDecisions,
      result.storedEvents,
      result.digestMs,
      result.referenceMs,
      result.ratio,
      result.decisionsRead,
      result.eventsRead,
    ]) {
      expect(value).toBeGreaterThan(0);
    }
    expect(result.agree).toBe(true);
    expect(result.goals).toHaveLength(1);
    // A small history: the ratio is reported, the goal (stated for 1,000,000 decisions) not judged.
    expect(result.goals[0]?.goal).toContain('1.5×');
    expect(result.goals[0]?.met).toBeUndefined();
    expect(result.detail).toContain('decisions read');
  });
});
