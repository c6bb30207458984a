// npm run openapi:examples — records one real request and response per operation (run against a fresh app with
// test fixtures) into openapi-examples.json, which the OpenAPI document embeds; then npm run openapi.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MATRIX } from '../test/helpers/operations';
import { buildWorld, type Caller } from '../test/helpers/world';

const FILE = fileURLToPath(new URL('../openapi-examples.json', import.meta.url));
// The caller that shows an operation at its most typical.
const PREFERENCE: Caller[] = ['enterpriseA', 'national', 'admin', 'public'];

const w = await buildWorld();
try {
  const doc = (await w.t.app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, { operationId: string }>> };
  const where = new Map(
    Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => [op.operationId, { path, method }] as const)),
  );
  const examples: Record<string, unknown> = {};
  for (const [operation, { call, expect }] of Object.entries(MATRIX).sort(([a], [b]) => a.localeCompare(b))) {
    const caller = PREFERENCE.find((c) => expect[c] < 300)!;
    const c = call(w);
    const res = await w.t.app.inject({ method: c.method, url: c.url, payload: c.payload as object, headers: { ...c.headers, ...w.keys[caller] } });
    if (res.statusCode >= 300) throw new Error(`${operation} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    const { path } = where.get(operation)!;
    const url = new URL(c.url, 'http://x');
    const pattern = new RegExp(`^${path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`);
    const parameters = {
      ...pattern.exec(url.pathname)?.groups,
      ...Object.fromEntries(url.searchParams),
      ...(c.headers?.['if-match'] ? { 'if-match': c.headers['if-match'] } : {}),
    };
    const mediaType = String(res.headers['content-type']).split(';')[0]!;
    let body: unknown = mediaType.endsWith('json') ? res.json() : res.body.slice(0, 1500);
    // Long lists are shown by their first entries.
    if (body && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items)) {
      body = { ...(body as object), items: (body as { items: unknown[] }).items.slice(0, 3) };
    }
    examples[operation] = { parameters, ...(c.payload !== undefined ? { request: c.payload } : {}), response: { status: res.statusCode, mediaType, body } };
  }
  writeFileSync(FILE, `${JSON.stringify(examples, null, 2)}\n`);
  console.log(`wrote ${Object.keys(examples).length} examples to ${FILE}; now run npm run openapi`);
} finally {
  await w.t.close();
}
