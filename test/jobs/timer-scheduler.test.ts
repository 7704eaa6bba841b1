import { afterEach, describe, expect, it } from 'vitest';
import { actOnDecision } from '../../src/app/act-on-decision.js';
import { fireTimer } from '../../src/app/fire-timer.js';
import { HOUR, MINUTE } from '../../src/domain/time.js';
import { type TimerJob, timerJobId } from '../../src/jobs/names.js';
import { possibleTimerIds } from '../../src/jobs/timer-scheduler.js';
import { eventually, manualClock, type Rig, startRig } from './support/rig.js';

/**
 * Timer mechanics on the real Redis (a prefix per test) and a real SQLite file, with a clock set by hand: the
 * project's SLA is 1 h per level and 2 h for the committee, reminders at 50 % and 80 %, so nothing fires by
 * itself during a test; jobs are inspected in Redis or fired by hand through the real worker.
 */
const T0 = Date.UTC(2026, 10, 2, 9, 0);

describe('BullMQ timers of a decision', () => {
  let rig: Rig;
  afterEach(async () => {
    await rig?.close();
  });

  const ids = (decisionId: string, level: 'spoc' | 'sponsor' | 'committee') => [
    `remind-${decisionId}-${level}-0`,
    `remind-${decisionId}-${level}-1`,
    `escalate-${decisionId}-${level}`,
  ];

  it('schedules the reminders and the escalation under deterministic ids without ":", due at the right instants', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const d = await rig.open();
    const jobs = await rig.timerJobs();
    expect([...jobs.keys()].sort()).toEqual(ids(d.id, 'spoc').sort());
    for (const id of possibleTimerIds(d)) expect(id).not.toContain(':');
    expect(new Set(possibleTimerIds(d)).size).toBe(9);
    const at = (id: string) => jobs.get(id)?.data.at;
    expect(at(`remind-${d.id}-spoc-0`)).toBe(T0 + 30 * MINUTE);
    expect(at(`remind-${d.id}-spoc-1`)).toBe(T0 + 48 * MINUTE);
    expect(at(`escalate-${d.id}-spoc`)).toBe(T0 + HOUR);
    expect(rig.decision(d.id).dueAt).toBe(T0 + HOUR);
    // The delay is counted from the scheduler's clock, so the job fires at its instant.
    expect(jobs.get(`escalate-${d.id}-spoc`)?.opts.delay).toBe(HOUR);
    // Same inputs, same ids: a job id names one timer of one decision at one level.
    const timer: TimerJob = { decisionId: d.id, kind: 'escalate', level: 'spoc', at: 1 };
    expect(timerJobId(timer)).toBe(timerJobId({ ...timer, at: 2 }));
  });

  it('scheduling twice (or twice at once) keeps one job per timer, untouched', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const d = await rig.open();
    const before = await rig.timerJobs();
    await rig.deps.timers.sync(rig.decision(d.id));
    await Promise.all([rig.deps.timers.sync(rig.decision(d.id)), rig.deps.timers.sync(rig.decision(d.id))]);
    const after = await rig.timerJobs();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [id, job] of after) expect(job.timestamp).toBe(before.get(id)?.timestamp);
    expect(await rig.queues.timers.getJobCounts('delayed', 'waiting', 'active')).toEqual({
      delayed: 3,
      waiting: 0,
      active: 0,
    });
  });

  it('closing the decision removes its pending jobs', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const d = await rig.open();
    const other = await rig.open({ question: 'Another one' });
    rig.clock.advance(5 * MINUTE);
    const result = await actOnDecision(rig.deps, d.id, rig.project.spoc, {
      kind: 'decide',
      optionId: 'approve',
    });
    expect(result.found && result.ok).toBe(true);
    const left = [...(await rig.timerJobs()).keys()];
    expect(left.filter((id) => id.includes(d.id))).toEqual([]);
    expect(left.sort()).toEqual(ids(other.id, 'spoc').sort());
  });

  it('pausing for information removes the jobs; resuming recreates them with exactly the time that was left', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const d = await rig.open();
    rig.clock.advance(10 * MINUTE);
    await actOnDecision(rig.deps, d.id, rig.project.spoc, {
      kind: 'request_info',
      question: 'Which warehouse?',
    });
    expect(rig.decision(d.id).dueAt).toBeNull();
    expect((await rig.timerJobs()).size).toBe(0);

    rig.clock.advance(25 * MINUTE);
    await actOnDecision(rig.deps, d.id, 'U0MEMBER01', { kind: 'provide_info', answer: 'The main one.' });
    const resumedAt = rig.clock.now();
    const jobs = await rig.timerJobs();
    expect([...jobs.keys()].sort()).toEqual(ids(d.id, 'spoc').sort());
    const escalation = jobs.get(`escalate-${d.id}-spoc`);
    // 10 minutes used before the pause: 50 left; the deadline moved by exactly the 25 paused minutes.
    expect(escalation?.data.at).toBe(T0 + HOUR + 25 * MINUTE);
    expect(escalation?.opts.delay).toBe(50 * MINUTE);
    expect(rig.decision(d.id).dueAt).toBe(T0 + HOUR + 25 * MINUTE);
    const reminder = jobs.get(`remind-${d.id}-spoc-0`);
    expect(reminder?.data.at).toBe(resumedAt + 20 * MINUTE);
    expect(reminder?.opts.delay).toBe(20 * MINUTE);
  });

  it('changing level replaces the old level’s jobs with the new level’s', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const d = await rig.open();
    rig.clock.set(T0 + HOUR);
    const result = await fireTimer(rig.deps, { decisionId: d.id, kind: 'escalate', level: 'spoc' });
    expect('ok' in result && result.ok).toBe(true);
    const jobs = await rig.timerJobs();
    expect([...jobs.keys()].sort()).toEqual(ids(d.id, 'sponsor').sort());
    expect(jobs.get(`escalate-${d.id}-sponsor`)?.data.at).toBe(T0 + 2 * HOUR);
    expect(jobs.get(`escalate-${d.id}-sponsor`)?.opts.delay).toBe(HOUR);
  });

  it('a stale job fired by hand through the worker re-reads the decision and changes nothing', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    await rig.startWorkers();
    const decided = await rig.open();
    const escalated = await rig.open({ question: 'Escalated one' });
    await actOnDecision(rig.deps, decided.id, rig.project.spoc, { kind: 'decide', optionId: 'reject' });
    rig.clock.set(T0 + HOUR);
    await fireTimer(rig.deps, { decisionId: escalated.id, kind: 'escalate', level: 'spoc' });
    const eventsBefore = [rig.events(decided.id).length, rig.events(escalated.id).length];
    const rowsOf = () => rig.deliveries(decided.id).length + rig.deliveries(escalated.id).length;
    const rowsBefore = rowsOf();

    rig.clock.set(T0 + 3 * HOUR);
    const fire = (decisionId: string, kind: 'remind' | 'escalate', level: 'spoc' | 'sponsor', index = 0) =>
      rig.fireByHand(
        kind === 'remind'
          ? { decisionId, kind, level, index, at: T0 }
          : { decisionId, kind, level, at: T0 + HOUR },
      );
    // Closed: every timer is refused.
    expect(await fire(decided.id, 'escalate', 'spoc')).toBe('already_decided');
    expect(await fire(decided.id, 'remind', 'spoc')).toBe('already_decided');
    // Moved on to the sponsor: the SPoC level's timers are refused.
    expect(await fire(escalated.id, 'escalate', 'spoc')).toBe('invalid_transition');
    expect(await fire(escalated.id, 'remind', 'spoc', 1)).toBe('invalid_transition');
    // Unknown decision.
    expect(await fire('nope', 'escalate', 'spoc')).toBe('not_found');

    expect([rig.events(decided.id).length, rig.events(escalated.id).length]).toEqual(eventsBefore);
    expect(rig.decision(escalated.id).level).toBe('sponsor');
    // No new message was recorded for either (counting every outbox row, sent or not).
    expect(rowsOf()).toBe(rowsBefore);
  });

  it('sends no more reminders than configured per level, however often a reminder job runs', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    await rig.startWorkers();
    const d = await rig.open();
    const remind = (index: number) =>
      rig.fireByHand({ decisionId: d.id, kind: 'remind', level: 'spoc', index, at: T0 });
    rig.clock.set(T0 + 29 * MINUTE);
    expect(await remind(0)).toBe('not_due');
    rig.clock.set(T0 + 50 * MINUTE);
    expect(await remind(0)).toBe('applied');
    expect(await remind(0)).toBe('reminders_exhausted');
    expect(await remind(1)).toBe('applied');
    expect(await remind(1)).toBe('reminders_exhausted');
    expect(await remind(2)).toBe('reminders_exhausted');
    const reminded = rig.events(d.id).filter((e) => e.type === 'reminded');
    expect(reminded.map((e) => (e.type === 'reminded' ? e.data.index : -1))).toEqual([0, 1]);
    expect(rig.decision(d.id).remindersSent).toBe(2);
    // The escalation is still there, and no reminder job is left for this level.
    const jobs = [...(await rig.timerJobs()).keys()];
    expect(jobs).toEqual([`escalate-${d.id}-spoc`]);
  });

  it('approving one millisecond before the deadline never escalates, even if the escalation job still runs', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    await rig.startWorkers();
    const d = await rig.open();
    rig.clock.set(T0 + HOUR - 1);
    await actOnDecision(rig.deps, d.id, rig.project.spoc, { kind: 'decide', optionId: 'approve' });
    expect((await rig.timerJobs()).size).toBe(0);
    rig.clock.set(T0 + HOUR);
    // The job raced the click (removal lost the race): it runs anyway and is refused.
    expect(await rig.fireByHand({ decisionId: d.id, kind: 'escalate', level: 'spoc', at: T0 + HOUR })).toBe(
      'already_decided',
    );
    const d2 = rig.decision(d.id);
    expect(d2.status).toBe('decided');
    expect(d2.level).toBe('spoc');
    expect(rig.events(d.id).map((e) => e.type)).toEqual(['opened', 'decided']);
  });

  it('a timer that runs before its (moved) instant is re-aligned to the new instant, not lost', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    await rig.startWorkers();
    const d = await rig.open();
    // The deadline moved later while Redis missed the change (e.g. Redis was down during a pause): an old job
    // with the same id fires early.
    await rig.queues.timers.remove(`escalate-${d.id}-spoc`);
    rig.clock.set(T0 + 10 * MINUTE);
    expect(await rig.fireByHand({ decisionId: d.id, kind: 'escalate', level: 'spoc', at: T0 })).toBe(
      'not_due',
    );
    const job = await eventually(async () => (await rig.timerJobs()).get(`escalate-${d.id}-spoc`));
    expect(job.data.at).toBe(T0 + HOUR);
    expect(job.opts.delay).toBe(50 * MINUTE);
    expect(rig.decision(d.id).level).toBe('spoc');
  });
});
