import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * /metrics: the instance's metrics in Prometheus' text format, for a scraper holding an admin key (operational
 * data — request rates by operation, queue depths — is not public, and no other role needs it).
 */
export const metricsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { metrics } = app.services;
  app.get(
    '/metrics',
    {
      config: { access: ['admin'] },
      schema: {
        operationId: 'getMetrics',
        tags: ['system'],
        summary: 'Metrics in Prometheus text format: requests by operation, submissions, projection lag, database connections',
        response: {
          200: {
            description: 'The Prometheus text exposition (version 0.0.4) of this instance and its process.',
            content: { 'text/plain': { schema: z.string() } },
          },
        },
      },
    },
    async (_req, reply) =>
      reply
        .type(metrics.contentType)
        .header('cache-control', 'no-store')
        .send(await metrics.exposition()),
  );
};
