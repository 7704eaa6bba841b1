export {
  openPostgres,
  POSTGRES_MIGRATIONS_DIR,
  type PostgresDatabase,
  type PostgresDb,
  type PostgresOptions,
} from './database.js';
export { DatabaseUnavailable, DatabaseUrlInvalid, maskUrl } from './errors.js';
export { MIGRATION_LOCK_KEY } from './migrate.js';
export * as postgresSchema from './schema.js';
