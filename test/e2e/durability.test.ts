import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { readDefinitionFiles } from '../../src/questionnaires/definition-files';
import { DEFINITIONS_DIR } from '../../src/questionnaires/paths';
import { newCreditCode } from '../helpers/api';
import { completeAnswers } from '../helpers/answer-arbitraries';
import { fetchedResponseChecker } from '../helpers/contract';
import { ON_POSTGRES } from '../helpers/postgres';
import { mintKey, serverDatabase, startServer } from '../helpers/server-process';

const dir = mkdtempSync(join(tmpdir(), 'ronghe-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const steel = readDefinitionFiles(DEFINITIONS_DIR).find((f) => f.definition.id === 'steel')!.definition;
const answerSets = fc.sample(completeAnswers(steel), { numRuns: 40, seed: 7 });

const checkFetched = fetchedResponseChecker(JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')));
const violations: string[] = [];

/** A JSON request to the server process; every response is checked against the OpenAPI document. */
async function call(url: string, init: RequestInit & { json?: unknown } = {}) {
  const res = await fetch(url, {
    ...init,
    headers: { ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string>) },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
  const text = await res.text();
  const problem = checkFetched(init.method ?? 'GET', url, res.status, res.headers.get('content-type') ?? '', text);
  if (problem) violations.push(problem);
  return { status: res.status, etag: res.headers.get('etag'), body: JSON.parse(text) as any };
}

/** A key issued through the API by the admin: for an enterprise, or the national authority. */
async function mintKeyOver(url: string, admin: string, enterpriseId: string | null) {
  const res = await call(`${url}/v1/api-keys`, {
    method: 'POST',
    headers: { authorization: admin },
    json: enterpriseId ? { role: 'enterprise', enterpriseId, label: 'durability' } : { role: 'authority', regionCode: '000000', label: 'durability' },
  });
  return `Bearer ${res.body.key}`;
}

describe('an acknowledged submission survives kill -9', () => {
  it('keeps every submission the server acknowledged before SIGKILL, intact, after a restart', { timeout: 120_000 }, async () => {
    const databasePath = join(dir, 'ronghe.db');
    const database = await serverDatabase(databasePath);
    const admin = await mintKey(database, 'admin');
    const server = await startServer(database);
    const acknowledged = new Map<string, { total: number; stage: string; trace: unknown }>();
    let killed = false;

    // Each worker registers an enterprise and submits period after period until the server dies under it.
    const worker = async (w: number) => {
      const e = await call(`${server.url}/v1/enterprises`, {
        method: 'POST',
        headers: { authorization: admin },
        json: { creditCode: newCreditCode(), name: `耐久测试钢铁 ${w}`, regionCode: '310115', industryCode: '31', sizeClass: 'large' },
      });
      const owner = { authorization: await mintKeyOver(server.url, admin, e.body.id) };
      for (let year = 2014; year <= 2025 && !killed; year++) {
        try {
          const draft = await call(`${server.url}/v1/enterprises/${e.body.id}/assessments`, { method: 'POST', headers: owner, json: { period: String(year) } });
          const saved = await call(`${server.url}/v1/assessments/${draft.body.id}`, {
            method: 'PATCH',
            headers: { 'if-match': draft.etag!, ...owner },
            json: { answers: answerSets[(w * 12 + year) % answerSets.length] },
          });
          const res = await call(`${server.url}/v1/assessments/${draft.body.id}/submit`, { method: 'POST', headers: { 'if-match': saved.etag!, ...owner } });
          if (res.status === 200)
            acknowledged.set(draft.body.id, { total: res.body.result.total, stage: res.body.result.stage.code, trace: res.body.result.trace });
        } catch {
          return; // the connection died with the server
        }
      }
    };
    let finished = false;
    const workers = Promise.all([0, 1, 2, 3].map(worker)).finally(() => (finished = true));
    while (acknowledged.size < 12 && !finished) await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGKILL');
    killed = true;
    await workers;
    const exit = await server.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThanOrEqual(12);

    // On PostgreSQL the server keeps the data; the killed process can only have left the SQLite file damaged.
    if (!ON_POSTGRES) {
      const integrity = new Database(databasePath, { readonly: true });
      expect(integrity.pragma('integrity_check', { simple: true })).toBe('ok');
      integrity.close();
    }

    const restarted = await startServer(database);
    const national = { authorization: await mintKeyOver(restarted.url, admin, null) };
    try {
      for (const [id, expected] of acknowledged) {
        const res = await call(`${restarted.url}/v1/assessments/${id}`, { headers: national });
        expect(res.status).toBe(200);
        expect(res.body.status).toBe('submitted');
        expect(res.body.isLatest).toBe(true);
        expect(res.body.result.total).toBe(expected.total);
        expect(res.body.result.stage.code).toBe(expected.stage);
        expect(res.body.result.trace).toEqual(expected.trace);
      }
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
    expect(violations).toEqual([]);
  });
});
