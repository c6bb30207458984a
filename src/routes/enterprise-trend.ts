import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Trend } from '../assessments/api.schemas';
import { EnterpriseParams } from '../enterprises/api.schemas';
import { jsonResponse } from '../plugins/error-responses';

/** /v1/enterprises/{id}/trend: an enterprise's results period by period. */
export const enterpriseTrendRoutes: FastifyPluginAsyncZod = async (app) => {
  const { assessments } = app.services;

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
    async (req) => assessments.trend(req.principal, req.params.enterpriseId),
  );
};
