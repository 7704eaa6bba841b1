import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { DatabaseUrlInvalid } from './errors.js';
import { migrateUnderLock } from './migrate.js';
import * as schema from './schema.js';

/** Drizzle over the pool, with the PostgreSQL schema. */
export type PostgresDb = NodePgDatabase<typeof schema> & { $client: Pool };

export interface PostgresDatabase {
  readonly db: PostgresDb;
  readonly pool: Pool;
  /** Ends the pool's connections; calling it again is harmless. */
  close(): Promise<void>;
}

/** migrations/postgres/ sits at the project root, three levels above this file in src/ and in dist/ alike. */
export const POSTGRES_MIGRATIONS_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../migrations/postgres',
);

export interface PostgresOptions {
  /** Most connections the pool opens (default 10). */
  readonly poolSize?: number;
  readonly migrationsDir?: string;
  /** Shown in pg_stat_activity, to tell the bot's processes apart (default `decide-bot`). */
  readonly applicationName?: string;
  /** How long one connection attempt may take before it fails (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Told when an idle connection dies (server restart, pg_terminate_backend); the pool replaces it. */
  readonly onIdleError?: (error: Error) => void;
  /** What error messages call the URL (default `DATABASE_URL`; `npm run db:copy` says `--to`). */
  readonly setting?: string;
}

/**
 * Connects a pool to the database at `url` and applies pending migrations (one process at a time). Throws
 * DatabaseUrlInvalid for a URL that is not PostgreSQL's and DatabaseUnavailable when the server does not
 * accept a connection, both naming the URL with its password masked.
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PostgresDatabase> {
  checkUrl(url, options.setting);
  const pool = new Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    application_name: options.applicationName ?? 'decide-bot',
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
  });
  // The pool drops an idle client whose backend ended and emits 'error'; with no listener that would crash the
  // process. The next query simply opens a new connection.
  pool.on('error', options.onIdleError ?? (() => {}));
  try {
    await migrateUnderLock(pool, url, options.migrationsDir ?? POSTGRES_MIGRATIONS_DIR, options.setting);
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  let ended: Promise<void> | undefined;
  const close = () => {
    ended ??= pool.end();
    return ended;
  };
  return { db: drizzle({ client: pool, schema }), pool, close };
}

function checkUrl(url: string, setting: string | undefined): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseUrlInvalid(url, 'it does not parse as a URL', setting);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new DatabaseUrlInvalid(url, `it starts with ${parsed.protocol}// instead of postgres://`, setting);
  }
}
