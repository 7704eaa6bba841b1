import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Pool } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Decision } from '../../src/domain/decision.js';
import { waitingOn } from '../../src/domain/waiting.js';
import { DecisionRepository, MIGRATIONS_DIR, openDatabase } from '../../src/storage/index.js';
import { openPostgres, POSTGRES_MIGRATIONS_DIR } from '../../src/storage/postgres/index.js';
import { PgDecisionRepository } from '../../src/storage/postgres/repositories/index.js';
import { emptyPostgres } from '../support/postgres.js';

/**
 * Every schema a deployment may still run is upgraded by the current migrations without losing a row. Each
 * fixture (test/storage/fixtures/) holds rows of one released schema, written once; the database it goes into
 * is made by the migrations of that release only (the folder copied with its journal cut there: drizzle's
 * migrator reads the journal). Then the current code opens it.
 */

const FIXTURES = resolve(import.meta.dirname, 'fixtures');

/** The migrations folder as it was at release `level` (0-based journal index). */
function migrationsUpTo(dir: string, level: number): string {
  const copy = mkdtempSync(join(tmpdir(), 'decide-migrations-'));
  cpSync(dir, copy, { recursive: true });
  const path = join(copy, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(path, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= level);
  writeFileSync(path, JSON.stringify(journal));
  return copy;
}

function journalOf(dir: string): { idx: number; tag: string }[] {
  return (
    JSON.parse(readFileSync(join(dir, 'meta/_journal.json'), 'utf8')) as {
      entries: { idx: number; tag: string }[];
    }
  ).entries;
}

/**
 * Columns later migrations added, with the value every row that existed before gets. A migration that adds a
 * column must say here what old rows hold in it.
 */
const ADDED_COLUMNS: Record<string, unknown> = {
  'decisions.blocks': null,
  'decisions.kind': 'decision',
  'decisions.signoff_json': null,
  'decisions.late': 0,
  'votes.note': null,
  'deliveries.claimed_by': null,
  'deliveries.claimed_until': null,
  'slack_messages.delivery_id': null,
};

type Rows = Record<string, Record<string, unknown>[]>;

const ID_TABLES = ['away_periods', 'decision_events', 'deliveries'];

function sqliteTables(db: BetterSqlite3.Database): string[] {
  return db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name",
    )
    .pluck()
    .all() as string[];
}

function sqliteRows(db: BetterSqlite3.Database): Rows {
  return Object.fromEntries(
    sqliteTables(db).map((t) => [
      t,
      db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all() as Record<string, unknown>[],
    ]),
  );
}

function pick(row: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}

/** Every row of `before` is in `after`, unchanged; each column added since holds its ADDED_COLUMNS value. */
function expectKept(before: Rows, after: Rows): void {
  for (const [table, rows] of Object.entries(before)) {
    const now = after[table] ?? [];
    expect(now, table).toHaveLength(rows.length);
    const columns = Object.keys(rows[0] ?? {});
    expect(
      now.map((r) => pick(r, columns)),
      table,
    ).toEqual(rows);
    const added = Object.keys(now[0] ?? {}).filter((c) => !columns.includes(c));
    for (const column of added) {
      const key = `${table}.${column}`;
      expect(
        Object.hasOwn(ADDED_COLUMNS, key),
        `${key} is new: say in ADDED_COLUMNS what old rows hold`,
      ).toBe(true);
      for (const row of now) expect(row[column], key).toEqual(ADDED_COLUMNS[key]);
    }
  }
}

/** `waiting_on` rows as the domain's `waitingOn` has them for these decisions. */
function expectedWaiting(active: readonly Decision[]): Record<string, unknown>[] {
  return sortedWaiting(
    active.flatMap((d) =>
      waitingOn(d).map((user) => ({ decision_id: d.id, user_id: user, opened_at: d.openedAt })),
    ),
  );
}

function sortedWaiting(rows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return rows
    .map((r) => ({ decision_id: r.decision_id, user_id: r.user_id, opened_at: Number(r.opened_at) }))
    .sort((a, b) => `${a.decision_id}|${a.user_id}`.localeCompare(`${b.decision_id}|${b.user_id}`));
}

describe('SQLite: a database of every earlier schema upgrades to the latest', () => {
  const journal = journalOf(MIGRATIONS_DIR);
  const latest = journal.at(-1)?.idx ?? 0;
  const earlier = journal.filter((e) => e.idx < latest);
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A database of schema `level` filled with its fixture, closed; its rows as they were. */
  function oldDatabase(level: number): { path: string; before: Rows; tables: string[] } {
    const migrations = migrationsUpTo(MIGRATIONS_DIR, level);
    const dir = mkdtempSync(join(tmpdir(), 'decide-upgrade-'));
    dirs.push(migrations, dir);
    const path = join(dir, 'decide.db');
    const old = openDatabase(path, { migrationsDir: migrations });
    try {
      old.sqlite.exec(
        readFileSync(join(FIXTURES, 'sqlite', `${String(level).padStart(4, '0')}.sql`), 'utf8'),
      );
      return { path, before: sqliteRows(old.sqlite), tables: sqliteTables(old.sqlite) };
    } finally {
      old.close();
    }
  }

  it('has a fixture for every release before the latest', () => {
    expect(earlier.map((e) => e.idx)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it.each(earlier)(
    'from $tag: every row kept, new columns at their defaults, the bot reads it',
    async ({ idx }) => {
      const { path, before, tables } = oldDatabase(idx);
      expect(before.decisions?.length).toBeGreaterThanOrEqual(3);
      for (const table of ['decision_events', 'votes', 'deliveries', 'slack_messages', 'away_periods'])
        expect(before[table]?.length, table).toBeGreaterThan(0);

      const upgraded = openDatabase(path);
      try {
        const after = sqliteRows(upgraded.sqlite);
        expectKept(before, after);
        // Tables added since exist, empty; the derived `waiting_on` is filled from the decisions.
        for (const table of sqliteTables(upgraded.sqlite).filter((t) => !tables.includes(t)))
          if (table !== 'waiting_on') expect(after[table], table).toEqual([]);
        const repo = new DecisionRepository(upgraded);
        expect(sortedWaiting(after.waiting_on ?? [])).toEqual(expectedWaiting(await repo.listActive()));
        expect(after.waiting_on?.length).toBeGreaterThan(0);
        expect(sqliteTables(upgraded.sqlite)).toEqual(expect.arrayContaining(['people', 'retention_purge']));
        // Ids keep counting after the old ones.
        for (const table of ID_TABLES) {
          const next = upgraded.sqlite
            .prepare('SELECT seq FROM sqlite_sequence WHERE name = ?')
            .pluck()
            .get(table);
          expect(Number(next), table).toBe(Math.max(...(before[table] ?? []).map((r) => Number(r.id))));
        }
        // The current code reads every old decision and its log.
        for (const row of before.decisions ?? []) {
          const decision = await repo.get(String(row.id));
          expect(decision).toMatchObject({
            id: row.id,
            question: row.question,
            status: row.status,
            version: row.version,
          });
          const events = (before.decision_events ?? []).filter((e) => e.decision_id === row.id);
          expect((await repo.events(String(row.id))).map((e) => e.type)).toEqual(events.map((e) => e.type));
        }
        expect((await repo.listActive()).map((d) => d.id)).toContain(`v${idx}-open`);
        // The audit log is still append-only.
        expect(() => upgraded.sqlite.prepare('DELETE FROM decision_events').run()).toThrow('append-only');
      } finally {
        upgraded.close();
      }
    },
  );

  it('migrating twice changes nothing: schema, rows and the migrations journal', () => {
    const { path } = oldDatabase(0);
    const look = () => {
      const db = openDatabase(path);
      try {
        return {
          schema: db.sqlite.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all(),
          rows: sqliteRows(db.sqlite),
          migrations: db.sqlite
            .prepare('SELECT hash, created_at FROM __drizzle_migrations ORDER BY id')
            .all(),
        };
      } finally {
        db.close();
      }
    };
    const first = look();
    expect(first.migrations).toHaveLength(journal.length);
    expect(look()).toEqual(first);
  });
});

describe('PostgreSQL: a database of each released schema (0001 to 0004) upgrades to the latest', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  async function pgRows(pool: Pool): Promise<Rows> {
    const { rows: tables } = await pool.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    const out: Rows = {};
    for (const { name } of tables) {
      const { rows } = await pool.query(`SELECT * FROM "${name}"`);
      // No rowid: rows in a stable order of their own (every column, as JSON).
      out[name] = rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    }
    return out;
  }

  it('has a case for every release before the latest', () => {
    expect(journalOf(POSTGRES_MIGRATIONS_DIR).map((e) => e.idx)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  // 0002 added an empty table only: the 0001 fixture's rows are 0002's as well. 0004 added indexes only: the
  // 0003 fixture's rows are 0004's.
  const fixtureOf: Record<number, string> = { 1: '0001.sql', 2: '0001.sql', 3: '0003.sql', 4: '0003.sql' };
  it.each([1, 2, 3, 4])(
    'from %i: every row kept, new tables empty or derived, the bot reads it; a second migration changes nothing',
    async (level) => {
      const empty = await emptyPostgres();
      drops.push(empty.drop);
      const migrations = migrationsUpTo(POSTGRES_MIGRATIONS_DIR, level);
      drops.push(async () => rmSync(migrations, { recursive: true, force: true }));
      const old = await openPostgres(empty.url, { poolSize: 2, migrationsDir: migrations });
      let before: Rows;
      try {
        await old.pool.query(readFileSync(join(FIXTURES, 'postgres', fixtureOf[level] ?? ''), 'utf8'));
        before = await pgRows(old.pool);
      } finally {
        await old.close();
      }
      expect(before.retention_purge).toEqual(level < 2 ? undefined : []);
      expect(before.decisions?.length).toBeGreaterThanOrEqual(4);

      const upgraded = await openPostgres(empty.url, { poolSize: 2 });
      try {
        const after = await pgRows(upgraded.pool);
        expect(after.retention_purge).toEqual([]);
        const { retention_purge: _, waiting_on: waiting, ...kept } = after;
        const { retention_purge: __, waiting_on: ___, ...old } = before;
        expectKept(old, kept);
        const repo = new PgDecisionRepository(upgraded);
        expect(sortedWaiting(waiting ?? [])).toEqual(expectedWaiting(await repo.listActive()));
        expect(waiting?.length).toBeGreaterThan(0);
        for (const row of before.decisions ?? []) {
          expect(await repo.get(String(row.id))).toMatchObject({
            id: row.id,
            question: row.question,
            status: row.status,
          });
        }
        await expect(upgraded.pool.query('DELETE FROM decision_events')).rejects.toThrow('append-only');
        // Identity columns go on after the fixture's rows.
        const { rows } = await upgraded.pool.query<{ id: string }>(
          "INSERT INTO away_periods (project_id, user_id, \"from\", created_at) VALUES ('odoo-rollout', 'U0X', 1, 1) RETURNING id",
        );
        expect(Number(rows[0]?.id)).toBe((before.away_periods?.length ?? 0) + 1);
        await upgraded.pool.query("DELETE FROM away_periods WHERE user_id = 'U0X'");
        const migrationsApplied = async () =>
          (await upgraded.pool.query('SELECT hash FROM drizzle.__drizzle_migrations ORDER BY id')).rows;
        const applied = await migrationsApplied();
        expect(applied).toHaveLength(journalOf(POSTGRES_MIGRATIONS_DIR).length);
        const again = await openPostgres(empty.url, { poolSize: 1 });
        await again.close();
        expect(await migrationsApplied()).toEqual(applied);
        expect(await pgRows(upgraded.pool)).toEqual(after);
      } finally {
        await upgraded.close();
      }
    },
  );
});
