import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../helpers/world';

// The report's HTTP contract, checked in-process (the contract hook validates every response against the OpenAPI
// document); what it looks like is checked in Chromium by dashboard-and-report.test.ts.

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(() => w.t.close());

const report = (id: string, headers: Record<string, string>, query = '') => w.t.app.inject({ url: `/v1/assessments/${id}/report${query}`, headers });

describe('GET /v1/assessments/{id}/report', () => {
  it('is a self-contained HTML page with the total, both stage names, the charts and no script', async () => {
    const assessment = (await w.t.app.inject({ url: `/v1/assessments/${w.a.submittedId}`, headers: w.keys.enterpriseA })).json();
    const res = await report(w.a.submittedId, w.keys.enterpriseA);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-language']).toBe('zh');
    const page = res.body;
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain(assessment.result.stage.zh);
    expect(page).toContain(assessment.result.stage.en);
    expect(page).toContain(assessment.result.total.toFixed(1));
    expect(page).toContain('@media print');
    expect(page.match(/<svg /g)?.length).toBeGreaterThanOrEqual(1); // the radar; the trend needs two periods
    expect(page).not.toMatch(/<script/i);
  });

  it('is kept by no shared cache, and varies by language on top of what CORS varies by', async () => {
    const cors = await buildWorld({ CORS_ORIGINS: ['https://dashboard.example.cn'] });
    try {
      const res = await cors.t.app.inject({
        url: `/v1/assessments/${cors.a.submittedId}/report`,
        headers: { ...cors.keys.enterpriseA, origin: 'https://dashboard.example.cn' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(
        String(res.headers.vary)
          .split(/,\s*/)
          .map((v) => v.toLowerCase()),
      ).toEqual(expect.arrayContaining(['origin', 'accept-language']));
    } finally {
      await cors.t.close();
    }
  });

  it('speaks English when asked by ?lang=en or Accept-Language, ?lang winning', async () => {
    const byQuery = await report(w.a.submittedId, { ...w.keys.national, 'accept-language': 'zh' }, '?lang=en');
    expect(byQuery.headers['content-language']).toBe('en');
    expect(byQuery.body).toContain('<h2>Dimension scores</h2>');
    const byHeader = await report(w.a.submittedId, { ...w.keys.national, 'accept-language': 'en-GB,en;q=0.8' });
    expect(byHeader.headers['content-language']).toBe('en');
    expect((await report(w.a.submittedId, w.keys.national, '?lang=fr')).statusCode).toBe(400);
  });

  it('escapes the enterprise name and every other string it interpolates', async () => {
    const hostile = '<script>alert("x")</script> & <b>Co</b>';
    const patched = await w.t.app.inject({
      method: 'PATCH',
      url: `/v1/enterprises/${w.a.enterpriseId}`,
      headers: { ...w.keys.enterpriseA, 'if-match': '*' },
      payload: { name: hostile },
    });
    expect(patched.statusCode).toBe(200);
    const page = (await report(w.a.submittedId, w.keys.enterpriseA)).body;
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;');
    expect(page).not.toContain(hostile);
    expect(page).not.toMatch(/<script/i);
  });

  it('answers 409 for a draft and 404 for an unknown or invisible assessment, as problems', async () => {
    const draft = await report(w.a.draftId, w.keys.enterpriseA);
    expect(draft.statusCode).toBe(409);
    expect(draft.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(draft.json().detail).toMatch(/是草稿；提交后才有报告/);
    expect((await report(randomUUID(), w.keys.national)).statusCode).toBe(404);
    expect((await report(w.a.submittedId, w.keys.enterpriseB)).statusCode).toBe(404);
    expect((await report(w.a.submittedId, {})).statusCode).toBe(401);
  });
});
