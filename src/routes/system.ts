import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { jsonResponse } from '../plugins/error-responses';
import { PROBLEM_TYPES, ProblemError, problemTypeUri, type ProblemType } from '../http/problem';

const Health = z.strictObject({ status: z.literal('ok') }).meta({ id: 'Health' });
const Readiness = z
  .strictObject({
    status: z.literal('ready'),
    checks: z.strictObject({ database: z.literal('ok'), catalog: z.string().describe('How many questionnaires are loaded.') }),
  })
  .meta({ id: 'Readiness' });
const ProblemType = z.strictObject({ type: z.string(), title: z.string(), status: z.int(), description: z.string() }).meta({ id: 'ProblemType' });

export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
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
      app.database.db.get(sql`select 1`);
      const count = app.catalog.ids().length;
      if (count === 0) throw new ProblemError('service-unavailable', 'no questionnaire is loaded', { headers: { 'retry-after': '5' } });
      return { status: 'ready' as const, checks: { database: 'ok' as const, catalog: `${count} questionnaires` } };
    },
  );

  app.get(
    '/problems/:slug',
    {
      config: { access: ['public'] },
      schema: {
        operationId: 'getProblemType',
        tags: ['system'],
        summary: 'Describe a problem type used in error responses',
        params: z.strictObject({ slug: z.string().max(64) }),
        response: { 200: jsonResponse(ProblemType, 'The problem type.') },
      },
    },
    async (req) => {
      const slug = req.params.slug as ProblemType;
      const known = Object.hasOwn(PROBLEM_TYPES, slug) ? PROBLEM_TYPES[slug] : undefined;
      if (!known) throw new ProblemError('not-found', `no problem type "${req.params.slug}"`);
      return { type: problemTypeUri(slug), ...known };
    },
  );
};
