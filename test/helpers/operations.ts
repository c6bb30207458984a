import { newCreditCode } from './api';
import type { Caller, World } from './world';

/**
 * Every operation of the OpenAPI document: a request that exercises it on a World, and the status each caller must
 * get — the access matrix, also used to capture the document's examples.
 */
export interface Call {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

const ALL_200 = { public: 200, admin: 200, enterpriseA: 200, enterpriseB: 200, authorityIn: 200, authorityOut: 200, national: 200 };
/** A's own data: A itself and authorities over Shanghai; B and Jiangsu's authority see nothing (404). */
const ASSESSMENT_READ = { public: 401, admin: 403, enterpriseA: 200, enterpriseB: 404, authorityIn: 200, authorityOut: 404, national: 200 };
/** Only A writes A's data; other roles may never write assessments (403); B cannot see A's (404). */
const OWNER_WRITE = (ok: number) => ({ public: 401, admin: 403, enterpriseA: ok, enterpriseB: 404, authorityIn: 403, authorityOut: 403, national: 403 });
const ADMIN_ONLY = (ok: number) => ({ public: 401, admin: ok, enterpriseA: 403, enterpriseB: 403, authorityIn: 403, authorityOut: 403, national: 403 });

/** Every operation of the document: how to call it, and the status each caller must get. */
export const MATRIX: Record<string, { call: (w: World) => Call; expect: Record<Caller, number> }> = {
  getHealth: { call: () => ({ method: 'GET', url: '/health' }), expect: ALL_200 },
  getReadiness: { call: () => ({ method: 'GET', url: '/ready' }), expect: ALL_200 },
  getMetrics: { call: () => ({ method: 'GET', url: '/metrics' }), expect: ADMIN_ONLY(200) },
  getProblemType: { call: () => ({ method: 'GET', url: '/problems/not-found' }), expect: ALL_200 },
  listIndustries: { call: () => ({ method: 'GET', url: '/v1/industries' }), expect: ALL_200 },
  listRegions: { call: () => ({ method: 'GET', url: '/v1/regions?parent=310000' }), expect: ALL_200 },
  getRegion: { call: () => ({ method: 'GET', url: '/v1/regions/500112' }), expect: ALL_200 },
  listQuestionnaires: { call: () => ({ method: 'GET', url: '/v1/questionnaires?industry=31' }), expect: ALL_200 },
  getQuestionnaire: { call: () => ({ method: 'GET', url: '/v1/questionnaires/steel' }), expect: ALL_200 },
  getQuestionnaireVersion: { call: () => ({ method: 'GET', url: '/v1/questionnaires/steel/versions/2026.1' }), expect: ALL_200 },
  previewScore: {
    call: (w) => ({ method: 'POST', url: '/v1/questionnaires/steel/versions/2026.1/score', payload: { answers: w.steelAnswers } }),
    expect: ALL_200,
  },
  previewScoreSummary: {
    call: (w) => ({ method: 'POST', url: '/v1/questionnaires/steel/versions/2026.1/score-summary', payload: { answers: w.steelAnswers } }),
    expect: ALL_200,
  },
  createEnterprise: {
    call: () => ({
      method: 'POST',
      url: '/v1/enterprises',
      payload: { creditCode: newCreditCode(), name: '矩阵测试企业', regionCode: '310101', industryCode: '34', sizeClass: 'small' },
    }),
    // Admins and the authorities over Shanghai register; Jiangsu's authority may not register in Shanghai.
    expect: { public: 401, admin: 201, enterpriseA: 403, enterpriseB: 403, authorityIn: 201, authorityOut: 403, national: 201 },
  },
  listEnterprises: { call: () => ({ method: 'GET', url: '/v1/enterprises?region=310000&limit=2' }), expect: { ...ALL_200, public: 401 } },
  getEnterprise: {
    call: (w) => ({ method: 'GET', url: `/v1/enterprises/${w.a.enterpriseId}` }),
    expect: { public: 401, admin: 200, enterpriseA: 200, enterpriseB: 404, authorityIn: 200, authorityOut: 404, national: 200 },
  },
  updateEnterprise: {
    call: (w) => ({ method: 'PATCH', url: `/v1/enterprises/${w.a.enterpriseId}`, payload: { name: '矩阵测试 A' }, headers: { 'if-match': '*' } }),
    expect: OWNER_WRITE(200),
  },
  createAssessmentDraft: {
    call: (w) => ({ method: 'POST', url: `/v1/enterprises/${w.a.enterpriseId}/assessments`, payload: { period: '2021' } }),
    expect: OWNER_WRITE(201),
  },
  listEnterpriseAssessments: { call: (w) => ({ method: 'GET', url: `/v1/enterprises/${w.a.enterpriseId}/assessments` }), expect: ASSESSMENT_READ },
  getEnterpriseTrend: { call: (w) => ({ method: 'GET', url: `/v1/enterprises/${w.a.enterpriseId}/trend` }), expect: ASSESSMENT_READ },
  getAssessment: { call: (w) => ({ method: 'GET', url: `/v1/assessments/${w.a.submittedId}` }), expect: ASSESSMENT_READ },
  saveAssessmentAnswers: {
    call: (w) => ({ method: 'PATCH', url: `/v1/assessments/${w.a.draftId}`, payload: { answers: {} }, headers: { 'if-match': '*' } }),
    expect: OWNER_WRITE(200),
  },
  submitAssessment: {
    call: (w) => ({ method: 'POST', url: `/v1/assessments/${w.a.completeDraftId}/submit`, headers: { 'if-match': '*' } }),
    expect: OWNER_WRITE(200),
  },
  createAssessmentRevision: { call: (w) => ({ method: 'POST', url: `/v1/assessments/${w.a.submittedId}/revisions` }), expect: OWNER_WRITE(201) },
  getAssessmentBenchmark: { call: (w) => ({ method: 'GET', url: `/v1/assessments/${w.a.submittedId}/benchmark` }), expect: ASSESSMENT_READ },
  getAssessmentReport: { call: (w) => ({ method: 'GET', url: `/v1/assessments/${w.a.submittedId}/report` }), expect: ASSESSMENT_READ },
  getRegionIndex: { call: () => ({ method: 'GET', url: '/v1/indices/310000?period=2024' }), expect: ALL_200 },
  listChildIndices: { call: () => ({ method: 'GET', url: '/v1/indices/310000/children?period=2024' }), expect: ALL_200 },
  getIndexSeries: { call: () => ({ method: 'GET', url: '/v1/indices/310000/series' }), expect: ALL_200 },
  getRanking: { call: () => ({ method: 'GET', url: '/v1/rankings?period=2024' }), expect: ALL_200 },
  publishIndexSnapshot: {
    call: () => ({ method: 'POST', url: '/v1/index-snapshots', payload: { period: '2021' } }),
    // Only the national authority publishes national figures.
    expect: { public: 401, admin: 403, enterpriseA: 403, enterpriseB: 403, authorityIn: 403, authorityOut: 403, national: 201 },
  },
  listIndexSnapshots: { call: () => ({ method: 'GET', url: '/v1/index-snapshots?period=2024' }), expect: ALL_200 },
  createApiKey: { call: () => ({ method: 'POST', url: '/v1/api-keys', payload: { role: 'admin', label: 'matrix' } }), expect: ADMIN_ONLY(201) },
  listApiKeys: { call: () => ({ method: 'GET', url: '/v1/api-keys' }), expect: ADMIN_ONLY(200) },
  revokeApiKey: { call: (w) => ({ method: 'POST', url: `/v1/api-keys/${w.throwawayKeyId}/revoke` }), expect: ADMIN_ONLY(200) },
  listAuditLog: { call: () => ({ method: 'GET', url: '/v1/audit-log?limit=2' }), expect: ADMIN_ONLY(200) },
  publishQuestionnaireVersion: {
    call: (w) => ({
      method: 'POST',
      url: '/v1/questionnaires/steel/versions',
      payload: { ...w.t.app.catalog.get('steel', '2026.1')!.definition, version: '2026.2' },
    }),
    expect: ADMIN_ONLY(201),
  },
  retireQuestionnaireVersion: { call: () => ({ method: 'POST', url: '/v1/questionnaires/steel/versions/2026.2/retire' }), expect: ADMIN_ONLY(200) },
};
