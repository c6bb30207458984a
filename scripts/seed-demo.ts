// npm run seed:demo [-- --enterprises 4000 --seed 2019]: a clearly synthetic data set on the configured database —
// enterprises in every province, yearly assessments 2016–2024 scored by the real engine, calibrated to the
// published levels, and a published index snapshot per year. Refuses to run twice on the same database.
import { parseArgs } from 'node:util';
import { configOrExit } from './config-or-exit';
import { progressLine } from '../src/assessments/bulk';
import { seedDemo } from '../src/demo/seed';
import { DEMO_PERIODS } from '../src/demo/model';
import { PUBLIC } from '../src/auth/principal';
import { regionIndex } from '../src/indices/queries';
import { createServices } from '../src/services';

const { values } = parseArgs({ options: { enterprises: { type: 'string', default: '4000' }, seed: { type: 'string', default: '2019' } } });
const enterprises = Number(values.enterprises);
const seed = Number(values.seed);
if (!Number.isInteger(enterprises) || enterprises < 100 || !Number.isInteger(seed)) {
  console.error('--enterprises must be an integer of at least 100 and --seed an integer');
  process.exit(1);
}

const config = configOrExit();
const services = await createServices(config);
try {
  const existing = services.database.sqlite.prepare('select count(*) as n from enterprises where synthetic = 1').get() as { n: number };
  if (existing.n > 0) {
    console.log(`${config.DATABASE_PATH} already holds ${existing.n} synthetic enterprises; nothing to do.`);
  } else {
    const started = performance.now();
    const seeded = await seedDemo(services, { seed, enterprises }, (p) => process.stdout.write(`\r${progressLine(p)}`));
    process.stdout.write('\n');
    console.log(`${seeded.enterprises} synthetic enterprises, ${seeded.assessments} assessments in ${((performance.now() - started) / 1000).toFixed(1)} s`);
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
