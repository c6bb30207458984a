import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { configWith } from '../../src/config';
import { createTestApp } from '../helpers/app';
import { startServer } from '../helpers/server-process';
import { buildWorld, type World } from '../helpers/world';
import { rawSql } from '../helpers/postgres';

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(() => w.t.close());

const inject = (opts: { method?: 'GET' | 'POST' | 'PATCH'; url: string; headers?: Record<string, string>; payload?: unknown }) =>
  w.t.app.inject({ method: opts.method ?? 'GET', url: opts.url, headers: opts.headers, payload: opts.payload as object });

describe('API keys', () => {
  it('are shown once, stored only as a hash, listed without secrets, and work at once', async () => {
    const res = await inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: w.keys.admin,
      payload: { role: 'enterprise', enterpriseId: w.a.enterpriseId, label: 'A 的系统' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { key, apiKey } = res.json();
    expect(key).toMatch(/^rh_[A-Za-z0-9]{16}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ role: 'enterprise', enterpriseId: w.a.enterpriseId, status: 'active', label: 'A 的系统' });

    const secret = key.split('_').slice(2).join('_');
    const stored = JSON.stringify(await rawSql(w.t.app.services).all('select * from api_keys'));
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(key);
    const listed = await inject({ url: '/v1/api-keys', headers: w.keys.admin });
    expect(listed.body).not.toContain(secret);
    expect(listed.json().items.find((k: { id: string }) => k.id === apiKey.id)).toMatchObject({ status: 'active' });

    const me = await inject({ url: `/v1/enterprises/${w.a.enterpriseId}`, headers: { authorization: `Bearer ${key}` } });
    expect(me.statusCode).toBe(200);
  });

  it('can be revoked, after which they are refused everywhere, even on public routes', async () => {
    const { key, apiKey } = (
      await inject({ method: 'POST', url: '/v1/api-keys', headers: w.keys.admin, payload: { role: 'admin', label: 'short-lived' } })
    ).json();
    const auth = { authorization: `Bearer ${key}` };
    expect((await inject({ url: '/v1/api-keys', headers: auth })).statusCode).toBe(200);
    const revoked = await inject({ method: 'POST', url: `/v1/api-keys/${apiKey.id}/revoke`, headers: w.keys.admin });
    expect(revoked.json()).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    for (const url of ['/v1/api-keys', '/health']) {
      const res = await inject({ url, headers: auth });
      expect(res.statusCode).toBe(401);
      expect(res.json().detail).toBe('此 API 密钥已被吊销');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="ronghe", error="invalid_token"');
    }
    // Revoking again changes nothing.
    expect((await inject({ method: 'POST', url: `/v1/api-keys/${apiKey.id}/revoke`, headers: w.keys.admin })).json().revokedAt).toBe(revoked.json().revokedAt);
  });

  it('are revoked with no body or {}: a field is refused, naming it, and revokes nothing', async () => {
    const { apiKey } = (await inject({ method: 'POST', url: '/v1/api-keys', headers: w.keys.admin, payload: { role: 'admin', label: 'body check' } })).json();
    const revoke = (payload: string) =>
      inject({ method: 'POST', url: `/v1/api-keys/${apiKey.id}/revoke`, headers: { ...w.keys.admin, 'content-type': 'application/json' }, payload });
    const refused = await revoke('{"reason":"left the company"}');
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ type: '/problems/validation-error', errors: [{ in: 'body', pointer: '/reason', code: 'unknown_field' }] });
    const listed = (await inject({ url: '/v1/api-keys', headers: w.keys.admin })).json().items;
    expect(listed.find((k: { id: string }) => k.id === apiKey.id)).toMatchObject({ status: 'active' });
    expect((await revoke('{}')).json()).toMatchObject({ status: 'revoked' });
  });

  it('expire', async () => {
    const expiresAt = new Date(Date.now() + 1200).toISOString();
    const { key } = (
      await inject({
        method: 'POST',
        url: '/v1/api-keys',
        headers: w.keys.admin,
        payload: { role: 'authority', regionCode: '310000', label: 'temporary', expiresAt },
      })
    ).json();
    expect((await inject({ url: '/v1/indices/310000?period=2024&source=live', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    const res = await inject({ url: '/v1/indices/310000?period=2024&source=live', headers: { authorization: `Bearer ${key}` } });
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toBe('此 API 密钥已过期');
  });

  it('are bound as their role requires', async () => {
    const post = (payload: object) => inject({ method: 'POST', url: '/v1/api-keys', headers: w.keys.admin, payload });
    expect((await post({ role: 'enterprise', label: 'x' })).json().errors[0].pointer).toBe('/enterpriseId');
    expect((await post({ role: 'enterprise', enterpriseId: '00000000-0000-4000-8000-000000000000', label: 'x' })).statusCode).toBe(422);
    expect((await post({ role: 'authority', label: 'x' })).json().errors[0].pointer).toBe('/regionCode');
    expect((await post({ role: 'authority', regionCode: '999999', label: 'x' })).statusCode).toBe(422);
    expect((await post({ role: 'admin', regionCode: '310000', label: 'x' })).statusCode).toBe(422);
    expect((await post({ role: 'admin', label: 'x', expiresAt: '2001-01-01T00:00:00Z' })).json().errors[0].pointer).toBe('/expiresAt');
  });

  it('refuse garbage: malformed, unknown, and the wrong scheme', async () => {
    for (const authorization of ['Bearer nonsense', `Bearer rh_AAAAAAAAAAAAAAAA_${'x'.repeat(43)}`, 'Basic dXNlcjpwYXNz']) {
      const res = await inject({ url: '/v1/industries', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('the audit log', () => {
  it('records every write with who, what, when and the outcome, and never answers or keys', async () => {
    const draft = await inject({
      method: 'PATCH',
      url: `/v1/assessments/${w.a.draftId}`,
      headers: { ...w.keys.enterpriseA, 'if-match': '*' },
      payload: { answers: { 'RD-01': 'B' } },
    });
    expect(draft.statusCode).toBe(200);
    await inject({
      method: 'PATCH',
      url: `/v1/assessments/${w.a.draftId}`,
      headers: { ...w.keys.enterpriseB, 'if-match': '*' },
      payload: { answers: { 'RD-01': 'C' } },
    });
    // Entries are written in a batch once the responses are out: a turn of the event loop later on SQLite, a
    // round trip on PostgreSQL.
    const read = async () => (await inject({ url: '/v1/audit-log?limit=500', headers: w.keys.admin })).json();
    const savesIn = (log: { items: { operation: string }[] }) => log.items.filter((e) => e.operation === 'saveAssessmentAnswers');
    await expect.poll(async () => savesIn(await read()).length >= 2).toBe(true);
    const log = await read();
    const saves = savesIn(log) as unknown as { role: string; status: number; resource: string }[];
    expect(saves.slice(0, 2).map((e: { role: string; status: number; resource: string }) => [e.role, e.status, e.resource])).toEqual([
      ['enterprise', 404, `/v1/assessments/${w.a.draftId}`],
      ['enterprise', 200, `/v1/assessments/${w.a.draftId}`],
    ]);
    expect(saves[0]).toMatchObject({
      method: 'PATCH',
      keyId: expect.stringMatching(/^[A-Za-z0-9]{16}$/),
      at: expect.any(String),
      requestId: expect.any(String),
    });
    const all = JSON.stringify(await rawSql(w.t.app.services).all('select * from audit_log'));
    for (const key of Object.values(w.keys).flatMap((h) => Object.values(h))) expect(all).not.toContain(key.slice(7));
    expect(all).not.toContain('RD-01');
    // Reads are not audited, nor are previews, which store nothing.
    expect(log.items.every((e: { method: string; operation: string }) => e.method !== 'GET' && e.operation !== 'previewScore')).toBe(true);
  });

  it('pages newest first', async () => {
    const first = (await inject({ url: '/v1/audit-log?limit=2', headers: w.keys.admin })).json();
    const next = (await inject({ url: `/v1/audit-log?limit=2&before=${first.nextBefore}`, headers: w.keys.admin })).json();
    expect(first.items[0].id).toBeGreaterThan(first.items[1].id);
    expect(next.items[0].id).toBeLessThan(first.items[1].id);
  });
});

describe('questionnaire versions by admins', () => {
  it('publishes a checked, immutable new version and retires it', async () => {
    const definition = { ...w.t.app.catalog.get('steel', '2026.1')!.definition, version: '2026.5' };
    const post = (payload: unknown) => inject({ method: 'POST', url: '/v1/questionnaires/steel/versions', headers: w.keys.admin, payload });
    const created = await post(definition);
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/v1/questionnaires/steel/versions/2026.5');
    expect((await post(definition)).statusCode).toBe(200); // same content: idempotent
    const changed = await post({ ...definition, title: { zh: '改', en: 'Changed' } });
    expect(changed.statusCode).toBe(409);
    expect((await inject({ url: '/v1/questionnaires/steel' })).json().currentVersion).toBe('2026.5');

    const broken = await post({ ...definition, version: '2026.6', dimensions: definition.dimensions.map((d, i) => (i === 0 ? { ...d, weight: 0.9 } : d)) });
    expect(broken.statusCode).toBe(422);
    expect(broken.json().errors[0]).toMatchObject({ pointer: '/dimensions', code: 'dimension-weights-sum' });
    const stealing = await post({ ...definition, id: 'steel', version: '2026.7', industryCodes: ['31', '26'] });
    expect(stealing.json().errors[0]).toMatchObject({ code: 'industry-covered-once' });
    expect(
      (await inject({ method: 'POST', url: '/v1/questionnaires/machinery/versions', headers: w.keys.admin, payload: definition })).json().errors[0].pointer,
    ).toBe('/id');

    const retired = await inject({ method: 'POST', url: '/v1/questionnaires/steel/versions/2026.5/retire', headers: w.keys.admin });
    expect(retired.json()).toMatchObject({ status: 'retired', retiredAt: expect.any(String) });
    expect((await inject({ url: '/v1/questionnaires/steel' })).json().currentVersion).toBe('2026.1');
  });

  it('retires with no body: a field is refused, naming it, and retires nothing', async () => {
    const url = '/v1/questionnaires/steel/versions/2026.1';
    const refused = await inject({
      method: 'POST',
      url: `${url}/retire`,
      headers: { ...w.keys.admin, 'content-type': 'application/json' },
      payload: '{"status":"retired"}',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ type: '/problems/validation-error', errors: [{ in: 'body', pointer: '/status', code: 'unknown_field' }] });
    expect((await inject({ url })).json()).toMatchObject({ status: 'published' });
  });
});

describe('declarations and first start', () => {
  it('refuses to start when a route declares no access', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ronghe-undeclared-'));
    const app = await buildApp(configWith({ DATABASE_PATH: join(dir, 'x.db'), LOG_LEVEL: 'silent' }));
    app.get('/v1/secret', async () => ({ leaked: true }));
    await expect(app.ready()).rejects.toThrow(/Routes without an access declaration \(config.access\): GET \/v1\/secret/);
    await app.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells a fresh install how to create the first admin key, and the CLI creates it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ronghe-fresh-'));
    try {
      const databasePath = join(dir, 'fresh.db');
      const server = await startServer({ DATABASE_PATH: databasePath });
      expect(server.output()).toContain('No admin API key exists yet. Create one with: npm run key:create -- --role admin');
      const res = await fetch(`${server.url}/v1/api-keys`);
      expect(res.status).toBe(401);
      server.child.kill('SIGTERM');
      await server.exited;

      const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'key:create', '--', '--role', 'admin', '--label', 'first admin'], {
        env: { ...process.env, DATABASE_PATH: databasePath },
      });
      const key = /(rh_\S+)/.exec(stdout)![1]!;
      const again = await startServer({ DATABASE_PATH: databasePath });
      expect(again.output()).not.toContain('No admin API key');
      expect((await fetch(`${again.url}/v1/api-keys`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
      again.child.kill('SIGTERM');
      await again.exited;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the CLI refuses a key it cannot bind', async () => {
    const t = await createTestApp();
    try {
      const run = promisify(execFile)('npm', ['run', '--silent', 'key:create', '--', '--role', 'enterprise'], {
        env: { ...process.env, DATABASE_PATH: t.config.DATABASE_PATH },
      });
      await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('bound to one enterprise') });
    } finally {
      await t.close();
    }
  });
});
