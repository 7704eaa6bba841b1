import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { type Column, getTableColumns, getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { SQLiteTable, getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';
import type { PoolClient } from 'pg';
import { type Database, openDatabase } from './database.js';
import { maskUrl, openPostgres, type PostgresDatabase } from './postgres/index.js';
import * as postgresSchema from './postgres/schema.js';
import * as sqliteSchema from './schema.js';

/**
 * Copies a deployment's SQLite database into an empty PostgreSQL one (`npm run db:copy`): every table, in
 * foreign-key order, in one PostgreSQL transaction, keeping the ids; then the identity sequences continue
 * after them, and every table is read back and compared with the source before the transaction commits.
 */

/** Rows per INSERT: few statements for a large table, each well under PostgreSQL's 65,535 parameters. */
export const DEFAULT_BATCH_ROWS = 500;
const MAX_PARAMETERS = 65_535;
/** Rows per FETCH when reading the copy back. */
const READ_BACK_ROWS = 2000;
/** The trigger that keeps the audit log from being emptied (migrations/postgres/0001_append_only_events.sql). */
const TRUNCATE_GUARD = 'decision_events_no_truncate';

export interface CopyOptions {
  /** Empty a target that already holds rows first (they are all replaced by the source's). */
  readonly force?: boolean;
  /** Rows per INSERT (default 500; fewer for a table so wide that they would pass 65,535 parameters). */
  readonly batchRows?: number;
  /** How long to wait for another session (a bot running on the target) to let go of a table (default 10 s). */
  readonly lockTimeoutMs?: number;
}

export interface TableCopied {
  readonly table: string;
  readonly rows: number;
  /** For a table with an identity column: the id the next inserted row gets. */
  readonly nextId?: number;
}

export interface CopySummary {
  /** In the order they were copied (parents before children). */
  readonly tables: readonly TableCopied[];
  /** The rows the target held and --force removed, per table (empty when it was empty). */
  readonly removed: readonly { readonly table: string; readonly rows: number }[];
  readonly ms: number;
}

/** The target already holds rows and --force was not given: nothing was changed. */
export class TargetNotEmpty extends Error {
  override readonly name = 'TargetNotEmpty';
  constructor(
    target: string,
    readonly tables: readonly { readonly table: string; readonly rows: number }[],
  ) {
    const held = tables.map((t) => `${t.table}: ${rowCount(t.rows)}`).join(', ');
    super(
      `the PostgreSQL database at ${target} is not empty (${held}); nothing was copied. ` +
        'Copy into an empty database, or give --force to delete every row it holds and replace them.',
    );
  }
}

/** The copy read back from PostgreSQL differs from the source: the transaction was rolled back. */
export class CopyMismatch extends Error {
  override readonly name = 'CopyMismatch';
  constructor(
    readonly table: string,
    detail: string,
  ) {
    super(`the copy of ${table} differs from the SQLite file (${detail}); nothing was copied (rolled back)`);
  }
}

/** The arguments do not name a usable source or target (a missing file, a URL that is not PostgreSQL's…). */
export class CopyInputError extends Error {
  override readonly name = 'CopyInputError';
}

/** One table of the bot in both dialects. Column keys and SQL names agree (test/storage/schema-agreement). */
interface TablePlan {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly sqlite: Column; readonly pg: Column }[];
  /** The primary key's columns, the order both sides are read in. */
  readonly key: readonly string[];
  /** The identity column's name, if the table has one. */
  readonly identity: string | undefined;
}

/**
 * The bot's tables, parents before children: derived from the schemas, so a table added later is copied (or
 * the copy refuses to run, if it has no PostgreSQL twin) without anyone remembering this file.
 */
export function copyPlan(): TablePlan[] {
  const pgTables = new Map(
    (Object.values(postgresSchema) as unknown[])
      .filter((t): t is PgTable => is(t, PgTable))
      .map((t) => [getTableName(t), t]),
  );
  const plans = new Map<string, TablePlan & { parents: string[] }>();
  for (const table of Object.values(sqliteSchema) as unknown[]) {
    if (!is(table, SQLiteTable)) continue;
    const name = getTableName(table);
    const twin = pgTables.get(name);
    if (twin === undefined) throw new Error(`table ${name} has no PostgreSQL twin in postgres/schema.ts`);
    const pgColumns: Record<string, Column> = getTableColumns(twin);
    const columns = Object.entries(getTableColumns(table)).map(([key, column]) => {
      const pg = pgColumns[key];
      if (pg === undefined || pg.name !== column.name)
        throw new Error(`column ${name}.${column.name} has no PostgreSQL twin`);
      return { name: column.name, sqlite: column as Column, pg: pg as Column };
    });
    const config = sqliteTableConfig(table);
    const key =
      config.primaryKeys[0]?.columns.map((c) => c.name) ??
      columns.filter((c) => c.sqlite.primary).map((c) => c.name);
    const parents = config.foreignKeys
      .map((fk) => getTableName(fk.reference().foreignTable))
      .filter((parent) => parent !== name);
    if (key.length === 0) throw new Error(`table ${name} has no primary key to copy it in order by`);
    const identity = columns.find((c) => c.pg.generatedIdentity !== undefined)?.name;
    plans.set(name, { name, columns, key, identity, parents });
  }
  if (pgTables.size !== plans.size) {
    const extra = [...pgTables.keys()].filter((n) => !plans.has(n));
    throw new Error(`PostgreSQL tables without a SQLite twin: ${extra.join(', ')}`);
  }
  // Kahn's algorithm: each time, the first table by name (the schema module's export order) whose parents
  // are all placed.
  const ordered: TablePlan[] = [];
  const placed = new Set<string>();
  while (ordered.length < plans.size) {
    const ready = [...plans.values()].find(
      (p) => !placed.has(p.name) && p.parents.every((parent) => placed.has(parent)),
    );
    if (ready === undefined) throw new Error('the tables reference each other in a cycle');
    const { parents: _, ...plan } = ready;
    ordered.push(plan);
    placed.add(ready.name);
  }
  return ordered;
}

/**
 * Copies `source` into `target` in one PostgreSQL transaction: refuses a target holding any row (or, with
 * `force`, empties it), copies every table in batches keeping the ids, moves each identity sequence past the
 * largest id the source ever handed out, then reads every table back and compares it with the source (row
 * count, and a SHA-256 over every row in key order, decision_events in id order). Any difference rolls the
 * whole copy back and throws CopyMismatch naming the table.
 *
 * The source is read in one SQLite read transaction: a consistent snapshot even if a bot still writes to the
 * file (what it writes after that moment is not copied).
 */
export async function copyDatabase(
  source: Database,
  target: PostgresDatabase,
  targetName: string,
  options: CopyOptions = {},
): Promise<CopySummary> {
  const started = performance.now();
  const plan = copyPlan();
  const batchRows = Math.max(1, Math.trunc(options.batchRows ?? DEFAULT_BATCH_ROWS));
  const client = await target.pool.connect();
  // A backend ending mid-copy would emit 'error' on the idle client; the statement in flight reports it.
  const ignore = () => {};
  client.on('error', ignore);
  let broken = false;
  try {
    await client.query('BEGIN');
    const removed = await claimTarget(client, plan, targetName, options);
    const tables = await inReadTransaction(source.sqlite, async () => {
      const digests = new Map<string, string>();
      const copied: TableCopied[] = [];
      for (const table of plan) {
        const { rows, digest } = await copyTable(source.sqlite, client, table, batchRows);
        digests.set(table.name, digest);
        const nextId = await continueIdentity(source.sqlite, client, table);
        copied.push(nextId === undefined ? { table: table.name, rows } : { table: table.name, rows, nextId });
      }
      for (const table of plan) await verifyTable(source.sqlite, client, table, digests.get(table.name));
      return copied;
    });
    await client.query('COMMIT');
    return { tables, removed, ms: performance.now() - started };
  } catch (error) {
    // A connection that cannot even roll back is closed rather than returned to the pool.
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.off('error', ignore);
    client.release(broken);
  }
}

/**
 * Locks the target's tables against writers for the whole copy, then checks that they are empty, or with
 * `force` empties them. Returns what was removed.
 */
async function claimTarget(
  client: PoolClient,
  plan: readonly TablePlan[],
  targetName: string,
  options: CopyOptions,
): Promise<{ table: string; rows: number }[]> {
  const all = plan.map((t) => ident(t.name)).join(', ');
  // EXCLUSIVE lets other sessions read but not write until the copy commits; emptying needs ACCESS EXCLUSIVE,
  // taken at once rather than upgraded later (an upgrade can deadlock with a reader that waits for a write).
  const mode = options.force ? 'ACCESS EXCLUSIVE' : 'EXCLUSIVE';
  const waitMs = Math.max(1, Math.trunc(options.lockTimeoutMs ?? 10_000));
  await client.query(`SET LOCAL lock_timeout = ${waitMs}`);
  try {
    await client.query(`LOCK TABLE ${all} IN ${mode} MODE`);
  } catch (error) {
    if ((error as { code?: unknown }).code !== '55P03') throw error; // lock_not_available
    throw new CopyInputError(
      `another session kept the tables of ${targetName} busy for ${waitMs / 1000} s (is a bot running on ` +
        'that database? stop it first); nothing was copied',
    );
  }
  await client.query('SET LOCAL lock_timeout = 0');
  const held: { table: string; rows: number }[] = [];
  for (const table of plan) {
    const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident(table.name)}`);
    const rows = Number(result.rows[0]?.n ?? 0);
    if (rows > 0) held.push({ table: table.name, rows });
  }
  if (held.length === 0) return [];
  if (!options.force) throw new TargetNotEmpty(targetName, held);
  // The append-only triggers reject TRUNCATE on decision_events: they keep the bot (and anyone else) from
  // rewriting history. Here the whole log is replaced on purpose (--force) by the source's, so the TRUNCATE
  // trigger is switched off for this one statement. ALTER TABLE is transactional and this transaction holds
  // ACCESS EXCLUSIVE on the table, so no other session ever sees the trigger off, and a failure anywhere
  // rolls the switch back with the rest. (Not session_replication_role = replica: that needs a superuser and
  // would also skip the foreign-key checks of every row copied after it.) TRUNCATE fires no DELETE triggers.
  await client.query(`ALTER TABLE decision_events DISABLE TRIGGER ${TRUNCATE_GUARD}`);
  await client.query(`TRUNCATE ${all}`);
  await client.query(`ALTER TABLE decision_events ENABLE TRIGGER ${TRUNCATE_GUARD}`);
  return held;
}

/** Runs `work` inside one SQLite read transaction (a snapshot of the whole file), always ending it. */
async function inReadTransaction<T>(sqlite: BetterSqlite3.Database, work: () => Promise<T>): Promise<T> {
  sqlite.exec('BEGIN');
  try {
    return await work();
  } finally {
    sqlite.exec('ROLLBACK'); // nothing was written: ending the read
  }
}

/** Streams one table from SQLite to PostgreSQL in multi-row INSERTs; returns its row count and digest. */
async function copyTable(
  sqlite: BetterSqlite3.Database,
  client: PoolClient,
  table: TablePlan,
  batchRows: number,
): Promise<{ rows: number; digest: string }> {
  const perInsert = Math.max(1, Math.min(batchRows, Math.floor(MAX_PARAMETERS / table.columns.length)));
  const names = table.columns.map((c) => ident(c.name)).join(', ');
  const digest = new RowDigest();
  let batch: unknown[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const values: unknown[] = [];
    const tuples = batch.map((row) => {
      const params = row.map((value, i) => {
        const column = table.columns[i]?.pg;
        values.push(value === null || column === undefined ? value : column.mapToDriverValue(value));
        return `$${values.length}`;
      });
      return `(${params.join(', ')})`;
    });
    batch = [];
    await client.query(`INSERT INTO ${ident(table.name)} (${names}) VALUES ${tuples.join(', ')}`, values);
  };
  try {
    for (const raw of readSqlite(sqlite, table)) {
      const row = table.columns.map((c, i) => fromDriver(c.sqlite, raw[i]));
      digest.add(row);
      batch.push(row);
      if (batch.length >= perInsert) await flush();
    }
    await flush();
  } catch (error) {
    // PostgreSQL refused a row (a value SQLite's loose typing let in, say): say which table, and its detail.
    const detail = (error as { detail?: unknown }).detail;
    const more = typeof detail === 'string' ? ` (${detail})` : '';
    const problem = `copying ${table.name} failed: ${message(error)}${more}; nothing was copied (rolled back)`;
    throw new Error(problem, { cause: error });
  }
  return { rows: digest.rows, digest: digest.value() };
}

/** A table's rows as SQLite stores them, in key order (SQLite's BINARY order for text). */
function* readSqlite(sqlite: BetterSqlite3.Database, table: TablePlan): Generator<unknown[]> {
  const names = table.columns.map((c) => ident(c.name)).join(', ');
  const order = table.key.map(ident).join(', ');
  const statement = sqlite.prepare(`SELECT ${names} FROM ${ident(table.name)} ORDER BY ${order}`).raw(true);
  yield* statement.iterate() as IterableIterator<unknown[]>;
}

/**
 * Moves the table's identity sequence so the next row gets the id after the largest SQLite ever handed out:
 * the largest id copied, or more if rows with higher ids were deleted (AUTOINCREMENT never reuses an id, and
 * neither should PostgreSQL: a job or a log line may still name it). setval is not undone by a rollback: a
 * copy that fails leaves the sequences moved on, which is harmless (the next copy sets them again).
 */
async function continueIdentity(
  sqlite: BetterSqlite3.Database,
  client: PoolClient,
  table: TablePlan,
): Promise<number | undefined> {
  if (table.identity === undefined) return undefined;
  const copied = sqlite
    .prepare(`SELECT coalesce(max(${ident(table.identity)}), 0) AS n FROM ${ident(table.name)}`)
    .get() as { n: number };
  const issued = sqlite.prepare('SELECT seq AS n FROM sqlite_sequence WHERE name = ?').get(table.name) as
    | { n: number }
    | undefined;
  const next = Math.max(copied.n, issued?.n ?? 0) + 1;
  await client.query('SELECT setval(pg_get_serial_sequence($1, $2), $3, false)', [
    ident(table.name),
    table.identity,
    next,
  ]);
  return next;
}

/**
 * Reads the table back from PostgreSQL in key order (byte order for text, as SQLite's) through a cursor, and
 * compares its row count and digest with the source's.
 */
async function verifyTable(
  sqlite: BetterSqlite3.Database,
  client: PoolClient,
  table: TablePlan,
  sourceDigest: string | undefined,
): Promise<void> {
  const sourceRows = (sqlite.prepare(`SELECT count(*) AS n FROM ${ident(table.name)}`).get() as { n: number })
    .n;
  const counted = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident(table.name)}`);
  const targetRows = Number(counted.rows[0]?.n ?? 0);
  if (targetRows !== sourceRows)
    throw new CopyMismatch(
      table.name,
      `${rowCount(sourceRows)} in SQLite, ${rowCount(targetRows)} in PostgreSQL`,
    );

  const byName = new Map(table.columns.map((c) => [c.name, c.pg]));
  const order = table.key
    .map((name) => (byName.get(name)?.getSQLType() === 'text' ? `${ident(name)} COLLATE "C"` : ident(name)))
    .join(', ');
  const names = table.columns.map((c) => ident(c.name)).join(', ');
  await client.query(
    `DECLARE decide_copy_check NO SCROLL CURSOR FOR SELECT ${names} FROM ${ident(table.name)} ORDER BY ${order}`,
  );
  const digest = new RowDigest();
  for (;;) {
    const fetched = await client.query<unknown[]>({
      text: `FETCH FORWARD ${READ_BACK_ROWS} FROM decide_copy_check`,
      rowMode: 'array',
    });
    for (const raw of fetched.rows) digest.add(table.columns.map((c, i) => fromDriver(c.pg, raw[i])));
    if (fetched.rows.length < READ_BACK_ROWS) break;
  }
  await client.query('CLOSE decide_copy_check');
  if (digest.value() !== sourceDigest)
    throw new CopyMismatch(
      table.name,
      table.name === 'decision_events'
        ? 'the event log read back in id order does not hash to the same SHA-256'
        : 'its rows read back in key order do not hash to the same SHA-256',
    );
}

/** A driver's value as the row shape the repositories see (both schemas hand out the same one). */
function fromDriver(column: Column, value: unknown): unknown {
  return value === null || value === undefined ? null : column.mapFromDriverValue(value);
}

/** SHA-256 over rows in order, each as a JSON array (strings escaped, so rows cannot run into each other). */
class RowDigest {
  private readonly hash = createHash('sha256');
  rows = 0;

  add(row: readonly unknown[]): void {
    this.hash.update(JSON.stringify(row));
    this.hash.update('\n');
    this.rows++;
  }

  value(): string {
    return this.hash.digest('hex');
  }
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
/** `1,234 rows`: how the summary and the messages count rows. */
export const rowCount = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;

/**
 * Opens the SQLite file at `from` (it must exist; it is migrated to the latest schema first, so an older file
 * copies too) and the PostgreSQL database at `to` (migrated the same way), copies, and closes both. Errors
 * about the arguments name `--from` and `--to`, with the URL's password masked.
 */
export async function copySqliteToPostgres(
  from: string,
  to: string,
  options: CopyOptions = {},
): Promise<CopySummary> {
  const path = resolve(from);
  if (!existsSync(path)) throw new CopyInputError(`--from: there is no SQLite file at ${path}`);
  if (!statSync(path).isFile()) throw new CopyInputError(`--from: ${path} is not a file`);
  let source: Database;
  try {
    source = openDatabase(path);
  } catch (error) {
    const problem = `--from: ${path} cannot be opened as the bot's SQLite database: ${message(error)}`;
    throw new CopyInputError(problem, { cause: error });
  }
  try {
    let target: PostgresDatabase;
    try {
      target = await openPostgres(to, {
        poolSize: 2,
        applicationName: 'decide-bot db:copy',
        setting: '--to',
      });
    } catch (error) {
      throw new CopyInputError(message(error), { cause: error });
    }
    try {
      return await copyDatabase(source, target, maskUrl(to), options);
    } finally {
      await target.close();
    }
  } finally {
    source.close();
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
