import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { configWith } from '../../src/config';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '../../src/db/connection';
import type { CellFigures } from '../../src/indices/cube';
import { decodeFigures, encodeFigures } from '../../src/indices/stored-figures';
import type { QuestionnaireDefinition } from '../../src/questionnaires/definition.schema';
import type { SizeClass } from '../../src/enterprises/size-class';
import { completeAnswers } from '../helpers/answer-arbitraries';
import { createTestApp, type TestApp } from '../helpers/app';
import { writeCatalog } from '../helpers/catalog';
import { enforceContract } from '../helpers/contract';
import { anyFigures } from '../helpers/figure-arbitraries';
import { nationalKey } from '../helpers/keys';
import { openDatabaseAt } from '../helpers/migrations';
import { enterprise, submitted } from '../helpers/population';

/**
 * Migration 0008 on databases of the release before it (migrated up to 0007, snapshots in the old layout: cells
 * keyed by the snapshot's id, figures as JSON objects), served by the app afterwards.
 */
const BEFORE = '0007_results_rederived';
const K = 3;
const mini = JSON.parse(readFileSync(new URL('../fixtures/mini-2026.1.json', import.meta.url), 'utf8')) as QuestionnaireDefinition;
const answers = fc.sample(completeAnswers(mini), { numRuns: 30, seed: 8 });
const PERIODS = ['2022', '2023', '2024'];
/** Frozen before dimensions were suppressed on their own counts: its cells lack the per-dimension `suppressed`. */
const LEGACY = '2022';

interface OldSnapshot {
  id: string;
  period: string;
  method_version: string;
  k: number;
  published_at: string;
  published_by: string;
  note: string | null;
  cell_count: number;
  change_seq: number | null;
}
interface OldCell {
  snapshot_id: string;
  level: string;
  region_code: string;
  industry_code: string;
  size_class: string;
  figures: string;
}

let root: string;
let source: TestApp;
/** The snapshots the source app published, as the release before 0008 stored them. */
let oldSnapshots: OldSnapshot[] = [];
let oldCells: OldCell[] = [];

const legacy = (f: CellFigures): CellFigures => ({ ...f, dimensions: f.dimensions.map(({ dimension, value }) => ({ dimension, value })) });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ronghe-migration-'));
  source = await createTestApp({ SUPPRESSION_K: K }, { definitions: [mini] });
  const firms: [string, string, SizeClass, number][] = [
    ['310115', '31', 'large', 6],
    ['310104', '31', 'medium', 4],
    ['310101', '34', 'large', 2],
    ['320505', '31', 'large', 5],
    ['320102', '34', 'medium', 1],
    ['110101', '31', 'large', 3],
  ];
  let i = 0;
  for (const [regionCode, industryCode, sizeClass, count] of firms) {
    for (let e = 0; e < count; e++) {
      const firm = await enterprise(source.app, { regionCode, industryCode, sizeClass });
      // Not every firm in every period, so the periods' cells differ.
      for (const period of PERIODS)
        if ((e + period.length + Number(period)) % 4 !== 0) await submitted(source.app, firm.id, period, answers[i++ % answers.length]!);
    }
  }
  for (const period of PERIODS) {
    const res = await source.app.inject({ method: 'POST', url: '/v1/index-snapshots', payload: { period }, headers: await nationalKey(source.app) });
    expect(res.statusCode, res.body).toBe(201);
  }
  const sqlite = source.app.database.sqlite;
  oldSnapshots = sqlite
    .prepare('select id, period, method_version, k, published_at, published_by, note, cell_count, change_seq from index_snapshots order by number')
    .all() as OldSnapshot[];
  const periodOf = new Map(oldSnapshots.map((s) => [s.id, s.period]));
  oldCells = (
    sqlite
      .prepare(
        'select s.id as snapshot_id, level, region_code, industry_code, size_class, figures from snapshot_cells join index_snapshots s on s.number = snapshot_number',
      )
      .all() as OldCell[]
  ).map((c) => {
    // What the release before stored: the cube's figures as JSON, the legacy snapshot's without per-dimension decisions.
    const figures = decodeFigures(c.figures);
    return { ...c, figures: JSON.stringify(periodOf.get(c.snapshot_id) === LEGACY ? legacy(figures) : figures) };
  });
}, 120_000);

afterAll(async () => {
  await source?.close();
  rmSync(root, { recursive: true, force: true });
});

/** The real app on an existing database file (which it migrates), every response checked against the document. */
async function appOn(dir: string): Promise<FastifyInstance> {
  const app = await buildApp(configWith({ DATABASE_PATH: join(dir, 'ronghe.db'), LOG_LEVEL: 'silent', SUPPRESSION_K: K }), {
    catalog: writeCatalog(dir, [mini]),
  });
  enforceContract(app);
  await app.ready();
  return app;
}

/** A database of the release before 0008 holding the source's snapshots in its layout. */
function databaseBefore(dir: string): void {
  const handle = openDatabaseAt(join(dir, 'ronghe.db'), BEFORE);
  try {
    insertOld(handle, oldSnapshots, oldCells);
  } finally {
    handle.sqlite.close();
  }
}

function insertOld(handle: DatabaseHandle, snapshots: OldSnapshot[], cells: OldCell[]) {
  const { sqlite } = handle;
  sqlite.transaction(() => {
    const snapshot = sqlite.prepare(
      'insert into index_snapshots (id, period, method_version, k, published_at, published_by, note, cell_count, change_seq) values (@id, @period, @method_version, @k, @published_at, @published_by, @note, @cell_count, @change_seq)',
    );
    for (const s of snapshots) snapshot.run(s);
    const cell = sqlite.prepare(
      'insert into snapshot_cells (snapshot_id, level, region_code, industry_code, size_class, figures) values (@snapshot_id, @level, @region_code, @industry_code, @size_class, @figures)',
    );
    for (const c of cells) cell.run(c);
  })();
}

/**
 * The reference: a database of today's layout whose cells hold the old figures unconverted (JSON objects, which
 * are read as they always were), so its responses are those of the release before, for the same snapshots.
 */
function referenceDatabase(dir: string): void {
  const handle = openDatabase(join(dir, 'ronghe.db'), { busyTimeoutMs: 1000 });
  try {
    migrateDatabase(handle);
    const { sqlite } = handle;
    sqlite.transaction(() => {
      const snapshot = sqlite.prepare(
        'insert into index_snapshots (id, number, period, method_version, k, published_at, published_by, note, cell_count, change_seq) values (@id, @number, @period, @method_version, @k, @published_at, @published_by, @note, @cell_count, @change_seq)',
      );
      oldSnapshots.forEach((s, i) => snapshot.run({ ...s, number: i + 1 }));
      const number = new Map(oldSnapshots.map((s, i) => [s.id, i + 1]));
      const cell = sqlite.prepare(
        'insert into snapshot_cells (snapshot_number, level, region_code, industry_code, size_class, figures) values (?, ?, ?, ?, ?, ?)',
      );
      for (const c of oldCells) cell.run(number.get(c.snapshot_id), c.level, c.region_code, c.industry_code, c.size_class, c.figures);
    })();
  } finally {
    handle.sqlite.close();
  }
}

/** Published reads of every kind, JSON and CSV, for one period. */
const readsOf = (period: string, snapshotId: string) => [
  `/v1/indices/000000?period=${period}&breakdown=industry,size`,
  `/v1/indices/310000?period=${period}&breakdown=industry,size`,
  `/v1/indices/310000?period=${period}&format=csv`,
  `/v1/indices/310115?period=${period}`,
  `/v1/indices/310000?period=${period}&industry=31&size=large`,
  `/v1/indices/000000/children?period=${period}`,
  `/v1/indices/310000/children?period=${period}`,
  `/v1/indices/310100/children?period=${period}&industry=31`,
  `/v1/indices/320000/children?period=${period}&format=csv`,
  `/v1/rankings?level=province&period=${period}`,
  `/v1/rankings?level=city&period=${period}&format=csv`,
  `/v1/indices/000000?period=${period}&snapshot=${snapshotId}`,
  `/v1/index-snapshots?period=${period}`,
];
const SERIES = ['/v1/indices/000000/series', '/v1/indices/310000/series?format=csv', '/v1/indices/320000/series', '/v1/index-snapshots'];

async function responses(app: FastifyInstance, urls: string[]) {
  const out: { url: string; status: number; type: string | undefined; body: string }[] = [];
  for (const url of urls) {
    const res = await app.inject({ url });
    out.push({ url, status: res.statusCode, type: res.headers['content-type'] as string | undefined, body: res.body });
  }
  return out;
}

describe('migration 0008 (snapshot cells by number, compact figures)', () => {
  it('serves the snapshots of a database of the release before byte for byte as that release did', { timeout: 120_000 }, async () => {
    const before = mkdtempSync(join(root, 'before-'));
    const reference = mkdtempSync(join(root, 'reference-'));
    databaseBefore(before);
    referenceDatabase(reference);

    const migrated = await appOn(before);
    const expected = await appOn(reference);
    try {
      const urls = [...oldSnapshots.flatMap((s) => readsOf(s.period, s.id)), ...SERIES];
      const got = await responses(migrated, urls);
      const want = await responses(expected, urls);
      for (const [i, r] of got.entries()) {
        expect(r.status, `${r.url}: ${r.body.slice(0, 300)}`).toBe(200);
        expect(r, r.url).toEqual(want[i]);
      }
      // The periods frozen with today's cube read as the app that published them serves them, too.
      const current = oldSnapshots.filter((s) => s.period !== LEGACY).flatMap((s) => readsOf(s.period, s.id));
      expect(await responses(migrated, current)).toEqual(await responses(source.app, current));

      // Not vacuous: published and suppressed cells, dimensions withheld on their own, the legacy snapshot read.
      const bodies = got.map((r) => r.body).join('\n');
      for (const reason of ['"suppressed":true', '"suppressed":false', 'fewer than k = 3', '"reason":null']) expect(bodies).toContain(reason);

      // Every cell converted, none left as an object; the same text as the application's own encoder writes.
      const stored = migrated.database.sqlite
        .prepare(
          'select s.id, c.level, c.region_code, c.industry_code, c.size_class, c.figures from snapshot_cells c join index_snapshots s on s.number = c.snapshot_number',
        )
        .raw()
        .all() as string[][];
      expect(stored).toHaveLength(oldCells.length);
      const old = new Map(oldCells.map((c) => [[c.snapshot_id, c.level, c.region_code, c.industry_code, c.size_class].join('|'), c.figures]));
      for (const [id, level, region, industry, size, figures] of stored) {
        const text = old.get([id, level, region, industry, size].join('|'))!;
        expect(figures!.startsWith('[')).toBe(true);
        expect(figures).toBe(encodeFigures(JSON.parse(text) as CellFigures));
      }
      expect(stored.filter((r) => r[5]!.length <= 9).length).toBeGreaterThan(0); // wholly suppressed: [n,r,s]
    } finally {
      await migrated.close();
      await expected.close();
    }
  });

  it('numbers the snapshots in order of publication, keeps the foreign key, and publishes the next under the next number', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(root, 'numbered-'));
    databaseBefore(dir);
    const app = await appOn(dir);
    try {
      const sqlite = app.database.sqlite;
      expect(sqlite.prepare('select id, number from index_snapshots order by number').all()).toEqual(oldSnapshots.map((s, i) => ({ id: s.id, number: i + 1 })));
      const ddl = sqlite.prepare("select sql from sqlite_schema where name = 'snapshot_cells'").pluck().get() as string;
      expect(ddl).toMatch(/REFERENCES "?`?index_snapshots"?`?\(`number`\)/);
      expect(ddl).toMatch(/WITHOUT ROWID$/);
      expect(sqlite.pragma('foreign_key_check')).toEqual([]);
      expect(() => sqlite.prepare('insert into snapshot_cells values (99, ?, ?, ?, ?, ?)').run('country', '*', '*', '000000', '[1,1,0]')).toThrow(
        /FOREIGN KEY/,
      );

      const firm = await enterprise(app, { regionCode: '310115', industryCode: '31', sizeClass: 'large' });
      await submitted(app, firm.id, '2021', answers[0]!);
      const res = await app.inject({ method: 'POST', url: '/v1/index-snapshots', payload: { period: '2021' }, headers: await nationalKey(app) });
      expect(res.statusCode, res.body).toBe(201);
      expect(sqlite.prepare('select number from index_snapshots where id = ?').pluck().get(res.json().id)).toBe(oldSnapshots.length + 1);
      const index = await app.inject({ url: '/v1/indices/310115?period=2021' });
      expect(index.json()).toMatchObject({
        source: { kind: 'snapshot', snapshotId: res.json().id },
        figures: { n: null, suppressed: true, reasonCode: 'fewer_than_k' },
      });
      expect(
        sqlite
          .prepare('select figures from snapshot_cells where snapshot_number = ? and level = ?')
          .pluck()
          .all(oldSnapshots.length + 1, 'county'),
      ).toEqual(Array(4).fill('[1,1,0]')); // all, the industry, the size, both
    } finally {
      await app.close();
    }
  });

  it('converts, in SQL, exactly as the application encodes: every shape, numbers as JSON wrote them, odd shapes kept', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(root, 'shapes-'));
    const figures = fc.sample(anyFigures, { numRuns: 3000, seed: 2026 });
    const handle = openDatabaseAt(join(dir, 'ronghe.db'), BEFORE);
    try {
      const id = '01900000-0000-7000-8000-000000000000';
      insertOld(
        handle,
        [
          {
            id,
            period: '2024',
            method_version: '1.0.0',
            k: K,
            published_at: '2025-01-01T00:00:00.000Z',
            published_by: 'test',
            note: null,
            cell_count: figures.length,
            change_seq: null,
          },
        ],
        figures.map((f, i) => ({
          snapshot_id: id,
          level: 'county',
          region_code: String(i).padStart(6, '0'),
          industry_code: '*',
          size_class: '*',
          figures: JSON.stringify(f),
        })),
      );
      migrateDatabase(handle);
      const stored = handle.sqlite.prepare('select region_code, figures from snapshot_cells order by region_code').raw().all() as [string, string][];
      expect(stored).toHaveLength(figures.length);
      for (const [region, text] of stored) {
        const f = figures[Number(region)]!;
        expect(text, JSON.stringify(f)).toBe(encodeFigures(f));
        expect(decodeFigures(text)).toStrictEqual(f);
      }
      const forms = new Set(stored.map(([, text]) => (text.startsWith('{') ? 'object' : (JSON.parse(text) as unknown[]).length)));
      expect(forms).toEqual(new Set(['object', 3, 6]));
    } finally {
      handle.sqlite.close();
    }
  });
});
