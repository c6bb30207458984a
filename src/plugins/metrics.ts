import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The operation whose acknowledged responses are counted as submissions. */
const SUBMIT = 'submitAssessment';

/**
 * Records every response into the instance's metrics (src/metrics/metrics.ts), once it is sent: the operation is
 * the route's operationId (its URL template for routes without one, such as the documentation's; `unmatched` for
 * none), so a label never holds an id from a URL. A submission counts when it is acknowledged, not when replayed.
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance) => {
    const { metrics } = app.services;
    app.addHook('onResponse', async (request, reply) => {
      const operation = request.routeOptions.schema?.operationId ?? request.routeOptions.url ?? 'unmatched';
      metrics.observeRequest(operation, request.method, reply.statusCode, reply.elapsedTime / 1000);
      if (operation === SUBMIT && reply.statusCode === 200 && reply.getHeader('idempotent-replayed') === undefined) metrics.countSubmission();
    });
  },
  { name: 'metrics' },
);
