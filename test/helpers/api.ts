import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { composeCreditCode } from '../../src/enterprises/credit-code';
import { adminKey, keyFor } from './keys';
import { rawSql } from './postgres';

let serial = 0;
/** A fresh valid credit code (enterprise registered with market regulation in 福州), both check characters right. */
export function newCreditCode(): string {
  serial += 1;
  return composeCreditCode('91350100', `M${String(process.pid % 100).padStart(2, '0')}${String(serial).padStart(5, '0')}`);
}

export const json = <T = any>(res: LightMyRequestResponse) => res.json() as T;

// The enterprise key of each enterprise a test registered, so helpers can act as that enterprise.
const enterpriseKeys = new WeakMap<FastifyInstance, Map<string, { authorization: string }>>();

/** The headers of the key bound to an enterprise registered with registerEnterprise. */
export function asEnterprise(app: FastifyInstance, enterpriseId: string): { authorization: string } {
  const key = enterpriseKeys.get(app)?.get(enterpriseId);
  if (!key) throw new Error(`no key for enterprise ${enterpriseId}; register it with registerEnterprise`);
  return key;
}

/** The enterprise key of the enterprise an assessment belongs to. */
async function asOwnerOf(app: FastifyInstance, assessmentId: string) {
  const row = await rawSql(app.services).get<{ id: string }>('select enterprise_id as id from assessments where id = ?', assessmentId);
  return row ? asEnterprise(app, row.id) : { authorization: 'Bearer rh_nonexistent00000_' + 'x'.repeat(43) };
}

/** Registers an enterprise as an admin and issues it a key (see asEnterprise). */
export async function registerEnterprise(app: FastifyInstance, fields: Record<string, unknown> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/enterprises',
    headers: await adminKey(app),
    payload: { creditCode: newCreditCode(), name: '上海测试制造有限公司', regionCode: '310115', industryCode: '31', sizeClass: 'medium', ...fields },
  });
  if (res.statusCode !== 201) throw new Error(`register failed ${res.statusCode}: ${res.body}`);
  const enterprise = res.json();
  if (!enterpriseKeys.has(app)) enterpriseKeys.set(app, new Map());
  enterpriseKeys.get(app)!.set(enterprise.id, await keyFor(app, 'enterprise', { enterpriseId: enterprise.id }));
  return enterprise;
}

export async function openDraft(app: FastifyInstance, enterpriseId: string, period: string, extra: Record<string, unknown> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: `/v1/enterprises/${enterpriseId}/assessments`,
    headers: asEnterprise(app, enterpriseId),
    payload: { period, ...extra },
  });
  if (res.statusCode !== 201) throw new Error(`draft failed ${res.statusCode}: ${res.body}`);
  return res.json();
}

export async function saveAnswers(app: FastifyInstance, id: string, etag: string, answers: Record<string, unknown>) {
  return app.inject({ method: 'PATCH', url: `/v1/assessments/${id}`, headers: { 'if-match': etag, ...(await asOwnerOf(app, id)) }, payload: { answers } });
}

export async function submit(app: FastifyInstance, id: string, etag: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: `/v1/assessments/${id}/submit`, headers: { 'if-match': etag, ...(await asOwnerOf(app, id)), ...headers } });
}

/** Acting as the owner of an assessment or enterprise: GET, POST or PATCH with its key. */
export async function asOwner(
  app: FastifyInstance,
  opts: { method?: 'GET' | 'POST' | 'PATCH'; url: string; enterpriseId?: string; assessmentId?: string; payload?: unknown; headers?: Record<string, string> },
) {
  const key = opts.enterpriseId ? asEnterprise(app, opts.enterpriseId) : await asOwnerOf(app, opts.assessmentId!);
  return app.inject({ method: opts.method ?? 'GET', url: opts.url, payload: opts.payload as object, headers: { ...key, ...opts.headers } });
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

/**
 * inject() as the owner of the resource in the URL: the enterprise of /v1/enterprises/{id}… or of the assessment
 * of /v1/assessments/{id}…, with its key. Unknown owners get a key that authenticates nobody in particular.
 */
export async function injectAsOwner(
  app: FastifyInstance,
  opts: string | { method?: string; url: string; payload?: unknown; headers?: Record<string, string> },
) {
  const o = typeof opts === 'string' ? { url: opts } : opts;
  const enterprise = /^\/v1\/enterprises\/([0-9a-f-]{36})/.exec(o.url)?.[1];
  const assessment = /^\/v1\/assessments\/([0-9a-f-]{36})/.exec(o.url)?.[1];
  const known = enterprise && enterpriseKeys.get(app)?.has(enterprise);
  const key = enterprise ? (known ? asEnterprise(app, enterprise) : await anyEnterpriseKey(app)) : assessment ? await asOwnerOf(app, assessment) : {};
  return app.inject({ method: (o.method ?? 'GET') as 'GET', url: o.url, payload: o.payload as object, headers: { ...key, ...o.headers } });
}

async function anyEnterpriseKey(app: FastifyInstance) {
  const first = enterpriseKeys.get(app)?.values().next().value;
  return first ?? (await adminKey(app));
}
