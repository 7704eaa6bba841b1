import { defineConfig } from 'drizzle-kit';

// Generates PostgreSQL migrations from src/storage/postgres/schema.ts into migrations/postgres/ (`npm run
// db:generate` runs it after the SQLite one). Landed migrations are never edited: change both schemas and
// generate a new one for each dialect.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/storage/postgres/schema.ts',
  out: './migrations/postgres',
});
