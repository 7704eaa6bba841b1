/**
 * A database schema reduced to what both dialects can say about it, so a SQLite and a PostgreSQL database can
 * be compared with one toEqual. Everything is sorted: column order differs once ALTER TABLE has added some.
 */
export interface ColumnShape {
  readonly name: string;
  /** In SQLite's words: PostgreSQL types are translated with POSTGRES_TYPE_IN_SQLITE. */
  readonly type: string;
  readonly notNull: boolean;
  readonly hasDefault: boolean;
  readonly autoIncrement: boolean;
}

export interface IndexShape {
  /** Null for the index behind a UNIQUE constraint, whose name each dialect makes up. */
  readonly name: string | null;
  readonly columns: readonly string[];
  readonly unique: boolean;
  /** A partial index's predicate, as `predicate()` writes it in both dialects; null for a full index. */
  readonly partial: string | null;
}

/** A partial index's WHERE clause without what the two dialects write differently (casts, parentheses, case). */
export function predicate(where: string): string {
  return where
    .replace(/::[a-z_]+/gi, '')
    .replace(/[()"`\s]/g, '')
    .toLowerCase();
}

export interface ForeignKeyShape {
  readonly columns: readonly string[];
  readonly references: string;
  readonly referencedColumns: readonly string[];
  readonly onUpdate: string;
  readonly onDelete: string;
}

export interface TableShape {
  readonly columns: readonly ColumnShape[];
  readonly primaryKey: readonly string[];
  readonly indexes: readonly IndexShape[];
  readonly foreignKeys: readonly ForeignKeyShape[];
}

export type SchemaShape = Record<string, TableShape>;

/**
 * Each PostgreSQL column type and the SQLite type it stands for. SQLite has one integer type, for counters,
 * epoch milliseconds and 0/1 booleans alike (the TS row types tell booleans from numbers); a type missing
 * here comes out as `unmapped …` and fails the comparison.
 */
export const POSTGRES_TYPE_IN_SQLITE: Readonly<Record<string, string>> = {
  text: 'text',
  integer: 'integer',
  bigint: 'integer',
  boolean: 'integer',
  'double precision': 'real',
};

export function sortedShape(table: TableShape): TableShape {
  const byKey =
    <T>(key: (item: T) => string) =>
    (a: T, b: T) =>
      key(a).localeCompare(key(b));
  return {
    columns: [...table.columns].sort(byKey((c) => c.name)),
    primaryKey: table.primaryKey,
    indexes: [...table.indexes].sort(byKey((i) => `${i.columns.join(',')} ${i.name}`)),
    foreignKeys: [...table.foreignKeys].sort(byKey((f) => f.columns.join(','))),
  };
}

/** One aspect of every table, so a failing comparison names the table and the aspect. */
export function aspect<K extends keyof TableShape>(
  shape: SchemaShape,
  key: K,
): Record<string, TableShape[K]> {
  return Object.fromEntries(Object.entries(shape).map(([table, t]) => [table, t[key]]));
}
