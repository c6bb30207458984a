import { assessmentSummaries, indexRollups } from '../db/schema';
import { DIMENSION_CODES } from '../questionnaires/definition.schema';

/**
 * index_rollups and score_histograms are the sums over the latest submitted summaries: a submission adds its
 * summary (+1), a revision also takes out the one it replaces (−1). The projector (projector.ts) applies them from
 * the change log, a batch at a time: contributions summed per cell here, each cell then written once.
 */

export const COUNTRY = '000000';
export const ALL = '*';
export type Level = 'country' | 'province' | 'city' | 'county';

/** What the indices read of a submitted assessment (the row its submission stored, never changed since). */
export type SummaryRow = typeof assessmentSummaries.$inferSelect;
/** The part of a summary its contribution is made of (all a projection reads of it). */
export const CONTRIBUTING = [
  'assessmentId',
  'period',
  'regionCode',
  'cityCode',
  'provinceCode',
  'industryCode',
  'sizeClass',
  'total',
  'stageRank',
  ...DIMENSION_CODES,
  'synthetic',
] as const satisfies readonly (keyof SummaryRow)[];
export type ContributingSummary = Pick<SummaryRow, (typeof CONTRIBUTING)[number]>;

export interface CellKey {
  level: Level;
  regionCode: string;
  industryCode: string;
  sizeClass: string;
}

/** The 4 region levels × (industry, all) × (size, all) a summary counts in. */
export function rollupKeys(s: { regionCode: string; cityCode: string; provinceCode: string; industryCode: string; sizeClass: string }): CellKey[] {
  const regions: [Level, string][] = [
    ['country', COUNTRY],
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
    cuts.map(([industryCode, sizeClass]) => ({ level, regionCode: level === 'country' ? COUNTRY : s.provinceCode, industryCode, sizeClass })),
  );
}

export const tenths = (score: number) => Math.round(score * 10);

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
/** Where each summed column (by its SQL name) sits in a vector of contributions. */
const MEASURE_AT: Readonly<Record<string, number>> = Object.fromEntries(ROLLUP_MEASURES.map((c, i) => [c.name, i]));
const measure = (name: string) => MEASURE_AT[name]!;
const AT = {
  n: measure(indexRollups.n.name),
  nSynthetic: measure(indexRollups.nSynthetic.name),
  totalTenths: measure(indexRollups.totalTenths.name),
  dimensions: DIMENSION_CODES.map((d) => ({ d, tenths: measure(indexRollups[`${d}Tenths`].name), n: measure(indexRollups[`${d}N`].name) })),
  stages: [indexRollups.stage1, indexRollups.stage2, indexRollups.stage3, indexRollups.stage4].map((c) => measure(c.name)),
};

/** The column deltas one summary contributes, times sign, in ROLLUP_MEASURES order. */
export function contribution(s: ContributingSummary, sign: 1 | -1): number[] {
  const v = new Array<number>(ROLLUP_MEASURES.length).fill(0);
  v[AT.n] = sign;
  v[AT.nSynthetic] = s.synthetic ? sign : 0;
  v[AT.totalTenths] = sign * tenths(s.total);
  for (const { d, tenths: t, n } of AT.dimensions) {
    const score = s[d];
    if (score === null) continue;
    v[t] = sign * tenths(score);
    v[n] = sign;
  }
  v[AT.stages[s.stageRank - 1]!] = sign;
  return v;
}

const KEY_WIDTH = ROLLUP_KEY.length;
const WIDTH = ROLLUP_MEASURES.length;
const LEVELS: readonly Level[] = ['country', 'province', 'city', 'county'];
/** Histogram bins are totals in tenths, 0…1000. */
const BINS = 1024;

/** Numbers for the strings of one key column, in the order they are first seen, below 2^bits. */
class Numbering {
  private readonly numbers = new Map<string, number>();
  constructor(
    private readonly column: string,
    private readonly bits: number,
  ) {}

  of(text: string): number {
    let n = this.numbers.get(text);
    if (n === undefined) {
      // Never reached with valid data (a batch has at most 20,000 summaries, of 31 divisions and 4 size classes).
      if (this.numbers.size >= 2 ** this.bits) throw new Error(`a rollup batch has more than 2^${this.bits} values of ${this.column}`);
      this.numbers.set(text, (n = this.numbers.size));
    }
    return n;
  }
}

/**
 * The contributions of a batch of summaries, summed per rollup cell and per histogram bin, so that each is written
 * once per batch however many summaries of the batch count in it (the national cell: all of them). A bulk load adds
 * a million summaries, 22 cells and bins each: cells are found by a number made of their key columns' numbers (a
 * quarter of the time string keys took), and their keys and sums kept in flat arrays (sums of small integers stay
 * unboxed); a row to write is made only when it is written.
 */
export class RollupDelta {
  // A cell's number: ((period × 4 + level) × 2^20 + region) × 2^14 + industry × 2^4 + size, below 2^53.
  private readonly numbering = {
    period: new Numbering('period', 10),
    region: new Numbering('region_code', 20),
    industry: new Numbering('industry_code', 10),
    size: new Numbering('size_class', 4),
  };
  private readonly cellAt = new Map<number, number>();
  /** ROLLUP_KEY columns, KEY_WIDTH per cell. */
  private readonly cellKeys: string[] = [];
  /** Summed ROLLUP_MEASURES, WIDTH per cell. */
  private readonly cellSums: number[] = [];
  /** By cell × BINS + bin: the bin's number. */
  private readonly binAt = new Map<number, number>();
  /** Per bin: its cell, its total in tenths and the summed count. */
  private readonly binCells: number[] = [];
  private readonly binTenths: number[] = [];
  private readonly binCounts: number[] = [];
  readonly periods = new Set<string>();

  /** The cell's index, a new one (equal to the number of cells so far) on first sight. */
  private cell(key: number, period: string, level: Level, regionCode: string, industry: string, size: string): number {
    let at = this.cellAt.get(key);
    if (at === undefined) {
      this.cellAt.set(key, (at = this.cellKeys.length / KEY_WIDTH));
      this.cellKeys.push(period, level, regionCode, industry, size);
    }
    return at;
  }

  /** Adds the summary's contribution (sign +1) or takes it out (−1), at the keys of rollupKeys and histogramKeys. */
  add(s: ContributingSummary, sign: 1 | -1): void {
    const { period, industryCode, sizeClass } = s;
    this.periods.add(period);
    const values = contribution(s, sign);
    const bin = tenths(s.total);
    const n = this.numbering;
    const p = n.period.of(period);
    const industries = [industryCode, ALL];
    const industryNumbers = [n.industry.of(industryCode), n.industry.of(ALL)];
    const sizes = [sizeClass, ALL];
    const sizeNumbers = [n.size.of(sizeClass), n.size.of(ALL)];
    const regions = [COUNTRY, s.provinceCode, s.cityCode, s.regionCode];
    const sums = this.cellSums;
    for (let l = 0; l < 4; l++) {
      const level = LEVELS[l]!;
      const regionCode = regions[l]!;
      const where = (p * 4 + l) * 2 ** 20 + n.region.of(regionCode);
      for (let i = 0; i < 2; i++) {
        for (let z = 0; z < 2; z++) {
          const at = this.cell((where * 2 ** 10 + industryNumbers[i]!) * 2 ** 4 + sizeNumbers[z]!, period, level, regionCode, industries[i]!, sizes[z]!);
          const base = at * WIDTH;
          if (base === sums.length) for (let v = 0; v < WIDTH; v++) sums.push(values[v]!);
          else for (let v = 0; v < WIDTH; v++) sums[base + v]! += values[v]!;
          // Peer cohorts (histogramKeys): national and provincial; by industry and size, by industry, and all.
          if (l > 1 || (i === 1 && z === 0)) continue;
          const binKey = at * BINS + bin;
          const binAt = this.binAt.get(binKey);
          if (binAt !== undefined) this.binCounts[binAt]! += sign;
          else {
            this.binAt.set(binKey, this.binCounts.length);
            this.binCells.push(at);
            this.binTenths.push(bin);
            this.binCounts.push(sign);
          }
        }
      }
    }
  }

  /**
   * Calls `write` with the row of each cell that changes, ROLLUP_KEY then ROLLUP_MEASURES (a revision and its
   * predecessor in the same batch cancel out in the cells they share). The row is reused from call to call.
   */
  eachCell(write: (row: readonly (string | number)[]) => void): void {
    const row: (string | number)[] = new Array<string | number>(KEY_WIDTH + WIDTH);
    const { cellKeys: keys, cellSums: sums } = this;
    for (let k = 0, m = 0; k < keys.length; k += KEY_WIDTH, m += WIDTH) {
      let changes = false;
      for (let v = 0; v < WIDTH; v++) if ((row[KEY_WIDTH + v] = sums[m + v]!) !== 0) changes = true;
      if (!changes) continue;
      for (let i = 0; i < KEY_WIDTH; i++) row[i] = keys[k + i]!;
      write(row);
    }
  }

  /** Calls `write` with the row of each histogram bin that changes: ROLLUP_KEY, total_tenths, count (reused). */
  eachBin(write: (row: readonly (string | number)[]) => void): void {
    const row: (string | number)[] = new Array<string | number>(KEY_WIDTH + 2);
    for (let b = 0; b < this.binCounts.length; b++) {
      if (this.binCounts[b] === 0) continue;
      const k = this.binCells[b]! * KEY_WIDTH;
      for (let i = 0; i < KEY_WIDTH; i++) row[i] = this.cellKeys[k + i]!;
      row[KEY_WIDTH] = this.binTenths[b]!;
      row[KEY_WIDTH + 1] = this.binCounts[b]!;
      write(row);
    }
  }
}
