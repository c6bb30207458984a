import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { toProblemError } from '../../src/plugins/errors';
import { createTestApp } from '../helpers/app';
import { newCreditCode } from '../helpers/api';
import { adminKey, keyFor } from '../helpers/keys';
import { rawSql } from '../helpers/postgres';
import { fillDisk, holdWriteLock } from '../helpers/storage-faults';

const isProblem = (res: { headers: Record<string, unknown> }) => expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);

describe('rate limits', () => {
  it('limit each key and, without a valid key, each address; 429 with Retry-After', async () => {
    const t = await createTestApp({ RATE_LIMIT_PER_MINUTE: 3, RATE_LIMIT_PUBLIC_PER_MINUTE: 4 });
    try {
      const a = await keyFor(t.app, 'admin');
      const b = await keyFor(t.app, 'admin');
      const statuses = async (headers: Record<string, string>, n: number) => {
        const out: number[] = [];
        for (let i = 0; i < n; i++) out.push((await t.app.inject({ url: '/v1/api-keys', headers })).statusCode);
        return out;
      };
      expect(await statuses(a, 4)).toEqual([200, 200, 200, 429]);
      expect(await statuses(b, 1)).toEqual([200]); // another key has its own budget
      const limited = await t.app.inject({ url: '/v1/api-keys', headers: a });
      isProblem(limited);
      expect(limited.json().type).toBe('/problems/rate-limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Bad keys count against the address, so guessing keys is limited too.
      const bad = { authorization: `Bearer rh_AAAAAAAAAAAAAAAA_${'x'.repeat(43)}` };
      const guesses = [];
      for (let i = 0; i < 5; i++) guesses.push((await t.app.inject({ url: '/health', headers: bad, remoteAddress: '10.9.9.9' })).statusCode);
      expect(guesses).toEqual([401, 401, 401, 401, 429]);
    } finally {
      await t.close();
    }
  });
});

describe('behind a proxy', () => {
  it('believes only the hops it is told to: a client cannot pick its own rate-limit bucket', async () => {
    const t = await createTestApp({ TRUST_PROXY: 1, RATE_LIMIT_PUBLIC_PER_MINUTE: 2 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        // Our proxy appends the real client (203.0.113.7); the client wrote the rest.
        const res = await t.app.inject({ url: '/health', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': `10.0.0.${i}, 203.0.113.7` } });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([200, 200, 429, 429]);
    } finally {
      await t.close();
    }
  });
});

describe('hostile requests', () => {
  it('answers a path fastify cannot decode with a problem, and keeps only request ids that look like one', async () => {
    const t = await createTestApp();
    try {
      const bad = await t.app.inject('/v1/questionnaires/%E0%A4%A');
      expect(bad.statusCode).toBe(400);
      isProblem(bad);
      const echoed = await t.app.inject({ url: '/v1/nowhere', headers: { 'x-request-id': 'trace-me-42' } });
      expect(echoed.json().requestId).toBe('trace-me-42');
      for (const forged of ['x'.repeat(2000), '<script>alert(1)</script>', 'two words']) {
        const res = await t.app.inject({ url: '/v1/nowhere', headers: { 'x-request-id': forged } });
        expect(res.json().requestId).toMatch(/^[0-9a-f-]{36}$/);
      }
    } finally {
      await t.close();
    }
  });

  it('refuse query parameters a route does not declare, naming them, on routes with and without declared ones', async () => {
    const t = await createTestApp();
    try {
      const admin = await adminKey(t.app);
      for (const url of ['/health?verbose=1', '/v1/questionnaires/steel?verbose=1', '/v1/api-keys?verbose=1', '/v1/enterprises?verbose=1']) {
        const res = await t.app.inject({ url, headers: admin });
        expect(res.statusCode, url).toBe(400);
        isProblem(res);
        expect(res.json().errors, url).toEqual([expect.objectContaining({ in: 'query', pointer: '/verbose', code: 'unknown_field' })]);
      }
      expect((await t.app.inject({ url: '/health' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('refuse long URLs (414), large bodies (413), deep nesting and prototype keys (400) as problems', async () => {
    const t = await createTestApp({ MAX_URL_LENGTH: 300, BODY_LIMIT_BYTES: 2048 });
    try {
      const admin = await adminKey(t.app);
      const long = await t.app.inject(`/v1/questionnaires?status=published&x=${'a'.repeat(400)}`);
      expect(long.statusCode).toBe(414);
      isProblem(long);
      const post = (payload: string) =>
        t.app.inject({ method: 'POST', url: '/v1/enterprises', headers: { ...admin, 'content-type': 'application/json' }, payload });
      const big = await post(JSON.stringify({ name: 'x'.repeat(3000) }));
      expect(big.statusCode).toBe(413);
      isProblem(big);
      const deep = await post(`{"name": ${'{"a":'.repeat(33)}1${'}'.repeat(33)}}`);
      expect(deep.statusCode).toBe(400);
      expect(deep.json().detail).toBe('请求体嵌套超过 32 层');
      const proto = await post('{"name": "x", "__proto__": {"isAdmin": true}}');
      expect(proto.statusCode).toBe(400);
      isProblem(proto);
      const ctor = await post('{"name": {"constructor": {"prototype": {"polluted": 1}}}}');
      expect(ctor.statusCode).toBe(400);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('answers oversized headers with a problem, not a bare socket error', async () => {
    const t = await createTestApp();
    try {
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = new URL(address);
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
        let data = '';
        socket.on('data', (c) => (data += c.toString()));
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
      });
      expect(raw).toMatch(/^HTTP\/1.1 431/);
      expect(raw).toContain('Content-Type: application/problem+json');
      expect(raw).toContain('"type":"/problems/headers-too-large"');
    } finally {
      await t.close();
    }
  });

  it('sends security headers, and no CORS headers unless origins are configured', async () => {
    const plain = await createTestApp();
    const open = await createTestApp({ CORS_ORIGINS: ['https://dashboard.example.cn'] });
    try {
      const res = await plain.app.inject({ url: '/health', headers: { origin: 'https://evil.example' } });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      // Plain HTTP on any address: no upgrade to https (the dashboard's scripts failed off loopback), no HSTS.
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const allowed = await open.app.inject({ url: '/health', headers: { origin: 'https://dashboard.example.cn' } });
      expect(allowed.headers['access-control-allow-origin']).toBe('https://dashboard.example.cn');
      // Scripts on the dashboard's origin must be able to read the ETag for If-Match, and Location.
      expect(String(allowed.headers['access-control-expose-headers']).toLowerCase().split(/,\s*/)).toEqual(
        expect.arrayContaining(['etag', 'location', 'retry-after']),
      );
      const other = await open.app.inject({ url: '/health', headers: { origin: 'https://evil.example' } });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await plain.close();
      await open.close();
    }
  });
});

describe('storage faults are not the client’s fault', () => {
  const register = async (t: Awaited<ReturnType<typeof createTestApp>>) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/enterprises',
      headers: await adminKey(t.app),
      payload: { creditCode: newCreditCode(), name: '故障测试', regionCode: '310115', industryCode: '31', sizeClass: 'small' },
    });

  it('answers a busy database with 503 and Retry-After after the busy timeout, leaking nothing', async () => {
    const t = await createTestApp({ DB_BUSY_TIMEOUT_MS: 150 });
    await adminKey(t.app);
    // Another writer holds the lock: SQLite's one write lock, or on PostgreSQL a lock on the table that conflicts
    // with any insert into it (waited for up to lock_timeout).
    const other = await holdWriteLock(t.app.services);
    try {
      const started = Date.now();
      const res = await register(t);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(res.statusCode).toBe(503);
      isProblem(res);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).not.toMatch(/SQLITE|database is locked|insert into|lock timeout|canceling statement/i);
      // Still locked while the audit entry of that 503 tries its commit: it is lost, and must not stop later ones.
      await new Promise((resolve) => setTimeout(resolve, 250));
      await other.release();
      const created = await t.app.inject({
        method: 'POST',
        url: '/v1/enterprises',
        headers: { ...(await adminKey(t.app)), 'x-request-id': 'after-the-lock' },
        payload: { creditCode: newCreditCode(), name: '故障之后', regionCode: '310115', industryCode: '31', sizeClass: 'small' },
      });
      expect(created.statusCode).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await rawSql(t.app.services).all('select operation, status from audit_log where request_id = ?', 'after-the-lock')).toEqual([
        { operation: 'createEnterprise', status: 201 },
      ]);
    } finally {
      await other.release();
      await t.close();
    }
  });

  it('answers a full disk with 503, writes nothing half, and recovers when space returns', async () => {
    const t = await createTestApp();
    await adminKey(t.app);
    const sql = rawSql(t.app.services);
    const enterprises = () => sql.count('select count(*) as n from enterprises');
    // SQLite: the file may not grow (SQLITE_FULL). PostgreSQL: every insert into enterprises fails as a full disk
    // makes it fail (SQLSTATE 53100, disk_full), raised by the server inside the write's transaction.
    const disk = await fillDisk(t.app.services);
    try {
      const before = await enterprises();
      let res;
      for (let i = 0; i < 50; i++) {
        res = await register(t);
        if (res.statusCode !== 201) break;
      }
      expect(res!.statusCode).toBe(503);
      isProblem(res!);
      expect(res!.body).not.toMatch(/SQLITE|full|no space/i);
      expect(await enterprises()).toBeGreaterThanOrEqual(before);
      await disk.free();
      expect((await register(t)).statusCode).toBe(201);
    } finally {
      await disk.free();
      await t.close();
    }
  });

  it('maps I/O errors, also wrapped by the query builder, to 503', () => {
    const io = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
    expect(toProblemError(io as never)).toMatchObject({ status: 503, slug: 'service-unavailable' });
    const wrapped = Object.assign(new Error('Failed query: insert into …'), { cause: io });
    const mapped = toProblemError(wrapped as never);
    expect(mapped).toMatchObject({ status: 503 });
    expect(JSON.stringify(mapped.detail)).not.toMatch(/insert|SQLITE/);
  });

  it('maps PostgreSQL’s storage failures (by SQLSTATE) and an unreachable server to 503, and nothing else', () => {
    for (const code of ['53100', '53300', '08006', '57P01', '57014', '40001', 'ECONNREFUSED']) {
      const err = Object.assign(new Error(`could not write: ${code}`), { code });
      expect(toProblemError(err as never), code).toMatchObject({ status: 503, slug: 'service-unavailable' });
    }
    // A violated constraint or a syntax error is a bug here, not a busy database.
    for (const code of ['23505', '42601', '22P02']) expect(toProblemError(Object.assign(new Error('x'), { code }) as never).status, code).toBe(500);
  });
});
