import { afterEach, describe, expect, it } from 'vitest';
import { actOnDecision } from '../../src/app/act-on-decision.js';
import { FOLLOW_UP_TIMEOUT_MS } from '../../src/app/after-commit.js';
import { openDecision } from '../../src/app/open-decision.js';
import { LOST_TIMER_GRACE_MS, reconcile, reconcileChanged } from '../../src/app/reconcile.js';
import { HOUR, MINUTE } from '../../src/domain/time.js';
import { JOB } from '../../src/jobs/names.js';
import { eventually, manualClock, type Rig, startRig } from '../jobs/support/rig.js';
import { sampleRequest } from '../support/sample-project.js';

/** Rebuilding Redis from SQLite (the reconciler) and the bounded wait for Redis after a commit. */
const T0 = Date.UTC(2026, 10, 2, 9, 0);

describe('reconcile: the full pass', () => {
  let rig: Rig;
  afterEach(async () => {
    await rig?.close();
  });

  it('re-creates lost timers at their instants, removes timers of closed or unknown decisions and of the previous layout, re-queues the outbox', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const a = await rig.open({ question: 'A' });
    rig.clock.advance(10 * MINUTE);
    const b = await rig.open({ question: 'B' });
    const c = await rig.open({ question: 'C' });
    const closed = await rig.open({ question: 'closed' });
    await actOnDecision(rig.deps, closed.id, rig.project.spoc, { kind: 'decide', optionId: 'approve' });

    // Redis lost some jobs and kept some it should not have.
    await rig.queues.timers.remove(`timer-${a.id}`);
    const stale = (decisionId: string) =>
      rig.queues.timers.add(
        JOB.timer,
        { decisionId, at: T0 + HOUR },
        { jobId: `timer-${decisionId}`, delay: HOUR },
      );
    await stale(closed.id);
    await stale('ghost');
    // A job of the previous layout (one per reminder and escalation), left by the version before.
    await rig.queues.timers.add(
      'escalate',
      { decisionId: c.id, kind: 'escalate', level: 'spoc', at: T0 + 10 * MINUTE + HOUR } as never,
      { jobId: `escalate-${c.id}-spoc`, delay: HOUR },
    );
    await rig.queues.deliveries.obliterate({ force: true });

    const report = await reconcile(rig.deps);
    // Added: a's; replaced (here: removed) the closed decision's, the ghost's and the old layout's.
    expect(report).toMatchObject({ activeDecisions: 3, addedTimers: 1, replacedTimers: 3 });
    const jobs = await rig.timerJobs();
    expect([...jobs.keys()].sort()).toEqual([a.id, b.id, c.id].map((id) => `timer-${id}`).sort());
    expect(jobs.get(`timer-${a.id}`)?.data.at).toBe(T0 + 30 * MINUTE);
    expect(jobs.get(`timer-${a.id}`)?.opts.delay).toBe(20 * MINUTE);
    expect(jobs.get(`timer-${b.id}`)?.data.at).toBe(T0 + 10 * MINUTE + 30 * MINUTE);
    // Every pending message has its delivery job again.
    const pending = await rig.deps.outbox.pending();
    expect(pending.length).toBeGreaterThan(0);
    for (const d of pending) expect(await rig.queues.deliveries.getJob(`delivery-${d.id}`)).toBeDefined();

    // Running it again changes nothing.
    const before = new Map([...jobs].map(([id, j]) => [id, j.timestamp]));
    expect(await reconcile(rig.deps)).toMatchObject({
      activeDecisions: 3,
      addedTimers: 0,
      replacedTimers: 0,
    });
    for (const [id, j] of await rig.timerJobs()) expect(j.timestamp).toBe(before.get(id));
  });

  it('after downtime, a timer whose instant has passed is due at once', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const d = await rig.open();
    await rig.queues.timers.obliterate({ force: true });
    rig.clock.set(T0 + 2 * HOUR);
    await reconcile(rig.deps);
    const job = (await rig.timerJobs()).get(`timer-${d.id}`);
    expect(job?.data.at).toBe(T0 + 30 * MINUTE);
    expect(job?.opts.delay).toBe(0);
  });

  it('a job of the previous layout that a worker takes is a wake-up: whatever is due fires, then the new job', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    await rig.startWorkers();
    const d = await rig.open();
    await rig.queues.timers.remove(`timer-${d.id}`);
    rig.clock.set(T0 + HOUR);
    await rig.queues.timers.add(
      'escalate',
      { decisionId: d.id, kind: 'escalate', level: 'spoc', at: T0 + HOUR } as never,
      { jobId: `escalate-${d.id}-spoc` },
    );
    await eventually(async () => (await rig.decision(d.id)).level === 'sponsor');
    expect((await rig.events(d.id)).map((e) => e.type)).toEqual([
      'opened',
      'reminded',
      'reminded',
      'escalated',
    ]);
    const job = await eventually(async () => (await rig.timerJobs()).get(`timer-${d.id}`));
    expect(job.data.at).toBe(T0 + HOUR + 30 * MINUTE);
  });
});

describe('reconcileChanged: the periodic pass', () => {
  let rig: Rig;
  afterEach(async () => {
    await rig?.close();
  });

  it('syncs only the decisions changed since the last pass, those whose sync failed, and open ones past due', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const untouched = await rig.open({ question: 'untouched' });
    const changed = await rig.open({ question: 'changed' });
    const failed = await rig.open({ question: 'failed' });
    const late = await rig.open({ question: 'late' });
    const { changesThrough } = await reconcile(rig.deps);

    // Lost without a change: the incremental pass does not look at it (the full pass would).
    await rig.queues.timers.remove(`timer-${untouched.id}`);
    // Changed since: its job was lost too (Redis was away when the change's own sync ran).
    await rig.queues.timers.remove(`timer-${changed.id}`);
    rig.clock.advance(5 * MINUTE);
    await actOnDecision(rig.deps, changed.id, rig.project.spoc, { kind: 'request_info', question: 'Why?' });
    await actOnDecision(rig.deps, changed.id, 'U0MEMBER01', { kind: 'provide_info', answer: 'Because.' });
    await rig.queues.timers.remove(`timer-${changed.id}`);
    // A sync in this process failed (or a timer job gave up).
    await rig.queues.timers.remove(`timer-${failed.id}`);
    rig.deps.timers.retryLater(failed.id);

    let report = await reconcileChanged(rig.deps, changesThrough);
    expect(report).toMatchObject({ syncedDecisions: 2, failedSyncs: 0 });
    expect(report.changesThrough).toBeGreaterThan(changesThrough);
    const jobs = await rig.timerJobs();
    expect(jobs.has(`timer-${changed.id}`)).toBe(true);
    expect(jobs.has(`timer-${failed.id}`)).toBe(true);
    expect(jobs.has(`timer-${untouched.id}`)).toBe(false);

    // Nothing changed since: nothing to do.
    report = await reconcileChanged(rig.deps, report.changesThrough);
    expect(report.syncedDecisions).toBe(0);

    // Past its deadline by more than the grace and still at the SPoC: its timer was lost, the pass restores it
    // (as one job due at once, which fires what is due).
    await rig.queues.timers.remove(`timer-${late.id}`);
    rig.clock.set(T0 + HOUR + LOST_TIMER_GRACE_MS + 1);
    report = await reconcileChanged(rig.deps, report.changesThrough);
    expect(report.syncedDecisions).toBe(4); // every open one past due, the untouched one included
    expect((await rig.timerJobs()).get(`timer-${late.id}`)?.opts.delay).toBe(0);
  });
});

describe('the reconciler’s maintenance job', () => {
  let rig: Rig;
  afterEach(async () => {
    await rig?.close();
  });

  it('is the incremental pass every period; with { full: true } the full one', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const d = await rig.open();
    await rig.startWorkers();
    await rig.queues.timers.remove(`timer-${d.id}`);
    const run = async (id: string, data: object) => {
      await rig.queues.maintenance.add(JOB.reconcile, data, { jobId: id });
      return eventually(async () => {
        const job = await rig.queues.maintenance.getJob(id);
        return (await job?.getState()) === 'completed' ? job?.returnvalue : undefined;
      });
    };
    // Nothing changed since the workers started: the lost job stays lost until a full pass.
    expect(await run('by-hand-1', {})).toMatchObject({ syncedDecisions: 0 });
    expect((await rig.timerJobs()).has(`timer-${d.id}`)).toBe(false);
    expect(await run('by-hand-2', { full: true })).toMatchObject({ activeDecisions: 1, addedTimers: 1 });
    expect((await rig.timerJobs()).has(`timer-${d.id}`)).toBe(true);
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
        syncAll: async () => ({ added: 0, replaced: 0, active: 0 }),
        retryLater: () => {},
        takeRetries: () => [],
      },
    };
    const started = Date.now();
    const result = await openDecision(hanging, sampleRequest());
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(FOLLOW_UP_TIMEOUT_MS - 50);
    expect(took).toBeLessThan(FOLLOW_UP_TIMEOUT_MS + 1500);
    if (result.ok !== true) throw new Error('not opened');
    expect((await rig.decision(result.decision.id)).status).toBe('open');
    expect(rig.logs.filter((l) => l.includes('the reconciler repairs what is lost'))).toHaveLength(1);
    // The reconciler (with Redis back) puts the timers in place.
    await reconcile(rig.deps);
    expect((await rig.timerJobs()).has(`timer-${result.decision.id}`)).toBe(true);
  });
});
