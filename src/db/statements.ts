import type Database from 'better-sqlite3';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A prepared statement, prepared once per connection: preparing on every call costs more than most queries. */
export function statement(sqlite: Database.Database, sql: string): Database.Statement {
  let byText = cache.get(sqlite);
  if (!byText) cache.set(sqlite, (byText = new Map()));
  let s = byText.get(sql);
  if (!s) byText.set(sql, (s = sqlite.prepare(sql)));
  return s;
}
