import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

// Stored as they are in the row.
const AS_IS = new Set(['SQLiteText', 'SQLiteInteger', 'SQLiteReal']);
// Stored differently (JSON text, 0/1): drizzle's own column mappers convert them.
const CONVERTED = new Set(['SQLiteTextJson', 'SQLiteBoolean']);

/**
 * SQL and row conversion for one table, taken from its drizzle definition, for the statements of hot paths run
 * directly on better-sqlite3: drizzle's per-call machinery (placeholders, row mapping) cost more there than the
 * statements themselves. The table stays defined once, in schema.ts.
 */
export function rowCodec<T extends SQLiteTable>(table: T) {
  type Row = T['$inferSelect'];
  const columns = Object.entries(getTableColumns(table));
  for (const [key, column] of columns) {
    if (!AS_IS.has(column.columnType) && !CONVERTED.has(column.columnType)) {
      throw new Error(`rowCodec: ${getTableName(table)}.${key} is a ${column.columnType}, which it does not convert`);
    }
  }
  const converted = columns.filter(([, column]) => CONVERTED.has(column.columnType));
  return {
    /** The select list, each column under its row key. */
    select: columns.map(([key, column]) => `"${column.name}" as "${key}"`).join(', '),
    /** An insert of a whole row, bound by row key (see `encode`). */
    insert: `insert into "${getTableName(table)}" (${columns.map(([, c]) => `"${c.name}"`).join(', ')}) values (${columns.map(([key]) => `@${key}`).join(', ')})`,
    /** A selected row as the application sees it; converts in place. */
    decode(raw: unknown): Row {
      const row = raw as Record<string, unknown>;
      for (const [key, column] of converted) if (row[key] !== null) row[key] = column.mapFromDriverValue(row[key]);
      return row as Row;
    },
    /** A row as SQLite binds it. */
    encode(row: Row): Record<string, unknown> {
      const out: Record<string, unknown> = { ...row };
      for (const [key, column] of converted) if (out[key] !== null) out[key] = column.mapToDriverValue(out[key]);
      return out;
    },
  };
}
