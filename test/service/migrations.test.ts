import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase, MIGRATIONS_DIR, openDatabase } from '../../src/db/connection';

const dir = mkdtempSync(join(tmpdir(), 'ronghe-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite migrations (migrations/sqlite)', () => {
  it('go on from a database that drizzle-kit’s own migrator migrated: the same journal, nothing applied twice', async () => {
    const handle = openDatabase(join(dir, 'drizzle.db'), { busyTimeoutMs: 1000 });
    migrate(handle.db, { migrationsFolder: MIGRATIONS_DIR });
    const journal = () => handle.sqlite.prepare('select hash, created_at from __drizzle_migrations order by id').all();
    const before = journal();
    expect(before.length).toBeGreaterThanOrEqual(10);
    migrateDatabase(handle);
    migrateDatabase(handle);
    expect(journal()).toEqual(before);
    await handle.close();
  });

  it('are applied by one connection at a time: a second one, starting while the first holds the lock, finds them applied', async () => {
    const path = join(dir, 'two.db');
    const first = openDatabase(path, { busyTimeoutMs: 2000 });
    const second = openDatabase(path, { busyTimeoutMs: 2000 });
    migrateDatabase(first);
    // The second's check of what is applied happens under its own IMMEDIATE lock, after the first committed.
    migrateDatabase(second);
    expect(second.sqlite.prepare('select count(*) from __drizzle_migrations').pluck().get()).toBe(
      first.sqlite.prepare('select count(*) from __drizzle_migrations').pluck().get(),
    );
    await first.close();
    await second.close();
  });
});
