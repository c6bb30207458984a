import type Database from 'better-sqlite3';
import { statement } from '../db/statements';
import type { SummaryRow } from '../assessments/repository';
import { DIMENSION_CODES } from '../questionnaires/definition.schema';
import { NATIONAL_CODE, type RegionLevel } from '../regions/codes';

/**
 * Keeps index_rollups and score_histograms equal to the sums over the latest submitted summaries: a submission adds
 * its summary (+1), a revision also takes out the one it replaces (−1), in the same transaction.
 */

export const ALL = '*';

export interface CellKey {
  level: RegionLevel;
  regionCode: string;
  industryCode: string;
  sizeClass: string;
}

/** The 4 region levels × (industry, all) × (size, all) a summary counts in. */
export function rollupKeys(s: { regionCode: string; cityCode: string; provinceCode: string; industryCode: string; sizeClass: string }): CellKey[] {
  const regions: [RegionLevel, string][] = [
    ['country', NATIONAL_CODE],
    ['province', s.provinceCode],
    ['city', s.cityCode],
    ['county', s.regionCode],
  ];
  const keys: CellKey[] = [];
  for (const [level, regionCode] of regions) {
    for (const industryCode of [s.industryCode, ALL]) for (const sizeClass of [s.sizeClass, ALL]) keys.push({ level, regionCode, industryCode, sizeClass });
  }
  return keys;
}

/** Peer cohorts for percentiles: national and provincial, by industry and size, by industry, and all. */
export function histogramKeys(s: Pick<SummaryRow, 'provinceCode' | 'industryCode' | 'sizeClass'>): CellKey[] {
  const cuts: [string, string][] = [
    [s.industryCode, s.sizeClass],
    [s.industryCode, ALL],
    [ALL, ALL],
  ];
  return (['country', 'province'] as const).flatMap((level) =>
    cuts.map(([industryCode, sizeClass]) => ({ level, regionCode: level === 'country' ? NATIONAL_CODE : s.provinceCode, industryCode, sizeClass })),
  );
}

export const tenths = (score: number) => Math.round(score * 10);

const DIMENSION_COLUMNS = DIMENSION_CODES.flatMap((d) => [`${d}_tenths`, `${d}_n`]);
const COLUMNS = ['n', 'n_synthetic', 'total_tenths', ...DIMENSION_COLUMNS, 'stage_1', 'stage_2', 'stage_3', 'stage_4'];
const KEY_COLUMNS = ['period', 'level', 'region_code', 'industry_code', 'size_class'];

/** The column deltas one summary contributes, times sign. */
export function contribution(s: SummaryRow, sign: 1 | -1): number[] {
  const dims = DIMENSION_CODES.flatMap((d) => (s[d] === null ? [0, 0] : [sign * tenths(s[d]!), sign]));
  const stages = [1, 2, 3, 4].map((r) => (s.stageRank === r ? sign : 0));
  return [sign, s.synthetic ? sign : 0, sign * tenths(s.total), ...dims, ...stages];
}

export const ROLLUP_UPSERT = `insert into index_rollups (${[...KEY_COLUMNS, ...COLUMNS].join(', ')}) values (${[...KEY_COLUMNS, ...COLUMNS].map(() => '?').join(', ')})
  on conflict (${KEY_COLUMNS.join(', ')}) do update set ${COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`;
export const HISTOGRAM_UPSERT = `insert into score_histograms (${KEY_COLUMNS.join(', ')}, total_tenths, count) values (?, ?, ?, ?, ?, ?, ?)
  on conflict (${KEY_COLUMNS.join(', ')}, total_tenths) do update set count = count + excluded.count`;
const prepared = (sqlite: Database.Database) => ({ rollup: statement(sqlite, ROLLUP_UPSERT), histogram: statement(sqlite, HISTOGRAM_UPSERT) });

/** Adds (sign +1) or removes (−1) one summary's contribution. Synchronous: call inside the write transaction. */
export function applySummary(sqlite: Database.Database, s: SummaryRow, sign: 1 | -1): void {
  const { rollup, histogram } = prepared(sqlite);
  const values = contribution(s, sign);
  for (const k of rollupKeys(s)) rollup.run(s.period, k.level, k.regionCode, k.industryCode, k.sizeClass, ...values);
  for (const k of histogramKeys(s)) histogram.run(s.period, k.level, k.regionCode, k.industryCode, k.sizeClass, tenths(s.total), sign);
}

/**
 * Applies many summaries at once (bulk loads): contributions are summed per cell in memory first, so each cell is
 * written once per batch.
 */
export function applySummaries(sqlite: Database.Database, summaries: readonly SummaryRow[]): void {
  const { rollup, histogram } = prepared(sqlite);
  const cells = new Map<string, { key: CellKey; period: string; values: number[] }>();
  const bins = new Map<string, { key: CellKey; period: string; bin: number; count: number }>();
  for (const s of summaries) {
    const values = contribution(s, 1);
    for (const k of rollupKeys(s)) {
      const id = `${s.period}|${k.level}|${k.regionCode}|${k.industryCode}|${k.sizeClass}`;
      const cell = cells.get(id);
      if (cell) values.forEach((v, i) => (cell.values[i]! += v));
      else cells.set(id, { key: k, period: s.period, values: [...values] });
    }
    for (const k of histogramKeys(s)) {
      const id = `${s.period}|${k.level}|${k.regionCode}|${k.industryCode}|${k.sizeClass}|${tenths(s.total)}`;
      const bin = bins.get(id);
      if (bin) bin.count += 1;
      else bins.set(id, { key: k, period: s.period, bin: tenths(s.total), count: 1 });
    }
  }
  for (const c of cells.values()) rollup.run(c.period, c.key.level, c.key.regionCode, c.key.industryCode, c.key.sizeClass, ...c.values);
  for (const b of bins.values()) histogram.run(b.period, b.key.level, b.key.regionCode, b.key.industryCode, b.key.sizeClass, b.bin, b.count);
}
