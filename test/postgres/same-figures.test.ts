import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal';
import { configWith } from '../../src/config';
import type { SizeClass } from '../../src/enterprises/size-class';
import type { Answers } from '../../src/scoring/schemas';
import { generateDemo } from '../../src/demo/generate';
import { createServices, type Services } from '../../src/services';
import { completeAnswers } from '../helpers/answer-arbitraries';
import { newCreditCode } from '../helpers/api';
import { backendOverrides, rawSql } from '../helpers/postgres';

// The same submissions (revisions and moves among them) through SQLite's services and PostgreSQL's: every rollup
// row, every histogram bin and every live cell (suppression applied) must come out the same.
const admin: Principal = { role: 'admin', keyId: 'test' };
const dir = mkdtempSync(join(tmpdir(), 'ronghe-same-'));
let sqlite: Services;
let postgres: Services;

beforeAll(async () => {
  sqlite = await createServices(configWith({ DATABASE_PATH: join(dir, 'ronghe.db'), LOG_LEVEL: 'silent' }));
  postgres = await createServices(configWith({ LOG_LEVEL: 'silent', ...(await backendOverrides()) }));
});
afterAll(async () => {
  await sqlite?.close();
  await postgres?.close();
  rmSync(dir, { recursive: true, force: true });
});

const REGIONS = ['310115', '310104', '320505', '320102', '440305', '110105'];
const SIZES: SizeClass[] = ['large', 'medium', 'small'];

describe('index figures on SQLite and PostgreSQL', () => {
  it('are identical for the same submissions and bulk loads: rollups, histograms and live cells, suppression included', async () => {
    const steel = sqlite.catalog.current('steel')!.definition;
    const answerSets = fc.sample(completeAnswers(steel), { numRuns: 60, seed: 11 }) as Answers[];
    for (const [i, answers] of answerSets.entries()) {
      const firm = {
        creditCode: newCreditCode(),
        name: `同数企业${i}`,
        regionCode: REGIONS[i % REGIONS.length]!,
        industryCode: '31',
        sizeClass: SIZES[Math.floor(i / 6) % SIZES.length]!,
      };
      for (const services of [sqlite, postgres]) {
        const { enterprise } = await services.enterprises.register(admin, firm);
        const owner: Principal = { role: 'enterprise', keyId: 'test', enterpriseId: enterprise.id };
        const period = i % 4 === 0 ? '2023' : '2024';
        const { assessment } = await services.assessments.createDraft(owner, enterprise.id, { period });
        const { assessment: saved } = await services.assessments.saveAnswers(owner, assessment.id, 1, answers);
        const { assessment: done } = await services.assessments.submit(owner, saved.id, saved.version);
        if (i % 5 === 0) {
          // A revision with another firm's answers replaces this one's contribution.
          const { assessment: revision } = await services.assessments.openRevision(owner, done.id);
          const { assessment: changed } = await services.assessments.saveAnswers(owner, revision.id, 1, answerSets[(i + 1) % answerSets.length]!);
          await services.assessments.submit(owner, changed.id, changed.version);
        }
        if (i % 9 === 0) await services.enterprises.update(owner, enterprise.id, '*', { regionCode: '320505' });
      }
    }
    // And a bulk load (the demo's generator: enterprises of every province, several periods) on both.
    const demo = generateDemo({ catalog: sqlite.catalog }, { seed: 7, enterprises: 300 });
    for (const services of [sqlite, postgres]) {
      const progress = await services.bulk.loadAll(demo, { assessmentsPerBatch: 250 });
      expect(progress.rows).toBe(demo.reduce((n, e) => n + e.assessments.length, 0));
    }
    for (const services of [sqlite, postgres]) await services.projector.catchUp();

    // A cell or bin whose sums came back to zero is kept by one backend and never written by the other, as the
    // events fell into batches (a submission and its revision in one batch add nothing): zero rows count as absent.
    const rows = (services: Services, table: string, key: string) =>
      rawSql(services).all(`select * from ${table} where ${table === 'index_rollups' ? 'n' : 'count'} <> 0 order by ${key}`);
    const rollupKey = 'period, level, region_code, industry_code, size_class';
    const rollups = await rows(sqlite, 'index_rollups', rollupKey);
    expect(rollups.length).toBeGreaterThan(100);
    expect(await rows(postgres, 'index_rollups', rollupKey)).toEqual(rollups);
    const bins = `${rollupKey}, total_tenths`;
    expect(await rows(postgres, 'score_histograms', bins)).toEqual(await rows(sqlite, 'score_histograms', bins));

    let suppressed = 0;
    const periods = [...new Set(['2023', '2024', ...demo.flatMap((e) => e.assessments.map((x) => x.period))])];
    for (const period of periods) {
      const [a, b] = await Promise.all([sqlite.indices.liveCube(period, true), postgres.indices.liveCube(period, true)]);
      const cells = (cube: typeof a) => cube.all().sort((x, y) => JSON.stringify(x.key).localeCompare(JSON.stringify(y.key)));
      expect(cells(b)).toEqual(cells(a));
      suppressed += cells(a).filter((c) => c.figures.suppressed !== null).length;
    }
    expect(suppressed).toBeGreaterThan(0);
  });
});
