import { languagesUnreadable, type Storage, type StorageOptions } from '../storage.js';
import { openPostgres } from './database.js';
import {
  PgDecisionRepository,
  PgLocaleRepository,
  PgMetricsRepository,
  PgOutboxRepository,
  PgPeopleRepository,
  PgProjectRepository,
  PgRetentionRepository,
} from './repositories/index.js';

/**
 * The stores over the PostgreSQL database at `url`, with a pool of `poolSize` connections, migrated first.
 * Throws DatabaseUrlInvalid or DatabaseUnavailable (the URL masked) when it cannot be used.
 */
export async function postgresStorage(
  url: string,
  poolSize: number,
  options: StorageOptions,
): Promise<Storage> {
  const database = await openPostgres(url, {
    poolSize,
    onIdleError: (error) =>
      options.log.warn('a PostgreSQL connection of the pool ended; the next query opens another', {
        error: error.message,
      }),
  });
  return {
    dialect: 'postgres',
    decisions: new PgDecisionRepository(database),
    outbox: new PgOutboxRepository(database),
    people: new PgPeopleRepository(database),
    languages: new PgLocaleRepository(database, options.clock, undefined, languagesUnreadable(options.log)),
    projects: new PgProjectRepository(database),
    metrics: new PgMetricsRepository(database),
    retention: new PgRetentionRepository(database),
    ping: async () => void (await database.pool.query('SELECT 1')),
    close: () => database.close(),
  };
}
