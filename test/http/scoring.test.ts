import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { rawSql } from '../helpers/postgres';

const mini = JSON.parse(readFileSync(new URL('../fixtures/mini-2026.1.json', import.meta.url), 'utf8'));
const url = '/v1/questionnaires/mini/versions/2026.1/score';
const typical = {
  'RD-01': 'C',
  'RD-02': 25,
  'RD-03': true,
  'AP-01': 20,
  'AP-02': true,
  'AP-03': 60,
  'IN-01': 'B',
  'IN-02': ['A'],
  'CO-01': 'B',
  'PF-01': 10,
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT_BYTES: 64 * 1024 }, { definitions: [mini] });
});
afterAll(() => t.close());

const post = (payload: unknown, headers: Record<string, string> = {}, query = '') =>
  t.app.inject({
    method: 'POST',
    url: query ? `${url}?${query}` : url,
    payload: payload as string,
    headers: { 'content-type': 'application/json', ...headers },
  });

const postSummary = (payload: unknown, query = '') =>
  t.app.inject({
    method: 'POST',
    url: `${url}-summary${query ? `?${query}` : ''}`,
    payload: payload as string,
    headers: { 'content-type': 'application/json' },
  });

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, type: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as { type: string; status: number; title: string };
  expect(body).toMatchObject({ type: `/problems/${type}`, status });
  expect(body.title.length).toBeGreaterThan(0);
  return body as { type: string; status: number; detail?: string; errors?: { in: string; pointer: string; code: string; indicator?: string }[] };
}

describe('POST …/score (preview)', () => {
  it('scores the hand-worked example through HTTP without storing anything', async () => {
    const res = await post({ answers: typical });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.questionnaire).toEqual({ id: 'mini', version: '2026.1', contentHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    // Worked out in test/unit/scoring/score.test.ts: 14 + 20.25 + 12.5 + 4.5 + 5 = 56.25 → 56.3.
    expect(body.result.total).toBe(56.3);
    expect(body.result.stage.code).toBe('single_application');
    expect(body.result.nextStage.steps[0]).toMatchObject({ indicator: 'IN-01', to: 'C', totalGain: 6.3 });
    expect(body.result.trace).toHaveLength(11);
    expect(body.result.engineVersion).toBe('1.1.0');
    for (const table of ['assessments', 'assessment_results', 'assessment_summaries', 'index_rollups']) {
      expect(await rawSql(t.app.services).count(`select count(*) as n from ${table}`), table).toBe(0);
    }
  });

  it('accepts "current" as the version', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/questionnaires/mini/versions/current/score', payload: { answers: typical } });
    expect(res.json().result.total).toBe(56.3);
  });

  it('lists every invalid or missing indicator in a 422', async () => {
    const res = await post({ answers: { 'RD-01': 'Z', 'XX-01': 1, 'RD-02': 25 } });
    const body = expectProblem(res, 422, 'invalid-answers');
    expect(body.errors?.map((e) => [e.indicator, e.code, e.pointer])).toEqual([
      ['XX-01', 'unknown_indicator', '/answers/XX-01'],
      ['RD-01', 'invalid_option', '/answers/RD-01'],
      ['RD-03', 'required', '/answers/RD-03'],
      ['AP-01', 'required', '/answers/AP-01'],
      ['AP-02', 'required', '/answers/AP-02'],
      ['IN-01', 'required', '/answers/IN-01'],
      ['IN-02', 'required', '/answers/IN-02'],
      ['CO-01', 'required', '/answers/CO-01'],
      ['PF-01', 'required', '/answers/PF-01'],
    ]);
  });

  it('rejects unknown body fields, naming them', async () => {
    const body = expectProblem(await post({ answers: typical, comment: 'x' }), 422, 'validation-error');
    expect(body.errors).toEqual([{ in: 'body', pointer: '/comment', code: 'unknown_field', message: '未知字段“comment”' }]);
  });

  it('rejects a missing or mistyped answers object', async () => {
    const missing = expectProblem(await post({}), 422, 'validation-error');
    expect(missing.errors?.[0]).toMatchObject({ in: 'body', pointer: '/answers' });
    const mistyped = expectProblem(await post({ answers: { 'RD-01': { deep: 1 } } }), 422, 'validation-error');
    expect(mistyped.errors?.[0]?.pointer).toBe('/answers/RD-01');
  });

  it('answers malformed JSON with 400, never 500', async () => {
    expectProblem(await post('{"answers": {'), 400, 'malformed-json');
    // An empty body is no body, which the preview needs: 422 naming it (as every write that takes a body).
    const none = expectProblem(await post(''), 422, 'validation-error');
    expect(none.errors?.[0]).toMatchObject({ in: 'body' });
  });

  it('refuses bodies nested deeper than 32 levels and prototype keys', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const body = expectProblem(await post(`{"answers": ${deep}}`), 400, 'malformed-json');
    expect(body.detail).toBe('请求体嵌套超过 32 层');
    expectProblem(await post('{"answers": {}, "__proto__": {"polluted": true}}'), 400, 'malformed-json');
    expectProblem(await post('{"answers": {"constructor": {"prototype": {"x": 1}}}}'), 400, 'malformed-json');
  });

  it('answers a non-JSON content type with 415', async () => {
    expectProblem(await post('answers=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported-media-type');
    expectProblem(await post('<answers/>', { 'content-type': 'text/xml' }), 415, 'unsupported-media-type');
  });

  it('answers a body over the limit with 413', async () => {
    const big = { answers: { 'RD-01': 'x'.repeat(70 * 1024) } };
    expectProblem(await post(big), 413, 'payload-too-large');
  });

  it('answers an unknown questionnaire or version with 404 and a malformed version with 400', async () => {
    expectProblem(await t.app.inject({ method: 'POST', url: '/v1/questionnaires/nope/versions/2026.1/score', payload: { answers: {} } }), 404, 'not-found');
    expectProblem(await t.app.inject({ method: 'POST', url: '/v1/questionnaires/mini/versions/2019.1/score', payload: { answers: {} } }), 404, 'not-found');
    const bad = expectProblem(
      await t.app.inject({ method: 'POST', url: '/v1/questionnaires/mini/versions/v1/score', payload: { answers: {} } }),
      400,
      'invalid-parameter',
    );
    expect(bad.errors?.[0]).toMatchObject({ in: 'path', pointer: '/version' });
  });
});

describe('POST …/score-summary (the summary for live forms)', () => {
  const summaryOf = async (query: string, answers: Record<string, unknown> = typical) => {
    const res = await postSummary({ answers }, query);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['questionnaire', 'summary']);
    return body.summary;
  };
  const integration = { code: 'comprehensive_integration', rank: 3, zh: '综合集成', platformZh: '集成提升', en: 'Comprehensive integration' };

  it('answers total, dimensions, stage, the next stage check and the first step, worked by hand', async () => {
    const s = await summaryOf('');
    // Dimensions (fixture weights readiness .20, application .30, integration .25, collaboration .15, performance .10):
    // readiness (w 2,1,1): (2×0.7 + 0.4 + 1) / 4 = 0.7 → 70; application (w 1,1,2): (0.5 + 1 + 2×0.6) / 4 = 0.675 → 67.5;
    // integration (0.5 + 0.5) / 2 → 50; collaboration 0.3 → 30; performance PF-01 only (PF-02 blank) 0.5 → 50.
    expect(s.dimensions.map((d: { dimension: string; score: number }) => [d.dimension, d.score])).toEqual([
      ['readiness', 70],
      ['application', 67.5],
      ['integration', 50],
      ['collaboration', 30],
      ['performance', 50],
    ]);
    expect(s.dimensions[4]).toEqual({ dimension: 'performance', weight: 0.1, score: 50, scoreExact: 50, countedIndicators: 1, excludedIndicators: 1 });
    // 0.2×70 + 0.3×67.5 + 0.25×50 + 0.15×30 + 0.1×50 = 14 + 20.25 + 12.5 + 4.5 + 5 = 56.25 → 56.3
    expect(s.total).toBe(56.3);
    expect(s.totalExact).toBeCloseTo(56.25, 12);
    expect(s.engineVersion).toBe('1.1.0');
    // 单项应用: 56.3 ≥ 40 and application 67.5 ≥ 45; 综合集成 needs 60 and integration ≥ 55: both fail.
    expect(s.stage.code).toBe('single_application');
    expect(s.nextStage).toEqual({
      stage: integration,
      check: {
        stage: 'comprehensive_integration',
        minTotal: 60,
        total: 56.3,
        totalPassed: false,
        gates: [{ dimension: 'integration', min: 55, score: 50, passed: false }],
        passed: false,
      },
      // IN-01 B (0.5) → C (1): integration + ½ × 0.5 × 100 = 25, total + 0.25 × 25 = 6.25 → 6.3; it closes both gaps
      // (3.75 on the total, 5 on integration), more than any other single step.
      nextStep: { indicator: 'IN-01', dimension: 'integration', from: 'B', to: 'C', normalisedFrom: 0.5, totalGain: 6.3, dimensionGain: 25 },
    });
    expect(s).not.toHaveProperty('trace');
    expect(s).not.toHaveProperty('stageChecks');
  });

  it('is the full preview summarised: the same figures, and its first step', async () => {
    const full = (await post({ answers: typical })).json().result;
    const s = await summaryOf('');
    expect([s.total, s.totalExact, s.stage, s.dimensions]).toEqual([full.total, full.totalExact, full.stage, full.dimensions]);
    expect(s.nextStage.nextStep).toEqual(full.nextStage.steps[0]);
    expect(s.nextStage.check).toEqual(full.stageChecks[1]);
  });

  it('shows a failing gate below a passing total, and a step that shows a hidden indicator again', async () => {
    const s = await summaryOf('', { ...typical, 'RD-03': { notApplicable: true }, 'AP-02': false });
    // readiness without RD-03: (1.4 + 0.4) / 3 = 0.6 → 60; AP-02 no hides AP-03: application (0.5 + 0) / 2 → 25.
    // 0.2×60 + 0.3×25 + 0.25×50 + 0.15×30 + 0.1×50 = 12 + 7.5 + 12.5 + 4.5 + 5 = 41.5: total passes 40, application 25 < 45 not.
    expect([s.total, s.stage.code]).toEqual([41.5, 'foundation']);
    expect(s.nextStage.check).toMatchObject({
      stage: 'single_application',
      totalPassed: true,
      gates: [{ dimension: 'application', min: 45, score: 25, passed: false }],
    });
    // AP-02 → yes shows AP-03 with its kept 60: (0.5 + 1 + 2×0.6) / 4 = 67.5, +42.5 on application, +0.3 × 42.5 = 12.75
    // → 12.8 on the total; AP-01 20 → 50 closes the gap too (+25) but gains less.
    expect(s.nextStage.nextStep).toEqual({
      indicator: 'AP-02',
      dimension: 'application',
      from: false,
      to: true,
      normalisedFrom: 0,
      totalGain: 12.8,
      dimensionGain: 42.5,
    });
  });

  it('has no next stage at the top', async () => {
    const best = {
      'RD-01': 'D',
      'RD-02': 100,
      'RD-03': true,
      'AP-01': 50,
      'AP-02': true,
      'AP-03': 100,
      'IN-01': 'C',
      'IN-02': ['A', 'B'],
      'CO-01': 'D',
      'PF-01': 20,
      'PF-02': true,
    };
    const s = await summaryOf('', best);
    // Every indicator at 1: every dimension 100, total 100, 协同与创新.
    expect([s.total, s.stage.code, s.nextStage]).toEqual([100, 'collaboration_innovation', null]);
  });

  it('adds the trace, the checks of every stage, or both, on request', async () => {
    const full = (await post({ answers: typical })).json().result;
    const withTrace = await summaryOf('include=trace');
    expect(withTrace.trace).toEqual(full.trace);
    expect(withTrace.trace).toHaveLength(11);
    expect(withTrace.trace[0]).toEqual({
      indicator: 'RD-01',
      dimension: 'readiness',
      status: 'answered',
      answer: 'C',
      normalised: 0.7,
      weight: 2,
      effectiveWeight: 0.5, // 2 / (2 + 1 + 1)
      dimensionWeight: 0.2,
      contribution: expect.closeTo(7, 12), // 0.2 × 0.5 × 0.7 × 100
    });
    expect(withTrace).not.toHaveProperty('stageChecks');
    const withChecks = await summaryOf('include=stageChecks');
    expect(withChecks.stageChecks.map((c: { stage: string; passed: boolean }) => [c.stage, c.passed])).toEqual([
      ['single_application', true],
      ['comprehensive_integration', false],
      ['collaboration_innovation', false],
    ]);
    expect(withChecks.stageChecks).toEqual(full.stageChecks);
    expect(withChecks).not.toHaveProperty('trace');
    for (const both of ['trace,stageChecks', 'stageChecks,trace', 'trace%2CstageChecks']) {
      const s = await summaryOf(`include=${both}`);
      expect([s.trace, s.stageChecks]).toEqual([full.trace, full.stageChecks]);
    }
  });

  it('refuses a bad include, or any other parameter, with 400 naming it', async () => {
    for (const [query, name] of [
      ['include=path', 'include'],
      ['include=', 'include'],
      ['include=trace,trace', 'include'],
      ['include=trace&include=stageChecks', 'include'],
      ['view=summary', 'view'],
      ['detail=1', 'detail'],
    ] as const) {
      const body = expectProblem(await postSummary({ answers: typical }, query), 400, 'invalid-parameter');
      expect(
        body.errors?.map((e) => [e.in, e.pointer]),
        query,
      ).toEqual([['query', `/${name}`]]);
    }
  });

  it('answers invalid answers with 422, as the full preview does', async () => {
    const body = expectProblem(await postSummary({ answers: { 'RD-01': 'Z' } }), 422, 'invalid-answers');
    expect(body.errors?.[0]).toMatchObject({ indicator: 'RD-01', code: 'invalid_option' });
  });
});
