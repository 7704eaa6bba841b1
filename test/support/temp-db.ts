import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, openDatabase } from '../../src/storage/index.js';

/** A real SQLite file with the real migrations, in a fresh temp dir; `cleanup` closes and deletes it. */
export function tempDatabase(): { path: string; database: Database; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'decide-db-'));
  const path = join(dir, 'decide.db');
  const database = openDatabase(path);
  return {
    path,
    database,
    cleanup: () => {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
