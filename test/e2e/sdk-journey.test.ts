import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Middleware } from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asJson, createRongheClient, idempotencyKey } from '../../sdk';
import { readDefinitionFiles } from '../../src/questionnaires/definition-files';
import { DEFINITIONS_DIR } from '../../src/questionnaires/paths';
import { composeCreditCode } from '../../src/enterprises/credit-code';
import { completeAnswers } from '../helpers/answer-arbitraries';
import { contractChecker } from '../helpers/contract';
import { mintKey, serverDatabase, startServer, type ServerProcess } from '../helpers/server-process';

const dir = mkdtempSync(join(tmpdir(), 'ronghe-sdk-'));
const check = contractChecker(JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')));
const violations: string[] = [];
let calls = 0;

/** Every response the SDK receives is checked against the committed document. */
const contract: Middleware = {
  async onResponse({ request, response, schemaPath }) {
    calls++;
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const text = await response.clone().text();
    const body = mediaType.endsWith('json') ? JSON.parse(text) : text;
    const problem = check(schemaPath, request.method, response.status, mediaType, body);
    if (problem) violations.push(`${request.method} ${schemaPath} ${response.status}: ${problem}`);
  },
};

let server: ServerProcess;
let adminKey: string;
beforeAll(async () => {
  const database = await serverDatabase(join(dir, 'sdk.db'));
  adminKey = (await mintKey(database, 'admin')).replace('Bearer ', '');
  server = await startServer(database);
});
afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
  rmSync(dir, { recursive: true, force: true });
});

const client = (apiKey?: string, language?: 'zh' | 'en') => {
  const c = createRongheClient({ baseUrl: server.url, apiKey, language });
  c.use(contract);
  return c;
};

describe('the main journey, only through the generated SDK', () => {
  it('industries → questionnaire → enterprise → draft → answers → submit → trend → index, ranking → benchmark', { timeout: 60_000 }, async () => {
    const anyone = client(undefined, 'en');
    const industries = await anyone.GET('/v1/industries');
    const steelIndustry = industries.data!.items.find((i) => i.code === '31')!;
    expect(steelIndustry.name).toBe('Smelting and pressing of ferrous metals');
    const { id: questionnaireId, version } = steelIndustry.questionnaire!;

    const questionnaire = await anyone.GET('/v1/questionnaires/{questionnaireId}/versions/{version}', { params: { path: { questionnaireId, version } } });
    expect(questionnaire.data!.definition.indicators.length).toBeGreaterThanOrEqual(30);
    expect(questionnaire.response.headers.get('content-language')).toBe('en');

    const admin = client(adminKey);
    const registered = await admin.POST('/v1/enterprises', {
      params: { header: idempotencyKey() },
      body: {
        creditCode: composeCreditCode('91310115', 'MA1PDK00'),
        name: 'SDK 测试钢铁有限公司',
        regionCode: '310115',
        industryCode: '31',
        employees: 1500,
        revenueMillionYuan: 2000,
      },
    });
    expect(registered.response.status).toBe(201);
    const enterpriseId = registered.data!.id;
    expect(registered.data!.sizeClass).toBe('large');
    const issued = await admin.POST('/v1/api-keys', { body: { role: 'enterprise', enterpriseId, label: 'SDK journey' } });
    const national = await admin.POST('/v1/api-keys', { body: { role: 'authority', regionCode: '000000', label: 'SDK journey national' } });

    const firm = client(issued.data!.key);
    const def = readDefinitionFiles(DEFINITIONS_DIR).find((f) => f.definition.id === questionnaireId)!.definition;
    const [answers2023, answers2024] = fc.sample(completeAnswers(def), { numRuns: 2, seed: 2024 });
    const totals: number[] = [];
    for (const [period, answers] of [
      ['2023', answers2023!],
      ['2024', answers2024!],
    ] as const) {
      const draft = await firm.POST('/v1/enterprises/{enterpriseId}/assessments', { params: { path: { enterpriseId } }, body: { period } });
      expect(draft.response.status).toBe(201);
      const assessmentId = draft.data!.id;
      const saved = await firm.PATCH('/v1/assessments/{assessmentId}', {
        params: { path: { assessmentId }, header: { 'if-match': draft.response.headers.get('etag')! } },
        body: { answers },
      });
      expect(saved.data!.progress.complete).toBe(true);
      const retry = idempotencyKey();
      const submit = () =>
        firm.POST('/v1/assessments/{assessmentId}/submit', {
          params: { path: { assessmentId }, header: { 'if-match': saved.response.headers.get('etag')!, ...retry } },
        });
      const first = await submit();
      const again = await submit();
      expect(first.response.status).toBe(200);
      expect(again.response.headers.get('idempotent-replayed')).toBe('true');
      expect(again.data).toEqual(first.data);
      totals.push(first.data!.result!.total);
      if (period === '2024') {
        const benchmark = await firm.GET('/v1/assessments/{assessmentId}/benchmark', { params: { path: { assessmentId } } });
        expect(benchmark.data!.national).toMatchObject({ percentile: null, widened: true }); // one firm: no cohort
      }
    }

    const trend = await firm.GET('/v1/enterprises/{enterpriseId}/trend', { params: { path: { enterpriseId } } });
    expect(trend.data!.points.map((p) => p.period)).toEqual(['2023', '2024']);
    expect(trend.data!.points[1]!.change!.total).toBeCloseTo(totals[1]! - totals[0]!, 5);

    const snapshot = await client(national.data!.key).POST('/v1/index-snapshots', { body: { period: '2024' } });
    expect(snapshot.response.status).toBe(201);
    const index = await anyone.GET('/v1/indices/{regionCode}', { params: { path: { regionCode: '310000' }, query: { period: '2024' } } });
    expect(asJson(index.data).figures).toMatchObject({ n: null, value: null, suppressed: true, reasonCode: 'fewer_than_k' }); // one firm is never shown
    const ranking = await anyone.GET('/v1/rankings', { params: { query: { period: '2024' } } });
    expect(asJson(ranking.data).items.find((i) => i.region.code === '310000')).toMatchObject({ rank: null, suppressed: true });

    const denied = await firm.GET('/v1/api-keys');
    expect(denied.response.status).toBe(403);
    expect(denied.error).toMatchObject({ type: '/problems/forbidden', status: 403 });

    expect(violations).toEqual([]);
    expect(calls).toBeGreaterThanOrEqual(18);
  });
});
