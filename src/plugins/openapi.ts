import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import pkg from '../../package.json' with { type: 'json' };
import examples from '../../openapi-examples.json' with { type: 'json' };
import { foldComponents } from './openapi-components';
import { embedExamples, type RecordedExample } from './openapi-examples';

export const API_TAGS = [
  { name: 'industries', description: 'GB/T 4754 manufacturing divisions and the questionnaire covering each.' },
  { name: 'regions', description: 'GB/T 2260 administrative divisions (民政部 县级以上行政区划代码) of the stated vintage, and the codes abolished since.' },
  {
    name: 'questionnaires',
    description: "Versioned industry questionnaires (Ronghe's own model aligned with GB/T 23020-2013, not the official MIIT questionnaire).",
  },
  { name: 'scoring', description: 'Weighted scoring, stages and the path to the next stage.' },
  { name: 'enterprises', description: 'Enterprises that assess themselves: credit code, region, industry, size class.' },
  { name: 'assessments', description: 'Periodic self-assessments: drafts, submission, revisions, history and trend.' },
  { name: 'indices', description: 'Regional indices, rankings, peer benchmarks and published snapshots; small cells suppressed.' },
  { name: 'administration', description: 'API keys and the audit log (admins).' },
  { name: 'system', description: 'Liveness, readiness and problem types.' },
];

type Json = Record<string, any>;

/**
 * @fastify/swagger marks every declared body required, but fastify validates an absent body as null: a body whose
 * schema admits null (NoBody) may be left out, and the document must say so or generated clients demand one.
 */
function optionalBodies<T extends { paths?: Json }>(doc: T): T {
  for (const item of Object.values<Json>(doc.paths ?? {})) {
    for (const op of Object.values<Json>(item)) {
      const schema = op.requestBody?.content?.['application/json']?.schema as Json | undefined;
      if (schema?.anyOf?.some((s: Json) => s.type === 'null')) op.requestBody.required = false;
    }
  }
  return doc;
}

/** The OpenAPI 3.1 document, generated from the routes' zod schemas; served at /openapi.json with Swagger UI at /docs. */
export const openApiPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Ronghe API',
          version: pkg.version,
          description:
            '两化融合 self-assessment: industry questionnaires, weighted scoring into a 0–100 level and one of four stages, periodic assessments and regional indices. Errors are RFC 9457 application/problem+json.',
          license: { name: 'UNLICENSED', identifier: 'UNLICENSED' },
        },
        servers: [{ url: '/', description: 'The server that serves this document' }],
        tags: API_TAGS,
        components: {
          securitySchemes: {
            bearerAuth: {
              type: 'http',
              scheme: 'bearer',
              description: 'An API key: "Authorization: Bearer rh_…". Create the first admin key with npm run key:create -- --role admin.',
            },
          },
        },
      },
      transform: jsonSchemaTransform,
      transformObject: (document) =>
        embedExamples(optionalBodies(foldComponents(jsonSchemaTransformObject(document))), examples as Record<string, RecordedExample>),
    });

    app.get('/openapi.json', { schema: { hide: true }, config: { access: ['public'] } }, async () => app.swagger());

    await app.register(async (docs) => {
      // Swagger UI registers its own routes; they are public documentation.
      docs.addHook('onRoute', (route) => {
        route.config = { ...(route.config as object), access: ['public'] };
      });
      await docs.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
    });
  },
  { name: 'openapi' },
);
