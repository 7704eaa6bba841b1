import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import type { Clock, Languages, PeopleStore } from '../../../src/app/ports.js';
import type { MetricsSource } from '../../../src/metrics/source.js';
import {
  DecisionRepository,
  LocaleRepository,
  MetricsRepository,
  OutboxRepository,
  openDatabase,
  PeopleRepository,
  ProjectRepository,
  RetentionRepository,
} from '../../../src/storage/index.js';
import { openPostgres, type PostgresDatabase } from '../../../src/storage/postgres/index.js';
import {
  PgDecisionRepository,
  PgLocaleRepository,
  PgMetricsRepository,
  PgOutboxRepository,
  PgPeopleRepository,
  PgProjectRepository,
  PgRetentionRepository,
} from '../../../src/storage/postgres/repositories/index.js';
import * as pgSchema from '../../../src/storage/postgres/schema.js';
import * as sqliteSchema from '../../../src/storage/schema.js';
import { type EmptyPostgres, emptyPostgres, emptyTables } from '../../support/postgres.js';
import { tempDatabase } from '../../support/temp-db.js';

export type Dialect = 'sqlite' | 'postgres';
export type PersonRow = typeof sqliteSchema.people.$inferSelect;

/**
 * One database's stores, as a test of the storage contract sees them: the same calls and the same answers in
 * both dialects. The raw helpers take portable SQL (no parameters; cast counts to INTEGER) or model rows.
 */
export interface Stores {
  readonly dialect: Dialect;
  readonly decisions: DecisionRepository | PgDecisionRepository;
  readonly outbox: OutboxRepository | PgOutboxRepository;
  readonly people: PeopleStore;
  readonly projects: ProjectRepository | PgProjectRepository;
  readonly metrics: MetricsSource;
  readonly retention: RetentionRepository | PgRetentionRepository;
  /** A languages store of its own (as each process has), reading with `clock`. */
  languages(clock: Clock, maxAgeMs?: number): Languages;
  /** The same database through another connection (SQLite) or pool (PostgreSQL): another process. */
  other(): Promise<Omit<Stores, 'other'> & { close(): Promise<void> }>;
  query<R>(sql: string): Promise<R[]>;
  execute(sql: string): Promise<void>;
  insertPerson(row: typeof sqliteSchema.people.$inferInsert): Promise<void>;
  peopleRows(): Promise<PersonRow[]>;
}

interface Fixture {
  setUp(): Promise<void>;
  /** Stores on an empty database. */
  fresh(): Promise<Stores>;
  afterEach(): Promise<void>;
  tearDown(): Promise<void>;
}

/** A fresh SQLite file per test, as the repository tests always had. */
function sqliteFixture(): Fixture {
  let temp: ReturnType<typeof tempDatabase> | undefined;
  const storesOn = (database: ReturnType<typeof openDatabase>) => ({
    dialect: 'sqlite' as const,
    decisions: new DecisionRepository(database),
    outbox: new OutboxRepository(database.db),
    people: new PeopleRepository(database.db),
    projects: new ProjectRepository(database.db),
    metrics: new MetricsRepository(database),
    retention: new RetentionRepository(database),
    languages: (clock: Clock, maxAgeMs?: number) => new LocaleRepository(database.db, clock, maxAgeMs),
    query: async <R>(sql: string) => database.sqlite.prepare(sql).all() as R[],
    execute: async (sql: string) => void database.sqlite.exec(sql),
    insertPerson: async (row: typeof sqliteSchema.people.$inferInsert) =>
      void database.db.insert(sqliteSchema.people).values(row).run(),
    peopleRows: async () => database.db.select().from(sqliteSchema.people).all(),
  });
  return {
    setUp: async () => {},
    fresh: async () => {
      const made = tempDatabase();
      temp = made;
      return {
        ...storesOn(made.database),
        other: async () => {
          const database = openDatabase(made.path);
          return { ...storesOn(database), close: async () => database.close() };
        },
      };
    },
    afterEach: async () => {
      temp?.cleanup();
      temp = undefined;
    },
    tearDown: async () => {},
  };
}

/** One throwaway PostgreSQL database per test file, emptied between tests. */
function postgresFixture(): Fixture {
  let empty: EmptyPostgres | undefined;
  let main: PostgresDatabase | undefined;
  const others: PostgresDatabase[] = [];
  const storesOn = (database: PostgresDatabase) => ({
    dialect: 'postgres' as const,
    decisions: new PgDecisionRepository(database),
    outbox: new PgOutboxRepository(database),
    people: new PgPeopleRepository(database),
    projects: new PgProjectRepository(database),
    metrics: new PgMetricsRepository(database),
    retention: new PgRetentionRepository(database),
    languages: (clock: Clock, maxAgeMs?: number) => new PgLocaleRepository(database, clock, maxAgeMs),
    query: async <R>(sql: string) => (await database.pool.query(sql)).rows as R[],
    execute: async (sql: string) => void (await database.pool.query(sql)),
    insertPerson: async (row: typeof pgSchema.people.$inferInsert) =>
      void (await database.db.insert(pgSchema.people).values(row)),
    peopleRows: async () => database.db.select().from(pgSchema.people),
  });
  return {
    setUp: async () => {
      empty = await emptyPostgres();
      main = await openPostgres(empty.url, { poolSize: 4 });
    },
    fresh: async () => {
      const database = main;
      const url = empty?.url;
      if (database === undefined || url === undefined) throw new Error('the database did not open');
      await emptyTables(database.pool);
      return {
        ...storesOn(database),
        other: async () => {
          const second = await openPostgres(url, { poolSize: 4 });
          others.push(second);
          return { ...storesOn(second), close: () => second.close() };
        },
      };
    },
    afterEach: async () => {
      await Promise.all(others.splice(0).map((d) => d.close()));
    },
    tearDown: async () => {
      await main?.close();
      await empty?.drop();
    },
  };
}

const FIXTURES: Record<Dialect, () => Fixture> = { sqlite: sqliteFixture, postgres: postgresFixture };

/**
 * Declares the suite `body` once per dialect (`name on sqlite`, `name on postgres`): the same tests, unchanged,
 * against each. `stores()` gives the current test's stores on an empty database.
 */
export function contract(name: string, body: (stores: () => Stores) => void): void {
  describe.each(['sqlite', 'postgres'] as const)(`${name} on %s`, (dialect) => {
    const fixture = FIXTURES[dialect]();
    let current: Stores | undefined;
    beforeAll(() => fixture.setUp());
    afterAll(() => fixture.tearDown());
    beforeEach(async () => {
      current = await fixture.fresh();
    });
    afterEach(() => fixture.afterEach());
    body(() => {
      if (current === undefined) throw new Error('no stores outside a test');
      return current;
    });
  });
}
