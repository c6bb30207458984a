import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEX_PROJECTION } from '../../src/indices/projector';
import { assess, asEnterprise, openDraft, registerEnterprise, saveAnswers, submit } from '../helpers/api';
import { createTestApp, type TestApp } from '../helpers/app';
import { adminKey, nationalKey } from '../helpers/keys';
import { holdingProjection, rawSql } from '../helpers/postgres';

const mini = JSON.parse(readFileSync(new URL('../fixtures/mini-2026.1.json', import.meta.url), 'utf8'));
const answers = { 'RD-01': 'C', 'RD-02': 25, 'RD-03': true, 'AP-01': 20, 'AP-02': true, 'AP-03': 60, 'IN-01': 'B', 'IN-02': ['A'], 'CO-01': 'B', 'PF-01': 10 };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { definitions: [mini] });
});
afterAll(() => t.close());

/** A sample's key: its name and its labels sorted, `name{a="1",b="2"}`, whatever order the exposition wrote them in. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels = m[2] ? [...m[2].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => `${k}="${v}"`).sort() : [];
    out.set(labels.length ? `${m[1]}{${labels.join(',')}}` : m[1]!, Number(m[3]));
  }
  return out;
}

async function scrape() {
  const res = await t.app.inject({ url: '/metrics', headers: await adminKey(t.app) });
  expect(res.statusCode, res.body).toBe(200);
  return { res, samples: samples(res.body) };
}
const requests = (s: Map<string, number>, operation: string, statusClass: string, method = 'GET') =>
  s.get(`ronghe_http_request_duration_seconds_count{method="${method}",operation="${operation}",status_class="${statusClass}"}`) ?? 0;

describe('GET /metrics', () => {
  it('is for admins only: operational data is not public', async () => {
    expect((await t.app.inject('/metrics')).statusCode).toBe(401);
    const e = await registerEnterprise(t.app);
    const denied = await t.app.inject({ url: '/metrics', headers: asEnterprise(t.app, e.id) });
    expect(denied.statusCode).toBe(403);
    expect(denied.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.app.inject({ url: '/metrics', headers: await nationalKey(t.app) })).statusCode).toBe(403);
    const { res } = await scrape();
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    // Documented next to /health, as the system operation it is.
    const doc = (await t.app.inject('/openapi.json')).json();
    expect(doc.paths['/metrics'].get).toMatchObject({ operationId: 'getMetrics', tags: ['system'], security: [{ bearerAuth: [] }] });
  });

  it('counts requests by operationId and status class, never by raw URL', async () => {
    const before = (await scrape()).samples;
    await t.app.inject('/v1/industries');
    await t.app.inject('/v1/industries');
    expect((await t.app.inject('/v1/questionnaires/no-such-questionnaire')).statusCode).toBe(404);
    expect((await t.app.inject('/no/such/path/12345')).statusCode).toBe(404);
    const e = await registerEnterprise(t.app);
    const draft = await openDraft(t.app, e.id, '2024');
    const after = (await scrape()).samples;
    expect(requests(after, 'listIndustries', '2xx') - requests(before, 'listIndustries', '2xx')).toBe(2);
    expect(requests(after, 'getQuestionnaire', '4xx') - requests(before, 'getQuestionnaire', '4xx')).toBe(1);
    expect(requests(after, 'unmatched', '4xx') - requests(before, 'unmatched', '4xx')).toBe(1);
    expect(requests(after, 'createAssessmentDraft', '2xx', 'POST') - requests(before, 'createAssessmentDraft', '2xx', 'POST')).toBe(1);
    // Latency buckets, cumulative up to +Inf = the count.
    const inf = after.get('ronghe_http_request_duration_seconds_bucket{le="+Inf",method="GET",operation="listIndustries",status_class="2xx"}');
    expect(inf).toBe(requests(after, 'listIndustries', '2xx'));
    expect(after.get('ronghe_http_request_duration_seconds_sum{method="GET",operation="listIndustries",status_class="2xx"}')).toBeGreaterThan(0);
    // No label carries an id, a code from a path or the unmatched path itself.
    const keys = [...after.keys()].join('\n');
    for (const leaked of [e.id, draft.id, 'no-such-questionnaire', '12345', '/v1/']) expect(keys).not.toContain(leaked);
    expect(after.get('process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
  });

  it('counts acknowledged submissions once, not their idempotent replays', async () => {
    const before = (await scrape()).samples.get('ronghe_submissions_total')!;
    const e = await registerEnterprise(t.app);
    await assess(t.app, e.id, '2023', answers);
    const draft = await openDraft(t.app, e.id, '2024');
    const saved = await saveAnswers(t.app, draft.id, '"1"', answers);
    const first = await submit(t.app, draft.id, saved.headers.etag as string, { 'idempotency-key': 'metrics-submit' });
    const replay = await submit(t.app, draft.id, saved.headers.etag as string, { 'idempotency-key': 'metrics-submit' });
    expect([first.statusCode, replay.statusCode, replay.headers['idempotent-replayed']]).toEqual([200, 200, 'true']);
    // Submitting it again without the key is refused: it is submitted already.
    expect((await submit(t.app, draft.id, saved.headers.etag as string)).statusCode).toBe(409);
    expect((await scrape()).samples.get('ronghe_submissions_total')! - before).toBe(2);
  });

  it('reports the projection lag: the change log’s latest sequence minus the projector’s watermark', async () => {
    const e = await registerEnterprise(t.app);
    await assess(t.app, e.id, '2022', answers);
    const { services } = t.app;
    // On SQLite the submission's own batch projected it; on PostgreSQL the projecting instance does, a moment later.
    await services.projector.catchUp();
    const caughtUp = (await scrape()).samples;
    const { appended } = await services.projector.position();
    expect(appended).toBeGreaterThan(2);
    expect(caughtUp.get(`ronghe_change_log_sequence{projection="${INDEX_PROJECTION}"}`)).toBe(appended);
    expect(caughtUp.get(`ronghe_projection_watermark{projection="${INDEX_PROJECTION}"}`)).toBe(appended);
    expect(caughtUp.get(`ronghe_projection_lag_events{projection="${INDEX_PROJECTION}"}`)).toBe(0);

    // As if another process had appended two events no projector has applied yet: the watermark two events back,
    // set outside any unit of work (one would project them again at its end, before COMMIT), while no projector can
    // take its turn (PostgreSQL's background one waits for the projection's lock).
    const sql = rawSql(services);
    await holdingProjection(services, async () => {
      await sql.run('update projections set seq = ? where name = ?', appended - 2, INDEX_PROJECTION);
      const behind = (await scrape()).samples;
      expect(behind.get(`ronghe_projection_lag_events{projection="${INDEX_PROJECTION}"}`)).toBe(2);
      expect(behind.get(`ronghe_projection_watermark{projection="${INDEX_PROJECTION}"}`)).toBe(appended - 2);
    });
    // A live read catches the projection up.
    expect((await t.app.inject({ url: '/v1/indices/000000?period=2022&source=live', headers: await nationalKey(t.app) })).statusCode).toBe(200);
    expect((await scrape()).samples.get(`ronghe_projection_lag_events{projection="${INDEX_PROJECTION}"}`)).toBe(0);
  });

  it('reports database connections: the pool’s size and the writes waiting for a connection', async () => {
    const backend = t.app.services.backend;
    const idle = (await scrape()).samples;
    // SQLite has one write connection, and writes wait for its next group commit; PostgreSQL has DB_POOL_SIZE.
    const size = backend === 'sqlite' ? 1 : t.config.DB_POOL_SIZE;
    expect(idle.get(`ronghe_db_connections{backend="${backend}",state="size"}`)).toBe(size);
    expect(idle.get(`ronghe_db_connections{backend="${backend}",state="waiting"}`)).toBe(0);
    const { services } = t.app;
    if (backend === 'sqlite') {
      // Three writes queued in this turn of the event loop wait for the group commit that setImmediate starts.
      const writes = [1, 2, 3].map(() => services.uow.write(() => services.changes.last()));
      const queued = samples(await services.metrics.exposition());
      expect(queued.get('ronghe_db_connections{backend="sqlite",state="waiting"}')).toBe(3);
      await Promise.all(writes);
    } else {
      // Every connection held by a write that waits for the test, and three more writes waiting for one.
      let started = 0;
      let release!: () => void;
      const latch = new Promise<void>((resolve) => (release = resolve));
      const writes = Array.from({ length: size + 3 }, () =>
        services.uow.write(async () => {
          started++;
          await latch;
        }),
      );
      while (started < size) await new Promise((resolve) => setTimeout(resolve, 5));
      const scraping = services.metrics.exposition();
      release();
      const queued = samples(await scraping);
      expect(queued.get('ronghe_db_connections{backend="postgres",state="in_use"}')).toBe(size);
      // The three, and the background projector's tick if it asked for a connection meanwhile.
      expect(queued.get('ronghe_db_connections{backend="postgres",state="waiting"}')).toBeGreaterThanOrEqual(3);
      expect(queued.get('ronghe_db_connections{backend="postgres",state="waiting"}')).toBeLessThanOrEqual(4);
      await Promise.all(writes);
      expect(started).toBe(size + 3);
    }
    expect((await scrape()).samples.get(`ronghe_db_connections{backend="${backend}",state="waiting"}`)).toBe(0);
  });
});
