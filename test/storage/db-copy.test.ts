import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { asc, eq, getTableColumns, getTableName, type Table } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CopyMismatch,
  type CopySummary,
  copyPlan,
  copySqliteToPostgres,
  TargetNotEmpty,
} from '../../src/storage/copy.js';
import {
  type Database,
  DecisionRepository,
  MIGRATIONS_DIR,
  OutboxRepository,
  openDatabase,
} from '../../src/storage/index.js';
import { openPostgres, type PostgresDatabase } from '../../src/storage/postgres/index.js';
import * as pgSchema from '../../src/storage/postgres/schema.js';
import { rowToDecision, rowToEvent } from '../../src/storage/repositories/decision-rows.js';
import * as sqliteSchema from '../../src/storage/schema.js';
import { DEPLOYMENT_T0, populateDeployment } from '../support/deployment.js';
import { type EmptyPostgres, emptyPostgres } from '../support/postgres.js';
import { tempDatabase } from '../support/temp-db.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DECISIONS = 60;

interface TablePair {
  readonly name: string;
  readonly sqlite: SQLiteTable;
  readonly pg: PgTable;
}
/** Every table of the bot, written out (copyPlan derives its own list from the schemas; the test checks it). */
const TABLES: readonly TablePair[] = [
  { name: 'projects', sqlite: sqliteSchema.projects, pg: pgSchema.projects },
  { name: 'decisions', sqlite: sqliteSchema.decisions, pg: pgSchema.decisions },
  { name: 'decision_events', sqlite: sqliteSchema.decisionEvents, pg: pgSchema.decisionEvents },
  { name: 'votes', sqlite: sqliteSchema.votes, pg: pgSchema.votes },
  { name: 'deliveries', sqlite: sqliteSchema.deliveries, pg: pgSchema.deliveries },
  { name: 'slack_messages', sqlite: sqliteSchema.slackMessages, pg: pgSchema.slackMessages },
  { name: 'away_periods', sqlite: sqliteSchema.awayPeriods, pg: pgSchema.awayPeriods },
  { name: 'processed_requests', sqlite: sqliteSchema.processedRequests, pg: pgSchema.processedRequests },
  { name: 'people', sqlite: sqliteSchema.people, pg: pgSchema.people },
  { name: 'retention_purge', sqlite: sqliteSchema.retentionPurge, pg: pgSchema.retentionPurge },
  { name: 'waiting_on', sqlite: sqliteSchema.waitingOnRows, pg: pgSchema.waitingOnRows },
];

/** Rows read through drizzle, each as its values in column order, sorted (the same JS sort for both sides). */
function comparable(table: Table, rows: readonly Record<string, unknown>[]): string[] {
  const keys = Object.keys(getTableColumns(table));
  return rows.map((r) => JSON.stringify(keys.map((k) => r[k]))).sort();
}
const pgRows = async (pg: PostgresDatabase, table: TablePair) =>
  comparable(table.pg, await pg.db.select().from(table.pg));
const sqliteRows = (database: Database, table: TablePair) =>
  comparable(table.sqlite, database.db.select().from(table.sqlite).all());

const count = async (pg: PostgresDatabase, table: string) =>
  Number((await pg.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

describe('copying a SQLite deployment to PostgreSQL (npm run db:copy)', () => {
  let source: ReturnType<typeof tempDatabase>;
  let decisionIds: string[];
  /** The largest delivery id SQLite handed out: one more than any row left (see beforeAll). */
  let issuedDeliveryId: number;
  const targets: EmptyPostgres[] = [];
  const opened: PostgresDatabase[] = [];

  /** A fresh, empty database (dropped after the file), and drizzle over it once `copy` created its tables. */
  async function freshTarget(): Promise<EmptyPostgres> {
    const target = await emptyPostgres();
    targets.push(target);
    return target;
  }
  async function open(url: string): Promise<PostgresDatabase> {
    const pg = await openPostgres(url, { poolSize: 2 });
    opened.push(pg);
    return pg;
  }
  const sourceCount = (table: string) =>
    (source.database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  beforeAll(async () => {
    source = tempDatabase();
    decisionIds = await populateDeployment(source.database, DECISIONS);
    // An id SQLite handed out whose row is gone (a pruned delivery): PostgreSQL must not hand it out again.
    await new OutboxRepository(source.database.db).enqueue(
      [{ dedupeKey: 'pruned', kind: 'direct_message', recipient: 'U0SPOC0001', payload: {} }],
      DEPLOYMENT_T0,
    );
    const { id } = source.database.sqlite
      .prepare("SELECT id FROM deliveries WHERE dedupe_key = 'pruned'")
      .get() as {
      id: number;
    };
    source.database.sqlite.prepare('DELETE FROM deliveries WHERE id = ?').run(id);
    issuedDeliveryId = id;
  }, 60_000);

  afterAll(async () => {
    await Promise.all(opened.map((pg) => pg.close()));
    await Promise.all(targets.map((t) => t.drop()));
    source?.cleanup();
  });

  it('plans every table of both schemas, each after the tables it references', () => {
    const plan = copyPlan().map((t) => t.name);
    expect([...plan].sort()).toEqual(TABLES.map((t) => t.name).sort());
    for (const t of TABLES) expect([getTableName(t.sqlite), getTableName(t.pg)]).toEqual([t.name, t.name]);
    const at = (name: string) => plan.indexOf(name);
    expect(at('projects')).toBeLessThan(at('decisions'));
    expect(at('projects')).toBeLessThan(at('away_periods'));
    for (const child of ['decision_events', 'votes', 'deliveries', 'slack_messages', 'waiting_on'])
      expect(at('decisions')).toBeLessThan(at(child));
  });

  it('fills every table of the source, so the copy below has something in each', () => {
    // Save the retention job's pass, which is empty at every commit (it copies as an empty table).
    for (const { name } of TABLES)
      if (name === 'retention_purge') expect(sourceCount(name), name).toBe(0);
      else expect(sourceCount(name), name).toBeGreaterThan(0);
    expect(sourceCount('decision_events')).toBeGreaterThan(2 * DECISIONS);
  });

  describe('into an empty database', () => {
    let target: EmptyPostgres;
    let summary: CopySummary;
    let pg: PostgresDatabase;

    beforeAll(async () => {
      target = await freshTarget();
      summary = await copySqliteToPostgres(source.path, target.url);
      pg = await open(target.url);
    });

    it('copies every table, row for row, and sums each up', async () => {
      expect(summary.removed).toEqual([]);
      expect(summary.tables.map((t) => t.table)).toEqual(copyPlan().map((t) => t.name));
      for (const table of TABLES) {
        const { name } = table;
        expect(summary.tables.find((t) => t.table === name)?.rows, name).toBe(sourceCount(name));
        expect(await count(pg, name), name).toBe(sourceCount(name));
        expect(await pgRows(pg, table), name).toEqual(sqliteRows(source.database, table));
      }
    });

    it('keeps the ids: the event log is the same, event by event, in id order', async () => {
      const fromSqlite = source.database.db
        .select()
        .from(sqliteSchema.decisionEvents)
        .orderBy(asc(sqliteSchema.decisionEvents.id))
        .all();
      const fromPg = await pg.db
        .select()
        .from(pgSchema.decisionEvents)
        .orderBy(asc(pgSchema.decisionEvents.id));
      expect(fromPg).toEqual(fromSqlite);
      const deliveryIds = async () =>
        (await pg.db.select({ id: pgSchema.deliveries.id }).from(pgSchema.deliveries))
          .map((r) => r.id)
          .sort();
      expect(await deliveryIds()).toEqual(
        source.database.db
          .select({ id: sqliteSchema.deliveries.id })
          .from(sqliteSchema.deliveries)
          .all()
          .map((r) => r.id)
          .sort(),
      );
    });

    it('reads a decision back through the PostgreSQL schema exactly as the SQLite repository does', async () => {
      const repo = new DecisionRepository(source.database);
      for (const id of decisionIds.slice(0, 14)) {
        const [row] = await pg.db.select().from(pgSchema.decisions).where(eq(pgSchema.decisions.id, id));
        const votes = await pg.db
          .select()
          .from(pgSchema.votes)
          .where(eq(pgSchema.votes.decisionId, id))
          .orderBy(asc(pgSchema.votes.at));
        if (row === undefined) expect.fail(`no decision ${id} in PostgreSQL`);
        const expected = await repo.get(id);
        const fromPg = rowToDecision(
          row,
          votes.map((v) => ({ member: v.member, optionId: v.optionId, at: v.at, note: v.note ?? undefined })),
        );
        expect(fromPg).toEqual(expected);
        const events = await pg.db
          .select()
          .from(pgSchema.decisionEvents)
          .where(eq(pgSchema.decisionEvents.decisionId, id))
          .orderBy(asc(pgSchema.decisionEvents.seq));
        expect(events.map(rowToEvent)).toEqual(await repo.events(id));
      }
      // The fixture's paths are all there: decided, voted, paused and answered, withdrawn, expired, still open.
      const statuses = await pg.db.selectDistinct({ s: pgSchema.decisions.status }).from(pgSchema.decisions);
      expect(statuses.map((r) => r.s).sort()).toEqual(['decided', 'expired', 'open', 'withdrawn']);
    });

    it('moves the identity sequences past the ids SQLite handed out, so new rows do not collide', async () => {
      const maxEvent = Math.max(
        ...(await pg.db.select({ id: pgSchema.decisionEvents.id }).from(pgSchema.decisionEvents)).map(
          (r) => r.id,
        ),
      );
      const [event] = await pg.db
        .insert(pgSchema.decisionEvents)
        .values({
          decisionId: decisionIds[0] ?? '',
          seq: 1000,
          type: 'reminded',
          at: DEPLOYMENT_T0,
          level: 'spoc',
          dataJson: '{}',
        })
        .returning({ id: pgSchema.decisionEvents.id });
      expect(event?.id).toBe(maxEvent + 1);
      expect(summary.tables.find((t) => t.table === 'decision_events')?.nextId).toBe(maxEvent + 1);

      // The deleted delivery's id is not handed out again.
      const [delivery] = await pg.db
        .insert(pgSchema.deliveries)
        .values({
          dedupeKey: 'after-copy',
          kind: 'direct_message',
          recipient: 'U0SPOC0001',
          payloadJson: '{}',
          createdAt: DEPLOYMENT_T0,
        })
        .returning({ id: pgSchema.deliveries.id });
      expect(delivery?.id).toBe(issuedDeliveryId + 1);

      const [away] = await pg.db
        .insert(pgSchema.awayPeriods)
        .values({
          projectId: 'odoo-rollout',
          userId: 'U0SPOC0001',
          from: DEPLOYMENT_T0,
          createdAt: DEPLOYMENT_T0,
        })
        .returning({ id: pgSchema.awayPeriods.id });
      expect(away?.id).toBe(sourceCount('away_periods') + 1);
    });

    it('refuses to copy into it again without --force, naming what it holds, and changes nothing', async () => {
      const before = await count(pg, 'decision_events');
      const error = await copySqliteToPostgres(source.path, target.url).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TargetNotEmpty);
      expect((error as Error).message).toContain('is not empty');
      expect((error as Error).message).toContain(`decisions: ${DECISIONS} rows`);
      expect((error as Error).message).toContain('--force');
      expect(await count(pg, 'decision_events')).toBe(before);
    });

    it('with --force, replaces everything it held by the source, and the log stays append-only', async () => {
      const again = await copySqliteToPostgres(source.path, target.url, { force: true });
      expect(again.removed).toContainEqual({
        table: 'decision_events',
        rows: sourceCount('decision_events') + 1,
      });
      expect(again.removed).toContainEqual({ table: 'deliveries', rows: sourceCount('deliveries') + 1 });
      for (const table of TABLES) {
        const { name } = table;
        expect(await pgRows(pg, table), name).toEqual(sqliteRows(source.database, table));
      }
      // The trigger switched off to empty the log is on again.
      await expect(pg.pool.query('TRUNCATE decision_events CASCADE')).rejects.toThrow(
        /append-only: TRUNCATE/,
      );
      await expect(pg.pool.query('DELETE FROM decision_events')).rejects.toThrow(/append-only: DELETE/);
      const [event] = await pg.db
        .insert(pgSchema.decisionEvents)
        .values({
          decisionId: decisionIds[0] ?? '',
          seq: 1000,
          type: 'reminded',
          at: DEPLOYMENT_T0,
          level: 'spoc',
          dataJson: '{}',
        })
        .returning({ id: pgSchema.decisionEvents.id });
      expect(event?.id).toBe(sourceCount('decision_events') + 1);
    });
  });

  it('refuses a target that holds a single row in any table', async () => {
    const target = await freshTarget();
    const pg = await open(target.url);
    await pg.db.insert(pgSchema.people).values({ userId: 'U0SOMEONE1', updatedAt: 1 });
    const error = await copySqliteToPostgres(source.path, target.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetNotEmpty);
    expect((error as TargetNotEmpty).tables).toEqual([{ table: 'people', rows: 1 }]);
    expect(await count(pg, 'decisions')).toBe(0);
  });

  it('rolls the whole copy back, naming the table, when what it reads back differs from the source', async () => {
    const target = await freshTarget();
    const pg = await open(target.url);
    const empty = async () => {
      for (const { name } of TABLES) expect(await count(pg, name), name).toBe(0);
    };
    // A server-side trigger that changes a value on its way in (as a mis-typed column or an encoding would).
    await pg.pool.query(`
      CREATE FUNCTION alter_note() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.note := coalesce(NEW.note, '') || '!'; RETURN NEW; END; $$;
      CREATE TRIGGER alter_note BEFORE INSERT ON votes FOR EACH ROW EXECUTE FUNCTION alter_note();`);
    const altered = await copySqliteToPostgres(source.path, target.url).catch((e: unknown) => e);
    expect(altered).toBeInstanceOf(CopyMismatch);
    expect((altered as CopyMismatch).table).toBe('votes');
    expect((altered as Error).message).toMatch(/the copy of votes differs .*SHA-256.*rolled back/);
    await empty();

    // One that drops rows on its way in: the counts differ.
    await pg.pool.query(`
      DROP TRIGGER alter_note ON votes;
      CREATE FUNCTION drop_some() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.role = 'decider_request' THEN RETURN NULL; END IF; RETURN NEW; END; $$;
      CREATE TRIGGER drop_some BEFORE INSERT ON slack_messages FOR EACH ROW EXECUTE FUNCTION drop_some();`);
    const dropped = await copySqliteToPostgres(source.path, target.url).catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(CopyMismatch);
    expect((dropped as Error).message).toContain(
      `the copy of slack_messages differs from the SQLite file (${DECISIONS * 2} rows in SQLite, ${DECISIONS} rows in PostgreSQL)`,
    );
    await empty();
  });

  it('names the table when PostgreSQL refuses a value SQLite took, and copies nothing', async () => {
    const odd = tempDatabase();
    try {
      // SQLite keeps a NUL inside text; PostgreSQL's text cannot hold one.
      odd.database.sqlite
        .prepare('INSERT INTO projects (id, name, channel, config_json, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run('p1', 'Null\u0000byte', 'C0ODD00001', '{}', 1);
      const target = await freshTarget();
      const error = await copySqliteToPostgres(odd.path, target.url).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(
        /^copying projects failed: .*0x00.*nothing was copied \(rolled back\)$/,
      );
      const pg = await open(target.url);
      expect(await count(pg, 'projects')).toBe(0);
    } finally {
      odd.cleanup();
    }
  });

  it('gives up, saying so, while another session keeps the target busy (a bot running on it)', async () => {
    const target = await freshTarget();
    const pg = await open(target.url);
    const bot = await pg.pool.connect();
    try {
      await bot.query('BEGIN');
      await bot.query("INSERT INTO processed_requests (key) VALUES ('in-flight')");
      const error = await copySqliteToPostgres(source.path, target.url, { lockTimeoutMs: 300 }).catch(
        (e: unknown) => e,
      );
      expect((error as Error).message).toContain('another session kept the tables of');
      expect((error as Error).message).toContain('stop it first');
      await bot.query('ROLLBACK');
    } finally {
      bot.release();
    }
    expect(await count(pg, 'decisions')).toBe(0);
  });

  it('migrates an older SQLite file to the latest schema first, then copies it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'decide-old-'));
    try {
      // The migrations of an older version: the first four (before decision_life and people).
      const older = join(dir, 'migrations');
      cpSync(MIGRATIONS_DIR, older, { recursive: true });
      const journalPath = join(older, 'meta/_journal.json');
      const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
      writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, 4) }));
      const path = join(dir, 'old.db');
      const old = openDatabase(path, { migrationsDir: older });
      expect(old.sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'people'").all()).toEqual([]);
      old.sqlite
        .prepare('INSERT INTO projects (id, name, channel, config_json, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run('legacy', 'Legacy', 'C0LEGACY01', '{}', 1);
      old.sqlite.prepare('INSERT INTO processed_requests (key, at) VALUES (?, ?)').run('old-click', 2);
      old.close();

      const target = await freshTarget();
      const summary = await copySqliteToPostgres(path, target.url);
      expect(summary.tables.find((t) => t.table === 'projects')?.rows).toBe(1);
      expect(summary.tables.find((t) => t.table === 'people')?.rows).toBe(0);
      const pg = await open(target.url);
      expect(await pg.db.select().from(pgSchema.processedRequests)).toEqual([{ key: 'old-click', at: 2 }]);
      const upgraded = openDatabase(path);
      expect(
        upgraded.sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'people'").all(),
      ).toHaveLength(1);
      upgraded.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says which argument is wrong: a missing --from file, a --to that is not a URL or does not answer', async () => {
    const missing = join(tmpdir(), 'no-such-dir', 'decide.db');
    await expect(copySqliteToPostgres(missing, 'postgres://bot:s3cret@127.0.0.1/x')).rejects.toThrow(
      `--from: there is no SQLite file at ${missing}`,
    );
    const cases: [string, RegExp][] = [
      [
        'postgres://bot:s3cret@db host/decide',
        /^--to is not a PostgreSQL URL \(it does not parse as a URL\)/,
      ],
      ['mysql://bot:s3cret@db/decide', /^--to is not a PostgreSQL URL \(it starts with mysql:\/\//],
      [
        'postgres://bot:s3cret@127.0.0.1:1/decide',
        /^PostgreSQL at postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/decide \(--to\) does not accept a connection: .*ECONNREFUSED/,
      ],
    ];
    for (const [url, says] of cases) {
      const error = await copySqliteToPostgres(source.path, url).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(says);
      expect((error as Error).message).toContain('bot:***@');
      expect((error as Error).message).not.toContain('s3cret');
    }
  });

  describe('as a command (node src/db-copy-cli.ts)', () => {
    const run = (args: string[]) => {
      const result = spawnSync(
        process.execPath,
        ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/db-copy-cli.ts'), ...args],
        { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 60_000 },
      );
      return { code: result.status, out: result.stdout, err: result.stderr };
    };

    it('--help, exit 0', () => {
      for (const flag of ['--help', '-h']) {
        const { code, out } = run([flag]);
        expect(code).toBe(0);
        expect(out).toContain('npm run db:copy -- --from <sqlite file> --to <postgres url> [--force]');
      }
    });

    it('wrong arguments: what is missing, exit 2', () => {
      const cases: [string[], string][] = [
        [[], '--from <sqlite file> is required'],
        [['--from', source.path], '--to <postgres url> is required'],
        [['--from', source.path, '--to', 'postgres://x/y', '--forse'], "Unknown option '--forse'"],
      ];
      for (const [args, says] of cases) {
        const { code, err, out } = run(args);
        expect(code, args.join(' ')).toBe(2);
        expect(err).toContain(says);
        expect(out).toBe('');
      }
    });

    it('copies and prints the summary (exit 0); refuses the now full target (exit 1) unless --force', async () => {
      const target = await freshTarget();
      const url = new URL(target.url);
      url.password = 'pa55word'; // trust auth ignores it; it must never be printed
      const copied = run(['--from', source.path, '--to', url.toString()]);
      expect(copied.err).toBe('');
      expect(copied.code).toBe(0);
      expect(copied.out).toMatch(new RegExp(`decisions: +${DECISIONS} rows\n`));
      expect(copied.out).toMatch(/decision_events: +[\d,]+ rows \(next id \d+\)/);
      expect(copied.out).toContain('Verified');
      expect(copied.out).toContain(':***@');

      const refused = run(['--from', source.path, '--to', url.toString()]);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('is not empty');
      expect(refused.err).toContain('--force');
      expect(refused.out).toBe('');

      const forced = run(['--from', source.path, '--to', url.toString(), '--force']);
      expect(forced.code).toBe(0);
      expect(forced.out).toContain('deleted first (--force)');
      for (const r of [copied, refused, forced]) expect(r.out + r.err).not.toContain('pa55word');
    });

    it('a missing file or a silent server: the reason, exit 1, password masked', () => {
      const missing = run(['--from', '/nowhere/decide.db', '--to', 'postgres://bot:s3cret@127.0.0.1:1/x']);
      expect(missing.code).toBe(1);
      expect(missing.err).toContain('--from: there is no SQLite file at /nowhere/decide.db');
      const silent = run(['--from', source.path, '--to', 'postgres://bot:s3cret@127.0.0.1:1/x']);
      expect(silent.code).toBe(1);
      expect(silent.err).toContain('postgres://bot:***@127.0.0.1:1/x (--to) does not accept a connection');
      for (const r of [missing, silent]) expect(r.err).not.toContain('s3cret');
    });
  });
});
