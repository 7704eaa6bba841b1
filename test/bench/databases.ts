/**
 * The databases the ack and lifecycle benchmarks run on, one run each: SQLite (a file in the run's temp dir) and
 * PostgreSQL (a throwaway database on the server `--postgres` names, created for the run and dropped after it,
 * also on error or Ctrl-C). `npm run bench -- --database sqlite|postgres|both` picks them (default both).
 */
import { join } from 'node:path';
import { emptyPostgres, TEST_DATABASE_URL } from '../support/postgres.js';
import type { GoalRow } from './goals.js';
import { processCpuMs } from './proc.js';
import { cleanup } from './support.js';

export type BenchDatabase = 'sqlite' | 'postgres';

/** In the order they run: SQLite, then PostgreSQL. */
export const DATABASES: readonly BenchDatabase[] = ['sqlite', 'postgres'];

export const DATABASE_LABEL: Readonly<Record<BenchDatabase, string>> = {
  sqlite: 'SQLite',
  postgres: 'PostgreSQL',
};

/** The server the PostgreSQL runs create their databases on (its user may create databases): the tests' one. */
export const DEFAULT_POSTGRES_URL = TEST_DATABASE_URL;

/** `--database`: which of them to run on. */
export function parseDatabases(text: string | undefined): BenchDatabase[] {
  const value = (text ?? 'both').trim().toLowerCase();
  if (value === 'both') return [...DATABASES];
  if (value === 'sqlite' || value === 'postgres') return [value];
  throw new Error(`--database: expected sqlite, postgres or both, got "${text}"`);
}

/** Where one run keeps its data. */
export interface RunDatabase {
  readonly kind: BenchDatabase;
  /** "SQLite" or "PostgreSQL", for figures and headings. */
  readonly label: string;
  /** The SQLite file (the bot's config always names one; unused on PostgreSQL). */
  readonly databasePath: string;
  /** PostgreSQL: the throwaway database's URL (set as the bot's DATABASE_URL). */
  readonly databaseUrl?: string;
  /** PostgreSQL: the throwaway database's name. */
  readonly name?: string;
  /** PostgreSQL: drops the database (ending any connection still open to it); once, harmless again. */
  drop(): Promise<void>;
}

/**
 * The run's database: a file `file` under `dir` for SQLite, a fresh database `decide_bench_<pid>_<random>` on
 * `server` for PostgreSQL. The drop is registered with the cleanup before the database is created, so that
 * Ctrl-C during CREATE DATABASE drops it all the same once the creation has finished.
 */
export async function runDatabase(
  kind: BenchDatabase,
  input: { readonly dir: string; readonly file: string; readonly server: string },
): Promise<RunDatabase> {
  const databasePath = join(input.dir, input.file);
  if (kind === 'sqlite') return { kind, label: DATABASE_LABEL.sqlite, databasePath, drop: async () => {} };
  const creating = emptyPostgres({ server: input.server, prefix: 'decide_bench' });
  const drop = cleanup.defer(async () => {
    const created = await creating.catch(() => undefined);
    await created?.drop();
  });
  try {
    const created = await creating;
    return {
      kind,
      label: DATABASE_LABEL.postgres,
      databasePath,
      databaseUrl: created.url,
      name: created.name,
      drop,
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

/** The figure with the database it was measured on: "ack p99, option button, 50 in flight, PostgreSQL". */
export function onDatabase(rows: readonly GoalRow[], label: string): GoalRow[] {
  return rows.map((row) => ({ ...row, figure: `${row.figure}, ${label}` }));
}

/**
 * CPU (ms) of each of these processes so far, by pid: the PostgreSQL server runs on this machine, and the CPU of
 * its processes serving a run's connections (backends, found in pg_stat_activity) is read from /proc. A backend
 * that ends between two readings takes its CPU with it.
 */
export function cpuOf(pids: readonly number[]): Map<number, number> {
  return new Map(pids.map((pid) => [pid, processCpuMs(pid)]));
}

/**
 * CPU the backends used between two readings (ms): for those in both readings, the difference; a backend that
 * started meanwhile counts whole (it started within the window).
 */
export function cpuSince(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return Math.max(0, sum);
}
