import { getTableName, is, Table } from 'drizzle-orm';
import { getTableConfig as pgConfig, type PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as sqlite from '../../src/db/schema';
import * as pg from '../../src/db/schema.pg';

/**
 * drizzle cannot define a table once for two dialects, so schema.ts (SQLite) and schema.pg.ts (PostgreSQL) are
 * two definitions of one schema: this holds them to the same tables, columns (name, nullability, primary key),
 * composite keys, unique and plain indexes, foreign keys and checks. What only PostgreSQL has is listed here.
 */
const PG_ONLY = { columns: ['change_log.xid'], indexes: ['change_log_xid'] };

type Config = ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>;

function describeTable(config: Config) {
  const table = config.name;
  const cols = (columns: readonly { name: string }[]) => columns.map((c) => c.name);
  const uniques = [
    ...config.indexes
      .filter((i) => i.config.unique)
      .map((i) => ({ name: String(i.config.name), columns: i.config.columns.map((c) => (c as { name: string }).name) })),
    // PostgreSQL's unique constraints (a foreign key may need one where SQLite has a unique index).
    ...config.uniqueConstraints.map((u) => ({ name: u.name!, columns: cols(u.columns) })),
    ...config.columns.filter((c) => c.isUnique).map((c) => ({ name: c.uniqueName!, columns: [c.name] })),
  ];
  return {
    columns: config.columns
      .filter((c) => !PG_ONLY.columns.includes(`${table}.${c.name}`))
      .map((c) => ({ name: c.name, notNull: c.notNull, primary: c.primary }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    primaryKeys: config.primaryKeys.map((k) => cols(k.columns)),
    uniques: uniques.sort((a, b) => a.name.localeCompare(b.name)),
    indexes: config.indexes
      .filter((i) => !i.config.unique && !PG_ONLY.indexes.includes(String(i.config.name)))
      .map((i) => ({ name: String(i.config.name), columns: i.config.columns.map((c) => (c as { name: string }).name) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: config.foreignKeys
      .map((f) => {
        const r = f.reference();
        return { columns: cols(r.columns), table: getTableName(r.foreignTable), foreignColumns: cols(r.foreignColumns) };
      })
      .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
    checks: config.checks.map((c) => c.name).sort(),
  };
}

const tablesOf = (schema: Record<string, unknown>) => Object.values(schema).filter((v): v is Table => is(v, Table));

describe('the SQLite and PostgreSQL schemas', () => {
  const s = new Map(tablesOf(sqlite).map((t) => [getTableName(t), describeTable(sqliteConfig(t as SQLiteTable))]));
  const p = new Map(tablesOf(pg).map((t) => [getTableName(t), describeTable(pgConfig(t as PgTable))]));

  it('have the same tables', () => {
    expect([...p.keys()].sort()).toEqual([...s.keys()].sort());
    expect(s.size).toBeGreaterThan(10);
  });

  it.each([...s.keys()])('define %s alike: columns, keys, indexes, foreign keys, checks', (name) => {
    expect(p.get(name)).toEqual(s.get(name));
  });
});
