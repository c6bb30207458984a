import type { Awaitified } from '../db/unit-of-work';
import type { Connection } from '../db/connection';
import { rowCodec } from '../db/rows';
import { assessmentSummaries, indexSnapshots } from '../db/schema';
import { statement } from '../db/statements';
import { DIMENSION_CODES, type DimensionCode } from '../questionnaires/definition.schema';
import type { CellFigures, RollupRow } from './cube';
import { projectionSql, SQLITE_PROJECTION } from './projection-sql';
import { decodeFigures, encodeFigures } from './stored-figures';
import { ROLLUP_KEY, ROLLUP_MEASURES, type CellKey, type Level, type SummaryRow } from './rollups';

/**
 * Reads and writes of index_rollups, score_histograms and snapshots, and the index module's reads of the
 * summaries submissions store (its port onto them: indices import nothing of assessments). SQL stays here;
 * synchronous, run inside the caller's unit of work.
 */
export type SnapshotRow = typeof indexSnapshots.$inferSelect;

/** A batch of the change log as the projection applies it: the assessments whose summaries count, and those that no longer do. */
export interface ProjectionBatch {
  added: readonly string[];
  removed: readonly string[];
}

const SNAPSHOT = rowCodec(indexSnapshots);
const SUMMARY = rowCodec(assessmentSummaries);

// A rollup row is read as an array (here and in repository.pg.ts) (at a million assessments that is 230k rows, and objects per row took 2.5×
// longer), its columns in this one order, and decoded by column name.
export const READ_COLUMNS = [...ROLLUP_KEY.slice(1), ...ROLLUP_MEASURES];
const AT = Object.fromEntries(READ_COLUMNS.map((c, i) => [c.name, i])) as Record<string, number>;
const col = (name: string) => AT[name]!;
const AT_ROW = {
  level: col('level'),
  regionCode: col('region_code'),
  industryCode: col('industry_code'),
  sizeClass: col('size_class'),
  n: col('n'),
  nSynthetic: col('n_synthetic'),
  totalTenths: col('total_tenths'),
  dimensions: DIMENSION_CODES.map((d) => [d, col(`${d}_tenths`), col(`${d}_n`)] as const),
  stages: [col('stage_1'), col('stage_2'), col('stage_3'), col('stage_4')] as const,
};

export function toRollup(r: unknown[]): RollupRow {
  const dimensions = {} as Record<DimensionCode, { tenths: number; n: number }>;
  for (const [d, tenths, n] of AT_ROW.dimensions) dimensions[d] = { tenths: r[tenths] as number, n: r[n] as number };
  const [s1, s2, s3, s4] = AT_ROW.stages;
  return {
    level: r[AT_ROW.level] as Level,
    regionCode: r[AT_ROW.regionCode] as string,
    industryCode: r[AT_ROW.industryCode] as string,
    sizeClass: r[AT_ROW.sizeClass] as string,
    n: r[AT_ROW.n] as number,
    nSynthetic: r[AT_ROW.nSynthetic] as number,
    totalTenths: r[AT_ROW.totalTenths] as number,
    dimensions,
    stages: [r[s1], r[s2], r[s3], r[s4]] as [number, number, number, number],
  };
}

const KEY = 'level, region_code, industry_code, size_class';
const names = (columns: readonly { name: string }[]) => columns.map((c) => c.name).join(', ');

export const SQL = {
  rollupsOf: `select ${names(READ_COLUMNS)} from index_rollups where period = ? and n > 0 order by ${KEY}`,
  rollupsAfter: `select ${names(READ_COLUMNS)} from index_rollups where period = ? and n > 0 and (${KEY}) > (?, ?, ?, ?) order by ${KEY} limit ?`,
  projectRollups: projectionSql('index_rollups', SQLITE_PROJECTION),
  projectHistograms: projectionSql('score_histograms', SQLITE_PROJECTION),
  // `not exists` per id: `not in (select …)` would index every summary first.
  unsummarised: `select value from (select value from json_each(@added) union all select value from json_each(@removed))
    where not exists (select 1 from assessment_summaries where assessment_id = value) limit 1`,
  livePeriods: "select period from index_rollups where level = 'country' and industry_code = '*' and size_class = '*' and n > 0",
  cohortPosition: `select coalesce(sum(case when total_tenths < ? then count end), 0) as below,
      coalesce(sum(case when total_tenths = ? then count end), 0) as equal,
      coalesce(sum(count), 0) as n
    from score_histograms where period = ? and level = ? and region_code = ? and industry_code = ? and size_class = ?`,
  summary: `select ${SUMMARY.select} from assessment_summaries where assessment_id = ?`,
  // The literal `is_latest = 1` lets SQLite use the partial index summaries_latest.
  latestSummaryId: 'select assessment_id from assessment_summaries where enterprise_id = ? and period = ? and is_latest = 1',
  dataVersion: 'pragma data_version',
  nextSnapshotNumber: 'select coalesce(max(number), 0) + 1 from index_snapshots',
  insertSnapshot: SNAPSHOT.insert,
  insertCell: 'insert into snapshot_cells (snapshot_number, level, industry_code, size_class, region_code, figures) values (?, ?, ?, ?, ?, ?)',
  findSnapshot: `select ${SNAPSHOT.select} from index_snapshots where id = ?`,
  latestSnapshot: `select ${SNAPSHOT.select} from index_snapshots where period = ? order by published_at desc, id desc limit 1`,
  snapshotsOf: `select ${SNAPSHOT.select} from index_snapshots where period = ? order by published_at desc, id desc`,
  allSnapshots: `select ${SNAPSHOT.select} from index_snapshots order by period desc, published_at desc, id desc`,
  publishedPeriods: 'select distinct period from index_snapshots',
  snapshotCell: 'select figures from snapshot_cells where snapshot_number = ? and level = ? and industry_code = ? and size_class = ? and region_code = ?',
  snapshotCellsInRange: `select region_code, figures from snapshot_cells
    where snapshot_number = ? and level = ? and industry_code = ? and size_class = ? and region_code >= ? and region_code < ? order by region_code`,
};
const ROWS_PER_SLICE = 5000;

/** snapshot_cells' key order after the snapshot: level, industry, size, region (SQLite compares text bytewise, as this does for ASCII). */
const STORED_KEY = ['level', 'industryCode', 'sizeClass', 'regionCode'] as const;
export function compareStoredKeys(a: CellKey, b: CellKey): number {
  for (const k of STORED_KEY) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return 0;
}

export function createIndexRepository(sqlite: Connection) {
  const run = (sql: string) => statement(sqlite, sql);
  return {
    /** A period's non-empty cells, in key order. */
    rollupsOf(period: string): RollupRow[] {
      return (run(SQL.rollupsOf).raw().all(period) as unknown[][]).map(toRollup);
    },

    /**
     * `rollupsOf` a slice at a time, awaiting `pause()` between slices so that other work runs meanwhile. The
     * slices are read in one read transaction, so they show the same commit: this repository's connection must
     * be a reader of the caller's own (a read transaction left open across awaits would hold up the writes of a
     * shared one; see DatabaseHandle.openReader).
     */
    async rollupsInSlices(period: string, pause: () => Promise<void>, rowsPerSlice = ROWS_PER_SLICE): Promise<RollupRow[]> {
      const out: RollupRow[] = [];
      sqlite.exec('begin');
      try {
        for (let after: unknown[] = ['', '', '', '']; ; ) {
          const rows = run(SQL.rollupsAfter)
            .raw()
            .all(period, ...after, rowsPerSlice) as unknown[][];
          for (const r of rows) out.push(toRollup(r));
          if (rows.length < rowsPerSlice) return out;
          const last = rows[rows.length - 1]!;
          after = [last[AT_ROW.level], last[AT_ROW.regionCode], last[AT_ROW.industryCode], last[AT_ROW.sizeClass]];
          await pause();
        }
      } finally {
        sqlite.exec('commit');
      }
    },

    /**
     * Adds the contributions of the summaries of `added` to the rollups and histograms and takes those of `removed`
     * out, summed per cell and bin; call in the write that advances the projection, after `unsummarised`.
     */
    addToRollups(batch: ProjectionBatch): void {
      const params = { added: JSON.stringify(batch.added), removed: JSON.stringify(batch.removed) };
      run(SQL.projectRollups).run(params);
      run(SQL.projectHistograms).run(params);
    },

    /** The first assessment of the batch without a summary, if any (the projection cannot be right without it). */
    unsummarised(batch: ProjectionBatch): string | undefined {
      return run(SQL.unsummarised)
        .pluck()
        .get({ added: JSON.stringify(batch.added), removed: JSON.stringify(batch.removed) }) as string | undefined;
    },

    /** Periods with at least one submitted assessment, from the national rollup row. */
    livePeriods(): string[] {
      return run(SQL.livePeriods).pluck().all() as string[];
    },

    /** Count of totals below and equal to a value in a cohort, and the cohort size. */
    cohortPosition(period: string, key: CellKey, totalTenths: number): { below: number; equal: number; n: number } {
      return run(SQL.cohortPosition).get(totalTenths, totalTenths, period, key.level, key.regionCode, key.industryCode, key.sizeClass) as {
        below: number;
        equal: number;
        n: number;
      };
    },

    summary(assessmentId: string): SummaryRow | undefined {
      const raw = run(SQL.summary).get(assessmentId);
      return raw === undefined ? undefined : SUMMARY.decode(raw);
    },

    /** The assessment whose summary counts for an enterprise and period, if one was submitted. */
    latestSummaryId(enterpriseId: string, period: string): string | undefined {
      return run(SQL.latestSummaryId).pluck().get(enterpriseId, period) as string | undefined;
    },

    /** Changes whenever another connection (another process) commits; never for this connection's own commits. */
    dataVersion(): number {
      return run(SQL.dataVersion).pluck().get() as number;
    },

    /**
     * Stores a snapshot under the next number and its cells, their figures encoded (see stored-figures.ts), in the
     * order of the key so that the table's pages fill; call inside a write. Returns the row as stored.
     */
    insertSnapshot(snapshot: Omit<SnapshotRow, 'number'>, cells: readonly { key: CellKey; figures: CellFigures }[]): SnapshotRow {
      const row: SnapshotRow = { ...snapshot, number: run(SQL.nextSnapshotNumber).pluck().get() as number };
      run(SQL.insertSnapshot).run(SNAPSHOT.encode(row));
      const insert = run(SQL.insertCell);
      for (const { key, figures } of [...cells].sort((a, b) => compareStoredKeys(a.key, b.key))) {
        insert.run(row.number, key.level, key.industryCode, key.sizeClass, key.regionCode, encodeFigures(figures));
      }
      return row;
    },

    findSnapshot(id: string): SnapshotRow | undefined {
      const raw = run(SQL.findSnapshot).get(id);
      return raw === undefined ? undefined : SNAPSHOT.decode(raw);
    },

    latestSnapshot(period: string): SnapshotRow | undefined {
      const raw = run(SQL.latestSnapshot).get(period);
      return raw === undefined ? undefined : SNAPSHOT.decode(raw);
    },

    /** Newest first. */
    listSnapshots(period?: string): SnapshotRow[] {
      return (period ? run(SQL.snapshotsOf).all(period) : run(SQL.allSnapshots).all()).map((raw) => SNAPSHOT.decode(raw));
    },

    /** Periods that have a published snapshot. */
    publishedPeriods(): string[] {
      return run(SQL.publishedPeriods).pluck().all() as string[];
    },

    /** Makes a snapshot's cells ready for the synchronous reads below: nothing to do on SQLite. */
    prepareSnapshot(_snapshot: number): void {},

    /** A cell of the snapshot numbered `snapshot` (SnapshotRow.number). */
    snapshotCell(snapshot: number, key: CellKey): CellFigures | undefined {
      const figures = run(SQL.snapshotCell).pluck().get(snapshot, key.level, key.industryCode, key.sizeClass, key.regionCode) as string | undefined;
      return figures === undefined ? undefined : decodeFigures(figures);
    },

    /** Cells of one level and cut whose region code lies in [from, to). */
    snapshotCellsInRange(
      snapshot: number,
      level: Level,
      industryCode: string,
      sizeClass: string,
      from: string,
      to: string,
    ): { key: CellKey; figures: CellFigures }[] {
      const rows = run(SQL.snapshotCellsInRange).all(snapshot, level, industryCode, sizeClass, from, to) as { region_code: string; figures: string }[];
      return rows.map((r) => ({ key: { level, regionCode: r.region_code, industryCode, sizeClass }, figures: decodeFigures(r.figures) }));
    },
  };
}

type SqliteIndexRepository = ReturnType<typeof createIndexRepository>;
/**
 * What services use, on either backend (see Awaitified). A snapshot's cells are read synchronously, by the views
 * (views.ts), after `prepareSnapshot` has made them ready (SQLite reads them at once; PostgreSQL from memory).
 */
export type IndexRepository = Awaitified<Omit<SqliteIndexRepository, 'snapshotCell' | 'snapshotCellsInRange'>> &
  Pick<SqliteIndexRepository, 'snapshotCell' | 'snapshotCellsInRange'>;

/** A reader of the rollups on a connection of its own (see rollupsInSlices), closed after use; null without one. */
export function rollupReaderOn(connection: Connection | null) {
  if (!connection) return null;
  const { rollupsInSlices } = createIndexRepository(connection);
  return { rollupsInSlices, close: () => connection.close() };
}
