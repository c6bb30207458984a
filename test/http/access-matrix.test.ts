import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATRIX } from '../helpers/operations';
import { buildWorld, CALLERS, type Caller, type World } from '../helpers/world';

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(() => w.t.close());

/** Live figures are a query away from published ones: authorities only, within their region. */
const LIVE: { url: string; expect: Record<Caller, number> }[] = [
  {
    url: '/v1/indices/310000?period=2024&source=live',
    expect: { public: 401, admin: 403, enterpriseA: 403, enterpriseB: 403, authorityIn: 200, authorityOut: 404, national: 200 },
  },
  // Kept live responses are served only after the caller is authorized: the in-region authority reads first.
  {
    url: '/v1/indices/310000/children?period=2024&source=live',
    expect: { public: 401, admin: 403, enterpriseA: 403, enterpriseB: 403, authorityIn: 200, authorityOut: 404, national: 200 },
  },
  {
    url: '/v1/rankings?period=2024&source=live',
    expect: { public: 401, admin: 403, enterpriseA: 403, enterpriseB: 403, authorityIn: 404, authorityOut: 404, national: 200 },
  },
];

describe('who may do what: every operation × every caller', () => {
  it('covers every operation of the OpenAPI document', async () => {
    const doc = (await w.t.app.inject('/openapi.json')).json();
    const operations = Object.values<Record<string, { operationId: string }>>(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(operations.sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it('answers each cell as declared', async () => {
    const got: Record<string, Record<string, number>> = {};
    for (const [operation, { call, expect: _ }] of Object.entries(MATRIX)) {
      got[operation] = {};
      for (const caller of CALLERS) {
        const c = call(w);
        const res = await w.t.app.inject({ method: c.method, url: c.url, payload: c.payload as object, headers: { ...c.headers, ...w.keys[caller] } });
        got[operation]![caller] = res.statusCode;
        if (res.statusCode >= 400) expect(res.headers['content-type'], `${operation} ${caller}`).toMatch(/^application\/problem\+json/);
        if (res.statusCode === 401) expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      }
    }
    expect(got).toEqual(Object.fromEntries(Object.entries(MATRIX).map(([op, m]) => [op, m.expect])));
  });

  it('gives live figures to authorities only, within their region', async () => {
    for (const { url, expect: expected } of LIVE) {
      const got = Object.fromEntries(await Promise.all(CALLERS.map(async (c) => [c, (await w.t.app.inject({ url, headers: w.keys[c] })).statusCode] as const)));
      expect(got, url).toEqual(expected);
    }
  });

  it('lists to each caller only what it may see', async () => {
    const list = async (caller: Caller) =>
      (await w.t.app.inject({ url: '/v1/enterprises?limit=200', headers: w.keys[caller] })).json().items.map((e: { regionCode: string; id: string }) => e);
    expect((await list('enterpriseA')).map((e: { id: string }) => e.id)).toEqual([w.a.enterpriseId]);
    expect((await list('authorityIn')).every((e: { regionCode: string }) => e.regionCode.startsWith('31'))).toBe(true);
    expect((await list('authorityOut')).every((e: { regionCode: string }) => e.regionCode.startsWith('32'))).toBe(true);
    expect((await list('authorityOut')).map((e: { id: string }) => e.id)).toContain(w.b.enterpriseId);
    expect((await list('admin')).length).toBeGreaterThanOrEqual(2);
  });
});
