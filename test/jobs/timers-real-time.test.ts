import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { Level } from '../../src/domain/project.js';
import { eventually, type Rig, realClock, slaMs, startRig } from './support/rig.js';

/** The timers firing by themselves: real BullMQ delayed jobs, real clock, SLAs of 600 ms per level. */
describe('timers run by the real BullMQ worker', () => {
  let rig: Rig;
  afterEach(async () => {
    await rig?.close();
  });

  it('with a Redis Cluster hash tag as the prefix: the ladder runs, and every key carries the tag (one slot)', async () => {
    rig = await startRig({
      clock: realClock(),
      project: { sla: slaMs(300, 300, 300), reminders: [] },
      hashTag: true,
    });
    await rig.startWorkers();
    const d = await rig.open();
    await eventually(async () => (await rig.decision(d.id)).level === 'committee', 10_000);
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const name = rig.prefix.slice(1, -1);
      const keys = await redis.keys(`*${name}*`);
      expect(keys.length).toBeGreaterThan(0);
      // Redis Cluster hashes only what is inside the first {…}: the same tag, the same slot.
      expect(keys.filter((k) => !k.startsWith(`{${name}}:`))).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });

  it('climbs the whole ladder with exactly the configured reminders per level, then stops (overdue)', async () => {
    rig = await startRig({
      clock: realClock(),
      project: { sla: slaMs(600, 600, 600), reminders: [0.5, 0.8] },
    });
    await rig.startWorkers();
    const d = await rig.open();
    await eventually(async () => (await rig.events(d.id)).some((e) => e.type === 'marked_overdue'), 10_000);
    const events = await rig.events(d.id);
    const reminded = (level: Level) =>
      events.flatMap((e) => (e.type === 'reminded' && e.level === level ? [e.data.index] : []));
    expect(reminded('spoc')).toEqual([0, 1]);
    expect(reminded('sponsor')).toEqual([0, 1]);
    expect(reminded('committee')).toEqual([0, 1]);
    expect(events.filter((e) => e.type === 'escalated').map((e) => e.level)).toEqual([
      'sponsor',
      'committee',
    ]);
    expect(events.filter((e) => e.type === 'marked_overdue')).toHaveLength(1);
    // Every event comes after its instant, in order.
    const ats = events.map((e) => e.at);
    expect([...ats].sort((a, b) => a - b)).toEqual(ats);
    const opened = events[0]?.at ?? 0;
    const escalations = events.filter((e) => e.type === 'escalated').map((e) => e.at - opened);
    expect(escalations[0]).toBeGreaterThanOrEqual(600);
    expect(escalations[1]).toBeGreaterThanOrEqual(1200);

    const after = await rig.decision(d.id);
    expect(after).toMatchObject({ status: 'open', level: 'committee', overdue: true, dueAt: null });
    // Overdue: nothing left to fire.
    expect((await rig.timerJobs()).size).toBe(0);
    // Reminder DMs: one per decider and reminder (1 SPoC, 1 sponsor, 3 committee members who have not voted).
    await eventually(async () => (await rig.deps.outbox.pending()).length === 0);
    const reminders = rig.sent.filter((s) => s.delivery.kind === 'direct_message');
    expect(reminders).toHaveLength(2 * (1 + 1 + 3));
    const dedupe = new Set(rig.sent.map((s) => s.delivery.id));
    expect(dedupe.size).toBe(rig.sent.length);
  });
});
