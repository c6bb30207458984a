import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';

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

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload: payload as string, headers: { 'content-type': 'application/json', ...headers } });

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
      expect(t.app.database.sqlite.prepare(`select count(*) as n from ${table}`).get(), table).toEqual({ n: 0 });
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
    expect(body.errors).toEqual([{ in: 'body', pointer: '/comment', code: 'unknown_field', message: 'unknown field "comment"' }]);
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
    expect(body.detail).toMatch(/deeper than 32/);
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
