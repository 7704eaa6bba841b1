import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB } from '../../src/jobs/names.js';
import { RETENTION_CRON, RETENTION_SCHEDULER } from '../../src/jobs/workers.js';
import { openRequest, option, refsOf, settled } from './decision-flow.js';
import { until } from './flow.js';
import { type Harness, startHarness } from './harness.js';
import { decisionIds, decisionOf, deliveriesOf, eventTypes, eventually } from './support/inspect.js';

const DAY = 24 * 60 * 60 * 1000;

/**
 * The daily retention job, end to end: a real bot with `retention: { days: 30, export_to }`, decisions closed
 * through Slack, one of them aged past the 30 days in the file (closed_at moved back: decisions may be updated,
 * the audit log may not), and the job run through the maintenance worker as its scheduler would.
 */
describe('retention: closed decisions past retention.days are exported, then deleted', () => {
  let h: Harness;
  let archive: string;
  let old: string;
  let recent: string;
  let open: string;
  let oldEvents: string[];

  beforeAll(async () => {
    archive = join(mkdtempSync(join(tmpdir(), 'decide-retention-')), 'archive');
    h = await startHarness({
      retention: { days: 30, exportTo: archive },
      project: () => ({ reminders: [] }),
    });
    const decideNow = async (question: string) => {
      const opened = await openRequest(h, { question });
      await h.driver.clickButton(h.people.spoc, { actionId: option(0), in: opened.dm });
      await until(h, async () => (await decisionOf(h, opened.id)).status === 'decided');
      return opened.id;
    };
    old = await decideNow('Close the old warehouse?');
    recent = await decideNow('Count stock on Friday?');
    open = (await openRequest(h, { question: 'Still waiting?' })).id;
    await settled(h);
    oldEvents = eventTypes(h, old);
    const db = new BetterSqlite3(h.config.databasePath);
    try {
      db.prepare('UPDATE decisions SET closed_at = closed_at - ? WHERE id = ?').run(40 * DAY, old);
      // However old, an open request is never deleted.
      db.prepare('UPDATE decisions SET opened_at = opened_at - ? WHERE id = ?').run(400 * DAY, open);
    } finally {
      db.close();
    }
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    if (archive) rmSync(join(archive, '..'), { recursive: true, force: true });
  });

  it('is scheduled daily in the calendar zone', async () => {
    const scheduler = await h.bot.queues.maintenance.getJobScheduler(RETENTION_SCHEDULER);
    expect(scheduler).toMatchObject({ pattern: RETENTION_CRON, tz: 'UTC' });
  });

  it('exports the old decision, deletes it with its events, messages and deliveries, and logs the counts', async () => {
    expect(oldEvents).toEqual(['opened', 'decided']);
    const deliveries = deliveriesOf(h, old).length;
    expect(deliveries).toBeGreaterThan(0);
    expect(refsOf(h, old).length).toBeGreaterThan(0);

    const job = await h.bot.queues.maintenance.add(JOB.retention, {});
    await eventually(
      async () => (await job.isCompleted()) || ((await job.isFailed()) && Promise.reject(job.failedReason)),
      10_000,
    );

    expect(decisionIds(h).sort()).toEqual([recent, open].sort());
    expect(eventTypes(h, old)).toEqual([]);
    expect(deliveriesOf(h, old)).toEqual([]);
    expect(refsOf(h, old)).toEqual([]);
    expect(eventTypes(h, recent)).toEqual(['opened', 'decided']);

    const files = readdirSync(archive);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^deleted-decisions-odoo-rollout-\d{4}-\d{2}-\d{2}T\d{6}\d*Z\.json$/);
    const rows = JSON.parse(readFileSync(join(archive, files[0] ?? ''), 'utf8')) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: old, question: 'Close the old warehouse?', status: 'decided' });

    const line = h.logs.find((l) => l.startsWith('info deleted closed decisions past retention'));
    const details = JSON.parse(line?.slice(line.indexOf('{')) ?? '{}') as Record<string, unknown>;
    expect(details).toMatchObject({
      projectId: 'odoo-rollout',
      decisions: 1,
      events: 2,
      deliveries,
      days: 30,
      file: join(archive, files[0] ?? ''),
    });
  });

  it('a second run finds nothing to delete and writes no file', async () => {
    const job = await h.bot.queues.maintenance.add(JOB.retention, {});
    await eventually(async () => job.isCompleted(), 10_000);
    expect(readdirSync(archive)).toHaveLength(1);
    expect(h.logs.filter((l) => l.startsWith('info deleted closed decisions'))).toHaveLength(1);
    expect(existsSync(h.config.databasePath)).toBe(true);
    expect(decisionIds(h)).toHaveLength(2);
  });
});
