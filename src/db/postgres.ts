import { AsyncLocalStorage } from 'node:async_hooks';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Awaitable, UnitOfWork } from './unit-of-work';

/** PostgreSQL's migrations (drizzle-kit, from schema.pg.ts). */
export const PG_MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/postgres/', import.meta.url));

/**
 * Advisory lock keys (one 64-bit space per database): migrations at start, the index projection's batches (one
 * instance at a time), the projector's leadership (the instance that projects in the background).
 */
export const LOCKS = { migrations: 7_271_001, projection: 7_271_002, projectorLeader: 7_271_003 } as const;

/** What repositories run SQL through: the current write's transaction when there is one, else the pool. */
export interface PgSql {
  /** Rows as objects keyed by the select list's names. */
  rows<R>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Rows as arrays, in select-list order (large reads: no object per row). */
  arrays(text: string, params?: readonly unknown[]): Promise<unknown[][]>;
  /** Runs a statement; the number of rows it affected. */
  run(text: string, params?: readonly unknown[]): Promise<number>;
  /** Whether this runs inside a write's transaction (reads that decide a write lock their rows: FOR UPDATE). */
  inWrite(): boolean;
  /**
   * Runs `work` on a connection of its own in one read-only REPEATABLE READ transaction: several reads that see
   * one commit, however long they take, without holding up writers.
   */
  snapshot<T>(work: (sql: Omit<PgSql, 'snapshot'>) => Promise<T>): Promise<T>;
}

export interface PostgresHandle {
  sql: PgSql;
  writes: PgUnitOfWork;
  /** Whether the database answers (readiness). */
  ping(): Promise<void>;
  /** The pool's connections: the most it opens, in use, and callers waiting for one (for /metrics). */
  poolUse(): { size: number; inUse: number; waiting: number };
  /**
   * A connection of its own, outside the pool, for as long as the caller holds it (session-level advisory locks);
   * the caller ends it. Outside the pool so that holding it never takes a connection from the requests.
   */
  connect(): Promise<pg.Client>;
  close(): Promise<void>;
}

type Queryable = Pick<pg.PoolClient, 'query'>;

// int8 (count(*), sum(), bigint) as a number, not a string; the sums here stay far below 2^53.
export const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** SQLSTATEs after which the whole write is run again: serialization failure, deadlock, and a unique key taken meanwhile. */
const RETRYABLE = new Set(['40001', '40P01', '23505']);
const MAX_ATTEMPTS = 8;
const sqlState = (err: unknown) => String((err as { code?: unknown } | null)?.code ?? '');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * node-postgres reports a lost or unobtainable connection without a SQLSTATE ("Connection terminated
 * unexpectedly", "Client has encountered a connection error and is not queryable", a pool's connect timeout, a
 * pool used after end()): such errors get the code PG_CONNECTION, which the HTTP edge answers as storage
 * unavailable (503), as it does SQLSTATE class 08.
 */
const CONNECTION_LOST = /Connection terminated|not queryable|timeout exceeded when trying to connect|Cannot use a pool after calling end/;
function tagged(err: unknown): unknown {
  if (err instanceof Error && (err as { code?: unknown }).code === undefined && CONNECTION_LOST.test(err.message)) {
    (err as { code?: string }).code = 'PG_CONNECTION';
  }
  return err;
}
const tagging = async <T>(work: Promise<T>): Promise<T> => {
  try {
    return await work;
  } catch (err) {
    throw tagged(err);
  }
};

/**
 * PostgreSQL's unit of work: each write is a transaction on a pooled connection (READ COMMITTED), its work's
 * repository calls routed to that connection (AsyncLocalStorage: a write called inside another's work joins it).
 * Where writes race (a draft per period, a submission and an If-Match, an Idempotency-Key), the rows that decide
 * are locked as they are read (SELECT … FOR UPDATE; an advisory lock per idempotency key), so the second waits for
 * the first and then decides on what it committed. A deadlock, a serialization failure, or a unique key another
 * write took meanwhile rolls the write back and runs it again (up to MAX_ATTEMPTS), where it finds the other's
 * row and answers as if it had come second. The promise settles after COMMIT.
 */
export class PgUnitOfWork implements UnitOfWork {
  readonly inside = new AsyncLocalStorage<pg.PoolClient>();

  constructor(private readonly pool: pg.Pool) {}

  async write<T>(work: () => Awaitable<T>): Promise<T> {
    if (this.inside.getStore()) return await work();
    for (let attempt = 1; ; attempt++) {
      const client = await tagging(this.pool.connect());
      let broken: Error | undefined;
      try {
        await client.query('begin');
        const value = await this.inside.run(client, work);
        await client.query('commit');
        return value;
      } catch (err) {
        try {
          await client.query('rollback');
        } catch (rollbackError) {
          broken = rollbackError as Error;
        }
        // A key taken meanwhile is a race lost once; a key taken for good (a duplicate in the write itself) is not
        // worth more than one more try.
        const attempts = sqlState(err) === '23505' ? 2 : MAX_ATTEMPTS;
        if (!RETRYABLE.has(sqlState(err)) || attempt >= attempts) throw tagged(err);
      } finally {
        client.release(broken);
      }
      await sleep(Math.random() * 5 * attempt);
    }
  }

  /** Committed data only: outside a write, each statement reads what is committed when it starts. */
  async read<T>(work: () => Awaitable<T>): Promise<T> {
    return await work();
  }

  /** The connection of the write running here, if any. */
  current(): Queryable | undefined {
    return this.inside.getStore();
  }
}

function sqlOn(q: () => Queryable, inWrite: () => boolean): Omit<PgSql, 'snapshot'> {
  return {
    rows: async <R>(text: string, params: readonly unknown[] = []) => (await tagging(q().query(text, params as unknown[]))).rows as R[],
    arrays: async (text: string, params: readonly unknown[] = []) =>
      (await tagging(q().query({ text, values: params as unknown[], rowMode: 'array' }))).rows as unknown[][],
    run: async (text: string, params: readonly unknown[] = []) => (await tagging(q().query(text, params as unknown[]))).rowCount ?? 0,
    inWrite,
  };
}

/** A pool on `url` (postgres://…) of at most `poolSize` connections, and the unit of work on it. */
export function openPostgres(url: string, options: { poolSize: number; lockTimeoutMs: number }): PostgresHandle {
  // A request waiting longer than this for a connection fails (a 503) instead of waiting for ever; so does a statement
  // waiting longer than lockTimeoutMs for a lock another transaction holds (55P03, as SQLite's busy timeout: 0 there
  // means not waiting, while PostgreSQL's 0 would mean waiting for ever).
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize,
    types: TYPES,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    lock_timeout: Math.max(1, options.lockTimeoutMs),
  });
  // A connection that dies (a failover, a terminated backend) emits 'error'; unheard, that would end the process. An
  // idle one's reaches the pool's listener; a checked-out one's its own, while the query it was running fails with
  // the same error and the pool drops the connection on release. The next query reconnects.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const writes = new PgUnitOfWork(pool);
  const base = sqlOn(
    () => writes.current() ?? pool,
    () => writes.current() !== undefined,
  );
  const sql: PgSql = {
    ...base,
    async snapshot(work) {
      const client = await tagging(pool.connect());
      try {
        await client.query('begin isolation level repeatable read read only');
        const value = await work(
          sqlOn(
            () => client,
            () => false,
          ),
        );
        await client.query('commit');
        return value;
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw tagged(err);
      } finally {
        client.release();
      }
    },
  };
  return {
    sql,
    writes,
    ping: async () => void (await tagging(pool.query('select 1'))),
    poolUse: () => ({ size: options.poolSize, inUse: pool.totalCount - pool.idleCount, waiting: pool.waitingCount }),
    connect: async () => {
      const client = new pg.Client({ connectionString: url, types: TYPES, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
      client.on('error', () => {});
      await client.connect();
      return client;
    },
    close: () => pool.end(),
  };
}

/**
 * Applies the committed migrations (drizzle's migrator, on one connection) while holding an advisory lock: two
 * instances starting together take turns, and the second finds the first's migrations applied.
 */
export async function migratePostgres(handle: PostgresHandle, migrationsFolder = PG_MIGRATIONS_DIR): Promise<void> {
  const client = await handle.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [LOCKS.migrations]);
    try {
      await migrate(drizzle(client), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [LOCKS.migrations]);
    }
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Runs `tick` every `intervalMs` for as long as this process holds the session-level advisory lock `key`, on a
 * connection of its own: one instance at a time does it, and when that instance dies its session ends, the lock
 * is free, and the next instance to try takes over. The others try again every interval.
 */
export function whileLeader(
  handle: PostgresHandle,
  key: number,
  tick: () => Promise<void>,
  options: { intervalMs: number; onError: (err: unknown) => void },
): { isLeader(): boolean; close(): Promise<void> } {
  let client: pg.Client | null = null;
  let leader = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const drop = () => {
    void client?.end().catch(() => {});
    client = null;
    leader = false;
  };
  async function step(): Promise<void> {
    try {
      if (!client) {
        client = await handle.connect();
        client.on('error', () => drop());
      }
      if (!leader) leader = (await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [key])).rows[0]!.ok;
      if (leader) await tick();
    } catch (err) {
      if (client && !leader) drop();
      options.onError(err);
    }
  }
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = step().finally(schedule);
    }, options.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    isLeader: () => leader,
    async close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      if (client && leader) await client.query('select pg_advisory_unlock($1)', [key]).catch(() => {});
      if (client) await client.end().catch(() => {});
      client = null;
      leader = false;
    },
  };
}
