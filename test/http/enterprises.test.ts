import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { asEnterprise, json, newCreditCode, registerEnterprise } from '../helpers/api';
import { adminKey, keyFor } from '../helpers/keys';
import { rawSql } from '../helpers/postgres';

const mini = JSON.parse(readFileSync(new URL('../fixtures/mini-2026.1.json', import.meta.url), 'utf8'));
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { definitions: [mini] });
});
afterAll(() => t.close());

const create = async (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/v1/enterprises', payload, headers: { ...(await adminKey(t.app)), ...headers } });
const valid = () => ({
  creditCode: newCreditCode(),
  name: '苏州示例电子有限公司',
  regionCode: '320505',
  industryCode: '39',
  employees: 450,
  revenueMillionYuan: 120,
});

function problem(res: { statusCode: number; headers: Record<string, unknown>; json(): any }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return res.json();
}

describe('POST /v1/enterprises', () => {
  it('registers an enterprise, deriving its size class and locating it', async () => {
    const res = await create(valid());
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(res.headers.location).toBe(`/v1/enterprises/${body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(body).toMatchObject({
      name: '苏州示例电子有限公司',
      regionCode: '320505',
      regionName: '虎丘区',
      provinceCode: '320000',
      cityCode: '320500',
      industryCode: '39',
      sizeClass: 'medium', // 450 employees ≥ 300 and 120 m yuan ≥ 20 m; short of large on both
      questionnaireId: 'mini',
      synthetic: false,
      version: 1,
    });
    const fetched = await t.app.inject({ url: `/v1/enterprises/${body.id}`, headers: await adminKey(t.app) });
    expect(fetched.json()).toEqual(body);
    expect(fetched.headers.etag).toBe('"1"');
  });

  it('names a bad check character', async () => {
    // 91350100M000100Y43 with its last character changed: every other part is right.
    const body = problem(await create({ ...valid(), creditCode: '91350100M000100Y4B' }, { 'accept-language': 'en' }), 422);
    expect(body.errors).toEqual([
      { in: 'body', pointer: '/creditCode', code: 'credit_code_check', message: 'position 18: the check character should be 3, not B' },
    ]);
  });

  it('names every invalid field at once, unknown ones included', async () => {
    const body = problem(await create({ ...valid(), regionCode: '310000', industryCode: '44', name: '', nickname: 'x' }), 422);
    const pointers = body.errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual(['/industryCode', '/name', '/nickname', '/regionCode']);
    expect(body.errors.find((e: { pointer: string }) => e.pointer === '/regionCode').message).toMatch(/不是县级行政区/);
  });

  it('refuses a size class that contradicts employees and revenue, and requires one without them', async () => {
    const wrong = problem(await create({ ...valid(), sizeClass: 'large' }), 422);
    expect(wrong.errors[0]).toMatchObject({ pointer: '/sizeClass', message: '从业人员 450 人、营业收入 120 百万元应为 medium' });
    const { employees: _e, revenueMillionYuan: _r, ...bare } = valid();
    expect(problem(await create(bare), 422).errors[0]).toMatchObject({ pointer: '/sizeClass', code: 'required' });
  });

  it('answers a duplicate credit code with 409 and the existing location', async () => {
    const first = await create(valid());
    const again = await create({ ...valid(), creditCode: first.json().creditCode });
    problem(again, 409);
    expect(again.headers.location).toBe(`/v1/enterprises/${first.json().id}`);
  });

  it('replays a retry with the same Idempotency-Key and writes nothing new', async () => {
    const payload = valid();
    const a = await create(payload, { 'idempotency-key': 'reg-0001' });
    const b = await create(payload, { 'idempotency-key': 'reg-0001' });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json()).toEqual(a.json());
    expect(b.headers.location).toBe(a.headers.location);
    expect(await rawSql(t.app.services).count('select count(*) as n from enterprises where credit_code = ?', payload.creditCode)).toBe(1);
  });

  it('keeps the Idempotency-Keys of different callers apart', async () => {
    const payload = valid();
    const first = await create(payload, { 'idempotency-key': 'shared-key' });
    const other = await t.app.inject({
      method: 'POST',
      url: '/v1/enterprises',
      payload,
      headers: { ...(await keyFor(t.app, 'admin')), 'idempotency-key': 'shared-key' },
    });
    expect(first.statusCode).toBe(201);
    // Not a replay of the first caller's response: the other caller's own request, a duplicate credit code.
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    problem(other, 409);
  });

  it('refuses the same Idempotency-Key with a different body', async () => {
    await create(valid(), { 'idempotency-key': 'reg-0002' });
    const body = problem(await create(valid(), { 'idempotency-key': 'reg-0002' }), 422);
    expect(body.type).toBe('/problems/idempotency-key-reused');
  });
});

describe('PATCH /v1/enterprises/{id}', () => {
  it('needs If-Match: 428 without, 412 when stale, 200 when current', async () => {
    const e = await registerEnterprise(t.app);
    const url = `/v1/enterprises/${e.id}`;
    const me = asEnterprise(t.app, e.id);
    problem(await t.app.inject({ method: 'PATCH', url, payload: { name: '新名称' }, headers: me }), 428);
    const ok = await t.app.inject({ method: 'PATCH', url, payload: { name: '新名称', regionCode: '310101' }, headers: { 'if-match': '"1"', ...me } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.json()).toMatchObject({ name: '新名称', regionCode: '310101', regionName: '黄浦区', version: 2 });
    const stale = problem(await t.app.inject({ method: 'PATCH', url, payload: { name: 'x' }, headers: { 'if-match': '"1"', ...me } }), 412);
    expect(stale.detail).toMatch(/"2"/);
    problem(await t.app.inject({ method: 'PATCH', url, payload: { name: 'x' }, headers: { 'if-match': 'W/"2"', ...me } }), 412);
  });

  it('keeps the credit code immutable and rejects unknown fields', async () => {
    const e = await registerEnterprise(t.app);
    const body = problem(
      await t.app.inject({
        method: 'PATCH',
        url: `/v1/enterprises/${e.id}`,
        payload: { creditCode: newCreditCode() },
        headers: { 'if-match': '"1"', ...asEnterprise(t.app, e.id) },
      }),
      422,
    );
    expect(body.errors[0]).toMatchObject({ pointer: '/creditCode', code: 'unknown_field' });
  });

  it('answers an unknown enterprise with 404 and a malformed id with 400', async () => {
    const e = await registerEnterprise(t.app);
    problem(
      await t.app.inject({
        method: 'PATCH',
        url: '/v1/enterprises/00000000-0000-4000-8000-000000000000',
        payload: {},
        headers: { 'if-match': '"1"', ...asEnterprise(t.app, e.id) },
      }),
      404,
    );
    problem(await t.app.inject({ url: '/v1/enterprises/not-a-uuid', headers: await adminKey(t.app) }), 400);
  });
});

describe('GET /v1/enterprises', () => {
  it('filters by region range, industry and size, and pages with a cursor', async () => {
    const fresh = await createTestApp({}, { definitions: [mini] });
    try {
      for (const [regionCode, industryCode] of [
        ['310101', '31'],
        ['310115', '31'],
        ['310115', '26'],
        ['320505', '31'],
        ['110101', '31'],
      ]) {
        await registerEnterprise(fresh.app, { regionCode, industryCode });
      }
      const admin = await adminKey(fresh.app);
      const list = async (query: string) => fresh.app.inject({ url: `/v1/enterprises${query}`, headers: admin });
      const shanghai = json(await list('?region=310000'));
      expect(shanghai.items.map((e: { regionCode: string }) => e.regionCode)).toEqual(['310101', '310115', '310115']);
      const steelInShanghai = json(await list('?region=310000&industry=31'));
      expect(steelInShanghai.items).toHaveLength(2);
      expect(json(await list('?region=320500')).items).toHaveLength(1);
      expect(json(await list('?size=large')).items).toHaveLength(0);

      const first = json(await list('?limit=2'));
      const second = json(await list(`?limit=2&cursor=${first.nextCursor}`));
      const third = json(await list(`?limit=2&cursor=${second.nextCursor}`));
      const ids = [...first.items, ...second.items, ...third.items].map((e: { id: string }) => e.id);
      expect(new Set(ids).size).toBe(5);
      expect(third.nextCursor).toBeNull();
      expect((await list('?cursor=garbage')).statusCode).toBe(400);
      expect((await list('?region=999999')).statusCode).toBe(400);
      expect((await list('?limit=0')).statusCode).toBe(400);
    } finally {
      await fresh.close();
    }
  });
});

describe('credit codes as typed', () => {
  let u: TestApp;
  beforeAll(async () => {
    u = await createTestApp();
  });
  afterAll(() => u.close());

  it('normalises spaces, full-width characters and lower case, and stores and returns the normalised form', async () => {
    const typed = ' ９１４４０３００１９２３１７４５８ｆ ';
    const res = await u.app.inject({
      method: 'POST',
      url: '/v1/enterprises',
      headers: await adminKey(u.app),
      payload: { creditCode: typed, name: '比亚迪股份有限公司', regionCode: '440310', industryCode: '36', sizeClass: 'large' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().creditCode).toBe('91440300192317458F');
    const stored = (await rawSql(u.app.services).get<{ c: string }>('select credit_code as c from enterprises where id = ?', res.json().id))!;
    expect(stored.c).toBe('91440300192317458F');
    // The same code typed another way is the same enterprise.
    const again = await u.app.inject({
      method: 'POST',
      url: '/v1/enterprises',
      headers: await adminKey(u.app),
      payload: { creditCode: '91440300192317458f', name: '比亚迪', regionCode: '440310', industryCode: '36', sizeClass: 'large' },
    });
    expect(again.statusCode).toBe(409);
  });

  it.each([
    ['000000000000000000', 'credit_code_authority'],
    ['94350100M000100Y4X', 'credit_code_entity_type'],
    ['91990100M000100Y43', 'credit_code_division'],
    ['914403001923174598', 'credit_code_organisation_check'],
    ['91350100M000100Y4B', 'credit_code_check'],
    ['9135010', 'credit_code_length'],
  ])('refuses %s with %s', async (creditCode, code) => {
    const res = await u.app.inject({
      method: 'POST',
      url: '/v1/enterprises',
      headers: await adminKey(u.app),
      payload: { creditCode, name: '示例', regionCode: '310115', industryCode: '31', sizeClass: 'small' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ in: 'body', pointer: '/creditCode', code })]);
  });
});
