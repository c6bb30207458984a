import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDefinitionFiles } from '../../src/questionnaires/definition-files';
import { DEFINITIONS_DIR } from '../../src/questionnaires/paths';
import { bestAnswer } from '../../src/scoring/answer-rules';
import { ON_POSTGRES } from '../helpers/postgres';
import { buildDist, failServer, serverDatabase, startServer } from '../helpers/server-process';

const dir = mkdtempSync(join(tmpdir(), 'ronghe-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const steel = readDefinitionFiles(DEFINITIONS_DIR).find((f) => f.definition.id === 'steel')!.definition;
const answers = Object.fromEntries(steel.indicators.map((i) => [i.code, bestAnswer(i.answer, undefined)]));

describe('the server process', () => {
  it('boots on a fresh database with the catalog loaded, and drains in-flight requests on SIGTERM', async () => {
    const databasePath = join(dir, 'fresh', 'ronghe.db');
    const server = await startServer(await serverDatabase(databasePath));
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);

    // Start a request and send only half its body, so it is in flight when the signal arrives.
    const body = Buffer.from(JSON.stringify({ answers }));
    const { port } = new URL(server.url);
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/v1/questionnaires/steel/versions/current/score',
          headers: { 'content-type': 'application/json', 'content-length': body.length },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.subarray(0, body.length / 2));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(body.subarray(body.length / 2)), 300);
      }, 100);
    });

    const res = await response;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).result.total).toBe(100);
    const exit = await server.exited;
    expect(exit.code).toBe(0);
    expect(server.output()).toMatch(/shutting down/);
    // A clean close checkpoints the WAL and removes it: the database was closed, not abandoned. On PostgreSQL no
    // SQLite file was ever opened.
    expect(existsSync(databasePath)).toBe(!ON_POSTGRES);
    expect(existsSync(`${databasePath}-wal`)).toBe(false);
  });

  it('refuses to boot on bad configuration with one line naming the variable', async () => {
    const { code, stderr } = await failServer({ PORT: 'eighty', DATABASE_PATH: join(dir, 'x.db') });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^Invalid configuration: PORT="eighty"/);
  });

  it('refuses to boot on a DATABASE_URL that is not PostgreSQL, or a bad DB_POOL_SIZE, with one line each', async () => {
    const url = await failServer({ DATABASE_URL: 'mysql://root:hunter2@db/ronghe', DATABASE_PATH: join(dir, 'u.db') });
    expect(url.code).toBe(1);
    expect(url.stderr.trim().split('\n')).toHaveLength(1);
    expect(url.stderr).toMatch(/^Invalid configuration: DATABASE_URL="mysql:\/\/root:\*\*\*@db\/ronghe": must be a PostgreSQL URL/);
    const pool = await failServer({ DB_POOL_SIZE: '0', DATABASE_PATH: join(dir, 'p.db') });
    expect(pool.code).toBe(1);
    expect(pool.stderr).toMatch(/^Invalid configuration: DB_POOL_SIZE="0": /);
  });

  it('names DATABASE_PATH on one line when the database cannot be opened there', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const { code, stderr } = await failServer({ DATABASE_PATH: join(file, 'ronghe.db') });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^DATABASE_PATH=".*a-file\/ronghe\.db": cannot open the database/);
  });
});

describe('the built server (what npm start runs: npm run build, then node dist/server.js)', () => {
  beforeAll(() => {
    expect(buildDist()).toMatch(/^build: \d+ modules and \d+ files into dist\/ in \d+ ms$/m);
  }, 120_000);

  it('boots from dist/ with plain Node: migrations, catalog, dashboard, ECharts, the document, the checkpointer', async () => {
    const databasePath = join(dir, 'built', 'ronghe.db');
    const server = await startServer(await serverDatabase(databasePath), 'dist');
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);
    // Migrated from migrations/ and every committed questionnaire loaded from the copy of the definitions in dist/.
    const readiness = (await ready.json()) as { status: string; checks: { database: string; catalog: string } };
    expect(readiness).toMatchObject({ status: 'ready', checks: { database: 'ok' } });
    expect(readiness.checks.catalog).toBe(`${readDefinitionFiles(DEFINITIONS_DIR).length} questionnaires`);

    const page = await fetch(`${server.url}/dashboard/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const echarts = await fetch(`${server.url}/dashboard/vendor/echarts.min.js`);
    expect(echarts.status).toBe(200);
    expect((await echarts.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    // The served document is the committed one: package.json and openapi-examples.json reached the build.
    const doc = await fetch(`${server.url}/openapi.json`);
    expect(await doc.json()).toEqual(JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')));

    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(server.output()).not.toMatch(/\(node:\d+\) \w*Warning/); // no ExperimentalWarning for a JSON module, say
    // The checkpoint worker (dist/db/checkpoint-worker.mjs) ran and the close checkpointed the WAL away (SQLite).
    expect(existsSync(databasePath)).toBe(!ON_POSTGRES);
    expect(existsSync(`${databasePath}-wal`)).toBe(false);
  });

  it('npm start builds, then hands the process to the server: SIGTERM to npm reaches it and it drains', async () => {
    const databasePath = join(dir, 'npm-start', 'ronghe.db');
    const server = await startServer(await serverDatabase(databasePath), 'npm start');
    expect(server.output()).toMatch(/^build: \d+ modules/m);
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
    // A supervisor signals npm; without `exec` the shell would keep the signal and leave the server running.
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(server.output()).toMatch(/shutting down/);
    expect(existsSync(databasePath)).toBe(!ON_POSTGRES);
    expect(existsSync(`${databasePath}-wal`)).toBe(false);
  });

  it('refuses bad configuration from dist/ with the same one line', async () => {
    const { code, stderr } = await failServer({ SUPPRESSION_K: '1', DATABASE_PATH: join(dir, 'y.db') }, 'dist');
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^Invalid configuration: SUPPRESSION_K="1"/);
  });
});
