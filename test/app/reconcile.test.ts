import { afterEach, describe, expect, it } from 'vitest';
import { actOnDecision } from '../../src/app/act-on-decision.js';
import { FOLLOW_UP_TIMEOUT_MS } from '../../src/app/after-commit.js';
import { openDecision } from '../../src/app/open-decision.js';
import { reconcile } from '../../src/app/reconcile.js';
import { HOUR, MINUTE } from '../../src/domain/time.js';
import { JOB } from '../../src/jobs/names.js';
import { manualClock, type Rig, startRig } from '../jobs/support/rig.js';
import { sampleRequest } from '../support/sample-project.js';

/** Rebuilding Redis from SQLite (the reconciler) and the bounded wait for Redis after a commit. */
const T0 = Date.UTC(2026, 10, 2, 9, 0);

describe('reconcile', () => {
  let rig: Rig;
  afterEach(async () => {
    await rig?.close();
  });

  it('re-creates lost timers at their instants, removes timers of closed or unknown decisions, re-queues the outbox', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const a = await rig.open({ question: 'A' });
    rig.clock.advance(10 * MINUTE);
    const b = await rig.open({ question: 'B' });
    const closed = await rig.open({ question: 'closed' });
    await actOnDecision(rig.deps, closed.id, rig.project.spoc, { kind: 'decide', optionId: 'approve' });

    // Redis lost some jobs and kept some it should not have.
    await rig.queues.timers.remove(`escalate-${a.id}-spoc`);
    await rig.queues.timers.remove(`remind-${b.id}-spoc-1`);
    const stale = (decisionId: string) =>
      rig.queues.timers.add(
        JOB.escalate,
        { decisionId, kind: 'escalate', level: 'spoc', at: T0 + HOUR },
        { jobId: `escalate-${decisionId}-spoc`, delay: HOUR },
      );
    await stale(closed.id);
    await stale('ghost');
    await rig.queues.deliveries.obliterate({ force: true });

    const report = await reconcile(rig.deps);
    // Added: a's escalation and b's second reminder; replaced (here: removed) the closed decision's and the ghost's.
    expect(report).toEqual({ activeDecisions: 2, addedTimers: 2, replacedTimers: 2 });
    const jobs = await rig.timerJobs();
    expect([...jobs.keys()].sort()).toEqual(
      [a.id, b.id]
        .flatMap((id) => [`escalate-${id}-spoc`, `remind-${id}-spoc-0`, `remind-${id}-spoc-1`])
        .sort(),
    );
    expect(jobs.get(`escalate-${a.id}-spoc`)?.data.at).toBe(T0 + HOUR);
    expect(jobs.get(`escalate-${a.id}-spoc`)?.opts.delay).toBe(50 * MINUTE);
    expect(jobs.get(`remind-${b.id}-spoc-1`)?.data.at).toBe(T0 + 10 * MINUTE + 48 * MINUTE);
    // Every pending message has its delivery job again.
    const pending = rig.deps.outbox.pending();
    expect(pending.length).toBeGreaterThan(0);
    for (const d of pending) expect(await rig.queues.deliveries.getJob(`delivery-${d.id}`)).toBeDefined();

    // Running it again changes nothing.
    const before = new Map([...jobs].map(([id, j]) => [id, j.timestamp]));
    expect(await reconcile(rig.deps)).toEqual({ activeDecisions: 2, addedTimers: 0, replacedTimers: 0 });
    for (const [id, j] of await rig.timerJobs()) expect(j.timestamp).toBe(before.get(id));
  });

  it('after downtime, timers whose instant has passed are due at once', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const d = await rig.open();
    await rig.queues.timers.obliterate({ force: true });
    rig.clock.set(T0 + 2 * HOUR);
    await reconcile(rig.deps);
    const jobs = await rig.timerJobs();
    expect(jobs.get(`escalate-${d.id}-spoc`)?.opts.delay).toBe(0);
    expect(jobs.get(`remind-${d.id}-spoc-0`)?.opts.delay).toBe(0);
  });
});

describe('after a commit, Redis hanging', () => {
  let rig: Rig;
  afterEach(async () => {
    await rig?.close();
  });

  it('answers after a bounded wait with the decision saved, and says the rest waits for the reconciler', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const hanging = {
      ...rig.deps,
      timers: {
        sync: () => new Promise<void>(() => {}),
        syncAll: async () => ({ added: 0, replaced: 0 }),
      },
    };
    const started = Date.now();
    const result = await openDecision(hanging, sampleRequest());
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(FOLLOW_UP_TIMEOUT_MS - 50);
    expect(took).toBeLessThan(FOLLOW_UP_TIMEOUT_MS + 1500);
    if (result.ok !== true) throw new Error('not opened');
    expect(rig.decision(result.decision.id).status).toBe('open');
    expect(rig.logs.filter((l) => l.includes('the reconciler repairs what is lost'))).toHaveLength(1);
    // The reconciler (with Redis back) puts the timers in place.
    await reconcile(rig.deps);
    expect((await rig.timerJobs()).has(`escalate-${result.decision.id}-spoc`)).toBe(true);
  });
});
