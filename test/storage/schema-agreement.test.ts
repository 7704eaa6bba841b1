import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  generateDrizzleJson,
  generateMigration,
  generateSQLiteDrizzleJson,
  generateSQLiteMigration,
} from 'drizzle-kit/api';
import type { InferInsertModel, InferSelectModel, Table } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/storage/database.js';
import { POSTGRES_MIGRATIONS_DIR } from '../../src/storage/postgres/index.js';
import * as pg from '../../src/storage/postgres/schema.js';
import * as sqlite from '../../src/storage/schema.js';
import { tempPostgres } from '../support/postgres.js';
import { tempDatabase } from '../support/temp-db.js';
import { postgresSchemaShape } from './helpers/postgres-shape.js';
import { aspect, type SchemaShape } from './helpers/schema-shape.js';
import { sqliteSchemaShape } from './helpers/sqlite-shape.js';

/**
 * The two schemas are one schema in two dialects: a real SQLite file and a real PostgreSQL database, each made
 * by its own migrations, must describe the same tables, columns, keys and indexes.
 */
describe('the SQLite and PostgreSQL schemas', () => {
  let sqliteDb: ReturnType<typeof tempDatabase> | undefined;
  let postgres: Awaited<ReturnType<typeof tempPostgres>> | undefined;
  let fromSqlite: SchemaShape;
  let fromPostgres: SchemaShape;

  beforeAll(async () => {
    sqliteDb = tempDatabase();
    postgres = await tempPostgres();
    fromSqlite = sqliteSchemaShape(sqliteDb.database.sqlite);
    fromPostgres = await postgresSchemaShape(postgres.database.pool);
  });
  afterAll(async () => {
    sqliteDb?.cleanup();
    await postgres?.cleanup();
  });

  it('reads every table of the bot from both databases', () => {
    const tables = [
      'away_periods',
      'decision_events',
      'decisions',
      'deliveries',
      'people',
      'processed_requests',
      'projects',
      'retention_purge',
      'slack_messages',
      'votes',
      'waiting_on',
    ];
    expect(Object.keys(fromSqlite).sort()).toEqual(tables);
    expect(Object.keys(fromPostgres).sort()).toEqual(tables);
    expect(fromSqlite.decisions?.columns.length).toBeGreaterThan(30);
  });

  it.each(['columns', 'primaryKey', 'indexes', 'foreignKeys'] as const)(
    'have the same %s, table by table',
    (key) => {
      expect(aspect(fromPostgres, key)).toEqual(aspect(fromSqlite, key));
    },
  );

  it('notices a column only one of them has', async () => {
    const client = await (postgres?.database.pool.connect() ?? Promise.reject(new Error('no database')));
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE people ADD COLUMN agreement_probe text');
      expect(aspect(await postgresSchemaShape(client), 'columns')).not.toEqual(aspect(fromSqlite, 'columns'));
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('notices a partial index that covers other rows', async () => {
    const client = await (postgres?.database.pool.connect() ?? Promise.reject(new Error('no database')));
    try {
      await client.query('BEGIN');
      await client.query('DROP INDEX deliveries_pending_thread');
      await client.query(
        "CREATE INDEX deliveries_pending_thread ON deliveries (decision_id, id) WHERE status = 'pending'",
      );
      expect(aspect(await postgresSchemaShape(client), 'indexes')).not.toEqual(aspect(fromSqlite, 'indexes'));
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('both match their migrations: db:generate has nothing left to write', async () => {
    const previousPg = lastSnapshot(POSTGRES_MIGRATIONS_DIR);
    expect(await generateMigration(previousPg, generateDrizzleJson(pg, previousPg.id))).toEqual([]);
    const previousSqlite = lastSnapshot(MIGRATIONS_DIR);
    const currentSqlite = await generateSQLiteDrizzleJson(sqlite, previousSqlite.id);
    expect(await generateSQLiteMigration(previousSqlite, currentSqlite)).toEqual([]);
  });

  it('hand out the same row shapes, so one set of row mappers serves both (checked by the typecheck)', () => {
    expectTypeOf<Rows<typeof pg.projects>>().toEqualTypeOf<Rows<typeof sqlite.projects>>();
    expectTypeOf<Rows<typeof pg.decisions>>().toEqualTypeOf<Rows<typeof sqlite.decisions>>();
    expectTypeOf<Rows<typeof pg.decisionEvents>>().toEqualTypeOf<Rows<typeof sqlite.decisionEvents>>();
    expectTypeOf<Rows<typeof pg.votes>>().toEqualTypeOf<Rows<typeof sqlite.votes>>();
    expectTypeOf<Rows<typeof pg.deliveries>>().toEqualTypeOf<Rows<typeof sqlite.deliveries>>();
    expectTypeOf<Rows<typeof pg.slackMessages>>().toEqualTypeOf<Rows<typeof sqlite.slackMessages>>();
    expectTypeOf<Rows<typeof pg.awayPeriods>>().toEqualTypeOf<Rows<typeof sqlite.awayPeriods>>();
    expectTypeOf<Rows<typeof pg.processedRequests>>().toEqualTypeOf<Rows<typeof sqlite.processedRequests>>();
    expectTypeOf<Rows<typeof pg.people>>().toEqualTypeOf<Rows<typeof sqlite.people>>();
    expectTypeOf<Rows<typeof pg.retentionPurge>>().toEqualTypeOf<Rows<typeof sqlite.retentionPurge>>();
  });
});

/** What a table hands out when read and takes when written. */
type Rows<T extends Table> = [InferSelectModel<T>, InferInsertModel<T>];

/** drizzle-kit's snapshot after the last migration of a dialect's folder. */
// biome-ignore lint/suspicious/noExplicitAny: the snapshot's type is drizzle-kit's internal one
function lastSnapshot(dir: string): any {
  const journal = JSON.parse(readFileSync(join(dir, 'meta/_journal.json'), 'utf8')) as {
    entries: { idx: number }[];
  };
  const last = journal.entries.at(-1)?.idx ?? 0;
  return JSON.parse(readFileSync(join(dir, `meta/${String(last).padStart(4, '0')}_snapshot.json`), 'utf8'));
}
