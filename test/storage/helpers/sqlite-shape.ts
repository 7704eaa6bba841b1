import type BetterSqlite3 from 'better-sqlite3';
import { predicate, type SchemaShape, sortedShape, type TableShape } from './schema-shape.js';

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}
interface IndexList {
  name: string;
  unique: number;
  origin: 'c' | 'u' | 'pk';
  partial: number;
}
interface ForeignKeyRow {
  id: number;
  seq: number;
  table: string;
  from: string;
  to: string;
  on_update: string;
  on_delete: string;
}

/** The bot's tables as SQLite describes them (sqlite_master and the table pragmas), drizzle's own left out. */
export function sqliteSchemaShape(sqlite: BetterSqlite3.Database): SchemaShape {
  const tables = sqlite
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations'",
    )
    .all() as { name: string; sql: string }[];
  return Object.fromEntries(
    tables.map(({ name, sql }) => [name, sortedShape(tableShape(sqlite, name, sql))]),
  );
}

function tableShape(sqlite: BetterSqlite3.Database, table: string, createSql: string): TableShape {
  const columns = sqlite.prepare(`PRAGMA table_info(${quote(table)})`).all() as ColumnInfo[];
  const indexes = (sqlite.prepare(`PRAGMA index_list(${quote(table)})`).all() as IndexList[]).filter(
    (index) => index.origin !== 'pk',
  );
  const foreignKeys = sqlite.prepare(`PRAGMA foreign_key_list(${quote(table)})`).all() as ForeignKeyRow[];
  return {
    columns: columns.map((c) => ({
      name: c.name,
      type: c.type.toLowerCase(),
      notNull: c.notnull === 1,
      hasDefault: c.dflt_value !== null,
      autoIncrement: new RegExp(`[\`"]?${c.name}[\`"]?\\s+integer\\s+primary key autoincrement`, 'i').test(
        createSql,
      ),
    })),
    primaryKey: columns
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name),
    indexes: indexes.map((index) => ({
      name: index.origin === 'u' ? null : index.name,
      columns: (
        sqlite.prepare(`PRAGMA index_info(${quote(index.name)})`).all() as { seqno: number; name: string }[]
      )
        .sort((a, b) => a.seqno - b.seqno)
        .map((c) => c.name),
      unique: index.unique === 1,
      partial: index.partial === 1 ? predicate(partialWhere(sqlite, index.name)) : null,
    })),
    foreignKeys: [...new Set(foreignKeys.map((fk) => fk.id))].map((id) => {
      const parts = foreignKeys.filter((fk) => fk.id === id).sort((a, b) => a.seq - b.seq);
      const first = parts[0] as ForeignKeyRow;
      return {
        columns: parts.map((p) => p.from),
        references: first.table,
        referencedColumns: parts.map((p) => p.to),
        onUpdate: first.on_update,
        onDelete: first.on_delete,
      };
    }),
  };
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The WHERE clause of a partial index, from the CREATE INDEX statement SQLite keeps. */
function partialWhere(sqlite: BetterSqlite3.Database, index: string): string {
  const sql = sqlite
    .prepare('SELECT sql FROM sqlite_master WHERE type = ? AND name = ?')
    .pluck()
    .get('index', index);
  return /\bwhere\b([\s\S]*)$/i.exec(String(sql))?.[1] ?? String(sql);
}
