import type { Pool, PoolClient } from 'pg';
import {
  POSTGRES_TYPE_IN_SQLITE,
  predicate,
  type SchemaShape,
  sortedShape,
  type TableShape,
} from './schema-shape.js';

/** pg_constraint's one-letter referential actions, in the words SQLite's foreign_key_list uses. */
const ACTION: Readonly<Record<string, string>> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

/** Column names of an attnum array, in its order. */
const names = (relid: string, attnums: string) =>
  `array(SELECT a.attname FROM unnest(${attnums}) WITH ORDINALITY k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = ${relid} AND a.attnum = k.attnum ORDER BY k.ord)::text[]`;

/**
 * The tables of schema `public` as PostgreSQL describes them (information_schema for columns, pg_catalog for
 * keys and indexes). drizzle keeps its migration table in schema `drizzle`, so it is not among them.
 */
export async function postgresSchemaShape(db: Pool | PoolClient): Promise<SchemaShape> {
  const columns = await db.query<{
    table: string;
    name: string;
    type: string;
    nullable: string;
    default: string | null;
    identity: string;
  }>(`SELECT table_name AS "table", column_name AS "name", data_type AS "type", is_nullable AS "nullable",
            column_default AS "default", is_identity AS "identity"
      FROM information_schema.columns c
      WHERE table_schema = 'public'
        AND EXISTS (SELECT 1 FROM information_schema.tables t WHERE t.table_schema = 'public'
                    AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE')`);
  const constraints = await db.query<{
    table: string;
    kind: 'p' | 'f';
    columns: string[];
    references: string | null;
    referencedColumns: string[];
    onUpdate: string;
    onDelete: string;
  }>(`SELECT t.relname AS "table", c.contype AS "kind", ${names('c.conrelid', 'c.conkey')} AS "columns",
            r.relname AS "references", ${names('c.confrelid', 'c.confkey')} AS "referencedColumns",
            c.confupdtype AS "onUpdate", c.confdeltype AS "onDelete"
      FROM pg_constraint c
      JOIN pg_class t ON t.oid = c.conrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      LEFT JOIN pg_class r ON r.oid = c.confrelid
      WHERE n.nspname = 'public' AND c.contype IN ('p', 'f')`);
  const indexes = await db.query<{
    table: string;
    name: string;
    columns: string[];
    unique: boolean;
    partial: string | null;
    constraint: boolean;
  }>(`SELECT t.relname AS "table", i.relname AS "name", ${names('t.oid', 'ix.indkey')} AS "columns",
            ix.indisunique AS "unique", pg_get_expr(ix.indpred, ix.indrelid) AS "partial",
            EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid AND c.contype = 'u') AS "constraint"
      FROM pg_index ix
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND NOT ix.indisprimary`);

  const tables = [...new Set(columns.rows.map((c) => c.table))];
  return Object.fromEntries(
    tables.map((table): [string, TableShape] => {
      const keys = constraints.rows.filter((c) => c.table === table);
      return [
        table,
        sortedShape({
          columns: columns.rows
            .filter((c) => c.table === table)
            .map((c) => ({
              name: c.name,
              type: POSTGRES_TYPE_IN_SQLITE[c.type] ?? `unmapped ${c.type}`,
              notNull: c.nullable === 'NO',
              hasDefault: c.default !== null,
              autoIncrement: c.identity === 'YES' || (c.default ?? '').startsWith('nextval('),
            })),
          primaryKey: keys.find((k) => k.kind === 'p')?.columns ?? [],
          indexes: indexes.rows
            .filter((i) => i.table === table)
            .map((i) => ({
              name: i.constraint ? null : i.name,
              columns: i.columns,
              unique: i.unique,
              partial: i.partial === null ? null : predicate(i.partial),
            })),
          foreignKeys: keys
            .filter((k) => k.kind === 'f')
            .map((k) => ({
              columns: k.columns,
              references: k.references ?? '',
              referencedColumns: k.referencedColumns,
              onUpdate: ACTION[k.onUpdate] ?? k.onUpdate,
              onDelete: ACTION[k.onDelete] ?? k.onDelete,
            })),
        }),
      ];
    }),
  );
}
