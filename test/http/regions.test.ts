import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, newCreditCode } from '../helpers/api';
import { createTestApp, type TestApp } from '../helpers/app';
import { adminKey } from '../helpers/keys';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const register = async (regionCode: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/enterprises',
    headers: { ...(await adminKey(t.app)), ...headers },
    payload: { creditCode: newCreditCode(), name: '区划测试制造有限公司', regionCode, industryCode: '31', sizeClass: 'small' },
  });

describe('GET /v1/regions', () => {
  it('lists the provinces by default, with the vintage and source of the list', async () => {
    const body = json(await t.app.inject({ method: 'GET', url: '/v1/regions' }));
    expect(body).toMatchObject({ vintage: 2025, source: expect.stringContaining('民政部'), parent: { code: '000000', name: '全国', level: 'country' } });
    expect(body.items).toHaveLength(34);
    expect(body.items[0]).toEqual({ code: '110000', name: '北京市', level: 'province', listed: true });
  });

  it("lists a city's county-level units, and a city without counties as its own", async () => {
    const chongqing = json(await t.app.inject({ method: 'GET', url: '/v1/regions?parent=500100' }));
    expect(chongqing.parent).toEqual({ code: '500100', name: '市辖区', level: 'city', listed: false });
    expect(chongqing.items.map((r: { code: string }) => r.code)).toContain('500157');
    expect(chongqing.items.map((r: { code: string }) => r.code)).not.toContain('500112');
    const dongguan = json(await t.app.inject({ method: 'GET', url: '/v1/regions?parent=441900' }));
    expect(dongguan.items).toEqual([{ code: '441900', name: '东莞市', level: 'county', listed: true }]);
  });

  it('refuses a parent that is not GB/T 2260, naming the parameter', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/regions?parent=320571' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ in: 'query', pointer: '/parent', code: 'region_not_gbt2260' })]);
  });
});

describe('GET /v1/regions/{code}', () => {
  it('gives a region with its path from the country and its children', async () => {
    const body = json(await t.app.inject({ method: 'GET', url: '/v1/regions/310115' }));
    expect(body).toMatchObject({ code: '310115', name: '浦东新区', level: 'county', status: 'current', listed: true, children: [], abolished: null });
    expect(body.path.map((r: { code: string }) => r.code)).toEqual(['000000', '310000', '310100', '310115']);
  });

  it('gives an abolished code with the year and its successors, so what was registered under it can be moved', async () => {
    const body = json(await t.app.inject({ method: 'GET', url: '/v1/regions/500112' }));
    expect(body).toMatchObject({ code: '500112', name: '渝北区', status: 'abolished', path: [], children: [] });
    expect(body.abolished).toEqual({
      year: 2025,
      successors: [
        { code: '500109', name: '北碚区', level: 'county', listed: true },
        { code: '500157', name: '两江新区', level: 'county', listed: true },
      ],
    });
  });

  it('answers 404 for a code GB/T 2260 never had, saying so', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/regions/320571' });
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toMatch(/不是 GB\/T 2260 行政区划代码/);
  });
});

describe('registering enterprises by region', () => {
  it.each(['620200', '441900', '442000', '460400', '500157'])('accepts %s under its own code', async (regionCode) => {
    const res = await register(regionCode);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ regionCode, cityCode: regionCode === '500157' ? '500100' : regionCode });
  });

  it.each([
    ['320571', 'region_not_gbt2260', /320571 is not a GB\/T 2260/],
    ['500112', 'region_abolished', /abolished in 2025; use 500109 北碚区 or 500157 两江新区/],
    ['320500', 'region_not_county_level', /not a county-level unit/],
  ])('refuses %s (%s)', async (regionCode, code, message) => {
    const res = await register(regionCode, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ in: 'body', pointer: '/regionCode', code, message: expect.stringMatching(message) })]);
  });
});
