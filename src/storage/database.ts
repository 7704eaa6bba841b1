import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

/** Drizzle over the connection; `$client` is the raw connection itself (prepared-once statements). */
export type Db = BetterSQLite3Database<typeof schema> & { $client: BetterSqlite3.Database };

export interface Database {
  readonly db: Db;
  /** The raw connection, for IMMEDIATE transactions and pragmas. */
  readonly sqlite: BetterSqlite3.Database;
  close(): void;
}

/** migrations/sqlite/ sits at the project root, two levels above this file in src/ and in dist/ alike. */
export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations/sqlite');

export interface OpenOptions {
  /** How long a writer waits for another connection's lock before SQLITE_BUSY (ms). */
  readonly busyTimeoutMs?: number;
  readonly migrationsDir?: string;
}

/**
 * Opens (creating if needed) the database file with WAL (readers never block the writer), foreign keys on, a
 * busy timeout (several processes may share the file), and applies pending migrations.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Database {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: options.migrationsDir ?? MIGRATIONS_DIR });
  return { db, sqlite, close: () => sqlite.close() };
}
