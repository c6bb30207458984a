import Database from 'better-sqlite3';
import pg from 'pg';
import type { Config } from '../../src/config';

type Backend = { backend: 'sqlite' | 'postgres'; config: Config; database: { sqlite: import('better-sqlite3').Database } };

/**
 * Another writer holding the lock a write needs, until `release()` (which may be called twice): on SQLite a second
 * connection in BEGIN IMMEDIATE; on PostgreSQL a transaction holding `enterprises` in EXCLUSIVE mode (reads pass,
 * inserts and locking reads wait).
 */
export async function holdWriteLock(services: Backend): Promise<{ release(): Promise<void> }> {
  if (services.backend === 'sqlite') {
    const other = new Database(services.config.DATABASE_PATH);
    other.exec('BEGIN IMMEDIATE');
    return {
      release: async () => {
        if (!other.open) return;
        other.exec('ROLLBACK');
        other.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: services.config.DATABASE_URL });
  await client.connect();
  await client.query('begin');
  await client.query('lock table enterprises in exclusive mode');
  let open = true;
  return {
    release: async () => {
      if (!open) return;
      open = false;
      await client.query('rollback');
      await client.end();
    },
  };
}

/**
 * A disk that is full for the database until `free()` (idempotent): SQLite's file may not grow (SQLITE_FULL); on
 * PostgreSQL every insert into `enterprises` fails inside its transaction as a full disk makes it fail (SQLSTATE
 * 53100, disk_full) — raised by the server, so the driver, the unit of work and the error mapping see what they
 * would see.
 */
export async function fillDisk(services: Backend): Promise<{ free(): Promise<void> }> {
  if (services.backend === 'sqlite') {
    const { sqlite } = services.database;
    sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true }) as number}`);
    return { free: async () => void sqlite.pragma('max_page_count = 1073741823') };
  }
  const run = async (text: string) => {
    const client = new pg.Client({ connectionString: services.config.DATABASE_URL });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await run(`create function disk_full() returns trigger language plpgsql as $$
    begin raise exception 'could not extend file: No space left on device' using errcode = 'disk_full'; end $$;
    create trigger disk_full before insert on enterprises for each row execute function disk_full();`);
  return { free: () => run('drop trigger if exists disk_full on enterprises; drop function if exists disk_full()') };
}
