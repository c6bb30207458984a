import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Awaitable, UnitOfWork } from '../../src/db/unit-of-work';
import { generateDemo } from '../../src/demo/generate';
import { checkCreditCode } from '../../src/enterprises/credit-code';
import { createIndexProjector, INDEX_PROJECTION } from '../../src/indices/projector';
import { histogramKeys, rollupKeys, tenths } from '../../src/indices/rollups';
import { DIMENSION_CODES, type QuestionnaireDefinition } from '../../src/questionnaires/definition.schema';
import { completeAnswers } from '../helpers/answer-arbitraries';
import { createTestApp, type TestApp } from '../helpers/app';
import { nationalKey } from '../helpers/keys';
import { rawSql, withoutBackgroundProjection } from '../helpers/postgres';
import { enterprise, revised, submitted } from '../helpers/population';

// index_rollups and score_histograms are a projection of the change log: applied in batches, with the watermark
// in the same transaction, exactly once; whatever a failed batch left is caught up before live reads.
const mini = JSON.parse(readFileSync(new URL('../fixtures/mini-2026.1.json', import.meta.url), 'utf8')) as QuestionnaireDefinition;
const answerSets = fc.sample(completeAnswers(mini), { numRuns: 60, seed: 314 });

type Raw = Record<string, string | number | null>;

/** The rollups and histograms recomputed from scratch from the latest summaries, as the stored rows are keyed. */
async function recomputed(t: TestApp) {
  const latest = await rawSql(t.app.services).all<Raw>('select * from assessment_summaries where is_latest');
  const rollups = new Map<string, number[]>();
  const histograms = new Map<string, number>();
  for (const s of latest) {
    const where = {
      regionCode: s.region_code as string,
      cityCode: s.city_code as string,
      provinceCode: s.province_code as string,
      industryCode: s.industry_code as string,
      sizeClass: s.size_class as 'large' | 'medium' | 'small' | 'micro',
    };
    for (const k of rollupKeys(where)) {
      const id = `${s.period}|${k.level}|${k.regionCode}|${k.industryCode}|${k.sizeClass}`;
      const v = rollups.get(id) ?? new Array(3 + 2 * DIMENSION_CODES.length + 4).fill(0);
      v[0] += 1;
      v[1] += Number(s.synthetic); // a boolean on PostgreSQL, 0 or 1 on SQLite
      v[2] += tenths(s.total as number);
      DIMENSION_CODES.forEach((d, i) => {
        if (s[d] === null) return;
        v[3 + 2 * i] += tenths(s[d] as number);
        v[4 + 2 * i] += 1;
      });
      v[3 + 2 * DIMENSION_CODES.length + (s.stage_rank as number) - 1] += 1;
      rollups.set(id, v);
    }
    for (const k of histogramKeys(where)) {
      const id = `${s.period}|${k.level}|${k.regionCode}|${k.industryCode}|${k.sizeClass}|${tenths(s.total as number)}`;
      histograms.set(id, (histograms.get(id) ?? 0) + 1);
    }
  }
  return { rollups, histograms };
}

const COLUMNS = ['n', 'n_synthetic', 'total_tenths', ...DIMENSION_CODES.flatMap((d) => [`${d}_tenths`, `${d}_n`]), 'stage_1', 'stage_2', 'stage_3', 'stage_4'];

/** The stored rollups and histograms, empty cells and bins left out (a revision can empty one). */
async function stored(t: TestApp) {
  const sql = rawSql(t.app.services);
  const rollups = new Map(
    (await sql.all<Raw>(`select period, level, region_code, industry_code, size_class, ${COLUMNS.join(', ')} from index_rollups where n > 0`)).map((r) => [
      `${r.period}|${r.level}|${r.region_code}|${r.industry_code}|${r.size_class}`,
      COLUMNS.map((c) => r[c] as number),
    ]),
  );
  const histograms = new Map(
    (await sql.all<Raw>('select * from score_histograms where count > 0')).map((r) => [
      `${r.period}|${r.level}|${r.region_code}|${r.industry_code}|${r.size_class}|${r.total_tenths}`,
      r.count as number,
    ]),
  );
  return { rollups, histograms };
}

/** Everything the projection wrote, to compare before and after. */
const everything = async (t: TestApp) => {
  const sql = rawSql(t.app.services);
  return {
    rollups: await sql.all('select * from index_rollups order by 1, 2, 3, 4, 5'),
    histograms: await sql.all('select * from score_histograms order by 1, 2, 3, 4, 5, 6'),
    watermark: (await sql.get<{ seq: number }>('select seq from projections where name = ?', INDEX_PROJECTION))!.seq,
  };
};

/** Makes every projection fail from here on (as a full disk would), until `heal()`: histograms are written last. */
async function breakProjection(t: TestApp) {
  const sql = rawSql(t.app.services);
  if (t.app.services.backend === 'sqlite') {
    await sql.run("create trigger break_insert before insert on score_histograms begin select raise(abort, 'projection broken'); end");
    await sql.run("create trigger break_update before update on score_histograms begin select raise(abort, 'projection broken'); end");
  } else {
    await sql.run("create function break_projection() returns trigger language plpgsql as $$ begin raise exception 'projection broken'; end $$");
    await sql.run('create trigger break_projection before insert or update on score_histograms for each row execute function break_projection()');
  }
}
async function heal(t: TestApp) {
  const sql = rawSql(t.app.services);
  if (t.app.services.backend === 'sqlite') {
    await sql.run('drop trigger break_insert');
    await sql.run('drop trigger break_update');
  } else {
    await sql.run('drop trigger break_projection on score_histograms');
    await sql.run('drop function break_projection()');
  }
}

const national = '/v1/indices/000000?period=2024&source=live';

describe('the index projector', () => {
  let t: TestApp;
  let i = 0;
  const next = () => answerSets[i++ % answerSets.length]!;
  // On PostgreSQL another session holds the projector's leadership, so this instance never projects in the
  // background: the test decides when a projector runs, as on SQLite.
  let held: Awaited<ReturnType<typeof withoutBackgroundProjection>>;
  beforeAll(async () => {
    held = await withoutBackgroundProjection();
    t = await createTestApp({ SUPPRESSION_K: 3, LIVE_INDEX_MAX_STALENESS_MS: 0, ...held.overrides }, { definitions: [mini] });
    for (const regionCode of ['310115', '320505', '110101']) {
      for (let e = 0; e < 3; e++) {
        const firm = await enterprise(t.app, { regionCode, industryCode: '31', sizeClass: 'large' });
        await submitted(t.app, firm.id, '2024', next());
      }
    }
  });
  afterAll(async () => {
    await t.close();
    await held.release();
  });

  it('applies each submission with the write batch that appended it on SQLite, and on PostgreSQL once a projector catches up', async () => {
    const { changes, backend, projector } = t.app.services;
    expect(await changes.last()).toBe(9);
    // SQLite: acknowledged means projected. PostgreSQL: the projecting instance (here none) or a live read applies them.
    expect(await changes.watermark(INDEX_PROJECTION)).toBe(backend === 'sqlite' ? 9 : 0);
    await projector.catchUp();
    expect(await changes.watermark(INDEX_PROJECTION)).toBe(9);
    expect(await stored(t)).toEqual(await recomputed(t));
  });

  it('leaves the watermark and the rollups as they were when a batch throws, and commits the submissions regardless', async () => {
    const before = await everything(t);
    await breakProjection(t);
    try {
      const firm = await enterprise(t.app, { regionCode: '310115', industryCode: '31', sizeClass: 'large' });
      const s = await submitted(t.app, firm.id, '2024', next());
      expect(s.status).toBe('submitted');
      // SQLite: the rollups were written before the histograms failed, and rolled back with them.
      expect(await everything(t)).toEqual(before);
      expect(await t.app.services.changes.last()).toBe(before.watermark + 1);
      // A catch-up that fails the same way changes nothing either.
      await expect(t.app.services.projector.catchUp()).rejects.toThrow('projection broken');
      expect(await everything(t)).toEqual(before);
    } finally {
      await heal(t);
    }
  });

  it('does the same for a batch of its own that throws midway (rollups written, watermark not yet)', async () => {
    const { changes, backend, indexRepository: repository } = t.app.services;
    const before = await everything(t);
    expect(await changes.last()).toBeGreaterThan(before.watermark); // the submission above is still pending
    // SQLite: a unit of work of plain transactions, so that no group commit projects the event at the end of this
    // one. PostgreSQL's units of work never project at their end.
    const sqlite = backend === 'sqlite' ? t.app.database.sqlite : null;
    const uow: UnitOfWork = sqlite
      ? {
          // By hand: better-sqlite3's transaction() would commit at the work's first await.
          write: async <T>(work: () => Awaitable<T>) => {
            sqlite.exec('begin immediate');
            try {
              const value = await work();
              sqlite.exec('commit');
              return value;
            } catch (err) {
              sqlite.exec('rollback');
              throw err;
            }
          },
          read: <T>(work: () => Awaitable<T>) => Promise.resolve(work()),
        }
      : t.app.services.uow;
    const crashing = createIndexProjector({
      uow,
      changes,
      store: {
        unsummarised: repository.unsummarised,
        addToRollups: async (delta) => {
          await repository.addToRollups(delta);
          throw new Error('crash after the rollups');
        },
      },
    });
    await expect(crashing.catchUp()).rejects.toThrow('crash after the rollups');
    expect(await everything(t)).toEqual(before);
  });

  it('catches up before a live read, so an authority sees every submission at once', async () => {
    const { changes } = t.app.services;
    expect(await changes.watermark(INDEX_PROJECTION)).toBeLessThan(await changes.last());
    const res = await t.app.inject({ url: national, headers: await nationalKey(t.app) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().figures.n).toBe(10);
    expect(await changes.watermark(INDEX_PROJECTION)).toBe(await changes.last());
    expect(await stored(t)).toEqual(await recomputed(t));
  });

  it('replaces a revised submission: its predecessor counts no more, in the rollups and the histograms', async () => {
    const firm = await enterprise(t.app, { regionCode: '440305', industryCode: '39', sizeClass: 'small' });
    const first = await submitted(t.app, firm.id, '2024', next());
    const second = await revised(t.app, first.id, next());
    const third = await revised(t.app, second.id, next()); // a revision of a revision
    const cell = () =>
      rawSql(t.app.services).get(
        "select n, total_tenths from index_rollups where period = '2024' and level = 'county' and region_code = '440305' and industry_code = '39' and size_class = 'small'",
      );
    await t.app.services.projector.catchUp(); // PostgreSQL: no projector ran since (SQLite: nothing to do)
    expect(await cell()).toEqual({ n: 1, total_tenths: tenths(third.result!.total) });
    expect(await stored(t)).toEqual(await recomputed(t));

    // Submitted and revised while projections fail, then projected in one batch: +A, +B, −A summed per cell.
    await breakProjection(t);
    let last: Awaited<ReturnType<typeof revised>>;
    try {
      const other = await enterprise(t.app, { regionCode: '440305', industryCode: '39', sizeClass: 'small' });
      const a = await submitted(t.app, other.id, '2024', next());
      last = await revised(t.app, a.id, next());
    } finally {
      await heal(t);
    }
    await t.app.services.projector.catchUp();
    expect(((await cell()) as { n: number }).n).toBe(2);
    expect(await stored(t)).toEqual(await recomputed(t));
    expect(last!.isLatest).toBe(true);
  });

  it('projects every event exactly once: projecting again, or from a second projector, changes nothing', async () => {
    const { uow, changes, indexRepository, projector } = t.app.services;
    await projector.catchUp();
    const before = await everything(t);
    expect(before.watermark).toBe(await changes.last());
    await projector.catchUp();
    await uow.write(() => projector.projectPending());
    // Another process's projector shares the watermark.
    const another = createIndexProjector({ uow, changes, store: indexRepository });
    await another.catchUp();
    await uow.write(() => another.catchUpWithin());
    expect(await everything(t)).toEqual(before);
    expect(await stored(t)).toEqual(await recomputed(t));
  });

  it('records in a snapshot the sequence it froze, catching up first inside its own transaction', async () => {
    await breakProjection(t);
    try {
      const firm = await enterprise(t.app, { regionCode: '110101', industryCode: '31', sizeClass: 'large' });
      await submitted(t.app, firm.id, '2024', next());
    } finally {
      await heal(t);
    }
    const { changes } = t.app.services;
    expect(await changes.watermark(INDEX_PROJECTION)).toBeLessThan(await changes.last());
    const res = await t.app.inject({ method: 'POST', url: '/v1/index-snapshots', payload: { period: '2024' }, headers: await nationalKey(t.app) });
    expect(res.statusCode, res.body).toBe(201);
    expect(Object.keys(res.json()).sort()).toEqual(['cellCount', 'id', 'k', 'methodVersion', 'note', 'period', 'publishedAt', 'publishedBy']);
    const row = (await rawSql(t.app.services).get<{ change_seq: number }>('select change_seq from index_snapshots where id = ?', res.json().id))!;
    expect(row.change_seq).toBe(await changes.last());
    expect(await changes.watermark(INDEX_PROJECTION)).toBe(await changes.last());
    const published = (await t.app.inject('/v1/indices/000000?period=2024')).json();
    const live = (await t.app.inject({ url: national, headers: await nationalKey(t.app) })).json();
    expect(published.figures.n).toBe(live.figures.n);
  });
});

describe('bulk loads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SUPPRESSION_K: 3 });
  });
  afterAll(() => t.close());

  it('append the same events and go through the same projector', async () => {
    const { services } = t.app;
    const data = generateDemo(services, { seed: 7, enterprises: 40 });
    // The demo's synthetic credit codes pass every check a registration would make.
    for (const { enterprise } of data) expect(checkCreditCode(enterprise.creditCode), enterprise.creditCode).toEqual({ ok: true });
    const assessments = data.reduce((sum, e) => sum + e.assessments.length, 0);
    expect(await services.bulk.load(data.slice(0, 25))).toBe(data.slice(0, 25).reduce((sum, e) => sum + e.assessments.length, 0));
    expect(await services.bulk.load(data.slice(25))).toBe(assessments - data.slice(0, 25).reduce((sum, e) => sum + e.assessments.length, 0));
    expect(await services.changes.last()).toBe(assessments);
    // SQLite projects each load's units of work as they commit; on PostgreSQL the projecting instance does.
    if (services.backend === 'postgres') await services.projector.catchUp();
    expect(await services.changes.watermark(INDEX_PROJECTION)).toBe(assessments);
    const kinds = await rawSql(services).all('select kind, count(*) as n from change_log group by kind');
    expect(kinds).toEqual([{ kind: 'assessment.submitted', n: assessments }]);
    expect(await stored(t)).toEqual(await recomputed(t));
  });
});
