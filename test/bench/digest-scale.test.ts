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
  });
});
