import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { accessOf, PUBLIC, type Access, type Principal } from '../auth/principal';
import { AuditWriter } from '../auth/audit-writer';
import { UnauthenticatedError } from '../domain/errors';
import { ProblemError } from '../http/problem';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** false for a POST that writes nothing (a score preview): only writes are audited. */
    audit?: boolean;
  }
  interface FastifyRequest {
    principal: Principal;
    /** Why a presented key was refused; reported after rate limiting has counted the request against its IP. */
    authFailure: ProblemError | null;
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const challenge = (error?: string) => ({ 'www-authenticate': error ? `Bearer realm="ronghe", error="${error}"` : 'Bearer realm="ronghe"' });

async function principalOf(request: FastifyRequest): Promise<Principal> {
  const header = request.headers.authorization;
  if (header === undefined) return PUBLIC;
  const m = /^Bearer +(\S+)$/i.exec(header);
  if (!m)
    throw new ProblemError(
      'authentication-required',
      { zh: '请以 "Authorization: Bearer <key>" 发送 API 密钥', en: 'send the API key as "Authorization: Bearer <key>"' },
      { headers: challenge('invalid_request') },
    );
  try {
    return await request.server.services.auth.verify(m[1]!);
  } catch (err) {
    if (err instanceof UnauthenticatedError) throw new ProblemError('authentication-required', err.detail, { headers: challenge('invalid_token') });
    throw err;
  }
}

/**
 * Identity and who may call what. Every route declares `config.access` (the app refuses to start otherwise); a
 * presented key must be valid even on public routes; a route without 'public' needs a key (401) of an admitted
 * role (403). Object-level rules (own enterprise, own region) are the services' and answer 404. Every write is
 * recorded in the audit log with who, what, when and the outcome — never bodies or keys.
 */
export const authPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('principal', null as never);
    app.decorateRequest('authFailure', null);

    const routes: RouteOptions[] = [];
    app.addHook('onRoute', (route) => {
      routes.push(route);
      const access = accessOf(route.config);
      if (!route.schema || !access) return;
      const roles = access.filter((a) => a !== 'public');
      // The OpenAPI document states the same declaration.
      route.schema.security ??= access.includes('public') ? (roles.length ? [{}, { bearerAuth: [] }] : []) : [{ bearerAuth: [] }];
      const who = `Roles: ${access.join(', ')}.`;
      // GET and its automatic HEAD share one schema object: state the roles once.
      if (roles.length && !route.schema.description?.includes(who)) {
        route.schema.description = route.schema.description ? `${route.schema.description} ${who}` : who;
      }
    });
    app.addHook('onReady', async () => {
      const undeclared = routes.filter((r) => !accessOf(r.config)?.length);
      if (undeclared.length) {
        throw new Error(`Routes without an access declaration (config.access): ${undeclared.map((r) => `${String(r.method)} ${r.url}`).join(', ')}`);
      }
    });

    // Identify in onRequest (rate limiting, registered next, buckets by key or IP); refuse in preParsing, before
    // any body is read.
    app.addHook('onRequest', async (request) => {
      try {
        request.principal = await principalOf(request);
      } catch (err) {
        request.principal = PUBLIC;
        request.authFailure = err as ProblemError;
      }
    });

    app.addHook('preParsing', async (request) => {
      if (request.authFailure) throw request.authFailure;
      const access = accessOf(request.routeOptions.config);
      if (!access || access.includes('public')) return;
      if (request.principal.role === 'public') {
        throw new ProblemError('authentication-required', { zh: '此操作需要 API 密钥', en: 'this operation needs an API key' }, { headers: challenge() });
      }
      if (!access.includes(request.principal.role)) {
        throw new ProblemError('forbidden', {
          zh: `${request.principal.role} 角色不能执行此操作`,
          en: `the ${request.principal.role} role may not perform this operation`,
        });
      }
    });

    const audit = new AuditWriter(app.services, (err, lost) => app.log.error({ err, lost }, 'could not write the audit log'));
    app.addHook('onResponse', async (request, reply) => {
      const operation = request.routeOptions.schema?.operationId;
      if (!WRITES.has(request.method) || !operation || request.routeOptions.config?.audit === false) return;
      const principal = request.authFailure ? PUBLIC : (request.principal ?? PUBLIC);
      audit.append({
        at: new Date().toISOString(),
        keyId: principal.keyId,
        role: principal.role,
        operation,
        method: request.method,
        resource: request.url.split('?')[0]!,
        status: reply.statusCode,
        requestId: String(request.id),
      });
    });
  },
  { name: 'auth', dependencies: ['errors'] },
);
