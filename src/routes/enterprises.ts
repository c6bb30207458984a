import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AssessmentHistory, Assessment, DraftCreate, Trend } from '../assessments/api.schemas';
import { assessmentHistory, assessmentTrend } from '../assessments/history';
import { createDraft } from '../assessments/service';
import { Enterprise, EnterpriseCreate, EnterpriseListQuery, EnterprisePage, EnterpriseParams, EnterprisePatch } from '../enterprises/api.schemas';
import { createEnterprise, getEnterprise, listEnterprisePage, patchEnterprise, toEnterprise } from '../enterprises/service';
import { etagOf, requiredVersion } from '../http/preconditions';
import { ConditionalHeaders, IdempotentHeaders, idempotencyOf, sendWrite } from '../http/write-headers';
import { jsonResponse, problemResponse } from '../plugins/error-responses';

export const enterpriseRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = app.deps;

  app.post(
    '/v1/enterprises',
    {
      config: { access: ['admin', 'authority'] },
      schema: {
        operationId: 'createEnterprise',
        tags: ['enterprises'],
        summary: 'Register an enterprise (credit code checked, region and industry validated)',
        headers: IdempotentHeaders,
        body: EnterpriseCreate,
        response: {
          201: jsonResponse(Enterprise, 'Created; Location and ETag are set.'),
          409: problemResponse(409, 'The credit code is registered already; Location names that enterprise.'),
        },
      },
    },
    async (req, reply) => sendWrite(reply, await createEnterprise(deps, req.principal, req.body, idempotencyOf(req))),
  );

  app.get(
    '/v1/enterprises',
    {
      config: { access: ['admin', 'authority', 'enterprise'] },
      schema: {
        operationId: 'listEnterprises',
        tags: ['enterprises'],
        summary: 'List enterprises by region, industry and size class, a page at a time',
        querystring: EnterpriseListQuery,
        response: { 200: jsonResponse(EnterprisePage, 'A page, oldest registration first; follow nextCursor for the next.') },
      },
    },
    async (req) => listEnterprisePage(deps, req.principal, req.query),
  );

  app.get(
    '/v1/enterprises/:enterpriseId',
    {
      config: { access: ['admin', 'authority', 'enterprise'] },
      schema: {
        operationId: 'getEnterprise',
        tags: ['enterprises'],
        summary: 'Get an enterprise',
        params: EnterpriseParams,
        response: { 200: jsonResponse(Enterprise, 'The enterprise; its ETag is in the header.') },
      },
    },
    async (req, reply) => {
      const row = await getEnterprise(deps, req.principal, req.params.enterpriseId);
      reply.header('etag', etagOf(row.version));
      return toEnterprise(deps, row);
    },
  );

  app.patch(
    '/v1/enterprises/:enterpriseId',
    {
      config: { access: ['enterprise'] },
      schema: {
        operationId: 'updateEnterprise',
        tags: ['enterprises'],
        summary: 'Change an enterprise (If-Match required)',
        params: EnterpriseParams,
        headers: ConditionalHeaders,
        body: EnterprisePatch,
        response: { 200: jsonResponse(Enterprise, 'Updated; the new ETag is in the header.'), 412: problemResponse(412), 428: problemResponse(428) },
      },
    },
    async (req, reply) => {
      const updated = await patchEnterprise(deps, req.principal, req.params.enterpriseId, requiredVersion(req.headers['if-match']), req.body);
      reply.header('etag', etagOf(updated.version));
      return updated;
    },
  );

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
    async (req, reply) => sendWrite(reply, await createDraft(deps, req.principal, req.params.enterpriseId, req.body, idempotencyOf(req))),
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
    async (req) => assessmentHistory(deps, req.principal, req.params.enterpriseId),
  );

  app.get(
    '/v1/enterprises/:enterpriseId/trend',
    {
      config: { access: ['enterprise', 'authority'] },
      schema: {
        operationId: 'getEnterpriseTrend',
        tags: ['assessments'],
        summary: 'Trend: total, stage and dimensions per period with the change from the previous period',
        params: EnterpriseParams,
        response: { 200: jsonResponse(Trend, 'Oldest period first.') },
      },
    },
    async (req) => assessmentTrend(deps, req.principal, req.params.enterpriseId),
  );
};
