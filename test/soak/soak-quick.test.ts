import { describe, expect, it } from 'vitest';
import { report, runSoak, type SoakResult } from './runner.js';

/**
 * The quick soak in the suite: 60 decisions and sign-offs under the chaos on each of two combinations at once,
 * SQLite over HTTP and PostgreSQL over Socket Mode, so both databases and both Slack modes run every time, each
 * with one web and one worker process (both SIGKILLed once). All four combinations one after the other, and
 * PostgreSQL's two-and-two processes, take three to four minutes on two shared cores, over the suite's
 * two-minute budget: `npm run soak -- --quick` runs all four, `npm run soak` the full run.
 */
describe('soak with chaos (quick)', () => {
  it('SQLite over HTTP and PostgreSQL over Socket Mode: every invariant holds', async () => {
    const results: SoakResult[] = await Promise.all([
      runSoak({ decisions: 60, database: 'sqlite', slack: 'http', seed: 1401, processes: 1 }),
      runSoak({ decisions: 60, database: 'postgres', slack: 'socket', seed: 1402, processes: 1 }),
    ]);
    const violations = results.flatMap((r) =>
      r.invariants.flatMap((i) => i.violations.map((v) => `${r.database}/${r.slack} ${i.name}: ${v}`)),
    );
    // The figures, pass or fail (vitest shows what a test wrote).
    process.stderr.write(`${report(results)}\n`);
    expect(violations, report(results)).toEqual([]);
    for (const r of results) {
      expect(r.decisions).toBeGreaterThan(30);
      expect(r.escalations).toBeGreaterThan(0);
      expect(Object.values(r.faults).reduce((n, k) => n + k, 0)).toBeGreaterThan(0);
    }
  }, 300_000);
  // 300 s: 90–135 s on two cores shared with other runs (the rest of the suite included); the margin keeps a slow
  // moment from failing it.
});
