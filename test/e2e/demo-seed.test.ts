import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { configWith } from '../../src/config';
import { keyFor } from '../helpers/keys';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ronghe-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run seed:demo', () => {
  it('creates a synthetic data set scored by the engine and calibrated to the published figures', { timeout: 180_000 }, async () => {
    const databasePath = join(dir, 'demo.db');
    const env = { ...process.env, DATABASE_PATH: databasePath };
    const first = await run('npm', ['run', '--silent', 'seed:demo', '--', '--enterprises', '800'], { env });
    expect(first.stdout).toMatch(/published index snapshots for 2016, .* 2024/);
    const again = await run('npm', ['run', '--silent', 'seed:demo'], { env });
    expect(again.stdout).toMatch(/already holds 800 synthetic enterprises; nothing to do/);

    const app = await buildApp(configWith({ DATABASE_PATH: databasePath, LOG_LEVEL: 'silent' }));
    try {
      const national = await keyFor(app, 'authority', { regionCode: '000000' });
      const get = async (url: string) => (await app.inject({ url, headers: national })).json();
      const shanghai2018 = await get('/v1/indices/310000?period=2018');
      expect(shanghai2018.figures.value).toBeGreaterThanOrEqual(58.4);
      expect(shanghai2018.figures.value).toBeLessThanOrEqual(58.6);
      expect(shanghai2018.figures.synthetic).toBe(true);
      expect(shanghai2018.source.kind).toBe('snapshot');
      for (const period of ['2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024']) {
        const ranking = await get(`/v1/rankings?period=${period}`);
        expect(ranking.items[0].region.code, period).toBe('320000'); // Jiangsu first every year
        if (period === '2018') expect(ranking.items[1].region.code).toBe('310000'); // Shanghai second
        expect(ranking.items.length).toBe(31); // every province has enterprises
      }
      const national2019 = await get('/v1/indices/000000?period=2019');
      expect(Math.abs(national2019.figures.value - 54.5)).toBeLessThanOrEqual(0.2);
      expect(Math.abs((await get('/v1/indices/320000?period=2022')).figures.value - 66.4)).toBeLessThanOrEqual(0.1);
      // Every stored result is the real engine's: re-scoring a sample reproduces it exactly.
      const sample = app.database.sqlite
        .prepare('select a.id from assessments a join enterprises e on e.id = a.enterprise_id where e.synthetic = 1 limit 3')
        .all() as { id: string }[];
      for (const { id } of sample) {
        const a = await get(`/v1/assessments/${id}`);
        const rescored = (
          await app.inject({
            method: 'POST',
            url: `/v1/questionnaires/${a.questionnaire.id}/versions/${a.questionnaire.version}/score`,
            payload: { answers: a.answers },
          })
        ).json();
        expect(rescored.result).toEqual(a.result);
      }
      const enterprise = (await get('/v1/enterprises?limit=1')).items[0];
      expect(enterprise).toMatchObject({ synthetic: true, name: expect.stringContaining('【合成数据】') });
    } finally {
      await app.close();
    }
  });
});
