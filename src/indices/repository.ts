import type Database from 'better-sqlite3';
import { statement } from '../db/statements';
import { DIMENSION_CODES, type DimensionCode } from '../questionnaires/definition.schema';
import type { RegionLevel } from '../regions/codes';
import type { CellFigures, RollupRow } from './cube';
import type { CellKey } from './rollups';

/** Reads of index_rollups, score_histograms and snapshots. SQL stays here. */

const ROLLUP_COLUMNS = [
  'level',
  'region_code',
  'industry_code',
  'size_class',
  'n',
  'n_synthetic',
  'total_tenths',
  ...DIMENSION_CODES.flatMap((d) => [`${d}_tenths`, `${d}_n`]),
  'stage_1',
  'stage_2',
  'stage_3',
  'stage_4',
];
const KEY = 'level, region_code, industry_code, size_class';
export const ROLLUPS_OF = `select ${ROLLUP_COLUMNS.join(', ')} from index_rollups where period = ? and n > 0 order by ${KEY}`;
export const ROLLUPS_AFTER = `select ${ROLLUP_COLUMNS.join(', ')} from index_rollups where period = ? and n > 0 and (${KEY}) > (?, ?, ?, ?) order by ${KEY} limit ?`;
const ROWS_PER_SLICE = 5000;

/** A period's cells, read as arrays: at a million assessments that is 230k rows, and objects per row took 2.5× longer. */
export function rollupsOf(sqlite: Database.Database, period: string): RollupRow[] {
  return (statement(sqlite, ROLLUPS_OF).raw().all(period) as unknown[][]).map(toRollup);
}

/**
 * `rollupsOf` a slice at a time, awaiting `pause()` between slices so that other work runs meanwhile. The slices
 * are read in one read transaction, so they show the same commit: `sqlite` must be a connection of the caller's
 * own (a read transaction left open across awaits would hold up the writes of a shared one).
 */
export async function rollupsInSlices(
  sqlite: Database.Database,
  period: string,
  pause: () => Promise<void>,
  rowsPerSlice = ROWS_PER_SLICE,
): Promise<RollupRow[]> {
  const out: RollupRow[] = [];
  sqlite.exec('begin');
  try {
    for (let after: unknown[] = ['', '', '', '']; ; ) {
      const rows = statement(sqlite, ROLLUPS_AFTER)
        .raw()
        .all(period, ...after, rowsPerSlice) as unknown[][];
      for (const r of rows) out.push(toRollup(r));
      if (rows.length < rowsPerSlice) return out;
      after = rows[rows.length - 1]!.slice(0, 4);
      await pause();
    }
  } finally {
    sqlite.exec('commit');
  }
}

const FIRST_STAGE = 7 + 2 * DIMENSION_CODES.length;
function toRollup(r: unknown[]): RollupRow {
  const dimensions = {} as Record<DimensionCode, { tenths: number; n: number }>;
  DIMENSION_CODES.forEach((d, i) => (dimensions[d] = { tenths: r[7 + 2 * i] as number, n: r[8 + 2 * i] as number }));
  return {
    level: r[0] as RegionLevel,
    regionCode: r[1] as string,
    industryCode: r[2] as string,
    sizeClass: r[3] as string,
    n: r[4] as number,
    nSynthetic: r[5] as number,
    totalTenths: r[6] as number,
    dimensions,
    stages: [r[FIRST_STAGE], r[FIRST_STAGE + 1], r[FIRST_STAGE + 2], r[FIRST_STAGE + 3]] as [number, number, number, number],
  };
}

/** Periods with at least one submitted assessment, from the national rollup row. */
export function livePeriods(sqlite: Database.Database): string[] {
  return (
    statement(sqlite, "select period from index_rollups where level = 'country' and industry_code = '*' and size_class = '*' and n > 0").all() as {
      period: string;
    }[]
  ).map((r) => r.period);
}

/** Count of totals below and equal to a value in a cohort, and the cohort size. */
export function cohortPosition(sqlite: Database.Database, period: string, key: CellKey, totalTenths: number): { below: number; equal: number; n: number } {
  const row = statement(
    sqlite,
    `select coalesce(sum(case when total_tenths < ? then count end), 0) as below,
              coalesce(sum(case when total_tenths = ? then count end), 0) as equal,
              coalesce(sum(count), 0) as n
       from score_histograms where period = ? and level = ? and region_code = ? and industry_code = ? and size_class = ?`,
  ).get(totalTenths, totalTenths, period, key.level, key.regionCode, key.industryCode, key.sizeClass) as { below: number; equal: number; n: number };
  return row;
}

export interface SnapshotRow {
  id: string;
  period: string;
  methodVersion: string;
  k: number;
  publishedAt: string;
  publishedBy: string;
  note: string | null;
  cellCount: number;
}

const SNAPSHOT_COLUMNS =
  'id, period, method_version as methodVersion, k, published_at as publishedAt, published_by as publishedBy, note, cell_count as cellCount';

/** Stores a snapshot and its cells; call inside a write transaction. */
export function insertSnapshot(sqlite: Database.Database, snapshot: SnapshotRow, cells: { key: CellKey; figures: CellFigures }[]): void {
  statement(
    sqlite,
    'insert into index_snapshots (id, period, method_version, k, published_at, published_by, note, cell_count) values (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(snapshot.id, snapshot.period, snapshot.methodVersion, snapshot.k, snapshot.publishedAt, snapshot.publishedBy, snapshot.note, snapshot.cellCount);
  const insert = statement(
    sqlite,
    'insert into snapshot_cells (snapshot_id, level, region_code, industry_code, size_class, figures) values (?, ?, ?, ?, ?, ?)',
  );
  for (const c of cells) insert.run(snapshot.id, c.key.level, c.key.regionCode, c.key.industryCode, c.key.sizeClass, JSON.stringify(c.figures));
}

export function findSnapshot(sqlite: Database.Database, id: string): SnapshotRow | undefined {
  return statement(sqlite, `select ${SNAPSHOT_COLUMNS} from index_snapshots where id = ?`).get(id) as SnapshotRow | undefined;
}

export function latestSnapshot(sqlite: Database.Database, period: string): SnapshotRow | undefined {
  return statement(sqlite, `select ${SNAPSHOT_COLUMNS} from index_snapshots where period = ? order by published_at desc, id desc limit 1`).get(period) as
    | SnapshotRow
    | undefined;
}

export function listSnapshots(sqlite: Database.Database, period?: string): SnapshotRow[] {
  return (
    period
      ? statement(sqlite, `select ${SNAPSHOT_COLUMNS} from index_snapshots where period = ? order by published_at desc, id desc`).all(period)
      : statement(sqlite, `select ${SNAPSHOT_COLUMNS} from index_snapshots order by period desc, published_at desc, id desc`).all()
  ) as SnapshotRow[];
}

/** Periods that have a published snapshot. */
export function publishedPeriods(sqlite: Database.Database): string[] {
  return (statement(sqlite, 'select distinct period from index_snapshots').all() as { period: string }[]).map((r) => r.period);
}

export function snapshotCell(sqlite: Database.Database, snapshotId: string, key: CellKey): CellFigures | undefined {
  const row = statement(
    sqlite,
    'select figures from snapshot_cells where snapshot_id = ? and level = ? and region_code = ? and industry_code = ? and size_class = ?',
  ).get(snapshotId, key.level, key.regionCode, key.industryCode, key.sizeClass) as { figures: string } | undefined;
  return row ? (JSON.parse(row.figures) as CellFigures) : undefined;
}

/** Cells of one level and cut whose region code lies in [from, to). */
export function snapshotCellsInRange(
  sqlite: Database.Database,
  snapshotId: string,
  level: RegionLevel,
  industryCode: string,
  sizeClass: string,
  from: string,
  to: string,
): { key: CellKey; figures: CellFigures }[] {
  const rows = statement(
    sqlite,
    'select region_code, figures from snapshot_cells where snapshot_id = ? and level = ? and industry_code = ? and size_class = ? and region_code >= ? and region_code < ? order by region_code',
  ).all(snapshotId, level, industryCode, sizeClass, from, to) as { region_code: string; figures: string }[];
  return rows.map((r) => ({ key: { level, regionCode: r.region_code, industryCode, sizeClass }, figures: JSON.parse(r.figures) as CellFigures }));
}
