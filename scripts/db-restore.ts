// npm run db:restore -- <file> [--force]    restores a backup made by npm run db:backup, with the server stopped:
//   SQLite: into DATABASE_PATH (checked first; an existing database, its -wal and -shm are replaced only with --force);
//   PostgreSQL: pg_restore into DATABASE_URL in one transaction (an empty database; --force drops what the dump holds first).
// Start the server afterwards: it applies any migration the backup predates.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { BackupError, restorePostgres, restoreSqlite } from '../src/db/backup';
import { configOrExit } from './config-or-exit';

const { values, positionals } = parseArgs({ options: { force: { type: 'boolean', default: false } }, allowPositionals: true });
if (positionals.length !== 1) {
  console.error('usage: npm run db:restore -- <file> [--force]');
  process.exit(2);
}
const config = configOrExit();
const file = resolve(positionals[0]!);
try {
  if (config.DATABASE_URL) {
    await restorePostgres(file, config.DATABASE_URL, { force: values.force });
    console.log(`restored ${file} into PostgreSQL (pg_restore)`);
  } else {
    const result = restoreSqlite(file, config.DATABASE_PATH, { force: values.force });
    console.log(`restored ${file} to SQLite ${result.file} (${result.bytes} bytes)`);
  }
} catch (err) {
  if (!(err instanceof BackupError)) throw err;
  console.error(err.message);
  process.exit(1);
}
