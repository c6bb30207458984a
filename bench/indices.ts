// [3/6] Index reads at 10k and at 1M assessments (bulk-loaded), each against GET /health in the same run, and the
// bulk load rate. Reads never scan assessments: published figures come from snapshots, live ones from rollups.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Cube } from '../src/indices/cube';
import { createIndexRepository } from '../src/indices/repository';
import { NATIONAL_CODE } from '../src/regions/codes';
import type { Principal } from '../src/auth/principal';
import { configWith } from '../src/config';
import { createServices, type Services } from '../src/services';
import { fmt, load, startBenchServer } from './lib';
import { rawInsert } from './raw-insert';
import { syntheticEnterprises } from './synthetic-load';
import { progressLine } from '../src/assessments/bulk';

const SMALL = 10_000;
const LARGE = Number(process.env.BENCH_LARGE ?? 1_000_000);
const PERIOD = '2024';
/** Rows of the raw-insert baseline; the loader's rate over its first as many rows is compared with it. */
const RAW = Number(process.env.BENCH_RAW ?? 200_000);
const NATIONAL: Principal = { role: 'authority', keyId: 'bench', regionCode: NATIONAL_CODE };

async function withServices<T>(databasePath: string, fn: (services: Services) => Promise<T>): Promise<T> {
  const services = await createServices(configWith({ DATABASE_PATH: databasePath, LOG_LEVEL: 'warn' }));
  try {
    return await fn(services);
  } finally {
    await services.close();
  }
}

async function measure(databasePath: string, authority: Record<string, string>) {
  const server = await startBenchServer('bench/app-server.ts', { DATABASE_PATH: databasePath });
  try {
    const urls = {
      health: `${server.url}/health`,
      published: `${server.url}/v1/indices/310000?period=${PERIOD}`,
      live: `${server.url}/v1/indices/310000?period=${PERIOD}&source=live`,
    };
    // Live figures are for authorities: the national authority's key.
    const headers = (key: keyof typeof urls) => (key === 'live' ? authority : {});
    for (const key of Object.keys(urls) as (keyof typeof urls)[]) await load({ url: urls[key], seconds: 2, headers: headers(key) }); // warm-up, builds the live cube
    const sums = { health: 0, published: 0, live: 0 };
    const rounds = 3;
    for (let i = 0; i < rounds; i++) {
      for (const key of ['health', 'published', 'live'] as const) {
        const r = await load({ url: urls[key], seconds: 3, headers: headers(key) });
        if (r.non2xx) throw new Error(`${key}: ${r.non2xx} non-2xx responses`);
        sums[key] += r.rps / rounds;
      }
    }
    return sums;
  } finally {
    await server.stop();
  }
}

/**
 * A live cube rebuilt after submissions, at the large size: built at once (as publishing does, inside its
 * transaction), the event loop stands still for the whole build; the live path builds it in steps.
 */
async function rebuild(databasePath: string) {
  await withServices(databasePath, async (services) => {
    const { k } = services.indices.options;
    const started = performance.now();
    const cube = new Cube(PERIOD, createIndexRepository(services.database.sqlite).rollupsOf(PERIOD), k, new Date().toISOString());
    const atOnce = performance.now() - started;
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const stepped = performance.now();
    // Services of their own: no live cube is built yet, so this builds one.
    await services.indices.liveCube(PERIOD, true);
    const inSteps = performance.now() - stepped;
    delay.disable();
    const longest = delay.max / 1e6;
    console.log(
      `live cube rebuild at ${fmt(LARGE)} (${fmt(cube.all().length)} cells): at once ${fmt(atOnce)} ms, all one pause of the event loop; ` +
        `in steps ${fmt(inSteps)} ms, longest pause ${fmt(longest)} ms → ${fmt(longest / atOnce, 3)} of the pause at once`,
    );
  });
}

export async function benchIndices(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-bench-indices-'));
  try {
    // One database per size: a period is published once, so the 1M figures need a database of their own.
    const loadAndPublish = async (databasePath: string, target: number) =>
      withServices(databasePath, async (services) => {
        const windows: { rows: number; ms: number }[] = [];
        let before = { rows: 0, ms: 0 };
        const done = await services.bulk.loadAll(syntheticEnterprises(services.catalog, target), {
          total: target,
          onProgress: (p) => {
            windows.push({ rows: p.rows - before.rows, ms: p.elapsedMs - before.ms });
            before = { rows: p.rows, ms: p.elapsedMs };
            process.stdout.write(`\r${progressLine(p)}   `);
          },
        });
        process.stdout.write('\n');
        const { snapshot } = await services.indices.publish(NATIONAL, { period: PERIOD, note: null });
        console.log(`published the ${PERIOD} snapshot: ${fmt(snapshot.cellCount)} cells`);
        return { done, windows };
      });
    /**
     * Rows per second over the fewest units of work that together hold at least `rows` rows, from the first or from
     * the last, and how many rows those are (a unit holds ASSESSMENTS_PER_BATCH, so `rows` rounds up to whole units).
     */
    const windowOf = (windows: { rows: number; ms: number }[], rows: number, from: 'first' | 'last') => {
      const list = from === 'first' ? windows : [...windows].reverse();
      let n = 0;
      let ms = 0;
      for (const w of list) {
        if (n >= rows) break;
        n += w.rows;
        ms += w.ms;
      }
      return { rate: n / (ms / 1000), rows: n };
    };
    const authorityKey = (databasePath: string) =>
      withServices(databasePath, async (services) => ({
        authorization: `Bearer ${(await services.auth.issue('bench', { role: 'authority', regionCode: NATIONAL_CODE, label: 'bench' })).key}`,
      }));

    const smallPath = join(dir, 'small.db');
    await loadAndPublish(smallPath, SMALL);
    const small = await measure(smallPath, await authorityKey(smallPath));
    console.log(`at ${fmt(SMALL)}: health ${fmt(small.health)} req/s, index (published) ${fmt(small.published)} req/s, index (live) ${fmt(small.live)} req/s`);
    // The loader's baseline: the same rows as plain batched INSERTs into a database of their own, in this run.
    const rawRows = Math.min(LARGE, RAW);
    const raw = await withServices(join(dir, 'raw.db'), async (services) =>
      rawInsert(services.database.sqlite, services.catalog, syntheticEnterprises(services.catalog, rawRows)),
    );
    const largePath = join(dir, 'large.db');
    const { done: loaded, windows } = await loadAndPublish(largePath, LARGE);
    const large = await measure(largePath, await authorityKey(largePath));
    console.log(`at ${fmt(LARGE)}: health ${fmt(large.health)} req/s, index (published) ${fmt(large.published)} req/s, index (live) ${fmt(large.live)} req/s`);
    console.log(
      `index GET at ${fmt(LARGE)} / at ${fmt(SMALL)}: published ${fmt(large.published / small.published, 2)}, live ${fmt(large.live / small.live, 2)} (target ≥ 0.80)`,
    );
    // The two sizes are measured minutes apart; each against /health of its own run, drift on a shared machine cancels.
    const normalised = (key: 'published' | 'live') => large[key] / large.health / (small[key] / small.health);
    console.log(`  the same, each against /health of its run: published ${fmt(normalised('published'), 2)}, live ${fmt(normalised('live'), 2)}`);
    console.log(
      `index GET / health at ${fmt(LARGE)}: published ${fmt(large.published / large.health, 2)}, live ${fmt(large.live / large.health, 2)} (target ≥ 0.50)`,
    );
    const loader = windowOf(windows, rawRows, 'first');
    const loaderRate = loader.rate;
    const rawRate = raw.rows / raw.seconds;
    console.log(
      `bulk load ${fmt(loaded.rows)} assessments in ${fmt(loaded.elapsedMs / 1000, 1)} s = ${fmt(loaded.rate)} rows/s; over the first ${fmt(loader.rows)}: ` +
        `${fmt(loaderRate)} rows/s vs raw batched INSERTs of the same rows ${fmt(rawRate)} rows/s → ratio ${fmt(loaderRate / rawRate, 2)} (target ≥ 0.50)`,
    );
    const first = windowOf(windows, SMALL, 'first');
    const last = windowOf(windows, SMALL, 'last');
    console.log(
      `          flat: ${fmt(last.rate)} rows/s over the last ${fmt(last.rows)} rows vs ${fmt(first.rate)} rows/s over the first ${fmt(first.rows)} → ` +
        `ratio ${fmt(last.rate / first.rate, 2)} (target ≥ 0.80)`,
    );
    await rebuild(largePath);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
