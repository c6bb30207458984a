import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { asEnterprise, assess, injectAsOwner, openDraft, registerEnterprise, saveAnswers, submit } from '../helpers/api';
import { rawSql } from '../helpers/postgres';

const mini = JSON.parse(readFileSync(new URL('../fixtures/mini-2026.1.json', import.meta.url), 'utf8'));
// The hand-worked example of test/unit/scoring/score.test.ts: total 56.25 → 56.3, 单项应用.
const typical = { 'RD-01': 'C', 'RD-02': 25, 'RD-03': true, 'AP-01': 20, 'AP-02': true, 'AP-03': 60, 'IN-01': 'B', 'IN-02': ['A'], 'CO-01': 'B', 'PF-01': 10 };
// IN-01 B → C: integration 75, total 62.5 → 综合集成.
const improved = { ...typical, 'IN-01': 'C' };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { definitions: [mini] });
});
afterAll(() => t.close());

function problem(res: { statusCode: number; headers: Record<string, unknown>; json(): any }, status: number) {
  expect(res.statusCode, res.json().detail).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return res.json();
}
const count = (sql: string, ...args: unknown[]) => rawSql(t.app.services).count(sql, ...args);

describe('the assessment lifecycle through HTTP', () => {
  it('opens a draft pinned to the current questionnaire version, saves answers partially, submits', async () => {
    const e = await registerEnterprise(t.app);
    const draft = await openDraft(t.app, e.id, '2024');
    expect(draft).toMatchObject({ status: 'draft', period: '2024', revision: 1, revisionOf: null, isLatest: false, result: null, answers: {} });
    expect(draft.questionnaire).toMatchObject({ id: 'mini', version: '2026.1' });
    expect(draft.progress).toEqual({ answered: 0, required: 9, complete: false });

    const first = await saveAnswers(t.app, draft.id, '"1"', { 'RD-01': 'C', 'AP-02': true });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    expect(first.json().progress).toEqual({ answered: 2, required: 10, complete: false }); // AP-02 = yes shows AP-03

    const incomplete = problem(await submit(t.app, draft.id, '"2"'), 422);
    expect(incomplete.errors.map((x: { indicator: string }) => x.indicator)).toEqual(['RD-02', 'RD-03', 'AP-01', 'AP-03', 'IN-01', 'IN-02', 'CO-01', 'PF-01']);
    expect(await count('select count(*) as n from assessment_results')).toBe(0);

    const rest = await saveAnswers(t.app, draft.id, '"2"', { ...typical, 'RD-01': null });
    expect(rest.json().answers['RD-01']).toBeUndefined(); // null removed it
    const full = await saveAnswers(t.app, draft.id, rest.headers.etag as string, { 'RD-01': 'C' });
    expect(full.json().progress.complete).toBe(true);

    const res = await submit(t.app, draft.id, full.headers.etag as string);
    expect(res.statusCode).toBe(200);
    const submitted = res.json();
    expect(submitted).toMatchObject({ status: 'submitted', isLatest: true, submittedAt: expect.any(String) });
    expect(submitted.result.total).toBe(56.3);
    expect(submitted.result.stage.code).toBe('single_application');
    expect(submitted.result.engineVersion).toBe('1.1.0');
    expect(submitted.questionnaire.contentHash).toMatch(/^sha256:/);
    expect((await injectAsOwner(t.app, `/v1/assessments/${draft.id}`)).json()).toEqual(submitted);
  });

  it('rejects bad answers as they come, naming each indicator, and unknown codes', async () => {
    const e = await registerEnterprise(t.app);
    const draft = await openDraft(t.app, e.id, '2024');
    const body = problem(await saveAnswers(t.app, draft.id, '"1"', { 'RD-01': 'Q', 'AP-01': -3, 'ZZ-01': 1 }), 422);
    expect(body.errors.map((x: { indicator: string; code: string }) => `${x.indicator}:${x.code}`)).toEqual([
      'ZZ-01:unknown_indicator',
      'RD-01:invalid_option',
      'AP-01:out_of_range',
    ]);
    // Nothing was saved: the ETag did not move.
    expect((await injectAsOwner(t.app, `/v1/assessments/${draft.id}`)).headers.etag).toBe('"1"');
  });

  it('needs If-Match on PATCH and submit: 428 without, 412 when stale', async () => {
    const e = await registerEnterprise(t.app);
    const draft = await openDraft(t.app, e.id, '2024');
    problem(await injectAsOwner(t.app, { method: 'PATCH', url: `/v1/assessments/${draft.id}`, payload: { answers: {} } }), 428);
    problem(await injectAsOwner(t.app, { method: 'POST', url: `/v1/assessments/${draft.id}/submit` }), 428);
    await saveAnswers(t.app, draft.id, '"1"', typical);
    problem(await saveAnswers(t.app, draft.id, '"1"', { 'RD-01': 'D' }), 412);
    problem(await submit(t.app, draft.id, '"1"'), 412);
  });

  it('refuses a second draft for the period and a new draft for a submitted period, with locations', async () => {
    const e = await registerEnterprise(t.app);
    const draft = await openDraft(t.app, e.id, '2023');
    const again = await injectAsOwner(t.app, { method: 'POST', url: `/v1/enterprises/${e.id}/assessments`, payload: { period: '2023' } });
    problem(again, 409);
    expect(again.headers.location).toBe(`/v1/assessments/${draft.id}`);
    const saved = await saveAnswers(t.app, draft.id, '"1"', typical);
    await submit(t.app, draft.id, saved.headers.etag as string);
    const after = await injectAsOwner(t.app, { method: 'POST', url: `/v1/enterprises/${e.id}/assessments`, payload: { period: '2023' } });
    expect(problem(after, 409).detail).toMatch(/请为自评估 .+ 新建修订来更正/); // zh, the default language
    expect(after.headers.location).toBe(`/v1/assessments/${draft.id}`);
  });

  it('validates the period and the pinned questionnaire', async () => {
    const e = await registerEnterprise(t.app);
    const post = (payload: unknown) => injectAsOwner(t.app, { method: 'POST', url: `/v1/enterprises/${e.id}/assessments`, payload: payload as object });
    expect(problem(await post({ period: '2024-Q1' }), 422).errors[0]).toMatchObject({ pointer: '/period' });
    expect(problem(await post({ period: '2012' }), 422).errors[0]).toMatchObject({ pointer: '/period', message: '两化融合评估自 2013 年开始' });
    expect(problem(await post({ period: '2099' }), 422).errors[0].message).toMatch(/尚未开始/);
    expect(problem(await post({ period: '2024', questionnaire: { version: '2025.9' } }), 422).errors[0]).toMatchObject({ pointer: '/questionnaire/version' });
    expect(problem(await post({ period: '2024', questionnaire: { id: 'steel' } }), 422).errors[0]).toMatchObject({ pointer: '/questionnaire/id' });
    problem(
      await injectAsOwner(t.app, { method: 'POST', url: '/v1/enterprises/00000000-0000-4000-8000-000000000000/assessments', payload: { period: '2024' } }),
      404,
    );
  });

  it('never edits a submitted assessment: a revision corrects it and becomes the one that counts', async () => {
    const e = await registerEnterprise(t.app);
    const original = await assess(t.app, e.id, '2022', typical);
    problem(await saveAnswers(t.app, original.id, `"${original.version}"`, { 'IN-01': 'C' }), 409);
    problem(await submit(t.app, original.id, `"${original.version}"`), 409);

    const opened = await injectAsOwner(t.app, { method: 'POST', url: `/v1/assessments/${original.id}/revisions` });
    expect(opened.statusCode).toBe(201);
    const revision = opened.json();
    expect(revision).toMatchObject({ status: 'draft', revision: 2, revisionOf: original.id, answers: typical, period: '2022' });
    const twice = await injectAsOwner(t.app, { method: 'POST', url: `/v1/assessments/${original.id}/revisions` });
    expect(problem(twice, 409).detail).toMatch(/已有一份未提交的修订/);
    expect(twice.headers.location).toBe(`/v1/assessments/${revision.id}`);

    const saved = await saveAnswers(t.app, revision.id, '"1"', { 'IN-01': 'C' });
    const res = await submit(t.app, revision.id, saved.headers.etag as string);
    expect(res.json()).toMatchObject({ isLatest: true, result: { total: 62.5, stage: { code: 'comprehensive_integration' } } });

    // The original stays readable, unchanged, no longer the one that counts; revising it now is refused.
    const old = (await injectAsOwner(t.app, `/v1/assessments/${original.id}`)).json();
    expect(old).toMatchObject({ isLatest: false, result: { total: 56.3 }, answers: typical });
    const stale = await injectAsOwner(t.app, { method: 'POST', url: `/v1/assessments/${original.id}/revisions` });
    expect(problem(stale, 409).detail).toMatch(/最新提交的版本/);
    expect(await count('select count(*) as n from assessment_summaries where enterprise_id = ? and is_latest', e.id)).toBe(1);
  });

  it('shows history across periods and a trend with changes and stage moves', async () => {
    const e = await registerEnterprise(t.app);
    await assess(t.app, e.id, '2021', typical);
    const y22 = await assess(t.app, e.id, '2022', improved);
    await openDraft(t.app, e.id, '2023');
    const rev = (await injectAsOwner(t.app, { method: 'POST', url: `/v1/assessments/${y22.id}/revisions` })).json();
    const saved = await saveAnswers(t.app, rev.id, '"1"', { 'CO-01': 'D' }); // collaboration 30 → 100: +0.15 × 70 = +10.5
    await submit(t.app, rev.id, saved.headers.etag as string);

    const history = (await injectAsOwner(t.app, `/v1/enterprises/${e.id}/assessments`)).json();
    expect(history.items.map((i: any) => `${i.period} r${i.revision} ${i.status}${i.isLatest ? ' latest' : ''} ${i.total ?? '-'}`)).toEqual([
      '2023 r1 draft -',
      '2022 r2 submitted latest 73',
      '2022 r1 submitted 62.5',
      '2021 r1 submitted latest 56.3',
    ]);

    const trend = (await injectAsOwner(t.app, `/v1/enterprises/${e.id}/trend`)).json();
    expect(trend.points.map((p: any) => [p.period, p.revision, p.total, p.stage.code])).toEqual([
      ['2021', 1, 56.3, 'single_application'],
      ['2022', 2, 73, 'comprehensive_integration'], // 62.5 + 10.5
    ]);
    expect(trend.points[0].change).toBeNull();
    expect(trend.points[1].change).toMatchObject({
      fromPeriod: '2021',
      total: 16.7, // 73 − 56.3
      stage: {
        from: { code: 'single_application', zh: '单项应用' },
        to: { code: 'comprehensive_integration', zh: '综合集成', platformZh: '集成提升' },
        direction: 'up',
      },
    });
    expect(trend.points[1].change.dimensions).toEqual([
      { dimension: 'readiness', score: 0 },
      { dimension: 'application', score: 0 },
      { dimension: 'integration', score: 25 },
      { dimension: 'collaboration', score: 70 },
      { dimension: 'performance', score: 0 },
    ]);
  });
});

describe('what a write may carry', () => {
  const post = (url: string, headers: Record<string, string>, payload?: string) =>
    injectAsOwner(t.app, { method: 'POST', url, headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers }, payload });

  it('refuses any field in the body of submit and revisions, naming it, and takes no body or {} as before', async () => {
    const e = await registerEnterprise(t.app);
    const draft = await openDraft(t.app, e.id, '2024');
    const etag = (await saveAnswers(t.app, draft.id, '"1"', typical)).headers.etag as string;
    const url = `/v1/assessments/${draft.id}/submit`;
    const unknown = problem(await post(url, { 'if-match': etag }, '{"force":true}'), 422);
    expect(unknown.type).toBe('/problems/validation-error');
    expect(unknown.errors).toEqual([{ in: 'body', pointer: '/force', code: 'unknown_field', message: '未知字段“force”' }]);
    // 1e999 parses to Infinity, which the idempotency hash cannot canonicalize: refused as a field, never a 500.
    const huge = problem(await post(url, { 'if-match': etag, 'idempotency-key': `huge-${draft.id}` }, '{"x":1e999}'), 422);
    expect(huge.errors).toMatchObject([{ in: 'body', pointer: '/x', code: 'unknown_field' }]);
    expect((await injectAsOwner(t.app, `/v1/assessments/${draft.id}`)).json()).toMatchObject({ status: 'draft', version: 2 });

    // Content-Type: application/json with an empty body, as many clients send it, is no body.
    const submitted = await post(url, { 'if-match': etag }, '');
    expect(submitted.statusCode, submitted.body).toBe(200);
    // A route that needs a body says so, naming it.
    const nothing = problem(await post(`/v1/enterprises/${e.id}/assessments`, {}, ''), 422);
    expect(nothing.type).toBe('/problems/validation-error');
    const revisions = `/v1/assessments/${draft.id}/revisions`;
    const note = problem(await post(revisions, {}, '{"note":"typo in RD-01"}'), 422);
    expect(note.type).toBe('/problems/validation-error');
    expect(note.errors).toMatchObject([{ in: 'body', pointer: '/note', code: 'unknown_field' }]);
    expect(problem(await post(revisions, { 'idempotency-key': `huge-rev-${draft.id}` }, '{"x":1e999}'), 422).errors).toMatchObject([{ pointer: '/x' }]);
    expect(await count('select count(*) as n from assessments where enterprise_id = ?', e.id)).toBe(1);
    expect((await post(revisions, {}, '{}')).statusCode).toBe(201);
  });

  it('matches If-Match as a list of strong tags, each exactly as the server issued it', async () => {
    const e = await registerEnterprise(t.app);
    const draft = await openDraft(t.app, e.id, '2024');
    const listed = await saveAnswers(t.app, draft.id, '"7", "1"', { 'RD-01': 'C' });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.headers.etag).toBe('"2"');
    // Tags the server never issued in that form match nothing, whatever version they spell.
    for (const ifMatch of ['"02"', 'W/"2"']) {
      const never = problem(await saveAnswers(t.app, draft.id, ifMatch, { 'RD-01': 'D' }), 412);
      expect(never).toMatchObject({ type: '/problems/precondition-failed', detail: `If-Match ${ifMatch} 与当前的 ETag 都不匹配` });
    }
    const stale = await saveAnswers(t.app, draft.id, '"1", W/"2"', { 'RD-01': 'D' });
    expect(problem(stale, 412)).toMatchObject({
      type: '/problems/precondition-failed',
      detail: expect.stringMatching(/^自评估 \S+ 当前的 ETag 是 "2"，而不是 "1"$/),
    });
    expect(stale.headers.etag).toBe('"2"');
    expect((await injectAsOwner(t.app, `/v1/assessments/${draft.id}`)).json()).toMatchObject({ version: 2, answers: { 'RD-01': 'C' } });
  });

  it('reports unknown indicator codes even when they carry null, and saves nothing', async () => {
    const e = await registerEnterprise(t.app);
    const draft = await openDraft(t.app, e.id, '2024');
    const body = problem(await saveAnswers(t.app, draft.id, '"1"', { 'RD-01': 'C', 'NO-SUCH': null }), 422);
    expect(body.type).toBe('/problems/invalid-answers');
    expect(body.errors).toEqual([
      { in: 'body', pointer: '/answers/NO-SUCH', code: 'unknown_indicator', message: 'mini 2026.1 中没有指标“NO-SUCH”', indicator: 'NO-SUCH' },
    ]);
    const after = await injectAsOwner(t.app, `/v1/assessments/${draft.id}`);
    expect(after.headers.etag).toBe('"1"');
    expect(after.json().answers).toEqual({});
  });
});

describe('retries and races', () => {
  it('replays a submit retried with the same Idempotency-Key and stores one result', async () => {
    const e = await registerEnterprise(t.app);
    const draft = await openDraft(t.app, e.id, '2024');
    const saved = await saveAnswers(t.app, draft.id, '"1"', typical);
    const etag = saved.headers.etag as string;
    const a = await submit(t.app, draft.id, etag, { 'idempotency-key': `submit-${draft.id}` });
    const b = await submit(t.app, draft.id, etag, { 'idempotency-key': `submit-${draft.id}` });
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(b.headers['idempotent-replayed']).toBe('true');
    // The stored response goes out again as it was: the same bytes, as JSON.
    expect(b.body).toBe(a.body);
    expect(b.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(a.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(b.json()).toEqual(a.json());
    expect(await count('select count(*) as n from assessment_results where assessment_id = ?', draft.id)).toBe(1);
    expect(await count('select count(*) as n from assessment_summaries where assessment_id = ?', draft.id)).toBe(1);
  });

  it('replays a draft creation retried with the same key', async () => {
    const e = await registerEnterprise(t.app);
    const post = () =>
      injectAsOwner(t.app, {
        method: 'POST',
        url: `/v1/enterprises/${e.id}/assessments`,
        payload: { period: '2020' },
        headers: { 'idempotency-key': `draft-${e.id}` },
      });
    const [a, b] = [await post(), await post()];
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(b.json().id).toBe(a.json().id);
    expect(await count('select count(*) as n from assessments where enterprise_id = ?', e.id)).toBe(1);
  });

  it('lets exactly one of many concurrent submits of a draft succeed', async () => {
    const server = await createTestApp({}, { definitions: [mini] });
    const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const e = await registerEnterprise(server.app);
      const draft = await openDraft(server.app, e.id, '2024');
      const etag = (await saveAnswers(server.app, draft.id, '"1"', typical)).headers.etag as string;
      const attempts = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          fetch(`${address}/v1/assessments/${draft.id}/submit`, {
            method: 'POST',
            headers: { 'if-match': etag, 'idempotency-key': `race-${i}`, ...asEnterprise(server.app, e.id) },
          }),
        ),
      );
      const statuses = attempts.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s !== 200).every((s) => s === 409 || s === 412)).toBe(true);
      expect(await rawSql(server.app.services).count('select count(*) as n from assessment_results where assessment_id = ?', draft.id)).toBe(1);
    } finally {
      await server.close();
    }
  });
});
