import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditPage, AuditQuery } from '../auth/api.schemas';
import { jsonResponse } from '../plugins/error-responses';

/** /v1/audit-log: every write, newest first. Admins only. */
export const auditLogRoutes: FastifyPluginAsyncZod = async (app) => {
  const { auth } = app.services;

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
};
