import type Database from 'better-sqlite3';
import type { Cube, CellFigures } from './cube';
import { childLevelOf, NATIONAL_CODE, regionRange, type RegionLevel } from '../regions/codes';
import { snapshotCell, snapshotCellsInRange, type SnapshotRow } from './repository';
import type { CellKey } from './rollups';

/** Where figures come from: the live cube (authorities) or a frozen snapshot (everyone). */
export interface IndexView {
  kind: 'live' | 'snapshot';
  period: string;
  k: number;
  asOf: string;
  snapshotId: string | null;
  /** What the figures were read from (the snapshot, or the live cube): neither changes under the same id. */
  id: string;
  cell(key: CellKey): CellFigures | undefined;
  /** Non-empty child regions of a province or city for the same cut. */
  children(key: CellKey): { key: CellKey; figures: CellFigures }[];
  /** Every non-empty region of a level for a cut. */
  level(level: RegionLevel, industryCode: string, sizeClass: string): { key: CellKey; figures: CellFigures }[];
}

export function liveView(cube: Cube): IndexView {
  return {
    kind: 'live',
    period: cube.period,
    k: cube.k,
    asOf: cube.asOf,
    snapshotId: null,
    id: cube.id,
    cell: (key) => cube.cell(key),
    children: (key) => cube.children(key),
    level: (level, i, s) => cube.level(level, i, s),
  };
}

/** Snapshot cells never change, so what has been read once is kept (up to a bound, oldest dropped first). */
export class SnapshotCellCache {
  private readonly cells = new Map<string, CellFigures | null>();
  constructor(private readonly limit: number) {}

  get(sqlite: Database.Database, snapshotId: string, key: CellKey): CellFigures | undefined {
    const id = `${snapshotId}|${key.level}|${key.regionCode}|${key.industryCode}|${key.sizeClass}`;
    let figures = this.cells.get(id);
    if (figures === undefined) {
      figures = snapshotCell(sqlite, snapshotId, key) ?? null;
      this.cells.set(id, figures);
      if (this.cells.size > this.limit) this.cells.delete(this.cells.keys().next().value!);
    }
    return figures ?? undefined;
  }
}

export function snapshotView(sqlite: Database.Database, snapshot: SnapshotRow, cache: SnapshotCellCache): IndexView {
  return {
    kind: 'snapshot',
    period: snapshot.period,
    k: snapshot.k,
    asOf: snapshot.publishedAt,
    snapshotId: snapshot.id,
    id: snapshot.id,
    cell: (key) => cache.get(sqlite, snapshot.id, key),
    children: (key) => {
      const childLevel = childLevelOf(key.level);
      if (!childLevel) return [];
      const [from, to] = regionRange(key.regionCode, key.level);
      return snapshotCellsInRange(sqlite, snapshot.id, childLevel, key.industryCode, key.sizeClass, from, to);
    },
    level: (level, i, s) => snapshotCellsInRange(sqlite, snapshot.id, level, i, s, ...regionRange(NATIONAL_CODE, 'country')),
  };
}
