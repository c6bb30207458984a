import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollupKeys, tenths } from '../../src/indices/rollups';
import { DIMENSION_CODES, type QuestionnaireDefinition } from '../../src/questionnaires/definition.schema';
import { roundScore } from '../../src/scoring/rounding';
import { completeAnswers } from '../helpers/answer-arbitraries';
import { createTestApp, type TestApp } from '../helpers/app';
import { nationalKey } from '../helpers/keys';
import { rawSql } from '../helpers/postgres';
import { enterprise, revised, submitted } from '../helpers/population';

const mini = JSON.parse(readFileSync(new URL('../fixtures/mini-2026.1.json', import.meta.url), 'utf8')) as QuestionnaireDefinition;
const answerSets = fc.sample(completeAnswers(mini), { numRuns: 300, seed: 20260101 });
const COUNTIES = ['310101', '310104', '310115', '320505', '320506', '320102'];
const INDUSTRIES = ['31', '26', '39'];
const SIZES = ['large', 'medium', 'small'] as const;

type Summary = {
  region_code: string;
  city_code: string;
  province_code: string;
  industry_code: string;
  size_class: string;
  total: number;
  stage_rank: number;
  synthetic: number;
} & Record<string, number | string | null>;

describe('rollups equal a recomputation from raw rows after random submissions and revisions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SUPPRESSION_K: 3, LIVE_INDEX_MAX_STALENESS_MS: 0 }, { definitions: [mini] });
  });
  afterAll(() => t.close());

  it('matches exactly, cell by cell, and the live API shows the same means', async () => {
    const rand = fc.sample(fc.integer({ min: 0, max: 1_000_000 }), { numRuns: 2000, seed: 99 });
    let r = 0;
    const pick = <T>(xs: readonly T[]) => xs[rand[r++ % rand.length]! % xs.length]!;
    const submittedIds: string[] = [];
    const sql = rawSql(t.app.services);
    for (let e = 0; e < 45; e++) {
      const ent = await enterprise(t.app, { regionCode: pick(COUNTIES), industryCode: pick(INDUSTRIES), sizeClass: pick(SIZES) });
      for (const period of ['2023', '2024']) submittedIds.push((await submitted(t.app, ent.id, period, pick(answerSets))).id);
      if (e % 7 === 0)
        await t.app.services.enterprises.update({ role: 'enterprise', keyId: 'test', enterpriseId: ent.id }, ent.id, '*', {
          regionCode: pick(COUNTIES),
          industryCode: pick(INDUSTRIES),
          employees: undefined,
          revenueMillionYuan: undefined,
        });
    }
    // Revisions of random latest submissions, some of them twice (a revision of a revision).
    for (let i = 0; i < 30; i++) {
      const id = pick(submittedIds);
      const latest = (await sql.get<{ id: string }>(
        'select s.assessment_id as id from assessment_summaries s join assessment_summaries o on o.enterprise_id = s.enterprise_id and o.period = s.period where o.assessment_id = ? and s.is_latest',
        id,
      ))!;
      submittedIds.push((await revised(t.app, latest.id, pick(answerSets))).id);
    }

    // On PostgreSQL the flags are booleans; SQLite stores them as 0 and 1.
    const latest = (await sql.all<Summary>('select * from assessment_summaries where is_latest')).map(
      (s): Summary => ({ ...s, synthetic: Number(s.synthetic) }),
    );
    expect(latest).toHaveLength(90);
    const expected = new Map<string, number[]>();
    for (const s of latest) {
      for (const k of rollupKeys({
        regionCode: s.region_code,
        cityCode: s.city_code,
        provinceCode: s.province_code,
        industryCode: s.industry_code,
        sizeClass: s.size_class,
      })) {
        const key = `${s.period}|${k.level}|${k.regionCode}|${k.industryCode}|${k.sizeClass}`;
        const v = expected.get(key) ?? new Array(3 + 2 * DIMENSION_CODES.length + 4).fill(0);
        v[0] += 1;
        v[1] += s.synthetic;
        v[2] += tenths(s.total);
        DIMENSION_CODES.forEach((d, i) => {
          if (s[d] !== null) {
            v[3 + 2 * i] += tenths(s[d] as number);
            v[4 + 2 * i] += 1;
          }
        });
        v[3 + 2 * DIMENSION_CODES.length + (s.stage_rank - 1)] += 1;
        expected.set(key, v);
      }
    }
    const columns = [
      'n',
      'n_synthetic',
      'total_tenths',
      ...DIMENSION_CODES.flatMap((d) => [`${d}_tenths`, `${d}_n`]),
      'stage_1',
      'stage_2',
      'stage_3',
      'stage_4',
    ];
    // On PostgreSQL the background projector applies the submissions a moment later; a live read would catch up too.
    await t.app.services.projector.catchUp();
    const stored = await sql.all<Record<string, number | string>>(
      `select period, level, region_code, industry_code, size_class, ${columns.join(', ')} from index_rollups where n > 0`,
    );
    const actual = new Map(
      stored.map((row) => [`${row.period}|${row.level}|${row.region_code}|${row.industry_code}|${row.size_class}`, columns.map((c) => row[c] as number)]),
    );
    expect(actual).toEqual(expected);

    // And the live API serves exactly the means of the latest totals for every published cell of 2024.
    let checked = 0;
    for (const [key, v] of expected) {
      const [period, level, code, industry, size] = key.split('|');
      if (period !== '2024') continue;
      const q = new URLSearchParams({
        period: period!,
        source: 'live',
        ...(industry !== '*' ? { industry: industry! } : {}),
        ...(size !== '*' ? { size: size! } : {}),
      });
      const res = await t.app.inject({ url: `/v1/indices/${level === 'country' ? '000000' : code}?${q}`, headers: await nationalKey(t.app) });
      const body = res.json();
      // Suppressed cells say neither value nor n, live figures too.
      expect(body.figures.n, key).toBe(body.figures.suppressed ? null : v[0]);
      if (body.figures.suppressed) continue;
      const members = latest.filter(
        (s) =>
          s.period === '2024' &&
          (industry === '*' || s.industry_code === industry) &&
          (size === '*' || s.size_class === size) &&
          (level === 'country' || s[`${level === 'county' ? 'region' : level}_code`] === code),
      );
      expect(body.figures.value, key).toBe(roundScore(members.reduce((sum, s) => sum + s.total, 0) / members.length));
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('publishing safely', () => {
  let t: TestApp;
  const k = 5;
  // A city with one lone enterprise in one district, small industry and size groups, and enough elsewhere to publish.
  const layout: [string, string, (typeof SIZES)[number], number][] = [
    ['310101', '31', 'large', 1], // the lone enterprise
    ['310104', '31', 'large', 6],
    ['310104', '26', 'medium', 2],
    ['310115', '31', 'medium', 9],
    ['310115', '39', 'small', 3],
    ['320505', '31', 'large', 7],
    ['320506', '26', 'small', 6],
    ['320102', '39', 'medium', 12],
  ];
  let lone: { total: number };

  beforeAll(async () => {
    t = await createTestApp({ SUPPRESSION_K: k }, { definitions: [mini] });
    let a = 0;
    for (const [regionCode, industryCode, sizeClass, count] of layout) {
      for (let i = 0; i < count; i++) {
        const ent = await enterprise(t.app, { regionCode, industryCode, sizeClass });
        const result = await submitted(t.app, ent.id, '2024', answerSets[a++ % answerSets.length]!);
        if (regionCode === '310101') lone = { total: result.result!.total };
      }
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/index-snapshots',
      payload: { period: '2024', note: 'test' },
      headers: await nationalKey(t.app),
    });
    expect(res.statusCode).toBe(201);
  });
  afterAll(() => t.close());

  const get = async (url: string) => {
    const res = await t.app.inject(url);
    expect(res.statusCode, url).toBe(200);
    return res.json();
  };

  it('suppresses cells under k, as null with a reason, never as zero', async () => {
    const body = await get('/v1/indices/310101?period=2024');
    expect(body.source.kind).toBe('snapshot');
    expect(body.figures).toMatchObject({ n: null, value: null, suppressed: true, reasonCode: 'fewer_than_k', reason: `fewer than k = ${k} enterprises` });
    expect(body.figures.dimensions.every((d: { value: number | null }) => d.value === null)).toBe(true);
    expect(body.figures.stages.every((s: { count: number | null }) => s.count === null)).toBe(true);
    const csv = (await t.app.inject('/v1/indices/310101?period=2024&format=csv')).body.split('\n');
    expect(csv[1]).toContain(`,,,true,fewer_than_k,fewer than k = ${k} enterprises,,`);
  });

  it('never states the n of a suppressed cell, in children, rankings or their CSV', async () => {
    const children = await get('/v1/indices/310000/children?period=2024');
    const ranking = await get('/v1/rankings?period=2024&level=city');
    const withheld = [
      ...children.items.map((i: { figures: { n: number | null; suppressed: boolean } }) => i.figures),
      ...ranking.items.map((i: { n: number | null; suppressed: boolean }) => i),
    ].filter((f) => f.suppressed);
    expect(withheld.length).toBeGreaterThan(0);
    expect(withheld.filter((f) => f.n !== null)).toEqual([]);
    const csv = (await t.app.inject('/v1/rankings?period=2024&level=city&format=csv')).body.trim().split('\n').slice(1);
    const suppressedRows = csv.filter((line) => line.includes(',true,'));
    expect(suppressedRows.length).toBeGreaterThan(0);
    // rank,code,name,level,period,industry,size,value,n,…: a suppressed row's value and n are both empty.
    for (const line of suppressedRows) expect(line.split(',').slice(7, 9)).toEqual(['', '']);
  });

  it('defeats the differencing attack: parent minus published children never isolates fewer than k enterprises', async () => {
    // The attacker reads every public figure: each region, its children, and industry and size breakdowns, and
    // subtracts the published parts from each published whole along every axis.
    const residuals: { where: string; n: number; sum: number }[] = [];
    const attack = (where: string, parent: { n: number; value: number | null }, parts: { n: number; value: number | null }[]) => {
      if (parent.value === null) return;
      const shown = parts.filter((p) => p.value !== null);
      const n = parent.n - shown.reduce((s, p) => s + p.n, 0);
      const sum = parent.value * parent.n - shown.reduce((s, p) => s + p.value! * p.n, 0);
      if (n > 0) residuals.push({ where, n, sum });
    };
    const cuts = ['', ...INDUSTRIES.map((i) => `&industry=${i}`), ...SIZES.map((s) => `&size=${s}`)];
    for (const code of ['000000', '310000', '320000', '310100', '320500', '320100']) {
      for (const cut of cuts) {
        const whole = await get(`/v1/indices/${code}?period=2024${cut}&breakdown=industry,size`);
        const children = await get(`/v1/indices/${code}/children?period=2024${cut}`);
        attack(
          `${code}${cut} by region`,
          whole.figures,
          children.items.map((c: { figures: unknown }) => c.figures),
        );
        if (whole.breakdown?.industries)
          attack(
            `${code}${cut} by industry`,
            whole.figures,
            whole.breakdown.industries.map((b: { figures: unknown }) => b.figures),
          );
        if (whole.breakdown?.sizes)
          attack(
            `${code}${cut} by size`,
            whole.figures,
            whole.breakdown.sizes.map((b: { figures: unknown }) => b.figures),
          );
      }
    }
    expect(residuals.length).toBeGreaterThan(0); // the attack found hidden groups…
    for (const r of residuals) expect(r.n, r.where).toBeGreaterThanOrEqual(k); // …none smaller than k
    // In particular the lone enterprise's total is never the mean of a residual group of one.
    expect(residuals.filter((r) => r.n === 1 && Math.abs(r.sum - lone.total) < 0.5)).toEqual([]);
    const shanghai = await get('/v1/indices/310100/children?period=2024');
    expect(shanghai.items.find((c: { region: { code: string } }) => c.region.code === '310101').figures.suppressed).toBe(true);
  });

  it('serves the same decision from every endpoint', async () => {
    const direct = await get('/v1/indices/310104?period=2024');
    const listed = (await get('/v1/indices/310100/children?period=2024')).items.find((c: { region: { code: string } }) => c.region.code === '310104');
    expect(listed.figures).toEqual(direct.figures);
  });
});
