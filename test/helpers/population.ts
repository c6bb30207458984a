import type { FastifyInstance } from 'fastify';
import { createDraft, openRevision, saveAnswers, submitDraft } from '../../src/assessments/service';
import { createEnterprise } from '../../src/enterprises/service';
import type { SizeClass } from '../../src/enterprises/size-class';
import type { Answers } from '../../src/scoring/schemas';
import { newCreditCode } from './api';

/** Registers an enterprise through the service layer (no HTTP), for tests that need many. */
export async function enterprise(app: FastifyInstance, f: { regionCode: string; industryCode: string; sizeClass: SizeClass }) {
  return (await createEnterprise(app.deps, { creditCode: newCreditCode(), name: `测试企业 ${f.regionCode}`, ...f }, null)).body;
}

/** Draft → answers → submit through the service layer; returns the submitted assessment. */
export async function submitted(app: FastifyInstance, enterpriseId: string, period: string, answers: Answers) {
  const draft = await createDraft(app.deps, enterpriseId, { period }, null);
  const saved = await saveAnswers(app.deps, draft.body.id, draft.body.version, answers);
  return (await submitDraft(app.deps, saved.id, saved.version, null)).body;
}

/** Opens a revision of a submitted assessment, changes answers and submits it. */
export async function revised(app: FastifyInstance, assessmentId: string, changes: Answers) {
  const draft = await openRevision(app.deps, assessmentId, null);
  const saved = await saveAnswers(app.deps, draft.body.id, draft.body.version, changes);
  return (await submitDraft(app.deps, saved.id, saved.version, null)).body;
}
