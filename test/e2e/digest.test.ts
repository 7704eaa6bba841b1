import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendDigest } from '../../src/app/send-digest.js';
import { QUEUE } from '../../src/jobs/names.js';
import type { StoredMessage } from '../../src/sandbox/index.js';
import { ask, lastMessage, until } from './flow.js';
import { type Harness, startHarness } from './harness.js';

const isDigest = (m: StoredMessage) => m.text.includes('Weekly decisions digest');
const isChart = (m: StoredMessage) => (m.files ?? []).length > 0;

/** The PNG's width and height from its IHDR chunk. */
function pngSize(bytes: Buffer | undefined): [number, number] {
  if (bytes === undefined) return [0, 0];
  expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('weekly digest', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      calendar: { timezone: 'Asia/Jakarta', businessHours: 'always', holidays: [] },
      project: (people) => ({
        digest: { cron: '0 9 * * MON' },
        sponsors: [people.sponsor, people.cfo],
        costOfDelay: { perDay: 2_500_000, currency: 'IDR' },
      }),
    });
  });
  afterEach(async () => {
    await h?.stop();
  });

  /** The chart a sponsor received, as Slack stored it, with its bytes. */
  const chartsOf = (user: string) =>
    h.fake
      .messagesIn(user)
      .filter(isChart)
      .map((m) => h.fake.files.get(String(m.files?.[0]?.id))?.bytes);

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

  it('each sponsor gets one digest with what is open and the cost, and one chart PNG, even when the job runs twice', async () => {
    await ask(h, { question: 'Buy the barcode scanners?' });
    await until(h, () => lastMessage(h, h.people.spoc, 'scanners'));
    await sendDigest(h.bot.deps, h.project.id);
    await sendDigest(h.bot.deps, h.project.id);
    for (const sponsor of [h.people.sponsor, h.people.cfo]) {
      const digest = await until(h, () => h.fake.messagesIn(sponsor).find(isDigest));
      const text = JSON.stringify(digest);
      expect(text).toContain('Buy the barcode scanners?');
      expect(text).toContain('*Still open* (1 decision, oldest first)');
      expect(text).toContain('IDR');
      // The open decision links to its thread in the project channel.
      expect(text).toMatch(/<http[^|>]+\|Buy the barcode scanners\?>/);
      await until(h, () => chartsOf(sponsor).length === 1, 10_000);
    }
    await new Promise((r) => setTimeout(r, 500));
    for (const sponsor of [h.people.sponsor, h.people.cfo]) {
      expect(h.fake.messagesIn(sponsor).filter(isDigest)).toHaveLength(1);
      const charts = chartsOf(sponsor);
      expect(charts).toHaveLength(1);
      expect(pngSize(charts[0])).toEqual([960, 540]);
    }
    h.fake.assertNoViolations();
  });

  it('a Slack failure during the upload retries through the outbox and still sends each part once', async () => {
    h.fake.faults.inject('files.completeUploadExternal', { kind: 'server_error_after_processing', times: 1 });
    await sendDigest(h.bot.deps, h.project.id);
    await until(
      h,
      () => chartsOf(h.people.sponsor).length === 1 && chartsOf(h.people.cfo).length === 1,
      15_000,
    );
    await new Promise((r) => setTimeout(r, 1500));
    for (const sponsor of [h.people.sponsor, h.people.cfo]) {
      expect(h.fake.messagesIn(sponsor).filter(isDigest)).toHaveLength(1);
      expect(chartsOf(sponsor)).toHaveLength(1);
    }
  });

  it('/decide digest: by DM to a sponsor, committee member or the SPoC who asks; anyone else is told who may', async () => {
    await h.driver.slashCommand({
      user: h.people.pmDirector,
      channel: h.channel,
      command: '/decide',
      text: 'digest',
    });
    await until(h, () => h.fake.messagesIn(h.people.pmDirector).find(isDigest));
    await until(h, () => chartsOf(h.people.pmDirector).length === 1, 10_000);
    expect(JSON.stringify(h.fake.ephemeralsFor(h.people.pmDirector).at(-1))).toContain('by direct message');

    await h.driver.slashCommand({
      user: h.people.member,
      channel: h.channel,
      command: '/decide',
      text: 'digest',
    });
    const refusal = await until(h, () => h.fake.ephemeralsFor(h.people.member).at(-1));
    expect(JSON.stringify(refusal)).toContain('The digest is for the people accountable');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.messagesIn(h.people.member).filter(isDigest)).toEqual([]);
    expect(h.fake.messagesIn(h.people.sponsor).filter(isDigest)).toEqual([]); // on demand: only the one who asked
    h.fake.assertNoViolations();
  });
});
