import type BetterSqlite3 from 'better-sqlite3';
import { getTableColumns, getTableName, type InferInsertModel, type InferSelectModel } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';

const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/** `sql` prepared once per connection: the per-request and per-message statements of the repositories. */
export function prepared<P extends unknown[] = unknown[], R = unknown>(
  sqlite: BetterSqlite3.Database,
  sql: string,
): BetterSqlite3.Statement<P, R> {
  let mine = statements.get(sqlite);
  if (!mine) {
    mine = new Map();
    statements.set(sqlite, mine);
  }
  let statement = mine.get(sql);
  if (!statement) {
    statement = sqlite.prepare(sql);
    mine.set(sql, statement);
  }
  return statement as BetterSqlite3.Statement<P, R>;
}

/**
 * Prepared-once statements for one table, for the paths every request takes (a decision read, its update, its
 * events and outbox rows). Drizzle's query builder builds and prepares each statement anew per call, which
 * cost more CPU than SQLite itself on the ack path. The rows are drizzle's own models and each value goes
 * through its column's mapping, so they stay interchangeable with the builder's (booleans as 0/1, etc.).
 */
export class TableStatements<T extends SQLiteTable> {
  private readonly columns: [key: string, column: SQLiteColumn][];
  private readonly name: string;

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    table: T,
  ) {
    this.columns = Object.entries(getTableColumns(table)) as [string, SQLiteColumn][];
    this.name = getTableName(table);
  }

  /**
   * Inserts each row with one cached statement per set of columns given (a column left out takes its SQL
   * default). `skipConflictOn`: a row that conflicts on these columns (`'("key")'`, or `''` for any
   * uniqueness constraint) is skipped. Returns the rows inserted.
   */
  insert(rows: readonly InferInsertModel<T>[], skipConflictOn?: string): number {
    let changes = 0;
    for (const row of rows) {
      const present = this.columns.filter(([key]) => (row as Record<string, unknown>)[key] !== undefined);
      const names = present.map(([, c]) => `"${c.name}"`).join(', ');
      const params = present.map(([key]) => `@${key}`).join(', ');
      const conflict = skipConflictOn === undefined ? '' : ` ON CONFLICT ${skipConflictOn} DO NOTHING`;
      const statement = prepared(
        this.sqlite,
        `INSERT INTO "${this.name}" (${names}) VALUES (${params})${conflict}`,
      );
      changes += statement.run(this.bind(row as Record<string, unknown>, present)).changes;
    }
    return changes;
  }

  /** A cached SELECT of every column `where` (SQL with `?` parameters) and `rest` (ORDER BY…) say. */
  select(where: string, rest = ''): (...params: unknown[]) => InferSelectModel<T>[] {
    const statement = prepared(this.sqlite, `SELECT * FROM "${this.name}" WHERE ${where} ${rest}`);
    return (...params) => (statement.all(...params) as Record<string, unknown>[]).map((raw) => this.row(raw));
  }

  /** A row as the driver returned it (SQL column names) → drizzle's model (property names, mapped values). */
  row(raw: Record<string, unknown>): InferSelectModel<T> {
    const row: Record<string, unknown> = {};
    for (const [key, column] of this.columns) {
      const value = raw[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as InferSelectModel<T>;
  }

  /** Named parameters of a row, each value in the driver's form. */
  bind(row: Record<string, unknown>, columns = this.columns): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = row[key];
      out[key] = value === null || value === undefined ? null : column.mapToDriverValue(value);
    }
    return out;
  }
}

/** An UPDATE of every column but the key, guarded by a version check: `@expectedVersion` (compare-and-set). */
export function versionedUpdate<T extends SQLiteTable>(
  sqlite: BetterSqlite3.Database,
  table: T,
  key: string,
): (row: InferInsertModel<T>, expectedVersion: number) => number {
  const statements = new TableStatements(sqlite, table);
  const columns = Object.entries(getTableColumns(table)) as [string, SQLiteColumn][];
  const keyColumn = columns.find(([k]) => k === key)?.[1];
  if (!keyColumn) throw new Error(`no column ${key}`);
  const set = columns
    .filter(([k]) => k !== key)
    .map(([k, c]) => `"${c.name}" = @${k}`)
    .join(', ');
  const statement = sqlite.prepare(
    `UPDATE "${getTableName(table)}" SET ${set} WHERE "${keyColumn.name}" = @${key} AND "version" = @expectedVersion`,
  );
  return (row, expectedVersion) =>
    statement.run({ ...statements.bind(row as Record<string, unknown>), expectedVersion }).changes;
}
