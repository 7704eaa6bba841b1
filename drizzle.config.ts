import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from src/storage/schema.ts into migrations/sqlite/ (`npm run db:generate`).
// Landed migrations are never edited: change the schema and generate a new one.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/storage/schema.ts',
  out: './migrations/sqlite',
});
