import { LRUCache } from 'lru-cache';
import type { PgSql } from '../db/postgres';
import { pgRowCodec } from '../db/rows.pg';
import { assessmentSummaries, indexSnapshots } from '../db/schema.pg';
import type { CellFigures, RollupRow } from './cube';
import { compareStoredKeys, READ_COLUMNS, toRollup, type IndexRepository, type SnapshotRow } from './repository';
import { type CellKey, type Level, type SummaryRow } from './rollups';
import { INDEX_PROJECTION } from './projector';
import { POSTGRES_PROJECTION, projectionSql } from './projection-sql';
import { decodeFigures, encodeFigures } from './stored-figures';

const SNAPSHOT = pgRowCodec(indexSnapshots);
const SUMMARY = pgRowCodec(assessmentSummaries);
const KEY = 'level, region_code, industry_code, size_class';
const names = (columns: readonly { name: string }[]) => columns.map((c) => c.name).join(', ');

export const SQL = {
  rollupsOf: `select ${names(READ_COLUMNS)} from index_rollups where period = $1 and n > 0 order by ${KEY}`,
  rollupsAfter: `select ${names(READ_COLUMNS)} from index_rollups where period = $1 and n > 0 and (${KEY}) > ($2, $3, $4, $5) order by ${KEY} limit $6`,
  projectRollups: projectionSql('index_rollups', POSTGRES_PROJECTION),
  projectHistograms: projectionSql('score_histograms', POSTGRES_PROJECTION),
  unsummarised: `select id from unnest($1::text[] || $2::text[]) id
    where not exists (select 1 from assessment_summaries where assessment_id = id) limit 1`,
  livePeriods: "select period from index_rollups where level = 'country' and industry_code = '*' and size_class = '*' and n > 0",
  cohortPosition: `select coalesce(sum(case when total_tenths < $1 then count end), 0) as below,
      coalesce(sum(case when total_tenths = $1 then count end), 0) as equal,
      coalesce(sum(count), 0) as n
    from score_histograms where period = $2 and level = $3 and region_code = $4 and industry_code = $5 and size_class = $6`,
  summary: `select ${SUMMARY.select} from assessment_summaries where assessment_id = $1`,
  latestSummaryId: 'select assessment_id from assessment_summaries where enterprise_id = $1 and period = $2 and is_latest',
  // What a live cube was built at: the projection's watermark moves whichever instance projected.
  dataVersion: 'select seq from projections where name = $1',
  nextSnapshotNumber: 'select coalesce(max(number), 0) + 1 as next from index_snapshots',
  insertCells: `insert into snapshot_cells (snapshot_number, level, industry_code, size_class, region_code, figures)
    select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
  findSnapshot: `select ${SNAPSHOT.select} from index_snapshots where id = $1`,
  latestSnapshot: `select ${SNAPSHOT.select} from index_snapshots where period = $1 order by published_at desc, id desc limit 1`,
  snapshotsOf: `select ${SNAPSHOT.select} from index_snapshots where period = $1 order by published_at desc, id desc`,
  allSnapshots: `select ${SNAPSHOT.select} from index_snapshots order by period desc, published_at desc, id desc`,
  publishedPeriods: 'select distinct period from index_snapshots',
  snapshotCells:
    'select level, industry_code, size_class, region_code, figures from snapshot_cells where snapshot_number = $1 order by level, industry_code, size_class, region_code',
};
const ROWS_PER_SLICE = 5000;
const CELLS_PER_INSERT = 5000;

/** A snapshot's cells in memory, per level and cut, each list in region order (snapshots never change). */
type HeldSnapshot = Map<string, { list: { regionCode: string; figures: CellFigures }[]; byRegion: Map<string, CellFigures> }>;
const cutKey = (level: string, industryCode: string, sizeClass: string) => `${level}|${industryCode}|${sizeClass}`;

/** The index tables on PostgreSQL (see repository.ts). */
export function createPgIndexRepository(sql: PgSql): IndexRepository {
  const held = new LRUCache<number, HeldSnapshot>({ max: 8 });
  const snapshotOf = (number: number): HeldSnapshot => {
    const snapshot = held.get(number);
    if (!snapshot) throw new Error(`snapshot ${number} was not prepared (IndexRepository.prepareSnapshot)`);
    return snapshot;
  };
  const one = async <R>(text: string, params: unknown[] = []) => (await sql.rows<R>(text, params))[0];
  const ids = (batch: { added: readonly string[]; removed: readonly string[] }) => [batch.added, batch.removed];

  return {
    rollupsOf: async (period) => (await sql.arrays(SQL.rollupsOf, [period])).map(toRollup),

    /** In slices, in one read-only snapshot on a connection of its own, awaiting `pause()` between slices. */
    rollupsInSlices: (period, pause, rowsPerSlice = ROWS_PER_SLICE) =>
      sql.snapshot(async (reader) => {
        const out: RollupRow[] = [];
        for (let after: unknown[] = ['', '', '', '']; ; ) {
          const rows = await reader.arrays(SQL.rollupsAfter, [period, ...after, rowsPerSlice]);
          for (const r of rows) out.push(toRollup(r));
          if (rows.length < rowsPerSlice) return out;
          const last = toRollup(rows[rows.length - 1]!);
          after = [last.level, last.regionCode, last.industryCode, last.sizeClass];
          await pause();
        }
      }),

    async addToRollups(batch) {
      await sql.run(SQL.projectRollups, ids(batch));
      await sql.run(SQL.projectHistograms, ids(batch));
    },

    unsummarised: async (batch) => (await one<{ id: string }>(SQL.unsummarised, ids(batch)))?.id,
    livePeriods: async () => (await sql.rows<{ period: string }>(SQL.livePeriods)).map((r) => r.period),
    cohortPosition: async (period, key, totalTenths) =>
      (await one<{ below: number; equal: number; n: number }>(SQL.cohortPosition, [
        totalTenths,
        period,
        key.level,
        key.regionCode,
        key.industryCode,
        key.sizeClass,
      ]))!,
    summary: (assessmentId) => one<SummaryRow>(SQL.summary, [assessmentId]),
    latestSummaryId: async (enterpriseId, period) => (await one<{ assessment_id: string }>(SQL.latestSummaryId, [enterpriseId, period]))?.assessment_id,
    dataVersion: async () => (await one<{ seq: number }>(SQL.dataVersion, [INDEX_PROJECTION]))?.seq ?? 0,

    async insertSnapshot(snapshot, cells) {
      const row: SnapshotRow = { ...snapshot, number: (await one<{ next: number }>(SQL.nextSnapshotNumber))!.next };
      await sql.run(SNAPSHOT.insert, SNAPSHOT.values(row));
      const sorted = [...cells].sort((a, b) => compareStoredKeys(a.key, b.key));
      for (let i = 0; i < sorted.length; i += CELLS_PER_INSERT) {
        const slice = sorted.slice(i, i + CELLS_PER_INSERT);
        await sql.run(SQL.insertCells, [
          row.number,
          slice.map((c) => c.key.level),
          slice.map((c) => c.key.industryCode),
          slice.map((c) => c.key.sizeClass),
          slice.map((c) => c.key.regionCode),
          slice.map((c) => encodeFigures(c.figures)),
        ]);
      }
      return row;
    },

    findSnapshot: (id) => one<SnapshotRow>(SQL.findSnapshot, [id]),
    latestSnapshot: (period) => one<SnapshotRow>(SQL.latestSnapshot, [period]),
    listSnapshots: (period) => (period ? sql.rows<SnapshotRow>(SQL.snapshotsOf, [period]) : sql.rows<SnapshotRow>(SQL.allSnapshots)),
    publishedPeriods: async () => (await sql.rows<{ period: string }>(SQL.publishedPeriods)).map((r) => r.period),

    /** Reads a snapshot's cells into memory once (they never change), for the synchronous reads below. */
    async prepareSnapshot(number) {
      if (held.has(number)) return;
      const snapshot: HeldSnapshot = new Map();
      const rows = await sql.rows<{ level: string; industry_code: string; size_class: string; region_code: string; figures: string }>(SQL.snapshotCells, [
        number,
      ]);
      for (const r of rows) {
        const k = cutKey(r.level, r.industry_code, r.size_class);
        let cut = snapshot.get(k);
        if (!cut) snapshot.set(k, (cut = { list: [], byRegion: new Map() }));
        const figures = decodeFigures(r.figures);
        cut.list.push({ regionCode: r.region_code, figures });
        cut.byRegion.set(r.region_code, figures);
      }
      // Region order as JavaScript compares strings (the codes are ASCII digits: the same as the database's).
      for (const { list } of snapshot.values()) list.sort((a, b) => (a.regionCode < b.regionCode ? -1 : a.regionCode > b.regionCode ? 1 : 0));
      held.set(number, snapshot);
    },

    snapshotCell(number: number, key: CellKey) {
      return snapshotOf(number)
        .get(cutKey(key.level, key.industryCode, key.sizeClass))
        ?.byRegion.get(key.regionCode);
    },

    snapshotCellsInRange(number: number, level: Level, industryCode: string, sizeClass: string, from: string, to: string) {
      const list = snapshotOf(number).get(cutKey(level, industryCode, sizeClass))?.list ?? [];
      return list
        .filter((c) => c.regionCode >= from && c.regionCode < to)
        .map((c) => ({ key: { level, regionCode: c.regionCode, industryCode, sizeClass }, figures: c.figures }));
    },
  };
}
