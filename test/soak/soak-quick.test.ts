import { describe, expect, it } from 'vitest';
import { report, runSoak } from './runner.js';

/**
 * The quick soak in the suite: 60 decisions and sign-offs under the chaos, on two of the four combinations,
 * SQLite over HTTP and PostgreSQL over Socket Mode, so both databases and both Slack modes run each time;
 * all four take about three minutes on two cores, over the suite's two-minute budget (`npm run soak -- --quick`
 * runs all four, `npm run soak` the full run).
 */
describe('soak with chaos (quick)', () => {
  for (const [database, slack, seed] of [
    ['sqlite', 'http', 1401],
    ['postgres', 'socket', 1402],
  ] as const) {
    it(`${database} over ${slack === 'http' ? 'HTTP' : 'Socket Mode'}: every invariant holds`, async () => {
      const result = await runSoak({ decisions: 60, database, slack, seed });
      const violations = result.invariants.flatMap((i) => i.violations.map((v) => `${i.name}: ${v}`));
      expect(violations, report([result])).toEqual([]);
      expect(result.decisions).toBeGreaterThan(30);
      expect(result.escalations).toBeGreaterThan(0);
      expect(Object.values(result.faults).reduce((n, k) => n + k, 0)).toBeGreaterThan(0);
    }, 110_000);
  }
});
