import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/**
 * `npm run backup`: a consistent copy of the bot's SQLite file, taken while the bot runs, with SQLite's online
 * backup API (better-sqlite3's `backup`). The copy is made in one step: one read transaction over a WAL snapshot,
 * so the bot's writers go on meanwhile (WAL readers never block them) and the copy is the database as of one
 * instant, never restarted by their writes. It is written beside the target and renamed into place once it is
 * complete and checked: the target is never a half-written file.
 */

export interface BackupSummary {
  readonly source: string;
  readonly target: string;
  readonly bytes: number;
  /** Rows per table of the copy. */
  readonly tables: readonly { readonly table: string; readonly rows: number }[];
  readonly ms: number;
}

/** Nothing was backed up: the reason is the message. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

/** Pages per step: every page in the first, so the copy is one snapshot however busy the source is. */
const ALL_PAGES = 2 ** 31 - 1;

export async function backupSqlite(
  sourcePath: string,
  targetPath: string,
  options: { readonly force?: boolean } = {},
): Promise<BackupSummary> {
  const started = Date.now();
  const source = resolve(sourcePath);
  const target = resolve(targetPath);
  if (!existsSync(source)) throw new BackupError(`there is no database at ${source} (set DATABASE_PATH)`);
  if (source === target) throw new BackupError('the backup cannot be the database file itself');
  if (existsSync(target) && !options.force)
    throw new BackupError(`${target} exists already; give another file, or --force to replace it`);
  const partial = `${target}.partial`;
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(source, { fileMustExist: true, readonly: true });
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new BackupError(`cannot open ${source}: ${messageOf(error)}`);
  }
  try {
    mkdirSync(dirname(target), { recursive: true });
    rmSync(partial, { force: true });
    await db.backup(partial, { progress: () => ALL_PAGES });
  } catch (error) {
    rmSync(partial, { force: true });
    throw new BackupError(`the backup of ${source} failed, nothing was written: ${messageOf(error)}`);
  } finally {
    db.close();
  }
  let tables: { table: string; rows: number }[];
  try {
    tables = check(partial);
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error instanceof BackupError
      ? error
      : new BackupError(`the backup could not be written to ${target}: ${messageOf(error)}`);
  }
  return { source, target, bytes: statSync(target).size, tables, ms: Date.now() - started };
}

/** The copy passes SQLite's integrity check; its row counts, table by table. */
function check(path: string): { table: string; rows: number }[] {
  const copy = new BetterSqlite3(path, { fileMustExist: true });
  try {
    // The copy is a file of its own: a rollback journal rather than WAL, so it is one file (no -wal beside it).
    copy.pragma('journal_mode = DELETE');
    const result = copy.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new BackupError(`the copy fails SQLite's integrity check (${String(result)})`);
    const names = copy
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    return names.map((table) => ({
      table,
      rows: Number(copy.prepare(`SELECT count(*) FROM "${table}"`).pluck().get()),
    }));
  } finally {
    copy.close();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What to run instead with PostgreSQL: pg_dump takes a consistent snapshot of a running database by itself (one
 * repeatable-read transaction), so the bot need not stop. `file` is the dump to write.
 */
export function pgDumpGuidance(maskedUrl: string, file: string): string {
  const quoted = /^[\w./-]+$/.test(file) ? file : `'${file.replaceAll("'", "'\\''")}'`;
  return `decide-bot backup: DATABASE_URL is set (${maskedUrl}): the data is in PostgreSQL, not in a SQLite file,
so nothing was backed up. Back it up with PostgreSQL's own tool, while the bot runs:

  pg_dump --format=custom --file ${quoted} "$DATABASE_URL"

pg_dump reads one consistent snapshot without stopping the bot. Use a pg_dump of the server's major version or
newer (pg_dump --version; SELECT version();). "$DATABASE_URL" lets the shell pass the URL, so its password is
not printed here; PGPASSWORD or ~/.pgpass work too. To restore into an empty database, bot stopped:

  pg_restore --no-owner --dbname "$DATABASE_URL" ${quoted}

then start the bot: it rebuilds every open decision's timers from the database.
`;
}
