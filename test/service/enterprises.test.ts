import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal';
import { configWith } from '../../src/config';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, StaleVersionError, UnauthenticatedError } from '../../src/domain/errors';
import { composeCreditCode } from '../../src/enterprises/credit-code';
import { backendOverrides } from '../helpers/postgres';
import { createServices, type Services } from '../../src/services';
import { rejection } from '../helpers/rejection';

// The services on a real SQLite file, without Fastify: what they return and which domain error they throw.
let dir: string;
let services: Services;
let serial = 0;
const creditCode = () => composeCreditCode('91310115', `M${String(process.pid % 100).padStart(2, '0')}${String(++serial).padStart(5, '0')}`);

const ADMIN: Principal = { role: 'admin', keyId: 'test' };
const shanghai: Principal = { role: 'authority', keyId: 'test', regionCode: '310000' };
const jiangsu: Principal = { role: 'authority', keyId: 'test', regionCode: '320000' };
const owner = (enterpriseId: string): Principal => ({ role: 'enterprise', keyId: 'test', enterpriseId });

const register = (by: Principal = ADMIN, fields: Record<string, unknown> = {}) =>
  services.enterprises.register(by, {
    creditCode: creditCode(),
    name: '服务层测试企业',
    regionCode: '310115',
    industryCode: '31',
    sizeClass: 'medium',
    ...fields,
  });

/** That `err` is a `type`, with these facts. */
function expectError(err: unknown, type: abstract new (...args: never[]) => Error, facts: Record<string, unknown> = {}): void {
  expect(err).toBeInstanceOf(type);
  expect(err).toMatchObject(facts);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ronghe-service-'));
  services = await createServices(configWith({ DATABASE_PATH: join(dir, 'ronghe.db'), LOG_LEVEL: 'silent', ...(await backendOverrides()) }));
});

afterAll(async () => {
  await services?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('enterprises service', () => {
  it('registers an enterprise, locating it and deriving its size class', async () => {
    const { enterprise } = await register(shanghai, { sizeClass: undefined, employees: 1200, revenueMillionYuan: 500 });
    expect(enterprise).toMatchObject({ regionCode: '310115', provinceCode: '310000', cityCode: '310100', sizeClass: 'large', version: 1 });
    expect(await services.enterprises.get(owner(enterprise.id), enterprise.id, 'write')).toEqual(enterprise);
  });

  it('refuses a credit code registered already, naming the enterprise that has it', async () => {
    const { enterprise } = await register();
    const err = await rejection(register(ADMIN, { creditCode: enterprise.creditCode }));
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).facts.resource).toEqual({ kind: 'enterprise', id: enterprise.id });
  });

  it('refuses a region outside the caller, and a size class the figures contradict', async () => {
    expect(await rejection(register(jiangsu))).toBeInstanceOf(ForbiddenError);
    const err = await rejection(register(ADMIN, { sizeClass: 'micro', employees: 1200, revenueMillionYuan: 500 }));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).issues).toEqual([expect.objectContaining({ in: 'body', pointer: '/sizeClass', code: 'inconsistent' })]);
  });

  it('hides an enterprise from callers it does not concern, as if it did not exist', async () => {
    const { enterprise } = await register();
    expect(await services.enterprises.get(shanghai, enterprise.id, 'read')).toMatchObject({ id: enterprise.id });
    expect(await rejection(services.enterprises.get(jiangsu, enterprise.id, 'read'))).toBeInstanceOf(NotFoundError);
    // Admins read profiles, but not assessments, and change neither.
    expect(await services.enterprises.get(ADMIN, enterprise.id, 'read')).toMatchObject({ id: enterprise.id });
    expect(await rejection(services.enterprises.get(ADMIN, enterprise.id, 'read', 'assessments'))).toBeInstanceOf(NotFoundError);
    expect(await rejection(services.enterprises.get(ADMIN, enterprise.id, 'write'))).toBeInstanceOf(NotFoundError);
    expect(await rejection(services.enterprises.get(ADMIN, '00000000-0000-4000-8000-000000000000', 'read'))).toBeInstanceOf(NotFoundError);
  });

  it('records a move to another region in the change log, in the same write, and nothing for other changes', async () => {
    const { enterprise } = await register();
    const before = await services.changes.last();
    const renamed = await services.enterprises.update(owner(enterprise.id), enterprise.id, 1, { name: '改名之后' });
    expect(renamed.enterprise).toMatchObject({ name: '改名之后', version: 2 });
    expect(await services.changes.last()).toBe(before);

    const moved = await services.enterprises.update(owner(enterprise.id), enterprise.id, new Set([2]), { regionCode: '320505' });
    expect(moved.enterprise).toMatchObject({ regionCode: '320505', provinceCode: '320000', cityCode: '320500', version: 3 });
    expect((await services.changes.after(before, 10)).map((c) => c.event)).toEqual([
      { kind: 'enterprise.moved', enterpriseId: enterprise.id, fromRegionCode: '310115', toRegionCode: '320505' },
    ]);
  });

  it('refuses a change based on a stale version, saying which version is current, and changes nothing', async () => {
    const { enterprise } = await register();
    await services.enterprises.update(owner(enterprise.id), enterprise.id, '*', { name: '第一次' });
    const before = await services.changes.last();
    const err = await rejection(services.enterprises.update(owner(enterprise.id), enterprise.id, 1, { regionCode: '320505' }));
    expectError(err, StaleVersionError, { currentVersion: 2, accepted: [1] });
    expect(await services.enterprises.get(owner(enterprise.id), enterprise.id, 'read')).toMatchObject({ regionCode: '310115', version: 2 });
    expect(await services.changes.last()).toBe(before);
    expect(await rejection(services.enterprises.update(shanghai, enterprise.id, '*', { name: 'x' }))).toBeInstanceOf(NotFoundError);
  });

  it('lists what each caller may see, and refuses a cursor it did not issue', async () => {
    const { enterprise: mine } = await register();
    const all = await services.enterprises.list(ADMIN, { limit: 200 });
    expect(all.items.map((e) => e.id)).toContain(mine.id);
    expect((await services.enterprises.list(owner(mine.id), { limit: 200 })).items.map((e) => e.id)).toEqual([mine.id]);
    const inJiangsu = await services.enterprises.list(jiangsu, { limit: 200 });
    expect(inJiangsu.items.every((e) => e.provinceCode === '320000')).toBe(true);
    // A filter outside the authority's region leaves nothing; one containing it narrows to the region.
    expect((await services.enterprises.list(jiangsu, { region: '310000', limit: 200 })).items).toEqual([]);
    expect((await services.enterprises.list(shanghai, { limit: 1 })).nextCursor).not.toBeNull();
    const err = await rejection(services.enterprises.list(ADMIN, { limit: 10, cursor: 'nonsense' }));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).issues).toEqual([expect.objectContaining({ in: 'query', pointer: '/cursor' })]);
  });
});

describe('auth service', () => {
  it('issues a key that verifies as its principal until it is revoked', async () => {
    const { enterprise } = await register();
    const { record, key } = await services.auth.issue('test', { role: 'enterprise', enterpriseId: enterprise.id, label: 'service test' });
    expect(record).toMatchObject({ role: 'enterprise', enterpriseId: enterprise.id, regionCode: null, createdBy: 'test', revokedAt: null });
    expect(record).not.toHaveProperty('secretHash');
    expect(await services.auth.verify(key)).toEqual({ role: 'enterprise', keyId: record.id, enterpriseId: enterprise.id });
    expect((await services.auth.list()).keys.map((k) => k.id)).toContain(record.id);

    const revoked = await services.auth.revoke(record.id);
    expect(revoked.record.revokedAt).not.toBeNull();
    // Revoking again keeps the first revocation time.
    expect((await services.auth.revoke(record.id)).record.revokedAt).toBe(revoked.record.revokedAt);
    expectError(await rejection(services.auth.verify(key)), UnauthenticatedError, { detail: 'this API key was revoked' });
  });

  it('refuses keys it never issued, bindings a role does not have, and unknown keys to revoke', async () => {
    expectError(await rejection(services.auth.verify('not a key')), UnauthenticatedError, { detail: 'malformed API key' });
    const { key } = await services.auth.issue('test', { role: 'authority', regionCode: '000000', label: 'national' });
    const forged = `${key.slice(0, -4)}AAAA`;
    expectError(await rejection(services.auth.verify(forged)), UnauthenticatedError, { detail: 'unknown API key' });

    const unbound = await rejection(services.auth.issue('test', { role: 'enterprise', label: 'x' }));
    expect(unbound).toBeInstanceOf(InvalidInputError);
    expect((unbound as InvalidInputError).issues).toEqual([expect.objectContaining({ in: 'body', pointer: '/enterpriseId' })]);
    const missing = await rejection(services.auth.issue('test', { role: 'enterprise', enterpriseId: '00000000-0000-4000-8000-000000000000', label: 'x' }));
    expectError(missing, InvalidInputError, { detail: 'enterpriseId: no enterprise 00000000-0000-4000-8000-000000000000' });
    expect(await rejection(services.auth.revoke('AAAAAAAAAAAAAAAA'))).toBeInstanceOf(NotFoundError);
  });

  it('knows whether an admin key exists, and audits what the edge appends', async () => {
    expect(await services.auth.adminKeyExists()).toBe(false);
    await services.auth.issue('test', { role: 'admin', label: 'first admin' });
    expect(await services.auth.adminKeyExists()).toBe(true);

    const entry = { keyId: 'k1', role: 'admin', method: 'POST', resource: '/v1/api-keys', status: 201 };
    await services.uow.write(() =>
      services.audit.append([1, 2, 3].map((i) => ({ ...entry, at: new Date().toISOString(), operation: `op${i}`, requestId: `r${i}` }))),
    );
    const first = await services.auth.auditLog({ limit: 2 });
    expect(first.entries.map((e) => e.operation)).toEqual(['op3', 'op2']);
    const rest = await services.auth.auditLog({ limit: 2, before: first.nextBefore! });
    expect(rest).toMatchObject({ entries: [{ operation: 'op1' }], nextBefore: null });
  });
});

describe('questionnaire administration', () => {
  it('answers the same content again as published, and other content under that version as a conflict naming it', async () => {
    const steel = services.catalog.current('steel')!;
    expect(await services.questionnaires.publish('steel', steel.definition)).toEqual({ created: false, record: steel });
    const err = await rejection(services.questionnaires.publish('steel', { ...steel.definition, title: { zh: '改', en: 'Changed' } }));
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).facts.resource).toEqual({ kind: 'questionnaire-version', questionnaireId: 'steel', version: steel.version });
    expect(await rejection(services.questionnaires.publish('machinery', steel.definition))).toBeInstanceOf(InvalidInputError);
    expect(await rejection(services.questionnaires.retire('steel', '1999.1'))).toBeInstanceOf(NotFoundError);
  });
});
