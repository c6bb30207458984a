import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { configWith, ConfigError, loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/connection';
import { CatalogError } from '../../src/questionnaires/definition-files';
import { writeCatalog } from '../helpers/catalog';

const mini = JSON.parse(readFileSync(new URL('../fixtures/mini-2026.1.json', import.meta.url), 'utf8'));
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-boot-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const quiet = (dir: string) => configWith({ DATABASE_PATH: join(dir, 'ronghe.db'), LOG_LEVEL: 'silent' });

describe('boot', () => {
  it('stops on a broken definition, naming the file, the JSON path and the rule', async () => {
    const dir = tempDir();
    const broken = structuredClone(mini);
    broken.indicators[0].weight = 'heavy';
    broken.dimensions[0].weight = 0.5;
    const catalog = writeCatalog(dir, [broken]);
    const err = await buildApp(quiet(dir), { catalog }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CatalogError);
    expect((err as Error).message).toContain('definitions/mini/2026.1.json: /indicators/0/weight: type: must be number');
    // The database handle is not left open: the file can be removed and reopened at once.
    expect(() => new Database(join(dir, 'ronghe.db')).close()).not.toThrow();
  });

  it('refuses changed content under a version already published in the database', async () => {
    const dir = tempDir();
    const first = await buildApp(quiet(dir), { catalog: writeCatalog(join(dir, 'a'), [mini]) });
    await first.close();

    const edited = structuredClone(mini);
    edited.indicators[0].weight = 3;
    const err = await buildApp(quiet(dir), { catalog: writeCatalog(join(dir, 'b'), [edited]) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CatalogError);
    expect((err as Error).message).toMatch(/immutable-version: mini 2026\.1 was published as sha256:[0-9a-f]+ and now reads sha256:[0-9a-f]+/);
  });

  it('refuses changed content under a version recorded in catalog.lock.json', async () => {
    const dir = tempDir();
    const err = await buildApp(quiet(dir), { catalog: writeCatalog(dir, [mini], { 'mini@2026.1': 'sha256:feed' }) }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/immutable-version: mini@2026\.1 was locked as sha256:feed/);
  });

  it('accepts the same content reformatted (the hash is over canonical JSON)', async () => {
    const dir = tempDir();
    const reordered = Object.fromEntries(Object.entries(mini).reverse());
    const app = await buildApp(quiet(dir), { catalog: writeCatalog(dir, [reordered as typeof mini], undefined) });
    await app.close();
    const again = await buildApp(quiet(dir), { catalog: writeCatalog(join(dir, 'again'), [mini]) });
    expect(again.catalog.get('mini', '2026.1')).toBeDefined();
    await again.close();
  });
});

describe('idempotency keys', () => {
  it('are kept at least 24 hours and purged after 48 at start', async () => {
    const dir = tempDir();
    const first = await buildApp(quiet(dir));
    const insert = first.database.sqlite.prepare(
      "insert into idempotency_keys (scope, key, request_hash, status, body, headers, created_at) values ('s', ?, 'h', 201, '{}', '{}', ?)",
    );
    insert.run('old', new Date(Date.now() - 49 * 3600_000).toISOString());
    insert.run('day-old', new Date(Date.now() - 25 * 3600_000).toISOString());
    await first.close();
    const again = await buildApp(quiet(dir));
    await again.ready();
    const keys = again.database.sqlite.prepare('select key from idempotency_keys order by key').all();
    expect(keys).toEqual([{ key: 'day-old' }]);
    await again.close();
  });
});

describe('configuration', () => {
  it('names the bad variable on one line', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: '70000', LOG_LEVEL: 'loud' });
    } catch (err) {
      const message = (err as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/^Invalid configuration: PORT="70000": .+; LOG_LEVEL="loud": .+/);
    }
  });

  it('reads "false" as false and applies defaults', () => {
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({})).toMatchObject({ PORT: 3000, DATABASE_PATH: 'data/ronghe.db', TRUST_PROXY: false });
  });

  it('trusts a number of proxies or their addresses, never every hop (clients write the leftmost one)', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe('loopback,10.0.0.0/8');
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/^Invalid configuration: TRUST_PROXY="true": give the number of proxies/);
  });

  it('refuses values that would be misread: a blank port, an origin with a path, a host that is no host', () => {
    expect(() => loadConfig({ PORT: ' ' })).toThrow(/PORT=" ": must be a whole number/);
    expect(() => loadConfig({ PORT: '0x10' })).toThrow(/PORT/);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://dashboard.example.cn/' })).toThrow(/CORS_ORIGINS=.*scheme:\/\/host/);
    expect(loadConfig({ CORS_ORIGINS: 'https://dashboard.example.cn, http://localhost:5173' }).CORS_ORIGINS).toEqual([
      'https://dashboard.example.cn',
      'http://localhost:5173',
    ]);
    expect(() => loadConfig({ HOST: 'not a host' })).toThrow(/HOST/);
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ HOST: 'localhost' }).HOST).toBe('localhost');
    expect(loadConfig({ HOST: '::' }).HOST).toBe('::');
  });

  it('takes a PostgreSQL URL and a pool size, naming either when refused (and never echoing a password)', () => {
    expect(loadConfig({})).toMatchObject({ DATABASE_URL: undefined, DB_POOL_SIZE: 10 });
    expect(loadConfig({ DATABASE_URL: 'postgres://ronghe:pw@db.example.cn:5432/ronghe', DB_POOL_SIZE: '25' })).toMatchObject({
      DATABASE_URL: 'postgres://ronghe:pw@db.example.cn:5432/ronghe',
      DB_POOL_SIZE: 25,
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://127.0.0.1/ronghe' }).DATABASE_URL).toBe('postgresql://127.0.0.1/ronghe');
    expect(loadConfig({ DATABASE_URL: 'postgres:///ronghe?host=/var/run/postgresql' }).DATABASE_URL).toMatch(/^postgres:/);
    for (const bad of ['mysql://root:hunter2@db/ronghe', 'db.example.cn:5432/ronghe', 'postgres://', 'file:data/ronghe.db']) {
      const message = (() => {
        try {
          loadConfig({ DATABASE_URL: bad });
        } catch (err) {
          return (err as Error).message;
        }
        return 'accepted';
      })();
      expect(message, bad).toMatch(/^Invalid configuration: DATABASE_URL=".*": must be a PostgreSQL URL, postgres:\/\/user:password@host:5432\/database/);
      expect(message).not.toContain('\n');
      expect(message).not.toContain('hunter2');
    }
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/ronghe' })).toThrow(/DATABASE_URL="mysql:\/\/root:\*\*\*@db\/ronghe"/);
    expect(() => loadConfig({ DB_POOL_SIZE: '0' })).toThrow(/^Invalid configuration: DB_POOL_SIZE="0": /);
    expect(() => loadConfig({ DB_POOL_SIZE: '1000' })).toThrow(/^Invalid configuration: DB_POOL_SIZE="1000": /);
    expect(() => loadConfig({ DB_POOL_SIZE: 'ten' })).toThrow(/^Invalid configuration: DB_POOL_SIZE="ten": must be a whole number/);
    expect(() => configWith({ DB_POOL_SIZE: 2.5 })).toThrow(/DB_POOL_SIZE="2.5"/);
  });

  it('validates the overrides of configWith by the same schema as the environment', () => {
    expect(() => configWith({ SUPPRESSION_K: 1 })).toThrow(ConfigError);
    expect(() => configWith({ SUPPRESSION_K: 1 })).toThrow(/^Invalid configuration: SUPPRESSION_K="1": /);
    expect(() => configWith({ PORT: 70_000, BODY_LIMIT_BYTES: 1.5 })).toThrow(/PORT="70000": .+; BODY_LIMIT_BYTES="1.5": /);
    expect(() => configWith({ CORS_ORIGINS: ['https://dashboard.example.cn/'] })).toThrow(/CORS_ORIGINS=/);
    expect(() => configWith({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY="everyone"/);
    // Values the schema accepts come back as it would parse them, the rest from the defaults.
    const config = configWith({ SUPPRESSION_K: 3, TRUST_PROXY: 1, CORS_ORIGINS: ['https://a.example.cn', 'http://localhost:5173'], LOG_LEVEL: 'silent' });
    expect(config).toEqual({
      ...loadConfig({}),
      SUPPRESSION_K: 3,
      TRUST_PROXY: 1,
      CORS_ORIGINS: ['https://a.example.cn', 'http://localhost:5173'],
      LOG_LEVEL: 'silent',
    });
    expect(configWith({ TRUST_PROXY: false }).TRUST_PROXY).toBe(false);
    expect(configWith({ TRUST_PROXY: 'loopback,10.0.0.0/8' }).TRUST_PROXY).toBe('loopback,10.0.0.0/8');
  });
});

describe('database connection', () => {
  it('asserts WAL, synchronous=FULL, foreign keys and the busy timeout, also on reopening a WAL file', () => {
    const path = join(tempDir(), 'wal.db');
    for (let i = 0; i < 2; i++) {
      const handle = openDatabase(path, { busyTimeoutMs: 1234 });
      expect(handle.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(handle.sqlite.pragma('synchronous', { simple: true })).toBe(2);
      expect(handle.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(handle.sqlite.pragma('busy_timeout', { simple: true })).toBe(1234);
      handle.close();
    }
  });
});
