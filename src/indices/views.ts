import { LRUCache } from 'lru-cache';
import type { Cube, CellFigures } from './cube';
import { childLevelOf, NATIONAL_CODE, regionRange, type RegionLevel } from '../regions/codes';
import type { IndexRepository, SnapshotRow } from './repository';
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

/** Snapshot cells never change, so what has been read once is kept (up to a bound, least recently read dropped first). */
export function snapshotCellCache(max: number) {
  // lru-cache holds no undefined: a cell the snapshot lacks is kept as { figures: undefined }.
  return new LRUCache<string, { figures: CellFigures | undefined }>({ max });
}
export type SnapshotCellCache = ReturnType<typeof snapshotCellCache>;

type SnapshotCells = Pick<IndexRepository, 'snapshotCell' | 'snapshotCellsInRange'>;

export function snapshotView(cells: SnapshotCells, snapshot: SnapshotRow, cache: SnapshotCellCache): IndexView {
  const cell = (key: CellKey) => {
    const id = `${snapshot.id}|${key.level}|${key.regionCode}|${key.industryCode}|${key.sizeClass}`;
    let kept = cache.get(id);
    if (kept === undefined) cache.set(id, (kept = { figures: cells.snapshotCell(snapshot.number, key) }));
    return kept.figures;
  };
  return {
    kind: 'snapshot',
    period: snapshot.period,
    k: snapshot.k,
    asOf: snapshot.publishedAt,
    snapshotId: snapshot.id,
    id: snapshot.id,
    cell,
    children: (key) => {
      const childLevel = childLevelOf(key.level);
      if (!childLevel) return [];
      const [from, to] = regionRange(key.regionCode, key.level);
      return cells.snapshotCellsInRange(snapshot.number, childLevel, key.industryCode, key.sizeClass, from, to);
    },
    level: (level, i, s) => cells.snapshotCellsInRange(snapshot.number, level, i, s, ...regionRange(NATIONAL_CODE, 'country')),
  };
}
