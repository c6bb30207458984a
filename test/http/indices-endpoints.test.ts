import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionnaireDefinition } from '../../src/questionnaires/definition.schema';
import { roundScore } from '../../src/scoring/rounding';
import { score } from '../../src/scoring/score';
import type { Answers } from '../../src/scoring/schemas';
import { completeAnswers } from '../helpers/answer-arbitraries';
import { createTestApp, type TestApp } from '../helpers/app';
import { nationalKey } from '../helpers/keys';
import { enterprise, submitted } from '../helpers/population';

const mini = JSON.parse(readFileSync(new URL('../fixtures/mini-2026.1.json', import.meta.url), 'utf8')) as QuestionnaireDefinition;
// Answer sets sorted by total, so a province can be made strong or weak on purpose.
const ranked = fc
  .sample(completeAnswers(mini), { numRuns: 400, seed: 5 })
  .map((a) => ({ a, total: (score(mini, a) as { ok: true; result: { total: number } }).result.total }))
  .sort((x, y) => x.total - y.total);
const at = (quantile: number, i: number): Answers => ranked[Math.min(ranked.length - 1, Math.floor(quantile * ranked.length) + (i % 20))]!.a;

let t: TestApp;
const totals: Record<string, number[]> = {};
let draftId = '';
let jiangsuSteel = '';

beforeAll(async () => {
  t = await createTestApp({ SUPPRESSION_K: 3, LIVE_INDEX_MAX_STALENESS_MS: 0 }, { definitions: [mini] });
  // 2023: Beijing strongest; 2024: Shanghai strongest, Beijing weakest.
  const plan: [string, string, number, number][] = [
    ['310115', '31', 0.45, 0.85],
    ['320505', '31', 0.6, 0.6],
    ['110101', '26', 0.8, 0.2],
  ];
  for (const [regionCode, industryCode, q23, q24] of plan) {
    for (let i = 0; i < 12; i++) {
      const e = await enterprise(t.app, { regionCode, industryCode, sizeClass: 'large' });
      for (const [period, q] of [
        ['2023', q23],
        ['2024', q24],
      ] as const) {
        const s = await submitted(t.app, e.id, period, at(q, i));
        (totals[`${regionCode.slice(0, 2)}|${period}`] ??= []).push(s.result!.total);
        if (regionCode === '320505' && period === '2024' && i === 0) jiangsuSteel = s.id;
      }
    }
  }
  const lonely = await enterprise(t.app, { regionCode: '500101', industryCode: '39', sizeClass: 'micro' });
  draftId = (await t.app.services.assessments.createDraft({ role: 'enterprise', keyId: 'test', enterpriseId: lonely.id }, lonely.id, { period: '2024' }))
    .assessment.id;
  for (const period of ['2023', '2024']) {
    expect((await t.app.inject({ method: 'POST', url: '/v1/index-snapshots', payload: { period }, headers: await nationalKey(t.app) })).statusCode).toBe(201);
  }
});
afterAll(() => t.close());

const json = async (url: string, headers: Record<string, string> = {}) => {
  const res = await t.app.inject({ url, headers });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  return res.json();
};
const mean = (xs: number[]) => roundScore(xs.reduce((s, x) => s + x, 0) / xs.length);

describe('rankings', () => {
  it('ranks provinces by index with the change of rank since the previous period', async () => {
    const r = await json('/v1/rankings?level=province&period=2024');
    expect(r).toMatchObject({ level: 'province', period: '2024', previousPeriod: '2023', source: { kind: 'snapshot' } });
    expect(r.items.map((i: any) => [i.rank, i.region.code, i.value, i.n, i.previousRank, i.rankChange])).toEqual([
      [1, '310000', mean(totals['31|2024']!), 12, 3, 2],
      [2, '320000', mean(totals['32|2024']!), 12, 2, 0],
      [3, '110000', mean(totals['11|2024']!), 12, 1, -2],
    ]);
  });

  it('serves the same numbers as CSV, by Accept or ?format=csv', async () => {
    const jsonBody = await json('/v1/rankings?period=2024');
    for (const res of [
      await t.app.inject({ url: '/v1/rankings?period=2024', headers: { accept: 'text/csv' } }),
      await t.app.inject('/v1/rankings?period=2024&format=csv'),
    ]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const rows = parse(res.body, { columns: true }) as Record<string, string>[];
      expect(rows.map((r) => [Number(r.rank), r.region_code, Number(r.value), Number(r.n), Number(r.rank_change)])).toEqual(
        jsonBody.items.map((i: any) => [i.rank, i.region.code, i.value, i.n, i.rankChange]),
      );
    }
  });

  it('refuses media types it cannot produce', async () => {
    const res = await t.app.inject({ url: '/v1/rankings?period=2024', headers: { accept: 'application/xml' } });
    expect(res.statusCode).toBe(406);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('region indices', () => {
  it('gives the national index with dimensions and the stage distribution', async () => {
    const body = await json('/v1/indices/000000?period=2024');
    const all = [...totals['31|2024']!, ...totals['32|2024']!, ...totals['11|2024']!];
    expect(body.region).toEqual({ code: '000000', name: '全国', level: 'country' });
    expect(body.method).toMatchObject({ name: 'mean-of-latest-submitted', version: '1.0.0', k: 3 });
    expect(body.figures).toMatchObject({ n: 36, value: mean(all), suppressed: false, reason: null, synthetic: false });
    expect(body.figures.dimensions.map((d: any) => d.dimension)).toEqual(['readiness', 'application', 'integration', 'collaboration', 'performance']);
    const counts = body.figures.stages.map((s: any) => s.count);
    expect(counts.reduce((a: number, b: number) => a + b, 0)).toBe(36);
    expect(body.figures.stages[0].stage).toMatchObject({ code: 'foundation', zh: '基础建设', platformZh: '起步建设' });
  });

  it('lists child regions and refuses children of a county', async () => {
    const provinces = await json('/v1/indices/000000/children?period=2024');
    expect(provinces.items.map((i: any) => i.region.code)).toEqual(['110000', '310000', '320000']);
    const cities = await json('/v1/indices/320000/children?period=2024');
    expect(cities.items.map((i: any) => [i.region.code, i.region.name, i.region.level])).toEqual([['320500', '苏州市', 'city']]);
    expect((await t.app.inject('/v1/indices/320505/children?period=2024')).statusCode).toBe(400);
    expect((await t.app.inject('/v1/indices/999999?period=2024')).statusCode).toBe(404);
  });

  it('gives one value per period in a series', async () => {
    const s = await json('/v1/indices/310000/series');
    expect(s.points.map((p: any) => [p.period, p.figures.value])).toEqual([
      ['2023', mean(totals['31|2023']!)],
      ['2024', mean(totals['31|2024']!)],
    ]);
  });

  it('filters by industry and breaks down by industry and size', async () => {
    const steel = await json('/v1/indices/000000?period=2024&industry=31&breakdown=size');
    expect(steel.figures.n).toBe(24);
    expect(steel.breakdown.sizes).toEqual([{ size: 'large', figures: expect.objectContaining({ n: 24 }) }]);
    const byIndustry = await json('/v1/indices/000000?period=2024&breakdown=industry');
    expect(byIndustry.breakdown.industries.map((b: any) => [b.industry, b.figures.n])).toEqual([
      ['26', 12],
      ['31', 24],
    ]);
  });

  it('needs a published snapshot for public reads; live figures are current', async () => {
    const res = await t.app.inject('/v1/indices/000000?period=2022');
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toMatch(/尚无发布数据/);
    const live = await json('/v1/indices/000000?period=2024&source=live', await nationalKey(t.app));
    expect(live.source).toMatchObject({ kind: 'live', snapshotId: null });
    const snapshots = await json('/v1/index-snapshots?period=2024');
    expect(snapshots.items).toHaveLength(1);
    const pinned = await json(`/v1/indices/000000?period=2024&snapshot=${snapshots.items[0].id}`);
    expect(pinned.source.snapshotId).toBe(snapshots.items[0].id);
  });

  it('publishes a period once: a second publication, which could be subtracted from the first, is refused', async () => {
    const before = await json('/v1/indices/000000?period=2023');
    const e = await enterprise(t.app, { regionCode: '310115', industryCode: '31', sizeClass: 'large' });
    await submitted(t.app, e.id, '2023', at(0.5, 0));
    expect((await json('/v1/indices/000000?period=2023')).figures).toEqual(before.figures); // still the published figures
    const again = await t.app.inject({ method: 'POST', url: '/v1/index-snapshots', payload: { period: '2023' }, headers: await nationalKey(t.app) });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(again.headers.location).toBe('/v1/index-snapshots?period=2023');
    expect(again.json()).toMatchObject({ type: '/problems/conflict', detail: expect.stringMatching(/2023 已于 .* 发布；发布数据不再更改/) });
    expect((await json('/v1/index-snapshots?period=2023')).items).toHaveLength(1);
    // Authorities still see the late submission in the live figures.
    expect((await json('/v1/indices/000000?period=2023&source=live', await nationalKey(t.app))).figures.n).toBe(before.figures.n + 1);
  });

  it('refuses to publish a period with nothing in it', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/index-snapshots', payload: { period: '2015' }, headers: await nationalKey(t.app) });
    expect(res.statusCode).toBe(409);
  });
});

describe('peer benchmark', () => {
  it('places a firm among peers of its industry and size, widening when the cohort is small', async () => {
    const b = await json(`/v1/assessments/${jiangsuSteel}/benchmark`, await nationalKey(t.app));
    expect(b.minimumCohort).toBe(10);
    // 24 large steel firms nationally: no widening. In Jiangsu 12 large steel firms: no widening either.
    expect(b.national).toMatchObject({ scope: 'industry_and_size', widened: false, industry: '31', size: 'large', n: 24 });
    expect(b.province).toMatchObject({ scope: 'industry_and_size', widened: false, n: 12, region: { code: '320000' } });
    const mine = b.total;
    const peers = [...totals['31|2024']!, ...totals['32|2024']!];
    const expected = roundScore(((peers.filter((x) => x < mine).length + 0.5 * peers.filter((x) => x === mine).length) / peers.length) * 100);
    expect(b.national.percentile).toBe(expected);
  });

  it('says so when no cohort is large enough, and refuses drafts', async () => {
    expect((await t.app.inject({ url: `/v1/assessments/${draftId}/benchmark`, headers: await nationalKey(t.app) })).statusCode).toBe(409);
  });
});
