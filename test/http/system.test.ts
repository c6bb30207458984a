import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_FILE, openApiDocument } from '../../scripts/openapi-document';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { z } from 'zod';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { jsonResponse } from '../../src/plugins/error-responses';
import { serializerCompiler } from '../../src/plugins/serializer';
import { createTestApp, type TestApp } from '../helpers/app';
import { contractChecker } from '../helpers/contract';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('health and readiness', () => {
  it('reports liveness', async () => {
    const res = await t.app.inject('/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('reports readiness with the database and the catalog', async () => {
    const res = await t.app.inject('/ready');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', checks: { database: 'ok', catalog: expect.stringMatching(/^\d+ questionnaires$/) } });
  });
});

describe('errors outside any route', () => {
  it('answers an unknown route with a 404 problem', async () => {
    const res = await t.app.inject('/v1/nowhere?x=1');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ type: '/problems/not-found', title: '未找到', status: 404, instance: '/v1/nowhere', requestId: expect.any(String) });
  });

  it('describes each problem type at its type URI', async () => {
    const res = await t.app.inject('/problems/invalid-answers');
    expect(res.json()).toMatchObject({ type: '/problems/invalid-answers', status: 422 });
    expect((await t.app.inject('/problems/__proto__')).statusCode).toBe(404);
  });

  it('echoes a caller-supplied request id', async () => {
    const res = await t.app.inject({ url: '/v1/nowhere', headers: { 'x-request-id': 'trace-me-42' } });
    expect(res.json().requestId).toBe('trace-me-42');
  });
});

describe('the OpenAPI document', () => {
  it('is served at /openapi.json and is what openapi.json commits (run npm run openapi after API changes)', async () => {
    const res = await t.app.inject('/openapi.json');
    expect(res.statusCode).toBe(200);
    const served = res.json();
    expect(served.openapi).toBe('3.1.0');
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(openApiDocument(t.app));
  });

  it('gives every operation an operationId, a tag, a summary, security and problem+json errors', async () => {
    const doc = (await t.app.inject('/openapi.json')).json();
    const ids = new Set<string>();
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
        expect(ids.has(op.operationId), `${where} duplicates ${op.operationId}`).toBe(false);
        ids.add(op.operationId);
        expect(op.tags?.length, where).toBeGreaterThan(0);
        expect(op.summary, where).toBeTruthy();
        expect(op.security, where).toBeDefined();
        for (const code of ['400', '500', '503']) expect(op.responses[code]?.content['application/problem+json'], `${where} ${code}`).toBeDefined();
      }
    }
    expect(ids.size).toBeGreaterThanOrEqual(8);
  });

  it('names each component once and closes every object', async () => {
    const doc = (await t.app.inject('/openapi.json')).json();
    const names = Object.keys(doc.components.schemas);
    expect(names.filter((n) => n.endsWith('Input'))).toEqual([]);
    const open: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
      if (node === null || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (o.type === 'object' && o.properties && o.additionalProperties !== false) open.push(at);
      for (const [k, v] of Object.entries(o)) walk(v, `${at}/${k}`);
    };
    walk(doc.components.schemas, '#/components/schemas');
    expect(open).toEqual([]);
  });

  it('gives every operation a request and a response example that its schemas accept', async () => {
    const doc = (await t.app.inject('/openapi.json')).json();
    const check = contractChecker(doc);
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema(doc, 'openapi');
    const missing: string[] = [];
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        const examples = Object.entries<any>(op.responses)
          .filter(([status]) => status.startsWith('2'))
          .flatMap(([status, response]) =>
            Object.entries<any>(response.content ?? {})
              .filter(([, c]) => 'example' in c)
              .map(([mediaType, c]) => ({ status, mediaType, example: c.example })),
          );
        if (!examples.length) missing.push(`${op.operationId}: response example`);
        for (const e of examples) expect(check(path, method, Number(e.status), e.mediaType, e.example), op.operationId).toBeNull();
        const body = op.requestBody?.content?.['application/json'];
        const parameters = op.parameters ?? [];
        // A body the document marks optional (NoBody) is best shown left out: its parameters are the example.
        const bodyExpected = body && op.requestBody.required !== false;
        if (bodyExpected ? !('example' in body) : parameters.length > 0 && !parameters.some((p: any) => 'example' in p))
          missing.push(`${op.operationId}: request example`);
        if (body && 'example' in body) {
          const pointer = ['paths', path, method, 'requestBody', 'content', 'application/json', 'schema']
            .map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1'))
            .join('/');
          const validate = ajv.compile({ $ref: `openapi#/${pointer}` });
          expect(validate(body.example), `${op.operationId} request: ${ajv.errorsText(validate.errors)}`).toBe(true);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('fails a test whose route sends what the document does not describe', async () => {
    const rogue = await createTestApp(
      {},
      {
        beforeReady: (app) =>
          void app.register(async (api) => {
            api.setValidatorCompiler(validatorCompiler);
            api.setSerializerCompiler(serializerCompiler);
            const schema = {
              operationId: 'rogue',
              tags: ['system'],
              summary: 'Answers with a status it does not document',
              response: { 200: jsonResponse(z.strictObject({ ok: z.boolean() }), 'x') },
            };
            api.get('/v1/rogue', { config: { access: ['public'] }, schema }, async (_req, reply) => reply.code(201 as 200).send({ ok: true }));
          }),
      },
    );
    try {
      const res = await rogue.app.inject('/v1/rogue');
      expect(res.statusCode).toBe(500);
      expect(res.json().contractViolation).toMatch(/does not document 201 application\/json/);
    } finally {
      await rogue.close();
    }
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await t.app.inject('/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});
