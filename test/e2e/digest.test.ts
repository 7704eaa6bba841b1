import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendDigest } from '../../src/app/send-digest.js';
import { QUEUE } from '../../src/jobs/names.js';
import { ask, lastMessage, until } from './flow.js';
import { type Harness, startHarness } from './harness.js';

describe('weekly digest', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      calendar: { timezone: 'Asia/Jakarta', businessHours: 'always', holidays: [] },
      project: () => ({ digest: { cron: '0 9 * * MON' } }),
    });
  });
  afterEach(async () => {
    await h?.stop();
  });

  it('is scheduled per project with a BullMQ job scheduler, on the project cron in the calendar zone', async () => {
    const connection = new Redis(h.config.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE.maintenance, { connection, prefix: h.config.queuePrefix });
    try {
      const schedulers = await queue.getJobSchedulers();
      const digest = schedulers.find((s) => s.key === 'digest-odoo-rollout');
      expect(digest).toMatchObject({ pattern: '0 9 * * MON', tz: 'Asia/Jakarta' });
      // The next run is a Monday 09:00 in Jakarta (02:00 UTC).
      const next = new Date(digest?.next ?? 0);
      expect([next.getUTCDay(), next.getUTCHours(), next.getUTCMinutes()]).toEqual([1, 2, 0]);
      expect(schedulers.some((s) => s.key === 'reconcile')).toBe(true);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });

  it('sends each sponsor one digest with what is waiting, even when the job runs twice', async () => {
    await ask(h, { question: 'Buy the barcode scanners?', budget: '2500' });
    await until(h, () => lastMessage(h, h.people.spoc, 'scanners'));
    const deps = { ...h.bot.deps };
    await sendDigest(deps, h.project.id);
    await sendDigest(deps, h.project.id);
    const digest = await until(h, () => lastMessage(h, h.people.sponsor, 'Weekly decisions digest'));
    expect(JSON.stringify(digest)).toContain('Buy the barcode scanners?');
    expect(JSON.stringify(digest)).toContain('2,500');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.messagesIn(h.people.sponsor).filter((m) => m.text.includes('digest'))).toHaveLength(1);
    h.fake.assertNoViolations();
  });
});
