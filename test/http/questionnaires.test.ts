import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalizedQuestionnaireDefinition } from '../../src/questionnaires/definition.schema';
import { bestAnswer } from '../../src/scoring/answer-rules';
import { createTestApp, type TestApp } from '../helpers/app';
import { adminKey } from '../helpers/keys';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('GET /v1/industries', () => {
  it('lists the 31 manufacturing divisions, each mapped to one questionnaire', async () => {
    const res = await get('/v1/industries');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-language']).toBe('zh');
    const body = res.json();
    expect(body.items).toHaveLength(31);
    const byCode = Object.fromEntries(body.items.map((i: { code: string }) => [i.code, i]));
    expect(byCode['31']).toMatchObject({ name: '黑色金属冶炼和压延加工业', questionnaire: { id: 'steel', version: '2026.1' } });
    expect(byCode['26'].questionnaire.id).toBe('petrochemicals');
    expect(byCode['39'].questionnaire.id).toBe('electronics');
    expect(byCode['22'].questionnaire.id).toBe('general'); // paper: no industry questionnaire
    for (const item of body.items) expect(item.questionnaire).not.toBeNull();
  });

  it('speaks English when asked', async () => {
    const res = await get('/v1/industries', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(res.headers['content-language']).toBe('en');
    expect(res.headers.vary).toMatch(/Accept-Language/);
    expect(res.json().items[0].name).toBe('Processing of food from agricultural products');
  });
});

describe('GET /v1/questionnaires', () => {
  it('lists every questionnaire with its versions and the provenance notice', async () => {
    const body = (await get('/v1/questionnaires')).json();
    const ids = body.items.map((q: { id: string }) => q.id);
    expect(ids).toEqual(expect.arrayContaining(['general', 'steel', 'petrochemicals', 'machinery', 'textiles', 'electronics', 'automotive']));
    for (const q of body.items) {
      expect(q.currentVersion).toBe('2026.1');
      expect(q.versions[0]).toMatchObject({ version: '2026.1', status: 'published', contentHash: expect.stringMatching(/^sha256:/) });
      expect(q.notice).toMatch(/并非工业和信息化部官方问卷/);
    }
  });

  it('filters by industry (the questionnaire a division maps to) and by status', async () => {
    expect((await get('/v1/questionnaires?industry=36')).json().items.map((q: { id: string }) => q.id)).toEqual(['automotive']);
    expect((await get('/v1/questionnaires?industry=21')).json().items.map((q: { id: string }) => q.id)).toEqual(['general']);
    expect((await get('/v1/questionnaires?status=retired')).json().items).toEqual([]);
  });

  it('rejects a malformed filter with 400 naming the parameter', async () => {
    const res = await get('/v1/questionnaires?industry=99&colour=red');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const pointers = res.json().errors.map((e: { in: string; pointer: string }) => `${e.in}:${e.pointer}`);
    expect(pointers).toEqual(expect.arrayContaining(['query:/industry', 'query:/colour']));
  });
});

describe('GET /v1/questionnaires/{id} and …/versions/{version}', () => {
  it('returns a questionnaire with its versions, 404 for an unknown one', async () => {
    expect((await get('/v1/questionnaires/steel')).json()).toMatchObject({ id: 'steel', scope: 'industry', industryCodes: ['31'], productionType: 'process' });
    const missing = await get('/v1/questionnaires/shipbuilding');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ type: '/problems/not-found', status: 404 });
  });

  it('serves the full definition localized to the negotiated language', async () => {
    const zh = (await get('/v1/questionnaires/steel/versions/2026.1')).json();
    const en = (await get('/v1/questionnaires/steel/versions/current', { 'accept-language': 'en' })).json();
    expect(zh).toMatchObject({ questionnaireId: 'steel', version: '2026.1', status: 'published', language: 'zh' });
    expect(en.language).toBe('en');
    expect(LocalizedQuestionnaireDefinition.safeParse(zh.definition).success).toBe(true);
    expect(zh.definition.indicators.length).toBeGreaterThanOrEqual(30);
    expect(typeof zh.definition.indicators[0].label).toBe('string');
    expect(zh.definition.indicators[0].label).not.toBe(en.definition.indicators[0].label);
    expect(zh.definition.provenance.official).toBe(false);
    expect(zh.contentHash).toBe(en.contentHash);
  });

  it('falls back to zh for a language it does not speak', async () => {
    expect((await get('/v1/questionnaires/steel/versions/2026.1', { 'accept-language': 'fr' })).json().language).toBe('zh');
  });

  it('answers an unknown version with 404 and a malformed one with 400', async () => {
    expect((await get('/v1/questionnaires/steel/versions/2001.1')).statusCode).toBe(404);
    expect((await get('/v1/questionnaires/steel/versions/latest')).statusCode).toBe(400);
  });
});

describe('scoring a real questionnaire through HTTP', () => {
  it('gives 100 and 协同与创新 for the best answer to every indicator', async () => {
    const steel = t.app.catalog.current('steel')!.definition;
    const answers = Object.fromEntries(steel.indicators.map((i) => [i.code, bestAnswer(i.answer, undefined)]));
    const res = await t.app.inject({ method: 'POST', url: '/v1/questionnaires/steel/versions/current/score', payload: { answers } });
    expect(res.statusCode).toBe(200);
    const { result } = res.json();
    expect(result.total).toBe(100);
    expect(result.stage).toMatchObject({ code: 'collaboration_innovation', zh: '协同与创新', platformZh: '创新突破' });
    expect(result.nextStage).toBeNull();
  });
});

describe('admins publishing and retiring versions keep one questionnaire per division', () => {
  // An app of its own: these publications change which questionnaire is current.
  let own: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    own = await createTestApp();
    admin = await adminKey(own.app);
  });
  afterAll(() => own.close());
  const post = (url: string, payload?: unknown) => own.app.inject({ method: 'POST', url, headers: admin, ...(payload ? { payload: payload as object } : {}) });

  it('refuses to retire a version when the previous one would claim a division another questionnaire took since', async () => {
    const machinery = own.app.catalog.get('machinery', '2026.1')!.definition;
    expect(machinery.industryCodes).toContain('43');
    const narrower = { ...machinery, version: '2026.2', industryCodes: machinery.industryCodes.filter((c) => c !== '43') };
    expect((await post('/v1/questionnaires/machinery/versions', narrower)).statusCode).toBe(201);
    const repair = { ...machinery, id: 'equipment-repair', industryCodes: ['43'] };
    expect((await post('/v1/questionnaires/equipment-repair/versions', repair)).statusCode).toBe(201);

    const refused = await post('/v1/questionnaires/machinery/versions/2026.2/retire');
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({
      type: '/problems/conflict',
      detail: expect.stringMatching(/machinery 2026\.1 would be current again.*division 43/),
      errors: [{ in: 'path', pointer: '/version', code: 'industry-covered-once' }],
    });
    expect((await own.app.inject('/v1/questionnaires/machinery')).json().currentVersion).toBe('2026.2');
    expect((await own.app.inject('/v1/industries')).json().items.find((i: { code: string }) => i.code === '43').questionnaire.id).toBe('equipment-repair');
    // The catalog stays consistent, so later publications still go through.
    expect((await post('/v1/questionnaires/steel/versions', { ...own.app.catalog.get('steel', '2026.1')!.definition, version: '2026.2' })).statusCode).toBe(
      201,
    );
    // Retiring the questionnaire in the way first makes the retirement safe.
    expect((await post('/v1/questionnaires/equipment-repair/versions/2026.1/retire')).statusCode).toBe(200);
    expect((await post('/v1/questionnaires/machinery/versions/2026.2/retire')).statusCode).toBe(200);
  });

  it('refuses versions with leading zeros, which would compare equal to published ones', async () => {
    const steel = own.app.catalog.get('steel', '2026.1')!.definition;
    const republished = await post('/v1/questionnaires/steel/versions', { ...steel, version: '2026.01', title: { zh: '改', en: 'Changed' } });
    expect(republished.statusCode).toBe(422);
    expect(republished.json().errors).toEqual([expect.objectContaining({ in: 'body', pointer: '/version' })]);
    expect((await own.app.inject('/v1/questionnaires/steel/versions/2026.01')).statusCode).toBe(400);
    expect((await post('/v1/questionnaires/steel/versions/2026.01/retire')).statusCode).toBe(400);
    expect((await own.app.inject('/v1/questionnaires/steel/versions/2026.1')).json()).toMatchObject({
      status: 'published',
      definition: { title: steel.title.zh },
    });
  });
});
