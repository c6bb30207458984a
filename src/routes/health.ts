import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { jsonResponse } from '../plugins/error-responses';
import { ProblemError } from '../http/problem';

const Health = z.strictObject({ status: z.literal('ok') }).meta({ id: 'Health' });
const Readiness = z
  .strictObject({
    status: z.literal('ready'),
    checks: z.strictObject({ database: z.literal('ok'), catalog: z.string().describe('How many questionnaires are loaded.') }),
  })
  .meta({ id: 'Readiness' });

/** /health and /ready: the probes an orchestrator polls (liveness, readiness). */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      config: { access: ['public'] },
      schema: {
        operationId: 'getHealth',
        tags: ['system'],
        summary: 'Liveness: the process answers',
        response: { 200: jsonResponse(Health, 'The process is alive.') },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { access: ['public'] },
      schema: {
        operationId: 'getReadiness',
        tags: ['system'],
        summary: 'Readiness: the database answers and the questionnaire catalog is loaded',
        response: { 200: jsonResponse(Readiness, 'The service can serve requests.') },
      },
    },
    async () => {
      await app.services.ping();
      const count = app.services.catalog.ids().length;
      if (count === 0)
        throw new ProblemError('service-unavailable', { zh: '尚未载入评估问卷', en: 'no questionnaire is loaded' }, { headers: { 'retry-after': '5' } });
      return { status: 'ready' as const, checks: { database: 'ok' as const, catalog: `${count} questionnaires` } };
    },
  );
};
