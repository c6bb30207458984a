import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { jsonResponse } from '../plugins/error-responses';
import { notFound } from '../http/problem';
import {
  IndustryList,
  QuestionnaireIdParams,
  QuestionnaireList,
  QuestionnaireVersionDocument,
  QuestionnaireSummary,
  VersionParams,
  VersionStatus,
  type Language,
} from '../questionnaires/api.schemas';
import { IndustryCode } from '../questionnaires/definition.schema';
import { negotiateLanguage } from '../questionnaires/localize';
import { industryList, questionnaireList, questionnaireSummary, versionDocument } from '../questionnaires/presenters';

/** The negotiated language, announced in Content-Language; Vary keeps caches from mixing languages. */
function respondIn(req: FastifyRequest, reply: FastifyReply): Language {
  const language = negotiateLanguage(req.raw);
  reply.header('content-language', language).header('vary', 'Accept-Language');
  return language;
}

export const questionnaireRoutes: FastifyPluginAsyncZod = async (app) => {
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

  app.get(
    '/v1/questionnaires/:questionnaireId/versions/:version',
    {
      config: { access: ['public'] },
      schema: {
        operationId: 'getQuestionnaireVersion',
        tags: ['questionnaires'],
        summary: 'Get the full definition of a questionnaire version in the negotiated language',
        params: VersionParams,
        response: { 200: jsonResponse(QuestionnaireVersionDocument, 'The definition with labels in the negotiated language (Content-Language).') },
      },
    },
    async (req, reply) => {
      const { questionnaireId, version } = req.params;
      const record = app.services.catalog.resolve(questionnaireId, version);
      if (!record) throw notFound(`questionnaire ${questionnaireId} version ${version}`);
      const language = respondIn(req, reply);
      return versionDocument(record, language);
    },
  );
};
