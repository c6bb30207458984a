import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AssessmentHistory, Assessment, DraftCreate } from '../assessments/api.schemas';
import { EnterpriseParams } from '../enterprises/api.schemas';
import { IdempotentHeaders, idempotencyOf } from '../http/write-headers';
import { idempotentWrite, sendWrite } from '../http/idempotent-write';
import { jsonResponse, problemResponse } from '../plugins/error-responses';
import { presentDraft } from './assessments';

/** /v1/enterprises/{id}/assessments: an enterprise's assessments, opening a draft and the history across periods. */
export const enterpriseAssessmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { assessments, uow, idempotency: keys, clock } = app.services;
  const writes = { uow, keys, clock };

  app.post(
    '/v1/enterprises/:enterpriseId/assessments',
    {
      config: { access: ['enterprise'] },
      schema: {
        operationId: 'createAssessmentDraft',
        tags: ['assessments'],
        summary: 'Open a draft self-assessment for a period, pinned to a questionnaire version',
        params: EnterpriseParams,
        headers: IdempotentHeaders,
        body: DraftCreate,
        response: {
          201: jsonResponse(Assessment, 'The draft; Location and ETag are set.'),
          409: problemResponse(409, 'A draft is open or the period is submitted; Location names it.'),
        },
      },
    },
    async (req, reply) => {
      const command = () => assessments.createDraft(req.principal, req.params.enterpriseId, req.body);
      return sendWrite(reply, await idempotentWrite(writes, idempotencyOf(req), command, presentDraft));
    },
  );

  app.get(
    '/v1/enterprises/:enterpriseId/assessments',
    {
      config: { access: ['enterprise', 'authority'] },
      schema: {
        operationId: 'listEnterpriseAssessments',
        tags: ['assessments'],
        summary: 'History: every assessment of an enterprise across periods, revisions and drafts included',
        params: EnterpriseParams,
        response: { 200: jsonResponse(AssessmentHistory, 'Newest period first.') },
      },
    },
    async (req) => assessments.history(req.principal, req.params.enterpriseId),
  );
};
