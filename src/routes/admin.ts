import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyList, AuditPage, AuditQuery, KeyParams } from '../auth/api.schemas';
import { toApiKey } from '../auth/presenters';
import { locations } from '../http/locations';
import { NoBody } from '../http/write-headers';
import { jsonResponse, problemResponse } from '../plugins/error-responses';
import { QuestionnaireIdParams, QuestionnaireVersionDocument } from '../questionnaires/api.schemas';
import { QuestionnaireDefinitionSource, QuestionnaireVersion } from '../questionnaires/definition.schema';
import { negotiateLanguage } from '../questionnaires/localize';
import { versionDocument } from '../questionnaires/presenters';

/** Administration: API keys, the audit log, publishing and retiring questionnaire versions. Admins only. */
export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  const { auth, questionnaires, clock } = app.services;

  app.post(
    '/v1/api-keys',
    {
      config: { access: ['admin'] },
      schema: {
        operationId: 'createApiKey',
        tags: ['administration'],
        summary: 'Issue an API key (shown once) for an admin, an enterprise or an authority',
        body: ApiKeyCreate,
        response: { 201: jsonResponse(ApiKeyCreated, 'The key, shown this once, and its record.') },
      },
    },
    async (req, reply) => {
      const { record, key } = await auth.issue(req.principal.keyId!, req.body);
      reply.code(201).header('cache-control', 'no-store');
      return { apiKey: toApiKey(record, clock()), key };
    },
  );

  app.get(
    '/v1/api-keys',
    {
      config: { access: ['admin'] },
      schema: {
        operationId: 'listApiKeys',
        tags: ['administration'],
        summary: 'List API keys (never their secrets)',
        response: { 200: jsonResponse(ApiKeyList, 'Oldest first.') },
      },
    },
    async () => {
      const { keys } = await auth.list();
      const now = clock();
      return { items: keys.map((k) => toApiKey(k, now)) };
    },
  );

  app.post(
    '/v1/api-keys/:keyId/revoke',
    {
      config: { access: ['admin'] },
      schema: {
        operationId: 'revokeApiKey',
        tags: ['administration'],
        summary: 'Revoke an API key at once (idempotent)',
        params: KeyParams,
        body: NoBody,
        response: { 200: jsonResponse(ApiKey, 'The revoked key.') },
      },
    },
    async (req) => toApiKey((await auth.revoke(req.params.keyId)).record, clock()),
  );

  app.get(
    '/v1/audit-log',
    {
      config: { access: ['admin'] },
      schema: {
        operationId: 'listAuditLog',
        tags: ['administration'],
        summary: 'Every write: who (key, role), what (operation, resource), when, and the outcome',
        querystring: AuditQuery,
        response: { 200: jsonResponse(AuditPage, 'Newest first.') },
      },
    },
    async (req) => {
      const { entries, nextBefore } = await auth.auditLog(req.query);
      return { items: entries, nextBefore };
    },
  );

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
