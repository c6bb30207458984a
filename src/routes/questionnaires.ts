import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { respondIn } from '../http/language';
import { jsonResponse } from '../plugins/error-responses';
import { notFound } from '../http/problem';
import { QuestionnaireIdParams, QuestionnaireList, QuestionnaireSummary, VersionStatus } from '../questionnaires/api.schemas';
import { IndustryCode } from '../questionnaires/definition.schema';
import { questionnaireList, questionnaireSummary } from '../questionnaires/presenters';

/** /v1/questionnaires and /v1/questionnaires/{id}; a version's own operations are in questionnaire-versions.ts. */
export const questionnaireRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/questionnaires',
    {
      config: { access: ['public'] },
      schema: {
        operationId: 'listQuestionnaires',
        tags: ['questionnaires'],
        summary: 'List questionnaires, optionally the one covering a division, or only versions of one status',
        querystring: z.strictObject({
          industry: IndustryCode.optional().describe('GB/T 4754 division: returns the questionnaire it maps to.'),
          status: VersionStatus.optional(),
        }),
        response: { 200: jsonResponse(QuestionnaireList, 'Questionnaires with their versions, newest first.') },
      },
    },
    async (req, reply) => {
      const language = respondIn(req, reply);
      return questionnaireList(app.services.catalog, language, req.query);
    },
  );

  app.get(
    '/v1/questionnaires/:questionnaireId',
    {
      config: { access: ['public'] },
      schema: {
        operationId: 'getQuestionnaire',
        tags: ['questionnaires'],
        summary: 'Get a questionnaire and its versions',
        params: QuestionnaireIdParams,
        response: { 200: jsonResponse(QuestionnaireSummary, 'The questionnaire and its versions.') },
      },
    },
    async (req, reply) => {
      const summary = questionnaireSummary(app.services.catalog, req.params.questionnaireId, respondIn(req, reply));
      if (!summary) throw notFound(`questionnaire ${req.params.questionnaireId}`);
      return summary;
    },
  );
};
