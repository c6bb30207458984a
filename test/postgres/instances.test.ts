import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal';
import { configWith } from '../../src/config';
import { LOCKS } from '../../src/db/postgres';
import { StaleVersionError } from '../../src/domain/errors';
import { idempotentWrite } from '../../src/http/idempotent-write';
import { INDEX_PROJECTION } from '../../src/indices/projector';
import type { Answers } from '../../src/scoring/schemas';
import { createServices, type Services } from '../../src/services';
import { completeAnswers } from '../helpers/answer-arbitraries';
import { newCreditCode } from '../helpers/api';
import { backendOverrides } from '../helpers/postgres';

// Several instances on one PostgreSQL database, as several servers would be: here two sets of services in one
// process, each with its own pool, unit of work and projector.
const admin: Principal = { role: 'admin', keyId: 'test' };
const national = { level: 'country', regionCode: '000000', industryCode: '*', sizeClass: '*' } as const;
let url: string;
let a: Services;
let b: Services;
let answers: Answers;

const open = () => createServices(configWith({ DATABASE_URL: url, LOG_LEVEL: 'silent' }), { onError: () => {} });

beforeAll(async () => {
  url = (await backendOverrides()).DATABASE_URL!;
  [a, b] = await Promise.all([open(), open()]);
  [answers] = fc.sample(completeAnswers(a.catalog.current('steel')!.definition), { numRuns: 1, seed: 5 }) as [Answers];
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

/** A registered enterprise and a draft of `period` with complete answers, through `via`. */
async function draftOn(via: Services, period = '2024') {
  const { enterprise } = await via.enterprises.register(admin, {
    creditCode: newCreditCode(),
    name: '多实例测试',
    regionCode: '310115',
    industryCode: '31',
    sizeClass: 'large',
  });
  const owner: Principal = { role: 'enterprise', keyId: 'test', enterpriseId: enterprise.id };
  const { assessment } = await via.assessments.createDraft(owner, enterprise.id, { period });
  const { assessment: saved } = await via.assessments.saveAnswers(owner, assessment.id, 1, answers);
  return { owner, id: saved.id, version: saved.version };
}

const liveN = async (via: Services, period = '2024') => (await via.indices.liveCube(period, true)).cell(national)?.n ?? 0;

describe('two instances on one PostgreSQL database', () => {
  it('started together, migrate and publish the catalog once between them', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('select count(*)::int as n from drizzle.__drizzle_migrations');
    await client.end();
    expect(rows[0].n).toBeGreaterThanOrEqual(1);
    expect(b.catalog.ids()).toEqual(a.catalog.ids());
  });

  it('submit through both at once, and a live read on either sees every submission at once', async () => {
    const drafts = await Promise.all(Array.from({ length: 12 }, (_, i) => draftOn(i % 2 ? a : b)));
    const before = await liveN(b);
    await Promise.all(drafts.map((d, i) => (i % 3 ? a : b).assessments.submit(d.owner, d.id, d.version)));
    expect(await liveN(b)).toBe(before + 12);
    expect(await liveN(a)).toBe(before + 12);
    // One more through A, read on B straight after its acknowledgement.
    const d = await draftOn(a);
    await a.assessments.submit(d.owner, d.id, d.version);
    expect(await liveN(b)).toBe(before + 13);
  });

  it('let exactly one of two submissions with the same If-Match win, one through each', async () => {
    const d = await draftOn(a);
    const outcomes = await Promise.allSettled([a.assessments.submit(d.owner, d.id, d.version), b.assessments.submit(d.owner, d.id, d.version)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    // The second waited for the first's row lock, then found the draft submitted: a conflict, never a 500.
    expect(refused.reason).toBeInstanceOf(Error);
    expect(['ConflictError', StaleVersionError.name]).toContain((refused.reason as Error).name);
  });

  it('store one write for the same Idempotency-Key sent to both, and give both the same reply', async () => {
    const d = await draftOn(a);
    const ctx = { scope: 'test', key: `k-${d.id}`, requestHash: 'h' };
    const send = (via: Services) =>
      idempotentWrite(
        { uow: via.uow, keys: via.idempotency, clock: via.clock },
        ctx,
        () => via.assessments.submit(d.owner, d.id, d.version),
        (s) => ({ status: 200, headers: { etag: `"${s.assessment.version}"` }, body: s.assessment, json: s.resultJson }),
      );
    const [x, y] = await Promise.all([send(a), send(b)]);
    expect([x.replayed, y.replayed].sort()).toEqual([false, true]);
    expect(x.json).toBe(y.json);
    expect(x.headers).toEqual(y.headers);
  });

  /** Runs one statement on the database from outside the instances (as an operator, or a crash, would). */
  const outside = async (text: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows;
    } finally {
      await client.end();
    }
  };
  const leaders = async () =>
    (await outside("select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = $1 and granted", [LOCKS.projectorLeader]))[0].n as number;

  it('keep projecting when the leader’s connection dies (its session, and so its lock, gone as in a crash)', async () => {
    await expect.poll(leaders, { timeout: 5000 }).toBe(1);
    const [{ pid }] = await outside("select pid from pg_locks where locktype = 'advisory' and objid = $1 and granted", [LOCKS.projectorLeader]);
    await outside('select pg_terminate_backend($1)', [pid]);
    const d = await draftOn(a);
    await a.assessments.submit(d.owner, d.id, d.version);
    // No live read: whichever instance holds the lock now projects it in the background.
    await expect.poll(async () => (await b.changes.watermark(INDEX_PROJECTION)) === (await b.changes.last()), { timeout: 5000 }).toBe(true);
    await expect.poll(leaders, { timeout: 5000 }).toBe(1);
  });

  it('project on exactly one of them at a time, and the other takes over when it goes', async () => {
    await expect.poll(leaders, { timeout: 5000 }).toBe(1);
    // Both close in turn; a third instance opened meanwhile projects once they are gone.
    const c = await open();
    await a.close();
    await b.close();
    const d = await draftOn(c);
    await c.assessments.submit(d.owner, d.id, d.version);
    // No live read: the background projector of the one instance left applies it.
    await expect.poll(async () => (await c.changes.watermark(INDEX_PROJECTION)) === (await c.changes.last()), { timeout: 5000 }).toBe(true);
    expect(await leaders()).toBe(1);
    await c.close();
    [a, b] = await Promise.all([open(), open()]);
  });
});
