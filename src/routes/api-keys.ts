import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyList, KeyParams } from '../auth/api.schemas';
import { toApiKey } from '../auth/presenters';
import { NoBody } from '../http/write-headers';
import { jsonResponse } from '../plugins/error-responses';

/** /v1/api-keys: issuing, listing and revoking API keys. Admins only. */
export const apiKeyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { auth, clock } = app.services;

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
};
