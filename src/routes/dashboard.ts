import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { SIZE_CLASSES } from '../enterprises/size-class';
import { esModuleSource } from '../http/es-module';
import * as regionCodes from '../regions/codes';

/** The dashboard's own files: plain ES modules and CSS, no build step. */
const PUBLIC_DIR = fileURLToPath(new URL('../../public/dashboard/', import.meta.url));
/**
 * ECharts from npm, served from node_modules so the page never needs a CDN (it must work offline). The package's
 * CommonJS entry is dist/echarts.js, next to the minified browser build.
 */
const ECHARTS_DIST = dirname(createRequire(import.meta.url).resolve('echarts'));

/**
 * /dashboard/domain.js: the service's own definitions the page needs, generated once from its modules: the region
 * rules (national code, levels, parent, contains: src/regions/codes.ts) and the size classes.
 */
export const DASHBOARD_DOMAIN_MODULE = esModuleSource({ ...regionCodes, SIZE_CLASSES });

/**
 * GET /dashboard: the regional dashboard, a static page that reads only the documented public API. Its routes
 * stay out of the OpenAPI document (schema.hide); every one of them is public.
 */
export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  // @fastify/static registers its wildcard route itself and cannot be given a route config, so the access
  // declaration is added here, for the routes of this plugin only (as the OpenAPI plugin does for Swagger UI).
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config as object), access: ['public'] };
  });

  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/dashboard/', index: 'index.html' });

  app.get('/dashboard', { schema: { hide: true }, config: { access: ['public'] } }, (_req, reply) => reply.sendFile('index.html'));

  app.get('/dashboard/domain.js', { schema: { hide: true }, config: { access: ['public'] } }, (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(DASHBOARD_DOMAIN_MODULE),
  );

  app.get('/dashboard/vendor/echarts.min.js', { schema: { hide: true }, config: { access: ['public'] } }, (_req, reply) =>
    reply.sendFile('echarts.min.js', ECHARTS_DIST, { maxAge: '1d' }),
  );
}
