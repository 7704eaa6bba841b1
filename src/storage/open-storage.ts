import { sqliteStorage } from './sqlite-storage.js';
import type { Storage, StorageOptions } from './storage.js';

/** Where the data lives, as the environment says (see src/config/env.ts). */
export interface StorageConfig {
  /** The SQLite file, used while `databaseUrl` is unset. */
  readonly databasePath: string;
  /** PostgreSQL, shared by every web and worker process. */
  readonly databaseUrl?: string | undefined;
  /** Most connections this process opens to PostgreSQL (default 10). */
  readonly databasePool?: number | undefined;
}

export const DEFAULT_POOL_SIZE = 10;

/**
 * The one switch between the dialects: PostgreSQL when DATABASE_URL is set, else the SQLite file. The PostgreSQL
 * side (node-postgres with it) is loaded only when it is used: a SQLite bot starts as fast as before.
 */
export async function openStorage(config: StorageConfig, options: StorageOptions): Promise<Storage> {
  if (config.databaseUrl === undefined) return sqliteStorage(config.databasePath, options);
  const { postgresStorage } = await import('./postgres/storage.js');
  return postgresStorage(config.databaseUrl, config.databasePool ?? DEFAULT_POOL_SIZE, options);
}
