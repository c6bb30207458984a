// Bytes per submitted assessment, everything in the database file counted (result, answers, summary, indexes, the
// share of rollups, histograms and snapshot cells, the change log): on the demo data set (npm run seed:demo) and
// on BENCH_STORAGE_LARGE (100,000 by default) synthetic assessments with a snapshot published for each period.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { progressLine } from '../src/assessments/bulk';
import type { Principal } from '../src/auth/principal';
import { configWith } from '../src/config';
import type { Connection } from '../src/db/connection';
import { seedDemo } from '../src/demo/seed';
import { NATIONAL_CODE } from '../src/regions/codes';
import { createServices, type Services } from '../src/services';
import { fmt } from './lib';
import { PERIODS, syntheticEnterprises } from './synthetic-load';

const LARGE = Number(process.env.BENCH_STORAGE_LARGE ?? 100_000);
const TARGET = 4096;
const NATIONAL: Principal = { role: 'authority', keyId: 'bench', regionCode: NATIONAL_CODE };

function report(label: string, sqlite: Connection): void {
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const submitted = sqlite.prepare("select count(*) from assessments where status = 'submitted'").pluck().get() as number;
  const bytes = (sqlite.pragma('page_count', { simple: true }) as number) * (sqlite.pragma('page_size', { simple: true }) as number);
  const tables = sqlite.prepare('select name, sum(pgsize) as bytes from dbstat group by name order by bytes desc limit 6').all() as {
    name: string;
    bytes: number;
  }[];
  console.log(
    `storage  ${label}: ${fmt(submitted)} submitted assessments in ${fmt(bytes / 1e6, 1)} MB → ${fmt(bytes / submitted)} B per assessment (target ≤ ${fmt(TARGET)})`,
  );
  console.log(`         largest: ${tables.map((t) => `${t.name} ${fmt(t.bytes / submitted)} B`).join(', ')}`);
}

async function withServices(path: string, fn: (s: Services) => Promise<void>): Promise<void> {
  const services = await createServices(configWith({ DATABASE_PATH: path, LOG_LEVEL: 'warn' }));
  try {
    await fn(services);
  } finally {
    await services.close();
  }
}

export async function benchStorage(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-bench-storage-'));
  const progress = (p: Parameters<typeof progressLine>[0]) => process.stdout.write(`\r${progressLine(p)}   `);
  try {
    await withServices(join(dir, 'demo.db'), async (services) => {
      await seedDemo(services, { seed: 2019, enterprises: 4000 }, progress);
      process.stdout.write('\n');
      report('demo (npm run seed:demo, 9 snapshots)', services.database.sqlite);
    });
    await withServices(join(dir, 'large.db'), async (services) => {
      await services.bulk.loadAll(syntheticEnterprises(services.catalog, LARGE), { total: LARGE, onProgress: progress });
      process.stdout.write('\n');
      for (const period of PERIODS) await services.indices.publish(NATIONAL, { period, note: null });
      report(`${fmt(LARGE)} synthetic (${PERIODS.length} snapshots)`, services.database.sqlite);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
