import type { FastifyInstance } from 'fastify';
import type { Principal } from '../../src/auth/principal';
import { toEnterprise } from '../../src/enterprises/presenters';
import type { SizeClass } from '../../src/enterprises/size-class';
import type { Answers } from '../../src/scoring/schemas';
import { newCreditCode } from './api';
import { rawSql } from './postgres';

// The service layer is called directly, as the principals the HTTP layer would resolve.
const ADMIN: Principal = { role: 'admin', keyId: 'test' };
const owner = (enterpriseId: string): Principal => ({ role: 'enterprise', keyId: 'test', enterpriseId });

/** Registers an enterprise through the service layer (no HTTP), for tests that need many. */
export async function enterprise(app: FastifyInstance, f: { regionCode: string; industryCode: string; sizeClass: SizeClass }) {
  const { enterprise } = await app.services.enterprises.register(ADMIN, { creditCode: newCreditCode(), name: `测试企业 ${f.regionCode}`, ...f });
  return toEnterprise(app.services, enterprise);
}

/** Draft → answers → submit through the service layer; returns the submitted assessment. */
export async function submitted(app: FastifyInstance, enterpriseId: string, period: string, answers: Answers) {
  const { assessments } = app.services;
  const { assessment: draft } = await assessments.createDraft(owner(enterpriseId), enterpriseId, { period });
  const { assessment: saved } = await assessments.saveAnswers(owner(enterpriseId), draft.id, draft.version, answers);
  return (await assessments.submit(owner(enterpriseId), saved.id, saved.version)).assessment;
}

/** Opens a revision of a submitted assessment, changes answers and submits it. */
export async function revised(app: FastifyInstance, assessmentId: string, changes: Answers) {
  const enterpriseId = (await rawSql(app.services).get<{ id: string }>('select enterprise_id as id from assessments where id = ?', assessmentId))!.id;
  const { assessments } = app.services;
  const { assessment: draft } = await assessments.openRevision(owner(enterpriseId), assessmentId);
  const { assessment: saved } = await assessments.saveAnswers(owner(enterpriseId), draft.id, draft.version, changes);
  return (await assessments.submit(owner(enterpriseId), saved.id, saved.version)).assessment;
}
