import { getTableColumns, getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

const AS_IS = new Set(['PgText', 'PgInteger', 'PgDoublePrecision', 'PgBoolean']);

/**
 * rowCodec's PostgreSQL twin (rows.ts): the select list and whole-row insert of one table of schema.pg.ts, for
 * repositories that run SQL on node-postgres directly. node-postgres returns json columns parsed and the rest as
 * the row wants them, so rows need no decoding; json values are bound as their JSON text.
 */
export function pgRowCodec<T extends PgTable>(table: T) {
  type Row = T['$inferSelect'];
  const columns = Object.entries(getTableColumns(table)).filter(([, c]) => !(c as { generatedIdentity?: unknown }).generatedIdentity);
  for (const [key, column] of columns) {
    if (!AS_IS.has(column.columnType) && column.columnType !== 'PgJson') {
      throw new Error(`pgRowCodec: ${getTableName(table)}.${key} is a ${column.columnType}, which it does not bind`);
    }
  }
  return {
    /** The select list, each column under its row key. */
    select: columns.map(([key, column]) => `"${column.name}" as "${key}"`).join(', '),
    /** An insert of a whole row, bound by position (see `values`). */
    insert: `insert into "${getTableName(table)}" (${columns.map(([, c]) => `"${c.name}"`).join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
    /** A row's values in the order of `insert`. */
    values(row: Row): unknown[] {
      const r = row as Record<string, unknown>;
      return columns.map(([key, column]) => (column.columnType === 'PgJson' && r[key] != null ? JSON.stringify(r[key]) : r[key]));
    },
  };
}
