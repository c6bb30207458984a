import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Config } from '../../src/config';
import { LOCKS, TYPES } from '../../src/db/postgres';

/**
 * The test suite on PostgreSQL (vitest project `postgres`, run when TEST_DATABASE_URL names a server): each app or
 * set of services a test creates gets a database of its own, copied from a template that globalSetup migrated
 * (test/helpers/postgres-setup.ts), as each gets a fresh SQLite file on the `sqlite` project; globalSetup drops
 * them all at the end.
 */
export const ON_POSTGRES = process.env.RONGHE_TEST_BACKEND === 'postgres';
export const TEMPLATE = 'ronghe_test_template';
export const PREFIX = 'ronghe_test_';

/** A URL on the same server naming another database. */
export function urlOf(server: string, database: string): string {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}

export function testServer(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: the postgres project needs a server (see test/README.md)');
  return url;
}

/** Admin statements (create, drop) on the server's own database. */
export async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServer() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** On the postgres project, the overrides that put a fresh database under whatever a test builds; nothing on sqlite. */
export async function backendOverrides(): Promise<Partial<Config>> {
  if (!ON_POSTGRES) return {};
  const name = `${PREFIX}${randomBytes(6).toString('hex')}`;
  await onServer((c) => c.query(`create database ${name} template ${TEMPLATE}`));
  return { DATABASE_URL: urlOf(testServer(), name) };
}

/**
 * SQL straight on the database under a test's services, on either backend: `?` placeholders (numbered for
 * PostgreSQL). For tests that look at or tamper with stored rows.
 */
export function rawSql(services: { backend: 'sqlite' | 'postgres'; config: Config; database: { sqlite: import('better-sqlite3').Database } }) {
  const numbered = (text: string) => {
    let i = 0;
    return text.replace(/\?/g, () => `$${++i}`);
  };
  const onPg = async <R>(text: string, params: unknown[]) => {
    // bigint as a number, as the app reads it.
    const client = new pg.Client({ connectionString: services.config.DATABASE_URL, types: TYPES });
    await client.connect();
    try {
      return (await client.query(numbered(text), params)) as unknown as { rows: R[]; rowCount: number };
    } finally {
      await client.end();
    }
  };
  return {
    async get<R>(text: string, ...params: unknown[]): Promise<R | undefined> {
      if (services.backend === 'sqlite') return services.database.sqlite.prepare(text).get(...params) as R | undefined;
      return (await onPg<R>(text, params)).rows[0];
    },
    async all<R>(text: string, ...params: unknown[]): Promise<R[]> {
      if (services.backend === 'sqlite') return services.database.sqlite.prepare(text).all(...params) as R[];
      return (await onPg<R>(text, params)).rows;
    },
    /** The `n` of a `select count(*) as n …` (PostgreSQL's bigint read as a number). */
    async count(text: string, ...params: unknown[]): Promise<number> {
      return Number((await this.get<{ n: number | string }>(text, ...params))!.n);
    },
    async run(text: string, ...params: unknown[]): Promise<number> {
      if (services.backend === 'sqlite') return services.database.sqlite.prepare(text).run(...params).changes;
      return (await onPg(text, params)).rowCount;
    },
  };
}

/**
 * Runs `work` while no projector can apply a batch: on PostgreSQL a session of the test's holds the projection's
 * advisory lock (batches wait for it); SQLite projects only at the end of a write batch or a catch-up, which the
 * work does not start.
 */
export async function holdingProjection<T>(services: { backend: 'sqlite' | 'postgres'; config: Config }, work: () => Promise<T>): Promise<T> {
  if (services.backend === 'sqlite') return await work();
  const client = new pg.Client({ connectionString: services.config.DATABASE_URL });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [LOCKS.projection]);
    return await work();
  } finally {
    await client.end();
  }
}

/**
 * On PostgreSQL, a database of its own where a session of the test's holds the projector's leadership, so that no
 * instance started on it projects in the background: projections run only where the test (or a live read, a
 * publication) catches up, as on SQLite outside write batches. Pass `overrides` to the app; `release()` at the end.
 * Nothing on SQLite.
 */
export async function withoutBackgroundProjection(): Promise<{ overrides: Partial<Config>; release(): Promise<void> }> {
  const overrides = await backendOverrides();
  if (!overrides.DATABASE_URL) return { overrides, release: async () => {} };
  const client = new pg.Client({ connectionString: overrides.DATABASE_URL });
  await client.connect();
  await client.query('select pg_advisory_lock($1)', [LOCKS.projectorLeader]);
  return { overrides, release: () => client.end() };
}
