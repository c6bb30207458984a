import { execFile } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { openReader } from './connection';

const run = promisify(execFile);

/**
 * Backups and restores, for `npm run db:backup` and `npm run db:restore` (scripts/). SQLite: the online backup API
 * from a read-only connection of its own, so the server goes on writing; PostgreSQL: pg_dump's custom format and
 * pg_restore. A backup appears under its name only once it is complete and checked: it is written beside it first.
 */

export interface BackupResult {
  file: string;
  bytes: number;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Renames into place and makes the rename durable. */
function publish(partial: string, file: string): void {
  fsyncFile(partial);
  renameSync(partial, file);
  fsyncFile(dirname(file));
}

const partialOf = (file: string) => join(dirname(file), `.${basename(file)}.partial-${process.pid}`);

/** quick_check on a database file: structure intact, every page readable. Throws a BackupError saying what is not. */
function check(path: string, what: string): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const result = db.pragma('quick_check', { simple: true });
    if (result !== 'ok') throw new BackupError(`${what} ${path} fails SQLite's quick_check: ${String(result)}`);
    const tables = db.prepare("select count(*) as n from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get() as { n: number };
    if (tables.n !== 1) throw new BackupError(`${what} ${path} is an SQLite database, but not Ronghe's (no migrations table)`);
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${what} ${path} is not a readable SQLite database: ${(err as Error).message}`);
  } finally {
    db?.close();
  }
}

/**
 * An online backup of the SQLite database at `source` into `file`, consistent while the server writes: the pages
 * are copied in one step of the backup API, that is inside one read transaction, which in WAL mode sees one
 * committed state and holds up no writer (a step of a few pages at a time would restart whenever the server
 * commits, and might never finish on a busy server). The copy is checked before it takes the name `file`.
 */
export async function backupSqlite(source: string, file: string): Promise<BackupResult> {
  if (!existsSync(source)) throw new BackupError(`DATABASE_PATH=${JSON.stringify(source)}: no database there to back up`);
  const partial = partialOf(file);
  rmSync(partial, { force: true });
  const reader = openReader(source);
  try {
    await reader.backup(partial, { progress: () => 0x7fffffff });
  } catch (err) {
    rmSync(partial, { force: true });
    throw new BackupError(`backup of ${source} failed: ${(err as Error).message}`);
  } finally {
    reader.close();
  }
  try {
    check(partial, 'the backup');
    publish(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  return { file, bytes: statSync(file).size };
}

/**
 * Restores a backup made by backupSqlite into `target`, with the server stopped (a running server keeps the file
 * it opened, and its next checkpoint would write the old database's WAL into the new one). The backup is checked
 * first; an existing database is replaced only with `force`, and its -wal and -shm files go with it, since a WAL
 * left beside the restored file would be replayed onto it.
 */
export function restoreSqlite(file: string, target: string, options: { force?: boolean } = {}): BackupResult {
  check(file, 'the backup');
  const existing = [target, `${target}-wal`, `${target}-shm`].filter((f) => existsSync(f));
  if (existing.length && !options.force) {
    throw new BackupError(`DATABASE_PATH=${JSON.stringify(target)} exists: stop the server, then restore with --force to replace it`);
  }
  mkdirSync(dirname(target), { recursive: true });
  const partial = partialOf(target);
  try {
    copyFileSync(file, partial);
    for (const f of [`${target}-wal`, `${target}-shm`]) rmSync(f, { force: true });
    publish(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  check(target, 'the restored database');
  return { file: target, bytes: statSync(target).size };
}

/** The folder of PostgreSQL's client programs: $PG_BIN, the newest /usr/lib/postgresql/N/bin (Debian), or PATH. */
function postgresBin(program: 'pg_dump' | 'pg_restore'): string {
  if (process.env.PG_BIN) return join(process.env.PG_BIN, program);
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', program)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions.length ? join(root, versions[0]!, 'bin', program) : program;
}

async function runPostgresTool(program: 'pg_dump' | 'pg_restore', args: string[]): Promise<void> {
  try {
    await run(postgresBin(program), args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const { code, stderr } = err as { code?: unknown; stderr?: string };
    if (code === 'ENOENT') throw new BackupError(`${program} not found (apt-get install postgresql-client, or set PG_BIN)`);
    throw new BackupError(`${program} failed: ${(stderr ?? (err as Error).message).trim()}`);
  }
}

/**
 * pg_dump of the database at `url` in the custom format (-Fc: compressed, restored selectively and in parallel by
 * pg_restore), one consistent snapshot while the servers go on writing. pg_dump must be at least the server's
 * version: the newest installed is used.
 */
export async function backupPostgres(url: string, file: string): Promise<BackupResult> {
  const partial = partialOf(file);
  try {
    await runPostgresTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${url}`]);
    publish(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  return { file, bytes: statSync(file).size };
}

/**
 * pg_restore of a pg_dump -Fc file into the database at `url`, in one transaction (all or nothing). Into an empty
 * database as it is; with `force`, objects the dump holds are dropped first (--clean --if-exists).
 */
export async function restorePostgres(file: string, url: string, options: { force?: boolean } = {}): Promise<void> {
  if (!existsSync(file)) throw new BackupError(`no backup at ${file}`);
  await runPostgresTool('pg_restore', [
    '--single-transaction',
    '--exit-on-error',
    '--no-owner',
    '--no-privileges',
    ...(options.force ? ['--clean', '--if-exists'] : []),
    `--dbname=${url}`,
    file,
  ]);
}
