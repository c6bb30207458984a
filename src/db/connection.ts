import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { fileURLToPath } from 'node:url';
import { GroupCommit } from './group-commit';
import { statement } from './statements';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/**
 * The connection repositories are built on. Named here so that the driver's types stay inside src/db: a module
 * types its repository's parameter with this, never with better-sqlite3.
 */
export type Connection = Database.Database;
export interface DatabaseHandle {
  sqlite: Database.Database;
  db: Db;
  /** The unit of work: group-committed transactions (see GroupCommit). */
  writes: GroupCommit;
  /** Whether the database answers (readiness): a trivial read. */
  ping(): void;
  /**
   * A read-only connection of its own to the same file, for a long read that must not hold up this one's writes
   * (null for an in-memory database, which has only the one connection); the caller closes it.
   */
  openReader(): Connection | null;
  /** Commits what is queued, then closes; at once when no write awaits. */
  close(): Promise<void>;
}

/** SQLite's migrations (drizzle-kit, from schema.ts); PostgreSQL's are in migrations/postgres. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/sqlite/', import.meta.url));

/**
 * Opens SQLite with the durability settings every connection needs, then reads each one back: better-sqlite3
 * reopens an existing WAL database with synchronous=NORMAL, which would lose acknowledged writes on power loss.
 */
export function openDatabase(path: string, options: { busyTimeoutMs: number; cacheMb?: number }): DatabaseHandle {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`cache_size = -${(options.cacheMb ?? 64) * 1024}`);
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
    const expected: Record<string, unknown> = {
      journal_mode: path === ':memory:' ? 'memory' : 'wal',
      synchronous: 2,
      foreign_keys: 1,
      busy_timeout: options.busyTimeoutMs,
    };
    for (const [pragma, value] of Object.entries(expected)) {
      const actual = sqlite.pragma(pragma, { simple: true });
      if (actual !== value) throw new Error(`SQLite pragma ${pragma} is ${String(actual)}, expected ${String(value)}`);
    }
  } catch (err) {
    sqlite.close();
    throw err;
  }
  const db = drizzle(sqlite, { schema });
  const writes = new GroupCommit(sqlite);
  return {
    sqlite,
    db,
    writes,
    ping: () => void statement(sqlite, 'select 1').get(),
    openReader: () => (sqlite.memory ? null : openReader(sqlite.name)),
    close: async () => {
      writes.flush();
      await writes.idle();
      if (sqlite.open) sqlite.close();
    },
  };
}

/** A read-only connection to an existing database file (a reader of its own, another process's view). */
export function openReader(path: string): Database.Database {
  return new Database(path, { readonly: true, fileMustExist: true });
}

/**
 * Applies the committed drizzle-kit migrations; idempotent. What drizzle's migrator does (the same journal table,
 * hashes and times, so databases it migrated go on from where they are), but with the check of what is applied
 * inside the transaction, and that transaction IMMEDIATE: two processes starting together on one file take turns,
 * and the second finds the first's migrations applied (drizzle's reads the journal before its BEGIN, so both
 * would apply them).
 */
export function migrateDatabase(handle: DatabaseHandle, migrationsFolder = MIGRATIONS_DIR): void {
  const migrations = readMigrationFiles({ migrationsFolder });
  const { sqlite } = handle;
  sqlite.exec('begin immediate');
  try {
    sqlite.exec('create table if not exists "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)');
    const last = sqlite.prepare('select created_at from "__drizzle_migrations" order by created_at desc limit 1').pluck().get() as number | string | undefined;
    const record = sqlite.prepare('insert into "__drizzle_migrations" ("hash", "created_at") values (?, ?)');
    for (const migration of migrations) {
      if (last !== undefined && Number(last) >= migration.folderMillis) continue;
      for (const stmt of migration.sql) sqlite.exec(stmt);
      record.run(migration.hash, migration.folderMillis);
    }
    sqlite.exec('commit');
  } catch (err) {
    if (sqlite.inTransaction) sqlite.exec('rollback');
    throw err;
  }
}
