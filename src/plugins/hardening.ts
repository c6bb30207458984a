import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { accessOf } from '../auth/principal';
import type { Config } from '../config';
import { ProblemError } from '../http/problem';
import { queryTextProblem } from '../http/query-text';

/**
 * Limits that protect the service from hostile or careless clients: URL length (414), query parameters that are
 * not UTF-8 or not one line of free text (400, http/query-text.ts), request rate per key or,
 * without a valid key, per IP (429 with Retry-After), security headers, and CORS only for configured origins.
 * Body size and JSON depth are the JSON parser's (json-body.ts).
 */
export const hardeningPlugin = fp(
  async (app: FastifyInstance, config: Config) => {
    app.addHook('onRequest', async (request) => {
      if (request.url.length > config.MAX_URL_LENGTH) {
        throw new ProblemError('uri-too-long', {
          zh: `请求目标长 ${request.url.length} 个字符；最多接受 ${config.MAX_URL_LENGTH} 个`,
          en: `the request target is ${request.url.length} characters; at most ${config.MAX_URL_LENGTH} are accepted`,
        });
      }
      const query = queryTextProblem(request.url);
      if (query) throw query;
    });

    await app.register(rateLimit, {
      global: true,
      max: (request) => (request.principal.role === 'public' ? config.RATE_LIMIT_PUBLIC_PER_MINUTE : config.RATE_LIMIT_PER_MINUTE),
      timeWindow: 60_000,
      keyGenerator: (request) => (request.principal.keyId ? `key:${request.principal.keyId}` : `ip:${request.ip}`),
      errorResponseBuilder: (_request, context) =>
        new ProblemError('rate-limited', {
          zh: `${context.after} 内请求超过 ${context.max} 次；请在 Retry-After 所示时间后重试`,
          en: `more than ${context.max} requests in ${context.after}; retry after the Retry-After delay`,
        }),
    });

    await app.register(helmet, {
      global: true,
      // The service speaks plain HTTP (TLS, if any, ends at a proxy in front): asking browsers to upgrade to https
      // broke the dashboard's scripts on any non-loopback address, and HSTS is the TLS endpoint's to send.
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
      strictTransportSecurity: false,
    });
    if (config.CORS_ORIGINS.length) {
      // CORS preflight requests carry no credentials by design: its OPTIONS route is public.
      app.addHook('onRoute', (route) => {
        if (route.method === 'OPTIONS' && !accessOf(route.config)) route.config = { ...(route.config as object), access: ['public'] };
      });
      // Browsers hide response headers from scripts unless listed: ETag feeds If-Match, Location names what was made.
      await app.register(cors, { origin: config.CORS_ORIGINS, exposedHeaders: ['ETag', 'Location', 'Retry-After', 'Content-Language', 'Idempotent-Replayed'] });
    }
  },
  { name: 'hardening', dependencies: ['auth'] },
);
