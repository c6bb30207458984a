import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzed, schemaArbitrary } from '../helpers/schema-arbitrary';
import { buildWorld, type Caller, type World } from '../helpers/world';

let w: World;
let doc: Record<string, any>;
beforeAll(async () => {
  w = await buildWorld();
  doc = (await w.t.app.inject('/openapi.json')).json();
});
afterAll(() => w.t.close());

const PER_OPERATION = 160;
const text = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
const ROLE_CALLER: Record<string, Caller> = { enterprise: 'enterpriseA', authority: 'national', admin: 'admin', public: 'public' };

/** The most capable caller an operation admits (from the roles its description declares), to reach deep code. */
function callerFor(op: { description?: string }): Caller {
  const roles = /Roles: ([a-z, ]+)\./.exec(op.description ?? '')?.[1]?.split(', ') ?? ['public'];
  return ROLE_CALLER[roles.find((r) => r !== 'public') ?? 'public']!;
}

describe('fuzzing every operation from the OpenAPI document', () => {
  it(`sends ${PER_OPERATION} generated requests per operation, valid and mutated, and never gets a 5xx`, { timeout: 300_000 }, async () => {
    const throwaway = (await w.t.app.inject({ method: 'POST', url: '/v1/api-keys', headers: w.keys.admin, payload: { role: 'admin', label: 'fuzz' } })).json()
      .apiKey.id;
    const known: Record<string, string[]> = {
      enterpriseId: [w.a.enterpriseId, w.b.enterpriseId],
      assessmentId: [w.a.submittedId, w.a.draftId, w.a.completeDraftId],
      questionnaireId: ['steel', 'general', 'automotive'],
      version: ['2026.1', 'current'],
      regionCode: ['000000', '310000', '310100', '310115', '320000'],
      keyId: [throwaway],
      slug: ['not-found', 'validation-error'],
    };
    let sent = 0;
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        const params: any[] = op.parameters ?? [];
        const pathParams = params.filter((p) => p.in === 'path');
        const queryParams = params.filter((p) => p.in === 'query');
        const pathArb = fc.record(
          Object.fromEntries(
            pathParams.map((p) => [
              p.name,
              fc.oneof(
                { weight: 4, arbitrary: fc.constantFrom(...(known[p.name] ?? ['x'])) },
                { weight: 1, arbitrary: schemaArbitrary(p.schema, doc) },
                { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
              ),
            ]),
          ),
        );
        const queryArb = fc.record(Object.fromEntries(queryParams.map((p) => [p.name as string, fuzzed(schemaArbitrary(p.schema, doc))])), {
          requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name as string) as never[],
        });
        const bodySchema = op.requestBody?.content?.['application/json']?.schema;
        const bodyArb = bodySchema ? fuzzed(schemaArbitrary(bodySchema, doc)) : fc.constant(undefined);
        const headerArb = fc.record({
          'if-match': fc.constantFrom('*', '"1"', '"2"', 'W/"1"', 'garbage'),
          'idempotency-key': fc.option(fc.uuid(), { nil: undefined }),
        });
        const samples = fc.sample(fc.tuple(pathArb, queryArb, bodyArb, headerArb), { numRuns: PER_OPERATION, seed: sent + 1 });
        const key = w.keys[callerFor(op)];
        for (const [pathValues, query, body, headers] of samples) {
          const url =
            path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(text((pathValues as Record<string, unknown>)[name]))) +
            (Object.keys(query as object).length
              ? `?${new URLSearchParams(Object.entries(query as object).map(([k, v]): [string, string] => [k, text(v)])).toString()}`
              : '');
          const cleanHeaders = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>;
          const res = await w.t.app.inject({
            method: method.toUpperCase() as 'GET',
            url,
            headers: { ...key, ...cleanHeaders, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
            payload: body === undefined ? undefined : JSON.stringify(body),
          });
          sent++;
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          const where = `${op.operationId} ${method.toUpperCase()} ${url.slice(0, 120)} → ${res.statusCode}`;
          if (res.statusCode >= 500) failures.push(`${where}: ${res.body.slice(0, 300)}`);
          else if (res.statusCode >= 400 && !String(res.headers['content-type']).startsWith('application/problem+json'))
            failures.push(`${where}: not problem+json`);
        }
      }
    }
    console.log(`fuzz: ${sent} requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(5000);
    // The requests reached deep code: successes as well as refusals.
    expect([...statuses.keys()].filter((s) => s < 300).length).toBeGreaterThan(0);
  });
});
