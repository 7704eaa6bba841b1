import { randomBytes } from 'node:crypto';
import { Client, type Pool } from 'pg';
import {
  maskUrl,
  openPostgres,
  type PostgresDatabase,
  type PostgresOptions,
} from '../../src/storage/postgres/index.js';

/** The server tests create their databases on; its own database is only used to create and drop them. */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface EmptyPostgres {
  readonly url: string;
  readonly name: string;
  /** Drops the database, ending any connection still open to it. */
  drop(): Promise<void>;
}

export interface EmptyPostgresOptions {
  /** The server, as a URL of a database on it its user may create databases from (default TEST_DATABASE_URL). */
  readonly server?: string;
  /** The new database's name starts with this (lowercase letters, digits, `_`; default `decide_test`). */
  readonly prefix?: string;
}

/**
 * A fresh, empty database of its own (`decide_test_<pid>_<random>`), so test files running in parallel never
 * see each other's rows. PostgreSQL missing fails the test with how to get one: it is never skipped.
 */
export async function emptyPostgres(options: EmptyPostgresOptions = {}): Promise<EmptyPostgres> {
  const server = options.server ?? TEST_DATABASE_URL;
  const prefix = options.prefix ?? 'decide_test';
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`not a database name prefix: "${prefix}"`);
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name}`, server);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, server),
  };
}

/** A fresh database opened (and so migrated) with openPostgres; `cleanup` closes the pool and drops it. */
export async function tempPostgres(
  options: PostgresOptions = {},
): Promise<{ url: string; database: PostgresDatabase; cleanup: () => Promise<void> }> {
  const empty = await emptyPostgres();
  let database: PostgresDatabase;
  try {
    database = await openPostgres(empty.url, options);
  } catch (error) {
    await empty.drop();
    throw error;
  }
  return {
    url: empty.url,
    database,
    cleanup: async () => {
      await database.close();
      await empty.drop();
    },
  };
}

/** Fails, saying how to get one, unless the test server accepts a connection (the global setup calls it). */
export async function assertPostgresAnswers(): Promise<void> {
  await onServer('SELECT 1');
}

async function onServer(statement: string, server = TEST_DATABASE_URL): Promise<void> {
  const client = new Client({ connectionString: server, connectionTimeoutMillis: 5000 });
  client.on('error', () => {}); // a failure surfaces through connect() or query()
  try {
    await client.connect();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const cause = error instanceof Error && error.message !== '' ? error.message : String(code ?? error);
    throw new Error(
      `PostgreSQL does not answer at ${maskUrl(server)}${server === TEST_DATABASE_URL ? ' (TEST_DATABASE_URL)' : ''}: ${cause}. The storage ` +
        'tests need a real PostgreSQL whose user may create databases: install and start it ' +
        '(apt-get install postgresql; .ci/run does both) or point TEST_DATABASE_URL at one.',
      { cause: error },
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The bot's tables, every one that holds rows. */
const TABLES = [
  'decision_events',
  'votes',
  'deliveries',
  'slack_messages',
  'away_periods',
  'decisions',
  'processed_requests',
  'people',
  'projects',
  'retention_purge',
];

/**
 * Empties every table and restarts the ids, between the tests of a file that shares one database. The
 * append-only trigger refuses TRUNCATE of decision_events, so it is switched off for this one transaction:
 * the statements go as one simple query, which PostgreSQL runs as one transaction (if anything fails, the
 * trigger stays on).
 */
export async function emptyTables(pool: Pool): Promise<void> {
  await pool.query(
    `ALTER TABLE decision_events DISABLE TRIGGER USER;
     TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY CASCADE;
     ALTER TABLE decision_events ENABLE TRIGGER USER;`,
  );
}
