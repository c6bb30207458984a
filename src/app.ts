import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import './app-types';
import { freeFormStrings } from './domain/free-text';
import type { Config } from './config';
import { createServices, type ServiceOptions } from './services';
import { PROBLEM_TYPES_ZH, problemTypeUri } from './http/problem';
import { NoQuery } from './http/write-headers';
import { authPlugin } from './plugins/auth';
import { hardeningPlugin } from './plugins/hardening';
import { errorResponsesPlugin } from './plugins/error-responses';
import { errorsPlugin, sendProblem, toProblemError } from './plugins/errors';
import { jsonBodyPlugin } from './plugins/json-body';
import { metricsPlugin } from './plugins/metrics';
import { openApiPlugin } from './plugins/openapi';
import { serializerCompiler } from './plugins/serializer';
import { validatorCompiler } from './plugins/validator';
import { apiKeyRoutes } from './routes/api-keys';
import { assessmentReportRoutes } from './routes/assessment-report';
import { assessmentRoutes } from './routes/assessments';
import { auditLogRoutes } from './routes/audit-log';
import { dashboardRoutes } from './routes/dashboard';
import { enterpriseAssessmentRoutes } from './routes/enterprise-assessments';
import { enterpriseRoutes } from './routes/enterprises';
import { enterpriseTrendRoutes } from './routes/enterprise-trend';
import { healthRoutes } from './routes/health';
import { indexRoutes } from './routes/indices';
import { industryRoutes } from './routes/industries';
import { metricsRoutes } from './routes/metrics';
import { problemTypeRoutes } from './routes/problem-types';
import { questionnaireVersionPublishingRoutes, questionnaireVersionRoutes } from './routes/questionnaire-versions';
import { questionnaireRoutes } from './routes/questionnaires';
import { regionRoutes } from './routes/regions';
import { scoringRoutes } from './routes/scoring';

/** What a caller-supplied request id may look like (a UUID, a trace id): short, no spaces or markup. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Hop counts become the function fastify expects; addresses and false pass through. */
function trustedProxies(trust: Config['TRUST_PROXY']): string | false | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/**
 * Builds the application from a validated config: opens and migrates the database, loads the questionnaire
 * catalog, registers cross-cutting plugins and then the routes. Throws (nothing half-open) if any step fails.
 */
export type BuildOptions = Omit<ServiceOptions, 'onError'>;

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  // Background failures are logged once the logger exists.
  let log: (message: string) => void = (message) => console.error(message);
  const services = await createServices(config, { ...options, onError: (message) => log(message) });
  const { database, catalog } = services;

  const app = Fastify({
    logger: { level: config.LOG_LEVEL },
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: trustedProxies(config.TRUST_PROXY),
    // A caller's X-Request-Id is kept to correlate logs only when it looks like one: it lands in the audit log.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // A path fastify cannot decode (a malformed %-escape) answers problem+json like every other error.
    frameworkErrors: (err, req, reply) => sendProblem(reply, req, toProblemError(err)),
    // Requests too malformed for fastify to route (oversized headers and the like) still get problem+json.
    clientErrorHandler: (err, socket) => {
      const status = (err as { code?: string }).code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      const slug = status === 431 ? 'headers-too-large' : 'invalid-parameter';
      // No request to negotiate a language from: the default one, zh.
      const body = JSON.stringify({ type: problemTypeUri(slug), title: PROBLEM_TYPES_ZH[slug].title, status });
      if (socket.writable) {
        socket.end(
          `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/problem+json\r\nContent-Language: zh\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      }
    },
  });
  log = (message) => app.log.error(message);
  app.decorate('services', services);
  app.decorate('database', database);
  app.decorate('catalog', catalog);
  app.addHook('onClose', () => services.close());
  // Idempotency keys are kept at least 24 h: purge older ones at start and every hour.
  const purge = () =>
    services.uow
      .write(() => services.idempotency.purgeBefore(services.clock()))
      .catch((err: unknown) => app.log.error({ err }, 'could not purge idempotency keys'));
  const purgeTimer = setInterval(() => void purge(), 60 * 60 * 1000).unref();
  app.addHook('onClose', async () => clearInterval(purgeTimer));
  app.addHook('onReady', async () => {
    await purge();
    // Nothing runs with a default password: the first admin key is made deliberately, on the command line.
    if (!(await services.auth.adminKeyExists())) {
      app.log.warn('No admin API key exists yet. Create one with: npm run key:create -- --role admin');
    }
  });

  await app.register(metricsPlugin);
  await app.register(errorsPlugin);
  await app.register(jsonBodyPlugin);
  await app.register(authPlugin);
  await app.register(hardeningPlugin, config);
  await app.register(errorResponsesPlugin);
  await app.register(openApiPlugin);

  // The zod compilers live in this encapsulated context only: set globally they would also apply to third-party
  // plugins' routes and break them.
  await app.register(async (api) => {
    api.setValidatorCompiler(validatorCompiler);
    api.setSerializerCompiler(serializerCompiler);
    // Unknown fields are refused, query parameters included: a route that declares none takes none.
    api.addHook('onRoute', (route) => {
      if (route.schema && !route.schema.hide && !route.schema.querystring) route.schema = { ...route.schema, querystring: NoQuery };
      // Every text a body takes is free text (domain/free-text.ts) or says why not: a field added without it stops the start.
      const body = route.schema?.body as z.ZodType | undefined;
      const unchecked = body instanceof z.ZodObject ? freeFormStrings(body) : [];
      if (unchecked.length) {
        throw new Error(`${route.method} ${route.url}: body field(s) ${unchecked.join(', ')} take text without freeText() (src/domain/free-text.ts)`);
      }
    });
    // One plugin per URL resource (src/routes/README.md). The OpenAPI document lists paths in the order they are
    // registered: this order is openapi.json's (and the SDK's), and moving a line moves its paths there.
    await api.register(healthRoutes);
    await api.register(metricsRoutes);
    await api.register(problemTypeRoutes);
    await api.register(industryRoutes);
    await api.register(regionRoutes);
    await api.register(questionnaireRoutes);
    await api.register(questionnaireVersionRoutes);
    await api.register(scoringRoutes);
    await api.register(enterpriseRoutes);
    await api.register(enterpriseAssessmentRoutes);
    await api.register(enterpriseTrendRoutes);
    await api.register(assessmentRoutes);
    await api.register(indexRoutes);
    await api.register(apiKeyRoutes);
    await api.register(auditLogRoutes);
    // Publishing and retiring live in questionnaire-versions.ts with the version they act on; openapi.json has
    // always listed them here, after the audit log.
    await api.register(questionnaireVersionPublishingRoutes);
    await api.register(assessmentReportRoutes);
    await api.register(dashboardRoutes);
  });
  return app;
}
