import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_FILE, openApiDocument } from '../../scripts/openapi-document';
import { createTestApp, type TestApp } from '../helpers/app';

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
    expect(res.json()).toMatchObject({ type: '/problems/not-found', title: 'Not found', status: 404, instance: '/v1/nowhere', requestId: expect.any(String) });
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

  it('serves Swagger UI at /docs', async () => {
    const res = await t.app.inject('/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});
