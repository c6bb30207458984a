// npm run seed:demo [-- --enterprises 4000 --seed 2019]: a clearly synthetic data set on the configured database —
// enterprises in every province, yearly assessments 2016–2024 scored by the real engine, calibrated to the
// published levels, and a published index snapshot per year. Refuses to run twice on the same database.
import { parseArgs } from 'node:util';
import { configOrExit } from './config-or-exit';
import { progressLine } from '../src/assessments/bulk';
import { generateDemo } from '../src/demo/generate';
import { DEMO_PERIODS } from '../src/demo/model';
import { PUBLIC, type Principal } from '../src/auth/principal';
import { regionIndex } from '../src/indices/queries';
import { createServices } from '../src/services';

const { values } = parseArgs({ options: { enterprises: { type: 'string', default: '4000' }, seed: { type: 'string', default: '2019' } } });
const enterprises = Number(values.enterprises);
const seed = Number(values.seed);
if (!Number.isInteger(enterprises) || enterprises < 100 || !Number.isInteger(seed)) {
  console.error('--enterprises must be an integer of at least 100 and --seed an integer');
  process.exit(1);
}

/** The seed publishes as the national authority would, under its own name. */
const SEED: Principal = { role: 'authority', keyId: 'demo-seed', regionCode: '000000' };

const config = configOrExit();
const services = await createServices(config);
try {
  const existing = services.database.sqlite.prepare('select count(*) as n from enterprises where synthetic = 1').get() as { n: number };
  if (existing.n > 0) {
    console.log(`${config.DATABASE_PATH} already holds ${existing.n} synthetic enterprises; nothing to do.`);
  } else {
    const started = performance.now();
    const data = generateDemo(services, { seed, enterprises });
    console.log(`generated ${data.length} synthetic enterprises in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const total = data.reduce((n, e) => n + e.assessments.length, 0);
    await services.bulk.loadAll(data, { total, onProgress: (p) => process.stdout.write(`\r${progressLine(p)}`) });
    process.stdout.write('\n');
    // The loads' events are in the rollups already (projected with each load); publishing catches up regardless.
    for (const period of DEMO_PERIODS) {
      await services.indices.publish(SEED, { period, note: 'Synthetic demo data (npm run seed:demo): not real enterprises.' });
    }
    console.log(`published index snapshots for ${DEMO_PERIODS.join(', ')}`);
  }
  const show = async (code: string, period: string) => {
    const r = regionIndex(await services.indices.read(PUBLIC, { period, source: 'published' }, code), code, { period });
    const rank =
      code === '000000'
        ? ''
        : `, rank ${(await services.indices.ranking(PUBLIC, { level: 'province', period, source: 'published' })).items.find((i) => i.region.code === code)?.rank}`;
    console.log(`  ${r.region.name} ${period}: ${r.figures.value} (n = ${r.figures.n}${rank})`);
  };
  console.log('headline figures (synthetic):');
  await show('000000', '2019');
  await show('310000', '2018');
  await show('320000', '2018');
  await show('320000', '2022');
} finally {
  await services.close();
}
