import { assessmentSummaries, indexRollups } from '../db/schema';
import { DIMENSION_CODES } from '../questionnaires/definition.schema';
import { NATIONAL_CODE, REGION_LEVELS } from '../regions/codes';

/**
 * index_rollups and score_histograms are the sums over the latest submitted summaries: a submission adds its
 * summary (+1), a revision also takes out the one it replaces (−1). The projector (projector.ts) applies them from
 * the change log, a batch at a time. This file is the one definition of what a summary counts in (its cells and
 * bins) and of what it adds there: `rollupKeys` and `histogramKeys` read it in TypeScript, and the projection's
 * SQL (repository.ts, `projectionSql`) is generated from the same constants.
 */

export const COUNTRY = NATIONAL_CODE;
export const ALL = '*';
export type Level = (typeof REGION_LEVELS)[number];

/** What the indices read of a submitted assessment (the row its submission stored, never changed since). */
export type SummaryRow = typeof assessmentSummaries.$inferSelect;

export interface CellKey {
  level: Level;
  regionCode: string;
  industryCode: string;
  sizeClass: string;
}

/**
 * The summary column holding a summary's region at each level; the country is one region, COUNTRY. The codes are
 * the enterprise's as stored with the summary (province, city, county as GB/T 2260 resolves them: a municipality's
 * district under its 市辖区, a county directly under a province under that province's city-level unit, 东莞's
 * county-level unit under the city of the same code), never derived from the county's code here.
 */
export const REGION_COLUMN = {
  country: null,
  province: 'provinceCode',
  city: 'cityCode',
  county: 'regionCode',
} as const satisfies Record<Level, keyof SummaryRow | null>;

/** A cut of a level: by the summary's industry or all industries ('*'), by its size class or all sizes. */
export interface Cut {
  byIndustry: boolean;
  bySize: boolean;
}
const cut = (byIndustry: boolean, bySize: boolean): Cut => ({ byIndustry, bySize });

/** Rollup cells: every region level × (industry, all) × (size, all). */
export const ROLLUP_CELLS: readonly { level: Level; cut: Cut }[] = REGION_LEVELS.flatMap((level) =>
  [cut(true, true), cut(true, false), cut(false, true), cut(false, false)].map((c) => ({ level, cut: c })),
);

/** Peer cohorts for percentiles (score histograms): national and provincial, by industry and size, by industry, and all. */
export const HISTOGRAM_LEVELS = ['country', 'province'] as const satisfies readonly Level[];
export const HISTOGRAM_CELLS: readonly { level: Level; cut: Cut }[] = HISTOGRAM_LEVELS.flatMap((level) =>
  [cut(true, true), cut(true, false), cut(false, false)].map((c) => ({ level, cut: c })),
);

/** Where a summary stands: the columns its cells are keyed by. */
type Placed = Record<'regionCode' | 'cityCode' | 'provinceCode' | 'industryCode' | 'sizeClass', string>;

/** The cell of `level` and `cut` a summary counts in. */
export function cellOf(s: Placed, level: Level, c: Cut): CellKey {
  const column = REGION_COLUMN[level];
  return {
    level,
    regionCode: column === null ? COUNTRY : s[column],
    industryCode: c.byIndustry ? s.industryCode : ALL,
    sizeClass: c.bySize ? s.sizeClass : ALL,
  };
}

/** The 4 region levels × (industry, all) × (size, all) a summary counts in. */
export const rollupKeys = (s: Placed): CellKey[] => ROLLUP_CELLS.map(({ level, cut: c }) => cellOf(s, level, c));

/** The peer cohorts a summary counts in (its histogram bin in each is its total in tenths). */
export const histogramKeys = (s: Placed): CellKey[] => HISTOGRAM_CELLS.map(({ level, cut: c }) => cellOf(s, level, c));

/**
 * A score in integer tenths. Stored scores are at one decimal already (scoring/rounding.ts); this only takes the
 * binary noise off (58.5 × 10 = 584.9999…), so the sums stay exact. `tenthsSql` is the same in SQL: SQLite's
 * round() and Math.round differ only at exact halves, which a score at one decimal times ten never is.
 */
export const tenths = (score: number) => Math.round(score * 10);
export const tenthsSql = (expression: string) => `cast(round(${expression} * 10) as integer)`;

/** The key columns of a rollup row, and its summed columns: the one list that writes, reads and decoding follow. */
export const ROLLUP_KEY = [indexRollups.period, indexRollups.level, indexRollups.regionCode, indexRollups.industryCode, indexRollups.sizeClass];
export const ROLLUP_MEASURES = [
  indexRollups.n,
  indexRollups.nSynthetic,
  indexRollups.totalTenths,
  ...DIMENSION_CODES.flatMap((d) => [indexRollups[`${d}Tenths`], indexRollups[`${d}N`]]),
  indexRollups.stage1,
  indexRollups.stage2,
  indexRollups.stage3,
  indexRollups.stage4,
];

/**
 * What one summary adds to each summed column (by its SQL name), as SQL over the summary's columns, given a
 * function naming a summary column in SQL: one to every n, its synthetic flag, its total and each dimension score
 * in tenths (a dimension its questionnaire lacks, null, adds nothing, to the score nor to that dimension's n), one
 * to the count of its stage.
 */
export function contributionSql(column: (key: keyof SummaryRow) => string): Record<string, string> {
  const out: Record<string, string> = {
    [indexRollups.n.name]: '1',
    [indexRollups.nSynthetic.name]: column('synthetic'),
    [indexRollups.totalTenths.name]: tenthsSql(column('total')),
  };
  for (const d of DIMENSION_CODES) {
    out[indexRollups[`${d}Tenths`].name] = `coalesce(${tenthsSql(column(d))}, 0)`;
    out[indexRollups[`${d}N`].name] = `(${column(d)} is not null)`;
  }
  [indexRollups.stage1, indexRollups.stage2, indexRollups.stage3, indexRollups.stage4].forEach((c, i) => (out[c.name] = `(${column('stageRank')} = ${i + 1})`));
  return out;
}
