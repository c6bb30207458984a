import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionnaireDefinition } from '../../src/questionnaires/definition.schema';
import { completeAnswers } from '../helpers/answer-arbitraries';
import { buildApp } from '../../src/app';
import { createTestApp, type TestApp } from '../helpers/app';
import { nationalKey } from '../helpers/keys';
import { enterprise, submitted } from '../helpers/population';

const mini = JSON.parse(readFileSync(new URL('../fixtures/mini-2026.1.json', import.meta.url), 'utf8')) as QuestionnaireDefinition;
const answers = fc.sample(completeAnswers(mini), { numRuns: 24, seed: 11 });

let t: TestApp;
let snapshot2024 = '';

const publish = async (period: string) => {
  const res = await t.app.inject({ method: 'POST', url: '/v1/index-snapshots', payload: { period }, headers: await nationalKey(t.app) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};
const ranking = async (query: string, headers: Record<string, string> = {}) => {
  const res = await t.app.inject({ url: `/v1/rankings?${query}`, headers });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return res.json();
};

beforeAll(async () => {
  t = await createTestApp({ SUPPRESSION_K: 3, LIVE_INDEX_MAX_STALENESS_MS: 0 }, { definitions: [mini] });
  let i = 0;
  for (const regionCode of ['310115', '320505', '110101']) {
    for (let e = 0; e < 4; e++) {
      const firm = await enterprise(t.app, { regionCode, industryCode: '31', sizeClass: 'large' });
      for (const period of ['2023', '2024']) await submitted(t.app, firm.id, period, answers[i++ % answers.length]!);
    }
  }
  // Only 2024 is published at first.
  snapshot2024 = await publish('2024');
});
afterAll(() => t.close());

describe('live figures', () => {
  it('follow submissions made by another process on the same database', async () => {
    const national = await nationalKey(t.app);
    const live = async () => (await t.app.inject({ url: '/v1/indices/000000?period=2024&source=live', headers: national })).json().figures.n as number;
    const before = await live();
    // A second app on the same file stands for a seed, a bulk load or another server.
    const other = await buildApp(t.config, { catalog: { definitionsDir: join(t.dir, 'definitions'), lockFile: join(t.dir, 'catalog.lock.json') } });
    try {
      const firm = await enterprise(other, { regionCode: '310115', industryCode: '31', sizeClass: 'large' });
      await submitted(other, firm.id, '2024', answers[0]!);
    } finally {
      await other.close();
    }
    expect(await live()).toBe(before + 1);
  });
});

describe('rankings and the previous period', () => {
  it('shows the change of rank as soon as the previous period is published, not a ranking kept from before', async () => {
    const before = await ranking('period=2024');
    expect(before.previousPeriod).toBeNull();
    expect(before.items.every((i: any) => i.previousRank === null)).toBe(true);
    await publish('2023');
    const after = await ranking('period=2024');
    const ranks2023 = new Map((await ranking('period=2023')).items.map((i: any) => [i.region.code, i.rank]));
    expect(after.previousPeriod).toBe('2023');
    expect(after.items.map((i: any) => [i.region.code, i.previousRank])).toEqual(after.items.map((i: any) => [i.region.code, ranks2023.get(i.region.code)]));
  });

  it('compares a named snapshot with the published previous period, for the public and for authorities alike', async () => {
    const published2023 = new Map((await ranking('period=2023')).items.map((i: any) => [i.region.code, i.rank]));
    for (const headers of [{}, await nationalKey(t.app)]) {
      const r = await ranking(`period=2024&source=live&snapshot=${snapshot2024}`, headers);
      expect(r.source).toMatchObject({ kind: 'snapshot', snapshotId: snapshot2024 });
      expect(r.previousPeriod).toBe('2023');
      expect(r.items.map((i: any) => i.previousRank)).toEqual(r.items.map((i: any) => published2023.get(i.region.code)));
    }
  });
});

describe('series', () => {
  it('states for each point the k its figures were suppressed with: a snapshot keeps the k it was published with', async () => {
    await ranking('period=2023'); // 2023 and 2024 are published with k = 3 by now
    // The same database, served again with k = 4: the 2022 snapshot is published with it.
    const other = await buildApp(
      { ...t.config, SUPPRESSION_K: 4 },
      { catalog: { definitionsDir: join(t.dir, 'definitions'), lockFile: join(t.dir, 'catalog.lock.json') } },
    );
    try {
      const firm = await enterprise(other, { regionCode: '310115', industryCode: '31', sizeClass: 'large' });
      await submitted(other, firm.id, '2022', answers[1]!);
      const published = await other.inject({ method: 'POST', url: '/v1/index-snapshots', payload: { period: '2022' }, headers: await nationalKey(other) });
      expect(published.statusCode, published.body).toBe(201);
      const series = await other.inject('/v1/indices/310000/series');
      expect(series.statusCode, series.body).toBe(200);
      expect(series.json().method.k).toBe(4);
      expect(series.json().points.map((p: any) => [p.period, p.source.k])).toEqual([
        ['2022', 4],
        ['2023', 3],
        ['2024', 3],
      ]);
      const csv = (await other.inject('/v1/indices/310000/series?format=csv')).body.trim().split('\n');
      const k = csv[0]!.split(',').indexOf('k');
      expect(csv.slice(1).map((line) => line.split(',')[k])).toEqual(['4', '3', '3']);
    } finally {
      await other.close();
    }
  });
});
