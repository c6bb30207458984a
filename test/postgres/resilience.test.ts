import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { configWith } from '../../src/config';
import { openPostgres } from '../../src/db/postgres';
import { UnavailableError } from '../../src/domain/errors';
import { toProblemError } from '../../src/plugins/errors';
import { createServices } from '../../src/services';
import { backendOverrides, onServer, testServer } from '../helpers/postgres';

describe('PostgreSQL connections lost or scarce', () => {
  it('fails a write whose connection is terminated as storage unavailable (503), and the process and the pool go on', async () => {
    const { DATABASE_URL } = await backendOverrides();
    const handle = openPostgres(DATABASE_URL!, { poolSize: 2, lockTimeoutMs: 5000 });
    try {
      let pid = 0;
      // Its outcome is taken at once: the rejection comes while this test is still killing the connection.
      const outcome = handle.writes
        .write(async () => {
          pid = (await handle.sql.rows<{ pid: number }>('select pg_backend_pid() as pid'))[0]!.pid;
          await handle.sql.rows('select pg_sleep(5)');
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      while (pid === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      // An operator's pg_terminate_backend, a failover: the connection dies under the running statement. Unheard,
      // the connection's 'error' event would end this process (and vitest would report it).
      await onServer((c) => c.query('select pg_terminate_backend($1)', [pid]));
      const err = await outcome;
      expect(err).not.toBeNull();
      expect(toProblemError(err as never).status).toBe(503);
      await handle.ping();
      expect((await handle.sql.rows<{ n: number }>('select 1 as n'))[0]!.n).toBe(1);
    } finally {
      await handle.close();
    }
  });

  it('serves with a pool of one: the projector leader holds a connection of its own', async () => {
    const services = await createServices(configWith({ ...(await backendOverrides()), DB_POOL_SIZE: 1, LOG_LEVEL: 'silent' }));
    try {
      // Let the leader take its lock (it tries every 50 ms), then the one pooled connection must still answer.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const answered = await Promise.race([services.ping().then(() => 'ping'), new Promise((resolve) => setTimeout(() => resolve('timeout'), 3000))]);
      expect(answered).toBe('ping');
      expect(await services.metrics.exposition()).toContain('ronghe_db_connections{backend="postgres"');
    } finally {
      await services.close();
    }
  });
});

describe('a live read behind a transaction that does not end', () => {
  it('answers 503 with Retry-After after a bounded wait, and catches up once that transaction ends', async () => {
    const services = await createServices(configWith({ ...(await backendOverrides()), LOG_LEVEL: 'silent' }));
    // A transaction of another application on the same server, holding an id: the change log's horizon waits for it.
    const other = new pg.Client({ connectionString: testServer() });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('select pg_current_xact_id()');
      await services.uow.write(() =>
        services.changes.append({ kind: 'enterprise.moved', enterpriseId: 'e', fromRegionCode: '310101', toRegionCode: '310104' }, new Date().toISOString()),
      );
      const started = Date.now();
      const err = await services.projector.catchUp().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(UnavailableError);
      expect(Date.now() - started).toBeLessThan(15_000);
      const problem = toProblemError(err as never);
      expect([problem.status, problem.extra.headers?.['retry-after']]).toEqual([503, '2']);
      await other.query('commit');
      await services.projector.catchUp();
      const { applied, appended } = await services.projector.position();
      expect(applied).toBe(appended);
    } finally {
      await other.end();
      await services.close();
    }
  });
});

describe('a change log restored from another cluster', () => {
  it('is rebased at start, so events appended afterwards are projected (their transaction ids are lower than the restored ones)', async () => {
    const overrides = await backendOverrides();
    const config = configWith({ ...overrides, LOG_LEVEL: 'silent' });
    const moved = (n: number) => ({ kind: 'enterprise.moved' as const, enterpriseId: `e${n}`, fromRegionCode: '310101', toRegionCode: '310104' });
    const first = await createServices(config);
    try {
      for (const n of [1, 2, 3]) await first.uow.write(() => first.changes.append(moved(n), new Date().toISOString()));
      await first.projector.catchUp();
      expect(await first.projector.position()).toEqual({ applied: 3, appended: 3 });
      // One more, not yet projected when the dump is taken.
      await first.uow.write(() => first.changes.append(moved(4), new Date().toISOString()));
    } finally {
      await first.close();
    }
    // What pg_restore into a younger cluster leaves: the events' ids ahead of every id this cluster will give.
    await onServer(async () => {
      const client = new pg.Client({ connectionString: overrides.DATABASE_URL });
      await client.connect();
      try {
        await client.query('update change_log set xid = ((pg_snapshot_xmax(pg_current_snapshot())::text::bigint + 1000000 + xid::text::bigint))::text::xid8');
        await client.query("update projections set seq = 3 where name = 'index-rollups'");
      } finally {
        await client.end();
      }
    });
    const second = await createServices(config);
    try {
      await second.uow.write(() => second.changes.append(moved(5), new Date().toISOString()));
      await second.projector.catchUp();
      // Event 4 (pending at the dump) and event 5 (appended after the restore) are both applied.
      expect(await second.projector.position()).toEqual({ applied: 5, appended: 5 });
    } finally {
      await second.close();
    }
  });
});
