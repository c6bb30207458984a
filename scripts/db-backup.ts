// npm run db:backup -- <file>    a backup of the configured database, taken while the server runs:
//   SQLite (DATABASE_PATH): the online backup API, one consistent snapshot, checked before it takes the name <file>;
//   PostgreSQL (DATABASE_URL): pg_dump --format=custom into <file>.
// Restore with npm run db:restore -- <file> (scripts/db-restore.ts).
import { resolve } from 'node:path';
import { backupPostgres, backupSqlite, BackupError } from '../src/db/backup';
import { configOrExit } from './config-or-exit';

const [target, ...rest] = process.argv.slice(2).filter((a) => a !== '--');
if (!target || rest.length) {
  console.error('usage: npm run db:backup -- <file>');
  process.exit(2);
}
const config = configOrExit();
const file = resolve(target);
try {
  const started = Date.now();
  const result = config.DATABASE_URL ? await backupPostgres(config.DATABASE_URL, file) : await backupSqlite(config.DATABASE_PATH, file);
  const from = config.DATABASE_URL ? 'PostgreSQL (pg_dump -Fc)' : `SQLite ${config.DATABASE_PATH}`;
  console.log(`backed up ${from} to ${result.file}: ${result.bytes} bytes in ${Date.now() - started} ms`);
} catch (err) {
  if (!(err instanceof BackupError)) throw err;
  console.error(err.message);
  process.exit(1);
}
