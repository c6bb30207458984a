import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { withCheckCharacter } from '../../src/enterprises/credit-code';

let serial = 0;
/** A fresh valid credit code (enterprise registered with market regulation in 福州). */
export function newCreditCode(): string {
  serial += 1;
  return withCheckCharacter(`91350100M${String(process.pid % 1000).padStart(3, '0')}${String(serial).padStart(5, '0')}`);
}

export const json = <T = any>(res: LightMyRequestResponse) => res.json() as T;

export async function registerEnterprise(app: FastifyInstance, fields: Record<string, unknown> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/enterprises',
    payload: { creditCode: newCreditCode(), name: '上海测试制造有限公司', regionCode: '310115', industryCode: '31', sizeClass: 'medium', ...fields },
  });
  if (res.statusCode !== 201) throw new Error(`register failed ${res.statusCode}: ${res.body}`);
  return res.json();
}

export async function openDraft(app: FastifyInstance, enterpriseId: string, period: string, extra: Record<string, unknown> = {}) {
  const res = await app.inject({ method: 'POST', url: `/v1/enterprises/${enterpriseId}/assessments`, payload: { period, ...extra } });
  if (res.statusCode !== 201) throw new Error(`draft failed ${res.statusCode}: ${res.body}`);
  return res.json();
}

export async function saveAnswers(app: FastifyInstance, id: string, etag: string, answers: Record<string, unknown>) {
  return app.inject({ method: 'PATCH', url: `/v1/assessments/${id}`, headers: { 'if-match': etag }, payload: { answers } });
}

export async function submit(app: FastifyInstance, id: string, etag: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: `/v1/assessments/${id}/submit`, headers: { 'if-match': etag, ...headers } });
}

/** Draft → answers → submit in one go; returns the submitted assessment. */
export async function assess(app: FastifyInstance, enterpriseId: string, period: string, answers: Record<string, unknown>) {
  const draft = await openDraft(app, enterpriseId, period);
  const saved = await saveAnswers(app, draft.id, `"${draft.version}"`, answers);
  if (saved.statusCode !== 200) throw new Error(`save failed ${saved.statusCode}: ${saved.body}`);
  const res = await submit(app, draft.id, saved.headers.etag as string);
  if (res.statusCode !== 200) throw new Error(`submit failed ${res.statusCode}: ${res.body}`);
  return res.json();
}
