import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { migrateDatabase, MIGRATIONS_DIR, openDatabase, type DatabaseHandle } from '../../src/db/connection';

interface Journal {
  entries: { tag: string }[];
}

/** A copy of migrations/sqlite/ that ends at `tag` (its file name without .sql), next to `path`. */
function migrationsUpTo(root: string, tag: string): string {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as Journal;
  const at = journal.entries.findIndex((e) => e.tag === tag);
  if (at < 0) throw new Error(`no migration ${tag} in ${MIGRATIONS_DIR}`);
  const entries = journal.entries.slice(0, at + 1);
  const dir = join(root, `migrations-to-${tag}`);
  mkdirSync(join(dir, 'meta'), { recursive: true });
  for (const e of entries) copyFileSync(join(MIGRATIONS_DIR, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  return dir;
}

/**
 * A database as a release that ended with migration `tag` left it: migrated from migrations/sqlite/ up to that one only.
 * Opening it with the app (or migrateDatabase) applies the migrations after it.
 */
export function openDatabaseAt(path: string, tag: string): DatabaseHandle {
  const handle = openDatabase(path, { busyTimeoutMs: 1000 });
  migrateDatabase(handle, migrationsUpTo(dirname(path), tag));
  return handle;
}
