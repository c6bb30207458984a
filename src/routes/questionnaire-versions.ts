import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { respondIn } from '../http/language';
import { locations } from '../http/locations';
import { notFound } from '../http/problem';
import { NoBody } from '../http/write-headers';
import { jsonResponse, problemResponse } from '../plugins/error-responses';
import { QuestionnaireIdParams, QuestionnaireVersionDocument, VersionParams } from '../questionnaires/api.schemas';
import { QuestionnaireDefinitionSource, QuestionnaireVersion } from '../questionnaires/definition.schema';
import { negotiateLanguage } from '../questionnaires/localize';
import { versionDocument } from '../questionnaires/presenters';

/** GET /v1/questionnaires/{id}/versions/{version}: a version's full definition, public. */
export const questionnaireVersionRoutes: FastifyPluginAsyncZod = async (app) => {
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

/**
 * POST /v1/questionnaires/{id}/versions and …/{version}/retire: publishing and retiring a version, admins only.
 * A plugin of its own only so that app.ts can register it where openapi.json has always listed these operations
 * (the document lists paths in registration order).
 */
export const questionnaireVersionPublishingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { questionnaires } = app.services;

  app.post(
    '/v1/questionnaires/:questionnaireId/versions',
    {
      config: { access: ['admin'] },
      schema: {
        operationId: 'publishQuestionnaireVersion',
        tags: ['questionnaires'],
        summary: 'Publish a new questionnaire version (checked like a definition file; immutable once published)',
        params: QuestionnaireIdParams,
        body: QuestionnaireDefinitionSource,
        response: {
          201: jsonResponse(QuestionnaireVersionDocument, 'Published; Location names it.'),
          200: jsonResponse(QuestionnaireVersionDocument, 'The same content was already published under this version.'),
          409: problemResponse(409, 'The version exists with other content.'),
        },
      },
    },
    async (req, reply) => {
      const { created, record } = await questionnaires.publish(req.params.questionnaireId, req.body);
      reply.code(created ? 201 : 200).header('location', locations.questionnaireVersion(record.questionnaireId, record.version));
      return versionDocument(record, negotiateLanguage(req.raw));
    },
  );

  app.post(
    '/v1/questionnaires/:questionnaireId/versions/:version/retire',
    {
      config: { access: ['admin'] },
      schema: {
        operationId: 'retireQuestionnaireVersion',
        tags: ['questionnaires'],
        summary: 'Retire a version: still readable and scoring its pinned drafts, no longer offered for new ones',
        params: z.strictObject({ questionnaireId: QuestionnaireIdParams.shape.questionnaireId, version: QuestionnaireVersion }),
        body: NoBody,
        response: {
          200: jsonResponse(QuestionnaireVersionDocument, 'The retired version.'),
          409: problemResponse(
            409,
            'Retiring it would leave a division covered by two current questionnaires (or none general); `errors` names each conflict.',
          ),
        },
      },
    },
    async (req) => {
      const { record } = await questionnaires.retire(req.params.questionnaireId, req.params.version);
      return versionDocument(record, negotiateLanguage(req.raw));
    },
  );
};
