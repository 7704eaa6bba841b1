import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Pool, PoolClient } from 'pg';
import { DatabaseUnavailable } from './errors.js';

/**
 * Key of the session-level advisory lock serialising migrations ("decide" in ASCII). Advisory locks are per
 * database, so bots on other databases of the same server never wait for each other.
 */
export const MIGRATION_LOCK_KEY = 0x64_65_63_69_64_65;

const ignore = () => {};

/**
 * Applies pending migrations while holding the migration lock on one dedicated connection, so processes
 * starting together migrate one after the other (the later ones find nothing left to do) instead of racing to
 * create the same tables. The migration runs on that same connection: with a pool of one it cannot wait for
 * a second.
 */
export async function migrateUnderLock(
  pool: Pool,
  url: string,
  migrationsFolder: string,
  setting?: string,
): Promise<void> {
  // A backend ending between two statements would emit 'error' on the client; the next statement reports it.
  // The listener goes on in the pool's callback, not after an await: a FATAL can arrive in the very packet
  // that completed the connection.
  const client = await new Promise<PoolClient>((resolve, reject) => {
    pool.connect((error, connected) => {
      if (error || connected === undefined) return reject(new DatabaseUnavailable(url, error, setting));
      connected.on('error', ignore);
      resolve(connected);
    });
  });
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrate(drizzle({ client }), { migrationsFolder });
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    client.off('error', ignore);
    client.release();
  } catch (error) {
    client.off('error', ignore);
    client.release(true); // closing the connection also ends its lock
    throw error;
  }
}
