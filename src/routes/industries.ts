import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { respondIn } from '../http/language';
import { jsonResponse } from '../plugins/error-responses';
import { IndustryList } from '../questionnaires/api.schemas';
import { industryList } from '../questionnaires/presenters';

/** /v1/industries: the GB/T 4754 divisions and the questionnaire covering each. */
export const industryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/industries',
    {
      config: { access: ['public'] },
      schema: {
        operationId: 'listIndustries',
        tags: ['industries'],
        summary: 'List GB/T 4754 manufacturing divisions with the questionnaire covering each',
        response: { 200: jsonResponse(IndustryList, 'All 31 divisions, 13–43.') },
      },
    },
    async (req, reply) => {
      const language = respondIn(req, reply);
      return industryList(app.services.catalog, language);
    },
  );
};
