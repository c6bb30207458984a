// npm run seed:demo [-- --enterprises 4000 --seed 2019]: a clearly synthetic data set on the configured database —
// enterprises in every province, yearly assessments 2016–2024 scored by the real engine, calibrated to the
// published levels, and a published index snapshot per year. Refuses to run twice on the same database.
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app';
import { bulkInsert } from '../src/assessments/bulk';
import { configOrExit } from './config-or-exit';
import { generateDemo } from '../src/demo/generate';
import { DEMO_PERIODS } from '../src/demo/model';
import { PUBLIC } from '../src/auth/principal';
import { ranking, regionIndex } from '../src/indices/queries';
import { NATIONAL_CODE } from '../src/regions/codes';

const { values } = parseArgs({ options: { enterprises: { type: 'string', default: '4000' }, seed: { type: 'string', default: '2019' } } });
const enterprises = Number(values.enterprises);
const seed = Number(values.seed);
if (!Number.isInteger(enterprises) || enterprises < 100 || !Number.isInteger(seed)) {
  console.error('--enterprises must be an integer of at least 100 and --seed an integer');
  process.exit(1);
}

const config = configOrExit();
const app = await buildApp({ ...config, LOG_LEVEL: 'warn' });
try {
  const existing = app.database.sqlite.prepare('select count(*) as n from enterprises where synthetic = 1').get() as { n: number };
  if (existing.n > 0) {
    console.log(`${config.DATABASE_PATH} already holds ${existing.n} synthetic enterprises; nothing to do.`);
  } else {
    const started = performance.now();
    const data = generateDemo(app.deps, { seed, enterprises });
    console.log(`generated ${data.length} synthetic enterprises in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    let rows = 0;
    for (let i = 0; i < data.length; i += 500) {
      rows += bulkInsert(app.deps, data.slice(i, i + 500));
      process.stdout.write(`\rloaded ${rows} assessments`);
    }
    process.stdout.write('\n');
    for (const period of DEMO_PERIODS) {
      app.deps.indexChanged(period);
      await app.indices.publish(period, 'demo-seed', 'Synthetic demo data (npm run seed:demo): not real enterprises.');
    }
    console.log(`published index snapshots for ${DEMO_PERIODS.join(', ')}`);
  }
  const show = async (code: string, period: string) => {
    const r = regionIndex(await app.indices.view(period, 'published', undefined, PUBLIC, code), code, { period });
    const rank =
      code === NATIONAL_CODE
        ? ''
        : `, rank ${(await ranking(app.indices, PUBLIC, { level: 'province', period, source: 'published' })).items.find((i) => i.region.code === code)?.rank}`;
    console.log(`  ${r.region.name} ${period}: ${r.figures.value} (n = ${r.figures.n}${rank})`);
  };
  console.log('headline figures (synthetic):');
  await show(NATIONAL_CODE, '2019');
  await show('310000', '2018');
  await show('320000', '2018');
  await show('320000', '2022');
} finally {
  await app.close();
}
