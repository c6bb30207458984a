import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal';
import { configWith } from '../../src/config';
import type { Answers } from '../../src/scoring/schemas';
import { createServices, type Services } from '../../src/services';
import { completeAnswers } from '../helpers/answer-arbitraries';
import { newCreditCode } from '../helpers/api';
import { backendOverrides, rawSql } from '../helpers/postgres';
import { startServer, type ServerProcess } from '../helpers/server-process';

// Two real server processes on one PostgreSQL database: submissions through both, a live index read on one that
// sees a submission made through the other at once, and kill -9 of one losing nothing it acknowledged.
let url: string;
let setup: Services;
let servers: ServerProcess[] = [];
let national: string;
let answers: Answers;
const admin: Principal = { role: 'admin', keyId: 'test' };

beforeAll(async () => {
  url = (await backendOverrides()).DATABASE_URL!;
  setup = await createServices(configWith({ DATABASE_URL: url, LOG_LEVEL: 'silent' }));
  national = `Bearer ${(await setup.auth.issue('test', { role: 'authority', label: 'national', regionCode: '000000' })).key}`;
  [answers] = fc.sample(completeAnswers(setup.catalog.current('steel')!.definition), { numRuns: 1, seed: 9 }) as [Answers];
  // Live figures rebuilt on every read that follows a change (by default they may be up to 2 s old, on either backend).
  const env = { DATABASE_URL: url, LIVE_INDEX_MAX_STALENESS_MS: '0' };
  servers = await Promise.all([startServer(env), startServer(env)]);
}, 90_000);
afterAll(async () => {
  for (const s of servers) s.child.kill('SIGKILL');
  await setup?.close();
});

/** A draft with complete answers, made directly on the database, and the key of its enterprise. */
async function draft() {
  const { enterprise } = await setup.enterprises.register(admin, {
    creditCode: newCreditCode(),
    name: '双实例测试',
    regionCode: '310115',
    industryCode: '31',
    sizeClass: 'large',
  });
  const owner: Principal = { role: 'enterprise', keyId: 'test', enterpriseId: enterprise.id };
  const { assessment } = await setup.assessments.createDraft(owner, enterprise.id, { period: '2024' });
  const { assessment: saved } = await setup.assessments.saveAnswers(owner, assessment.id, 1, answers);
  const key = (await setup.auth.issue('test', { role: 'enterprise', label: 'firm', enterpriseId: enterprise.id })).key;
  return { id: saved.id, etag: `"${saved.version}"`, authorization: `Bearer ${key}` };
}

const submitOn = (server: ServerProcess, d: Awaited<ReturnType<typeof draft>>) =>
  fetch(`${server.url}/v1/assessments/${d.id}/submit`, { method: 'POST', headers: { authorization: d.authorization, 'if-match': d.etag } });
const liveN = async (server: ServerProcess) => {
  const res = await fetch(`${server.url}/v1/indices/000000?period=2024&source=live`, { headers: { authorization: national } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { figures: { n: number } }).figures.n;
};

describe('two server processes on one PostgreSQL database', () => {
  it('take submissions through both at once, and each reads the other’s at once', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const drafts = await Promise.all(Array.from({ length: 10 }, draft));
    const statuses = await Promise.all(drafts.map(async (d, i) => (await submitOn(i % 2 ? a : b, d)).status));
    expect(statuses).toEqual(drafts.map(() => 200));
    expect(await liveN(a)).toBe(10);
    expect(await liveN(b)).toBe(10);
    const one = await draft();
    expect((await submitOn(a, one)).status).toBe(200);
    expect(await liveN(b)).toBe(11);
  });

  it('lose nothing acknowledged when one is killed -9 mid-stream, and the other keeps serving', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const drafts = await Promise.all(Array.from({ length: 20 }, draft));
    const acknowledged: string[] = [];
    const sent = drafts.map(async (d, i) => {
      const res = await submitOn(i % 2 ? a : b, d).catch(() => null);
      if (res?.status === 200) acknowledged.push(d.id);
    });
    setTimeout(() => a.child.kill('SIGKILL'), 15);
    await Promise.all(sent);
    await a.exited;
    // Every acknowledged submission is stored; the survivor serves, and its live figures count them all.
    const status = async (id: string) => (await rawSql(setup).get<{ status: string }>('select status from assessments where id = ?', id))!.status;
    for (const id of acknowledged) expect(await status(id)).toBe('submitted');
    const stored = (await Promise.all(drafts.map((d) => status(d.id)))).filter((s) => s === 'submitted').length;
    expect(stored).toBeGreaterThanOrEqual(acknowledged.length);
    expect(await liveN(b)).toBe(11 + stored);
  });
});
