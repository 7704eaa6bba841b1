import { afterEach, describe, expect, it } from 'vitest';
import { actOnDecision } from '../../src/app/act-on-decision.js';
import { fireTimer } from '../../src/app/fire-timer.js';
import type { DecisionStore, ProjectDirectory, TimerScheduler } from '../../src/app/ports.js';
import { HOUR, MINUTE } from '../../src/domain/time.js';
import { JOB, TIMER_ATTEMPTS, TIMER_BACKOFF_MS, type TimerJob, timerJobId } from '../../src/jobs/names.js';
import { eventually, manualClock, type Rig, startRig } from './support/rig.js';

/**
 * Timer mechanics on the real Redis (a prefix per test) and a real SQLite file, with a clock set by hand: the
 * project's SLA is 1 h per level and 2 h for the committee, reminders at 50 % and 80 %, so nothing fires by
 * itself during a test; jobs are inspected in Redis or fired by hand through the real worker. Each open
 * decision has one job, `timer-<id>`, due at its earliest pending timer.
 */
const T0 = Date.UTC(2026, 10, 2, 9, 0);

describe('the BullMQ timer job of a decision', () => {
  let rig: Rig;
  afterEach(async () => {
    await rig?.close();
  });

  const kinds = (fired: readonly { kind: string; level: string; outcome: string }[]) =>
    fired.map((t) => `${t.kind} ${t.level} ${t.outcome}`);

  it('is one job under a deterministic id without ":", due at the earliest timer, with the decision and instant only', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const d = await rig.open();
    const jobs = await rig.timerJobs();
    expect([...jobs.keys()]).toEqual([`timer-${d.id}`]);
    expect(timerJobId(d.id)).not.toContain(':');
    const job = jobs.get(`timer-${d.id}`);
    // The first reminder (50 % of 1 h); the escalation is the decision's deadline.
    expect(job?.data).toEqual({ decisionId: d.id, at: T0 + 30 * MINUTE });
    expect((await rig.decision(d.id)).dueAt).toBe(T0 + HOUR);
    // The delay is counted from the scheduler's clock, so the job fires at its instant.
    expect(job?.opts.delay).toBe(30 * MINUTE);
  });

  it('scheduling twice (or twice at once) keeps one job, untouched', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const d = await rig.open();
    const before = await rig.timerJobs();
    await rig.deps.timers.sync(await rig.decision(d.id));
    await Promise.all([
      rig.deps.timers.sync(await rig.decision(d.id)),
      rig.deps.timers.sync(await rig.decision(d.id)),
    ]);
    const after = await rig.timerJobs();
    expect([...after.keys()]).toEqual([...before.keys()]);
    expect(after.get(`timer-${d.id}`)?.timestamp).toBe(before.get(`timer-${d.id}`)?.timestamp);
    expect(await rig.queues.timers.getJobCounts('delayed', 'waiting', 'active')).toEqual({
      delayed: 1,
      waiting: 0,
      active: 0,
    });
  });

  it('an older version synced after a newer one does not win', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const d = await rig.open();
    const old = await rig.decision(d.id);
    rig.clock.set(T0 + 10 * MINUTE);
    await actOnDecision(rig.deps, d.id, rig.project.spoc, { kind: 'request_info', question: 'Which one?' });
    // Both in flight at once, the newer asked for first: the paused decision has no timer.
    await Promise.all([rig.deps.timers.sync(await rig.decision(d.id)), rig.deps.timers.sync(old)]);
    expect((await rig.timerJobs()).size).toBe(0);
  });

  it('closing the decision removes its job', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const d = await rig.open();
    const other = await rig.open({ question: 'Another one' });
    rig.clock.advance(5 * MINUTE);
    const result = await actOnDecision(rig.deps, d.id, rig.project.spoc, {
      kind: 'decide',
      optionId: 'approve',
    });
    expect(result.found && result.ok).toBe(true);
    expect([...(await rig.timerJobs()).keys()]).toEqual([`timer-${other.id}`]);
  });

  it('pausing for information removes the job; resuming recreates it, and the deadline keeps exactly the time that was left', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    await rig.startWorkers();
    const d = await rig.open();
    rig.clock.advance(10 * MINUTE);
    await actOnDecision(rig.deps, d.id, rig.project.spoc, {
      kind: 'request_info',
      question: 'Which warehouse?',
    });
    expect((await rig.decision(d.id)).dueAt).toBeNull();
    expect((await rig.timerJobs()).size).toBe(0);

    rig.clock.advance(25 * MINUTE);
    await actOnDecision(rig.deps, d.id, 'U0MEMBER01', { kind: 'provide_info', answer: 'The main one.' });
    const resumedAt = rig.clock.now();
    const job = (await rig.timerJobs()).get(`timer-${d.id}`);
    // 10 minutes used before the pause: the first reminder (at 30) is 20 minutes away.
    expect(job?.data.at).toBe(resumedAt + 20 * MINUTE);
    expect(job?.opts.delay).toBe(20 * MINUTE);
    // 50 left: the deadline moved by exactly the 25 paused minutes.
    expect((await rig.decision(d.id)).dueAt).toBe(T0 + HOUR + 25 * MINUTE);

    // Both reminders due (the second at 48 minutes used): one run sends them, and the next job is the
    // shifted escalation.
    rig.clock.set(resumedAt + 38 * MINUTE);
    expect(kinds((await rig.fireByHand(d.id)).fired)).toEqual(['remind spoc applied', 'remind spoc applied']);
    const escalation = (await rig.timerJobs()).get(`timer-${d.id}`);
    expect(escalation?.data.at).toBe(T0 + HOUR + 25 * MINUTE);
    expect(escalation?.opts.delay).toBe(12 * MINUTE);
  });

  it('changing level replaces the old level’s job with the new level’s', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const d = await rig.open();
    rig.clock.set(T0 + HOUR);
    const result = await fireTimer(rig.deps, { decisionId: d.id, kind: 'escalate', level: 'spoc' });
    expect('ok' in result && result.ok).toBe(true);
    const job = (await rig.timerJobs()).get(`timer-${d.id}`);
    expect(job?.data.at).toBe(T0 + HOUR + 30 * MINUTE);
    expect(job?.opts.delay).toBe(30 * MINUTE);
  });

  it('one run fires, in order, every timer due by then, records each one’s lateness, then schedules the next', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const lateness: [string, number][] = [];
    await rig.startWorkers({ timerLateness: (kind, seconds) => lateness.push([kind, seconds]) });
    const d = await rig.open();
    // Down for a while: both reminders and the escalation are due.
    rig.clock.set(T0 + HOUR + MINUTE);
    const run = await rig.fireByHand(d.id, T0 + 30 * MINUTE);
    expect(kinds(run.fired)).toEqual(['remind spoc applied', 'remind spoc applied', 'escalate spoc applied']);
    expect((await rig.events(d.id)).map((e) => e.type)).toEqual([
      'opened',
      'reminded',
      'reminded',
      'escalated',
    ]);
    expect(lateness).toEqual([
      ['remind', 31 * 60],
      ['remind', 13 * 60],
      ['escalate', 60],
    ]);
    // The sponsor's level starts now: its first reminder is the next job.
    expect(run.next).toBe(T0 + HOUR + MINUTE + 30 * MINUTE);
    const next = await eventually(async () => (await rig.timerJobs()).get(`timer-${d.id}`));
    expect(next.data.at).toBe(T0 + HOUR + 31 * MINUTE);
    expect((await rig.decision(d.id)).level).toBe('sponsor');
  });

  it('the domain refuses stale timers; a wake-up for a closed, moved-on or unknown decision changes nothing', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    await rig.startWorkers();
    const decided = await rig.open();
    const escalated = await rig.open({ question: 'Escalated one' });
    await actOnDecision(rig.deps, decided.id, rig.project.spoc, { kind: 'decide', optionId: 'reject' });
    rig.clock.set(T0 + HOUR);
    await fireTimer(rig.deps, { decisionId: escalated.id, kind: 'escalate', level: 'spoc' });
    const eventsBefore = [(await rig.events(decided.id)).length, (await rig.events(escalated.id)).length];
    const rowsOf = async () =>
      (await rig.deliveries(decided.id)).length + (await rig.deliveries(escalated.id)).length;
    const rowsBefore = await rowsOf();

    rig.clock.set(T0 + HOUR + 10 * MINUTE);
    const code = async (timer: Parameters<typeof fireTimer>[1]) => {
      const result = await fireTimer(rig.deps, timer);
      return 'ok' in result ? (result.ok ? 'applied' : result.refusal.code) : 'not_found';
    };
    // Closed: every timer is refused.
    expect(await code({ decisionId: decided.id, kind: 'escalate', level: 'spoc' })).toBe('already_decided');
    expect(await code({ decisionId: decided.id, kind: 'remind', level: 'spoc', index: 0 })).toBe(
      'already_decided',
    );
    // Moved on to the sponsor: the SPoC level's timers are refused.
    expect(await code({ decisionId: escalated.id, kind: 'escalate', level: 'spoc' })).toBe(
      'invalid_transition',
    );
    expect(await code({ decisionId: escalated.id, kind: 'remind', level: 'spoc', index: 1 })).toBe(
      'invalid_transition',
    );
    // Wake-ups: nothing is due for any of them (the sponsor's first reminder is at T0 + 1 h 30).
    for (const id of [decided.id, escalated.id, 'nope'])
      expect(await rig.fireByHand(id, T0)).toMatchObject({ fired: [] });
    expect(await rig.fireByHand('nope')).toMatchObject({ fired: [], next: null });

    expect([(await rig.events(decided.id)).length, (await rig.events(escalated.id)).length]).toEqual(
      eventsBefore,
    );
    expect((await rig.decision(escalated.id)).level).toBe('sponsor');
    // No new message was recorded for either (counting every outbox row, sent or not).
    expect(await rowsOf()).toBe(rowsBefore);
  });

  it('sends no more reminders than configured per level, however often its job runs', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    await rig.startWorkers();
    const d = await rig.open();
    rig.clock.set(T0 + 29 * MINUTE);
    expect((await rig.fireByHand(d.id)).fired).toEqual([]);
    rig.clock.set(T0 + 50 * MINUTE);
    expect(kinds((await rig.fireByHand(d.id)).fired)).toEqual(['remind spoc applied', 'remind spoc applied']);
    expect((await rig.fireByHand(d.id)).fired).toEqual([]);
    const again = await fireTimer(rig.deps, { decisionId: d.id, kind: 'remind', level: 'spoc', index: 1 });
    expect('ok' in again && !again.ok && again.refusal.code).toBe('reminders_exhausted');
    const reminded = (await rig.events(d.id)).filter((e) => e.type === 'reminded');
    expect(reminded.map((e) => (e.type === 'reminded' ? e.data.index : -1))).toEqual([0, 1]);
    expect((await rig.decision(d.id)).remindersSent).toBe(2);
    // What is left is the escalation.
    const job = await eventually(async () => (await rig.timerJobs()).get(`timer-${d.id}`));
    expect(job.data.at).toBe(T0 + HOUR);
  });

  it('approving one millisecond before the deadline never escalates, even if the job still runs', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    await rig.startWorkers();
    const d = await rig.open();
    rig.clock.set(T0 + HOUR - 1);
    await actOnDecision(rig.deps, d.id, rig.project.spoc, { kind: 'decide', optionId: 'approve' });
    expect((await rig.timerJobs()).size).toBe(0);
    rig.clock.set(T0 + HOUR);
    // The job raced the click (its removal lost the race): it runs anyway and finds nothing due.
    expect((await rig.fireByHand(d.id, T0 + HOUR)).fired).toEqual([]);
    const escalate = await fireTimer(rig.deps, { decisionId: d.id, kind: 'escalate', level: 'spoc' });
    expect('ok' in escalate && !escalate.ok && escalate.refusal.code).toBe('already_decided');
    expect(await rig.decision(d.id)).toMatchObject({ status: 'decided', level: 'spoc' });
    expect((await rig.events(d.id)).map((e) => e.type)).toEqual(['opened', 'decided']);
    expect((await rig.timerJobs()).size).toBe(0);
  });

  it('a job that runs before its (moved) instant is re-aligned to the next timer, not lost', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    await rig.startWorkers();
    const d = await rig.open();
    // The instant moved later while Redis missed the change (e.g. Redis was down during a pause): an old job
    // under the same id fires early.
    await rig.queues.timers.remove(`timer-${d.id}`);
    rig.clock.set(T0 + 10 * MINUTE);
    expect((await rig.fireByHand(d.id, T0)).fired).toEqual([]);
    const job = await eventually(async () => (await rig.timerJobs()).get(`timer-${d.id}`));
    expect(job.data.at).toBe(T0 + 30 * MINUTE);
    expect(job.opts.delay).toBe(20 * MINUTE);
  });

  it('a change whose sync met the running job is scheduled once that job has completed', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    // The run's own sync (after the reminder it fires) never lands, as when Redis is slow: the job stays
    // active for the follow-up's bounded wait, long enough for the requester's round trip below.
    const real = rig.deps.timers;
    let held = true;
    const timers: TimerScheduler = {
      sync: (d) => {
        if (!held) return real.sync(d);
        held = false;
        return new Promise<void>(() => {});
      },
      syncAll: (a, c) => real.syncAll(a, c),
      retryLater: (id) => real.retryLater(id),
      takeRetries: () => real.takeRetries(),
    };
    await rig.startWorkers({ deps: { timers } });
    const d = await rig.open();
    rig.clock.set(T0 + 30 * MINUTE);
    const run = rig.fireByHand(d.id);
    await eventually(async () => (await rig.queues.timers.getActiveCount()) === 1 && !held);
    await actOnDecision(rig.deps, d.id, rig.project.spoc, { kind: 'request_info', question: 'Which one?' });
    rig.clock.set(T0 + 40 * MINUTE);
    await actOnDecision(rig.deps, d.id, 'U0MEMBER01', { kind: 'provide_info', answer: 'This one.' });
    // Both syncs met the running job and left it.
    expect((await rig.queues.timers.getJob(`timer-${d.id}`))?.data.at).toBe(T0 + 30 * MINUTE);
    expect(kinds((await run).fired)).toEqual(['remind spoc applied']);
    // Paused 10 minutes: the second reminder (48 minutes of business time) moved by as much.
    const job = await eventually(async () => (await rig.timerJobs()).get(`timer-${d.id}`));
    expect(job.data.at).toBe(T0 + 58 * MINUTE);
  });

  it('a due timer the domain refuses is left to the reconciler, not fired again at once', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    // The project left the configuration: its escalations cannot apply.
    const projects = Object.assign(Object.create(rig.deps.projects) as ProjectDirectory, {
      byId: () => undefined,
    });
    await rig.startWorkers({ deps: { projects } });
    const d = await rig.open();
    rig.clock.set(T0 + HOUR);
    const run = await rig.fireByHand(d.id);
    expect(kinds(run.fired)).toEqual([
      'remind spoc applied',
      'remind spoc applied',
      'escalate spoc invalid_request',
    ]);
    expect(run.next).toBeNull();
    await eventually(() => rig.logs.some((l) => l.includes('a due timer was refused')));
    expect((await rig.timerJobs()).size).toBe(0);
    expect(rig.deps.timers.takeRetries()).toEqual([d.id]);
    expect((await rig.events(d.id)).map((e) => e.type)).toEqual(['opened', 'reminded', 'reminded']);
  });

  it('a failed run comes back under its id, later each time; after the last attempt the reconciler takes over', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const store = rig.deps.decisions;
    const failing: DecisionStore = Object.assign(Object.create(store) as DecisionStore, {
      transact: () => {
        throw new Error('disk I/O error');
      },
    });
    await rig.startWorkers({ deps: { decisions: failing } });
    const d = await rig.open();
    const last = await rig.open({ question: 'Last attempt' });
    rig.clock.set(T0 + 30 * MINUTE);
    await expect(rig.fireByHand(d.id)).rejects.toThrow('disk I/O error');
    const retry = await eventually(async () => (await rig.timerJobs()).get(`timer-${d.id}`));
    expect(retry.data).toEqual({ decisionId: d.id, at: T0 + 30 * MINUTE, attempt: 2 });
    expect(retry.opts.delay).toBe(TIMER_BACKOFF_MS);

    await rig.queues.timers.remove(`timer-${last.id}`);
    const job: TimerJob = { decisionId: last.id, at: T0 + 30 * MINUTE, attempt: TIMER_ATTEMPTS };
    await rig.queues.timers.add(JOB.timer, job, { jobId: `timer-${last.id}` });
    await eventually(() => rig.deps.timers.takeRetries().includes(last.id));
    expect((await rig.timerJobs()).has(`timer-${last.id}`)).toBe(false);
  });
});
