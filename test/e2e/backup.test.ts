import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/app/ports.js';
import { type RunningBot, startBot } from '../../src/compose.js';
import type { Config } from '../../src/config.js';
import type { SlaPolicy } from '../../src/domain/project.js';
import { ask, until } from './flow.js';
import { deleteKeys, type Harness, startHarness } from './harness.js';
import { decisionOf, timerJobs } from './support/inspect.js';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const s = (amount: number) => ({ amount, unit: 's' as const });
/** low waits at the SPoC; normal moves on to the sponsor within a second; high on to the committee. */
const SLA: SlaPolicy = {
  low: { spoc: s(600), sponsor: s(600), committee: s(600) },
  normal: { spoc: s(1), sponsor: s(600), committee: s(600) },
  high: { spoc: s(1), sponsor: s(1), committee: s(600) },
  critical: { spoc: s(1), sponsor: s(1), committee: s(600) },
};
const ACTIVE = "('open', 'needs_info', 'returned')";

type Row = Record<string, unknown>;
const rows = (db: BetterSqlite3.Database, sql: string, ...args: unknown[]) =>
  db.prepare(sql).all(...args) as Row[];

/**
 * `npm run backup` while the bot runs and writes: the copy is the database as of one instant, and a fresh bot
 * started on the restored file (a new Redis prefix: no timer of the first bot's) rebuilds every open decision's
 * timer from it.
 */
describe('an online backup, restored and run', () => {
  let h: Harness;
  let dir: string;
  let restored: RunningBot | undefined;
  let restoredConfig: Config;

  beforeAll(async () => {
    h = await startHarness({ project: () => ({ sla: SLA, reminders: [] }) });
    dir = mkdtempSync(join(tmpdir(), 'decide-backup-'));
  });
  afterAll(async () => {
    await restored?.stop();
    if (restoredConfig) await deleteKeys(restoredConfig.redisUrl, restoredConfig.queuePrefix);
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies a consistent snapshot while requests keep coming, and a bot on it has every timer', async () => {
    // Open decisions at the SPoC, the sponsor and the committee.
    for (const impact of ['low', 'normal', 'high'] as const)
      await ask(h, { question: `Level test ${impact}`, impact });
    const byQuestion = async (q: string) => {
      const found = (await h.bot.deps.decisions.listActive()).find((d) => d.question === q);
      return found && (await decisionOf(h, found.id));
    };
    await until(h, async () => (await byQuestion('Level test normal'))?.level === 'sponsor', 8000);
    await until(h, async () => (await byQuestion('Level test high'))?.level === 'committee', 8000);

    // Writes go on during the backup: new requests, one after the other, until it is done.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await ask(h, { question: `Written during the backup ${written}`, impact: 'low' });
        written++;
      }
    })();
    await until(h, () => written >= 2, 8000);
    const file = join(dir, 'backups', 'decide.db');
    const cli = await run(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/backup-cli.ts'), file],
      { cwd: ROOT, env: { ...process.env, DATABASE_PATH: h.config.databasePath, DATABASE_URL: '' } },
    );
    const atBackup = written;
    await until(h, () => written >= atBackup + 2, 8000);
    writing = false;
    await writer;
    expect(cli.stdout).toContain(`Backed up ${h.config.databasePath}`);
    expect(cli.stdout).toMatch(/decision_events: +\d+/);

    // The copy is the source as of one instant: the audit log up to its last event, and every decision that
    // has not changed since exactly as it is in the source.
    const copy = new BetterSqlite3(file, { readonly: true });
    const source = new BetterSqlite3(h.config.databasePath, { readonly: true });
    let open: Row[];
    try {
      const through = Number(copy.prepare('SELECT max(id) FROM decision_events').pluck().get());
      expect(through).toBeGreaterThan(0);
      expect(rows(copy, 'SELECT * FROM decision_events ORDER BY id')).toEqual(
        rows(source, 'SELECT * FROM decision_events WHERE id <= ? ORDER BY id', through),
      );
      const existed = rows(
        source,
        "SELECT decision_id AS id FROM decision_events WHERE type = 'opened' AND id <= ? ORDER BY decision_id",
        through,
      );
      expect(rows(copy, 'SELECT id FROM decisions ORDER BY id')).toEqual(existed);
      const unchanged = rows(
        source,
        `SELECT d.* FROM decisions d WHERE (SELECT max(id) FROM decision_events e WHERE e.decision_id = d.id) <= ?
         ORDER BY d.id`,
        through,
      );
      expect(unchanged.length).toBeGreaterThan(3);
      const copied = new Map(rows(copy, 'SELECT * FROM decisions').map((r) => [r.id, r]));
      for (const row of unchanged) expect(copied.get(row.id)).toEqual(row);
      // Requests were recorded before and after the copy was taken.
      const during = (db: BetterSqlite3.Database) =>
        Number(
          db.prepare("SELECT count(*) FROM decisions WHERE question LIKE 'Written during%'").pluck().get(),
        );
      expect(during(copy)).toBeGreaterThanOrEqual(2);
      expect(during(source)).toBeGreaterThan(during(copy));
      open = rows(copy, `SELECT id, level, due_at FROM decisions WHERE status IN ${ACTIVE} ORDER BY id`);
    } finally {
      copy.close();
      source.close();
    }
    expect(new Set(open.map((d) => d.level))).toEqual(new Set(['spoc', 'sponsor', 'committee']));

    // Restore: the file in place of a database, and a fresh bot on it with nothing in Redis.
    const restoredPath = join(dir, 'restored', 'decide.db');
    mkdirSync(join(dir, 'restored'));
    copyFileSync(file, restoredPath);
    restoredConfig = { ...h.config, databasePath: restoredPath, queuePrefix: `${h.config.queuePrefix}r` };
    expect((await timerJobs({ config: restoredConfig })).size).toBe(0);
    restored = await startBot(restoredConfig, {
      web: false,
      workers: true,
      logger: quiet,
      host: '127.0.0.1',
      reconcileEveryMs: 60_000,
    });
    const timers = await timerJobs({ config: restoredConfig });
    for (const d of open) {
      const job = timers.get(`timer-${String(d.id)}`);
      expect(job?.data, String(d.id)).toMatchObject({ decisionId: d.id, at: d.due_at });
    }
    expect(timers.size).toBe(open.length);
  }, 60_000);
});

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
