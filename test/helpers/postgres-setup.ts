import { migratePostgres, openPostgres } from '../../src/db/postgres';
import { onServer, PREFIX, TEMPLATE, testServer, urlOf } from './postgres';

async function dropTestDatabases(): Promise<void> {
  await onServer(async (c) => {
    const { rows } = await c.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [PREFIX]);
    for (const { datname } of rows) await c.query(`drop database if exists ${datname} with (force)`);
  });
}

/** vitest globalSetup of the postgres project: a migrated template to copy each test's database from; all dropped after. */
export async function setup(): Promise<() => Promise<void>> {
  await dropTestDatabases();
  await onServer((c) => c.query(`create database ${TEMPLATE}`));
  const handle = openPostgres(urlOf(testServer(), TEMPLATE), { poolSize: 1, lockTimeoutMs: 5000 });
  try {
    await migratePostgres(handle);
  } finally {
    await handle.close();
  }
  return dropTestDatabases;
}
