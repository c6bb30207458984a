import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';

/** Who may call a route. Every route states it in `config.access`; the app refuses to start otherwise. */
export type Access = 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

export const accessDeclarationPlugin = fp(async (app: FastifyInstance) => {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
    // The OpenAPI document states the same declaration: public operations need no credentials.
    if (route.schema && (route.config as { access?: Access } | undefined)?.access === 'public') route.schema.security ??= [];
  });
  app.addHook('onReady', async () => {
    const undeclared = routes.filter((r) => !(r.config as { access?: Access } | undefined)?.access);
    if (undeclared.length) {
      throw new Error(`Routes without an access declaration (config.access): ${undeclared.map((r) => `${String(r.method)} ${r.url}`).join(', ')}`);
    }
  });
}, { name: 'access-declaration' });
