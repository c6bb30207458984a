import { randomUUID } from 'node:crypto';
import { DIMENSION_CODES, type DimensionCode } from '../questionnaires/definition.schema';
import { parentRegion, type RegionLevel } from '../regions/codes';
import { roundScore } from '../scoring/rounding';
import { STAGES } from '../scoring/stages';
import { ALL, type CellKey } from './rollups';
import { AXES, CELLS_PER_STEP, finish, suppressing, type Axis, type Suppression } from './suppression';

/** One rollup row as stored. */
export interface RollupRow extends CellKey {
  n: number;
  nSynthetic: number;
  totalTenths: number;
  dimensions: Record<DimensionCode, { tenths: number; n: number }>;
  stages: [number, number, number, number];
}

/** What a reader may see of one cell: nothing but n and the reason when suppressed. */
export interface CellFigures {
  n: number;
  value: number | null;
  suppressed: Suppression;
  /** `suppressed` is absent in snapshots frozen before dimensions were suppressed on their own counts. */
  dimensions: { dimension: DimensionCode; value: number | null; suppressed?: Suppression }[];
  stages: { stage: (typeof STAGES)[number]['code']; count: number | null; sharePercent: number | null }[];
  synthetic: boolean;
}

export const cellId = (k: CellKey) => `${k.level}|${k.regionCode}|${k.industryCode}|${k.sizeClass}`;

const mean = (tenths: number, n: number) => roundScore(tenths / n / 10);

/**
 * A period's cells with suppression applied once for the whole cube: whether a cell may be shown depends on its
 * neighbours along every axis, so the decision is global and every endpoint reads the same one.
 */
export class Cube {
  /** Names this cube's figures, which never change: responses built from it can be kept under it. */
  readonly id = `live:${randomUUID()}`;
  private readonly byId = new Map<string, number>();
  private readonly figures: CellFigures[] = [];
  private readonly childrenOf = new Map<string, number[]>();

  /** Built at once; `Cube.build` builds one step by step. */
  constructor(
    readonly period: string,
    private readonly rows: RollupRow[],
    readonly k: number,
    readonly asOf: string,
    built: 'now' | 'in steps' = 'now',
  ) {
    if (built === 'now') finish(this.building());
  }

  /** Builds a cube, awaiting `pause()` between steps so that other work runs meanwhile (see suppressing). */
  static async build(period: string, rows: RollupRow[], k: number, asOf: string, pause: () => Promise<void>): Promise<Cube> {
    const cube = new Cube(period, rows, k, asOf, 'in steps');
    const steps = cube.building();
    while (!steps.next().done) await pause();
    return cube;
  }

  private *building(): Generator<void, void> {
    const rows = this.rows;
    for (let i = 0; i < rows.length; i++) {
      if (i % CELLS_PER_STEP === CELLS_PER_STEP - 1) yield;
      this.byId.set(cellId(rows[i]!), i);
    }
    const parentOf = (i: number, axis: Axis) => {
      const r = rows[i]!;
      if (axis === 'industry') return r.industryCode === ALL ? -1 : (this.byId.get(cellId({ ...r, industryCode: ALL })) ?? -1);
      if (axis === 'size') return r.sizeClass === ALL ? -1 : (this.byId.get(cellId({ ...r, sizeClass: ALL })) ?? -1);
      const up = parentRegion(r.regionCode, r.level);
      return up ? (this.byId.get(cellId({ ...r, level: up.level, regionCode: up.code })) ?? -1) : -1;
    };
    const parent = { region: new Int32Array(rows.length), industry: new Int32Array(rows.length), size: new Int32Array(rows.length) };
    for (const axis of AXES) {
      for (let i = 0; i < rows.length; i++) {
        if (i % CELLS_PER_STEP === CELLS_PER_STEP - 1) yield;
        parent[axis][i] = parentOf(i, axis);
      }
    }
    const order = rows.map((_, i) => i);
    const decisions = yield* suppressing({ n: rows.map((r) => r.n), parent, order }, this.k);
    // A dimension's mean counts only the enterprises that answered it (a questionnaire may lack the dimension, or
    // every indicator of it may be not applicable), so it is suppressed again on those counts with the same rules.
    // A mean is shown only if both decisions publish it: withholding more never lets more be derived.
    // Where every enterprise answered the dimension, its counts are the cells' and so is the decision.
    const byDimension: Suppression[][] = [];
    for (const d of DIMENSION_CODES) {
      byDimension.push(
        rows.every((r) => r.dimensions[d].n === r.n) ? decisions : yield* suppressing({ n: rows.map((r) => r.dimensions[d].n), parent, order }, this.k),
      );
    }
    // Figures are objects, a few per cell: a quarter of the usual step keeps this step as short as the others.
    for (let i = 0; i < rows.length; i++) {
      if (i % (CELLS_PER_STEP / 4) === CELLS_PER_STEP / 4 - 1) yield;
      this.figures.push(
        figuresOf(
          rows[i]!,
          decisions[i]!,
          byDimension.map((decided) => decided[i]!),
        ),
      );
      const p = parent.region[i]!;
      if (p < 0 || rows[i]!.n === 0) continue;
      const id = cellId(rows[p]!);
      const list = this.childrenOf.get(id) ?? [];
      list.push(i);
      this.childrenOf.set(id, list);
    }
  }

  cell(key: CellKey): CellFigures | undefined {
    const i = this.byId.get(cellId(key));
    return i === undefined ? undefined : this.figures[i];
  }

  /** Non-empty child regions of a cell, same industry and size cut. */
  children(key: CellKey): { key: CellKey; figures: CellFigures }[] {
    return (this.childrenOf.get(cellId(key)) ?? []).map((i) => ({ key: this.rows[i]!, figures: this.figures[i]! }));
  }

  /** Every non-empty cell at a level for a cut (rankings). */
  level(level: RegionLevel, industryCode: string, sizeClass: string): { key: CellKey; figures: CellFigures }[] {
    return this.rows
      .map((r, i) => ({ key: r as CellKey, figures: this.figures[i]! }))
      .filter(({ key, figures }) => key.level === level && key.industryCode === industryCode && key.sizeClass === sizeClass && figures.n > 0);
  }

  /** All non-empty cells, for freezing into a snapshot. */
  all(): { key: CellKey; figures: CellFigures }[] {
    return this.rows.map((r, i) => ({ key: r as CellKey, figures: this.figures[i]! })).filter(({ figures }) => figures.n > 0);
  }
}

/** `dimensions` holds each dimension's own decision, in DIMENSION_CODES order. */
export function figuresOf(r: RollupRow, suppressed: Suppression, dimensions: Suppression[]): CellFigures {
  const hidden = suppressed !== null;
  return {
    n: r.n,
    value: hidden ? null : mean(r.totalTenths, r.n),
    suppressed,
    dimensions: DIMENSION_CODES.map((d, i) => {
      const withheld = hidden ? suppressed : dimensions[i]!;
      return { dimension: d, value: withheld === null ? mean(r.dimensions[d].tenths, r.dimensions[d].n) : null, suppressed: withheld };
    }),
    stages: STAGES.map((s, i) => ({
      stage: s.code,
      count: hidden ? null : r.stages[i]!,
      sharePercent: hidden ? null : roundScore((r.stages[i]! / r.n) * 100),
    })),
    synthetic: r.nSynthetic > 0,
  };
}
