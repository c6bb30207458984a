import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BulkEnterprise } from '../../src/assessments/bulk';
import type { Principal } from '../../src/auth/principal';
import { configWith } from '../../src/config';
import { newId } from '../../src/domain/ids';
import { composeCreditCode } from '../../src/enterprises/credit-code';
import { SIZE_CLASSES, type SizeClass } from '../../src/enterprises/size-class';
import { INDEX_PROJECTION } from '../../src/indices/projector';
import { tenths, tenthsSql } from '../../src/indices/rollups';
import { DIMENSION_CODES, type QuestionnaireDefinition } from '../../src/questionnaires/definition.schema';
import { parentRegion } from '../../src/regions/codes';
import { countyRegion } from '../../src/regions/divisions';
import { roundScore } from '../../src/scoring/rounding';
import type { Answers } from '../../src/scoring/schemas';
import { createServices, type Services } from '../../src/services';
import { completeAnswers } from '../helpers/answer-arbitraries';
import { newCreditCode } from '../helpers/api';
import { writeCatalog } from '../helpers/catalog';

// The index projection (SQL generated from src/indices/rollups.ts) against a recomputation written here from the
// rules themselves, cell for cell and bin for bin, after random mixes of submissions, revisions that replace, moves
// of enterprises, bulk loads, and batches held back so that many events (a revision and its predecessor among them)
// are projected together.

const mini = JSON.parse(readFileSync(new URL('../fixtures/mini-2026.1.json', import.meta.url), 'utf8')) as QuestionnaireDefinition;
/** Three dimensions only, for division 39: its summaries hold null collaboration and performance scores. */
const three: QuestionnaireDefinition = {
  ...mini,
  id: 'three',
  scope: 'industry',
  industryCodes: ['39'],
  dimensions: mini.dimensions
    .filter((d) => ['readiness', 'application', 'integration'].includes(d.code))
    .map((d) => ({ ...d, weight: d.code === 'application' ? 0.4 : 0.3 })),
  indicators: mini.indicators.filter((i) => ['readiness', 'application', 'integration'].includes(i.dimension)),
  stages: mini.stages.map((s) => ({ ...s, gates: s.gates.map((g) => (g.dimension === 'collaboration' ? { ...g, dimension: 'integration' as const } : g)) })),
};
const answerPool = {
  mini: fc.sample(completeAnswers(mini), { numRuns: 40, seed: 21 }) as Answers[],
  three: fc.sample(completeAnswers(three), { numRuns: 40, seed: 22 }) as Answers[],
};

/** Counties where the levels are irregular: a municipality's districts, counties directly under a province, 东莞 (county = city code). */
const REGIONS = ['310115', '310101', '110105', '500101', '429004', '429021', '419001', '441900', '442000', '460400', '320505', '440305', '653101'];
const INDUSTRIES = ['13', '31', '39'];
const PERIODS = ['2023', '2024', '2024-H1'];
const ADMIN: Principal = { role: 'admin', keyId: 'test' };
const owner = (enterpriseId: string): Principal => ({ role: 'enterprise', keyId: 'test', enterpriseId });

type Op =
  | { kind: 'submit'; firm: number; period: string; answers: number }
  | { kind: 'move'; firm: number; region: string; size: SizeClass }
  | { kind: 'bulk'; firms: { region: string; industry: string; size: SizeClass; periods: string[]; answers: number }[] }
  | { kind: 'hold' }
  | { kind: 'release' };

type Firm = { region: string; industry: string; size: SizeClass };
const firmArb: fc.Arbitrary<Firm> = fc.record({
  region: fc.constantFrom(...REGIONS),
  industry: fc.constantFrom(...INDUSTRIES),
  size: fc.constantFrom(...SIZE_CLASSES),
});
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('submit' as const), firm: fc.nat(3), period: fc.constantFrom(...PERIODS), answers: fc.nat(39) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('move' as const), firm: fc.nat(3), region: fc.constantFrom(...REGIONS), size: fc.constantFrom(...SIZE_CLASSES) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('bulk' as const),
      firms: fc.array(
        fc.record({
          region: fc.constantFrom(...REGIONS),
          industry: fc.constantFrom(...INDUSTRIES),
          size: fc.constantFrom(...SIZE_CLASSES),
          periods: fc.subarray(PERIODS, { minLength: 1 }),
          answers: fc.nat(39),
        }),
        { minLength: 1, maxLength: 6 },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'hold' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'release' as const }) },
);

type Raw = Record<string, string | number | null>;
const MEASURES = ['n', 'n_synthetic', 'total_tenths', ...DIMENSION_CODES.flatMap((d) => [`${d}_tenths`, `${d}_n`]), 'stage_1', 'stage_2', 'stage_3', 'stage_4'];

/** The rollups and histograms from the latest summaries, from the rules as the domain states them. */
function recomputed(services: Services) {
  const latest = services.database.sqlite.prepare('select * from assessment_summaries where is_latest = 1').all() as Raw[];
  const rollups = new Map<string, number[]>();
  const histograms = new Map<string, number>();
  const round = (x: number) => Math.round(x * 10);
  for (const s of latest) {
    const county = s.region_code as string;
    // The region rules the stored codes must follow: the county's city is its parent, the city's the province.
    expect(s.city_code).toBe(parentRegion(county, 'county')!.code);
    expect(s.province_code).toBe(parentRegion(s.city_code as string, 'city')!.code);
    expect(countyRegion(county)).toMatchObject({ cityCode: s.city_code, provinceCode: s.province_code });
    const regions: [string, string][] = [
      ['country', '000000'],
      ['province', s.province_code as string],
      ['city', s.city_code as string],
      ['county', county],
    ];
    const industries = [s.industry_code as string, '*'];
    const sizes = [s.size_class as string, '*'];
    for (const [level, region] of regions) {
      for (const industry of industries) {
        for (const size of sizes) {
          const id = `${s.period}|${level}|${region}|${industry}|${size}`;
          const v = rollups.get(id) ?? new Array<number>(MEASURES.length).fill(0);
          v[0]! += 1;
          v[1]! += s.synthetic as number;
          v[2]! += round(s.total as number);
          DIMENSION_CODES.forEach((d, i) => {
            if (s[d] === null) return;
            v[3 + 2 * i]! += round(s[d] as number);
            v[4 + 2 * i]! += 1;
          });
          v[3 + 2 * DIMENSION_CODES.length + (s.stage_rank as number) - 1]! += 1;
          rollups.set(id, v);
          // Peer cohorts: national and provincial, by industry and size, by industry, and all (not all industries by size).
          if ((level === 'country' || level === 'province') && !(industry === '*' && size !== '*')) {
            const bin = `${id}|${round(s.total as number)}`;
            histograms.set(bin, (histograms.get(bin) ?? 0) + 1);
          }
        }
      }
    }
  }
  return { rollups, histograms };
}

/** The stored rollups and histograms, empty cells and bins left out (a revision can empty one). */
function stored(services: Services) {
  const sqlite = services.database.sqlite;
  const rollups = new Map(
    (sqlite.prepare(`select period, level, region_code, industry_code, size_class, ${MEASURES.join(', ')} from index_rollups where n > 0`).all() as Raw[]).map(
      (r) => [`${r.period}|${r.level}|${r.region_code}|${r.industry_code}|${r.size_class}`, MEASURES.map((c) => r[c] as number)],
    ),
  );
  const histograms = new Map(
    (sqlite.prepare('select * from score_histograms where count > 0').all() as Raw[]).map((r) => [
      `${r.period}|${r.level}|${r.region_code}|${r.industry_code}|${r.size_class}|${r.total_tenths}`,
      r.count as number,
    ]),
  );
  return { rollups, histograms };
}

/** A run of operations on a database of its own. */
async function run(firmsAt: Firm[], ops: Op[]) {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-projection-'));
  const failures: string[] = [];
  const services = await createServices(configWith({ DATABASE_PATH: join(dir, 'ronghe.db'), LOG_LEVEL: 'silent' }), {
    catalog: writeCatalog(dir, [mini, three]),
    onError: (m) => failures.push(m),
  });
  const sqlite = services.database.sqlite;
  let held = false;
  const hold = () => {
    held = true;
    sqlite.exec(`create trigger hold_insert before insert on score_histograms begin select raise(abort, 'held'); end;
      create trigger hold_update before update on score_histograms begin select raise(abort, 'held'); end;`);
  };
  const release = async () => {
    held = false;
    sqlite.exec('drop trigger hold_insert; drop trigger hold_update;');
    await services.projector.catchUp();
  };
  try {
    const firms = await Promise.all(
      firmsAt.map(async (f) => {
        const { enterprise } = await services.enterprises.register(ADMIN, {
          creditCode: newCreditCode(),
          name: '投影测试企业',
          regionCode: f.region,
          industryCode: f.industry,
          sizeClass: f.size,
        });
        return enterprise;
      }),
    );
    /** The latest submitted assessment of each firm and period. */
    const latest = new Map<string, string>();
    let serial = 0;
    for (const op of ops) {
      if (op.kind === 'hold') {
        if (!held) hold();
      } else if (op.kind === 'release') {
        if (held) await release();
      } else if (op.kind === 'move') {
        const firm = firms[op.firm]!;
        const { enterprise } = await services.enterprises.update(owner(firm.id), firm.id, firm.version, { regionCode: op.region, sizeClass: op.size });
        firms[op.firm] = enterprise;
      } else if (op.kind === 'submit') {
        const firm = firms[op.firm]!;
        const previous = latest.get(`${firm.id}|${op.period}`);
        const { assessments } = services;
        const { assessment: draft } = previous
          ? await assessments.openRevision(owner(firm.id), previous)
          : await assessments.createDraft(owner(firm.id), firm.id, { period: op.period });
        const pool = answerPool[draft.questionnaire.id as 'mini' | 'three'];
        const { assessment: saved } = await assessments.saveAnswers(owner(firm.id), draft.id, draft.version, pool[op.answers]!);
        const { assessment } = await assessments.submit(owner(firm.id), saved.id, saved.version);
        latest.set(`${firm.id}|${op.period}`, assessment.id);
      } else {
        const now = new Date().toISOString();
        const batch: BulkEnterprise[] = op.firms.map((f) => {
          const county = countyRegion(f.region)!;
          const id = newId();
          const questionnaire = f.industry === '39' ? three : mini;
          return {
            enterprise: {
              id,
              creditCode: composeCreditCode(`91${f.region}`, `PJ${String(serial++).padStart(6, '0')}`),
              name: '批量投影企业',
              regionCode: f.region,
              provinceCode: county.provinceCode,
              cityCode: county.cityCode!,
              industryCode: f.industry,
              sizeClass: f.size,
              employees: null,
              revenueMillionYuan: null,
              synthetic: true,
              version: 1,
              createdAt: now,
              updatedAt: now,
            },
            assessments: f.periods.map((period, i) => ({
              id: newId(),
              enterpriseId: id,
              period,
              revision: 1,
              revisionOf: null,
              status: 'submitted' as const,
              questionnaireId: questionnaire.id,
              questionnaireVersion: questionnaire.version,
              answers: answerPool[questionnaire.id as 'mini' | 'three'][(f.answers + i) % 40]!,
              version: 2,
              submittedAt: now,
              createdAt: now,
              updatedAt: now,
            })),
          };
        });
        await services.bulk.load(batch);
      }
    }
    if (held) await release();
    expect(await services.changes.watermark(INDEX_PROJECTION)).toBe(await services.changes.last());
    const expected = recomputed(services);
    const actual = stored(services);
    expect(actual.rollups).toEqual(expected.rollups);
    expect(actual.histograms).toEqual(expected.histograms);
    // Only the held batches failed, and each for being held.
    expect(failures.every((m) => m.includes('held'))).toBe(true);
  } finally {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the index projection', () => {
  it('equals the recomputation from the latest summaries, cell for cell and bin for bin', { timeout: 240_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.array(firmArb, { minLength: 4, maxLength: 4 }), fc.array(opArb, { minLength: 1, maxLength: 40, size: 'large' }), run), {
      numRuns: 25,
      seed: 20261203,
    });
  });

  it('rounds to tenths in SQL as in TypeScript, for every score at one decimal, as a literal and as computed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ronghe-tenths-'));
    const services = await createServices(configWith({ DATABASE_PATH: join(dir, 'ronghe.db'), LOG_LEVEL: 'silent' }));
    try {
      // Scores as the engine leaves them: rounded at one decimal, whatever binary noise that leaves in the double.
      const scores = Array.from({ length: 1001 }, (_, i) => [i / 10, roundScore(i / 10 + 0.04), roundScore((i * 3) / 30), roundScore(i * 0.1)]).flat();
      const inSql = services.database.sqlite
        .prepare(`select ${tenthsSql('value')} from json_each(?)`)
        .pluck()
        .all(JSON.stringify(scores));
      expect(inSql).toEqual(scores.map(tenths));
    } finally {
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
