import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import { DIMENSION_CODES } from '../questionnaires/definition.schema';
import { STAGE_CODES } from '../scoring/stages';
import type { ChildIndices, IndexFigures, IndexSeries, Ranking, RegionIndex, RegionRef } from './api.schemas';

/**
 * The same numbers as the JSON responses, one row per region (or period), with a header row. Suppressed figures
 * are empty cells with the reason alongside, never zeros; so is a suppressed cell's n.
 */
type Figures = z.infer<typeof IndexFigures>;
type Region = z.infer<typeof RegionRef>;

const FIGURE_COLUMNS = [
  'n',
  'value',
  'suppressed',
  'reason_code',
  'reason',
  ...DIMENSION_CODES.flatMap((d) => [d, `${d}_reason`]),
  ...STAGE_CODES.flatMap((s) => [`${s}_count`, `${s}_share_percent`]),
  'synthetic',
];

function figureCells(f: Figures): unknown[] {
  const dim = (d: string) => {
    const x = f.dimensions.find((y) => y.dimension === d);
    return [x?.value ?? null, x?.reason ?? null];
  };
  const stage = (s: string) => f.stages.find((x) => x.stage.code === s);
  return [
    f.n,
    f.value,
    f.suppressed,
    f.reasonCode,
    f.reason,
    ...DIMENSION_CODES.flatMap(dim),
    ...STAGE_CODES.flatMap((s) => [stage(s)?.count ?? null, stage(s)?.sharePercent ?? null]),
    f.synthetic,
  ];
}

const regionCells = (r: Region) => [r.code, r.name, r.level];
const csv = (header: string[], rows: unknown[][]) =>
  stringify([header, ...rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : v)))], { cast: { boolean: (b) => String(b) } });

export function regionIndexCsv(x: z.infer<typeof RegionIndex>): string {
  const header = ['region_code', 'region_name', 'level', 'period', 'industry', 'size', ...FIGURE_COLUMNS, 'source', 'snapshot_id', 'k', 'method_version'];
  const tail = [x.source.kind, x.source.snapshotId, x.source.k, x.method.version];
  const rows = [
    [...regionCells(x.region), x.period, x.industry, x.size, ...figureCells(x.figures), ...tail],
    ...(x.breakdown?.industries ?? []).map((b) => [...regionCells(x.region), x.period, b.industry, x.size, ...figureCells(b.figures), ...tail]),
    ...(x.breakdown?.sizes ?? []).map((b) => [...regionCells(x.region), x.period, x.industry, b.size, ...figureCells(b.figures), ...tail]),
  ];
  return csv(header, rows);
}

export function childIndicesCsv(x: z.infer<typeof ChildIndices>): string {
  const header = [
    'parent_code',
    'region_code',
    'region_name',
    'level',
    'period',
    'industry',
    'size',
    ...FIGURE_COLUMNS,
    'source',
    'snapshot_id',
    'k',
    'method_version',
  ];
  return csv(
    header,
    x.items.map((i) => [
      x.parent.code,
      ...regionCells(i.region),
      x.period,
      x.industry,
      x.size,
      ...figureCells(i.figures),
      x.source.kind,
      x.source.snapshotId,
      x.source.k,
      x.method.version,
    ]),
  );
}

export function seriesCsv(x: z.infer<typeof IndexSeries>): string {
  const header = ['region_code', 'region_name', 'level', 'period', 'industry', 'size', ...FIGURE_COLUMNS, 'source', 'snapshot_id', 'k', 'method_version'];
  return csv(
    header,
    x.points.map((p) => [
      ...regionCells(x.region),
      p.period,
      x.industry,
      x.size,
      ...figureCells(p.figures),
      p.source.kind,
      p.source.snapshotId,
      p.source.k,
      x.method.version,
    ]),
  );
}

export function rankingCsv(x: z.infer<typeof Ranking>): string {
  const header = [
    'rank',
    'region_code',
    'region_name',
    'level',
    'period',
    'industry',
    'size',
    'value',
    'n',
    'previous_rank',
    'rank_change',
    'suppressed',
    'reason_code',
    'reason',
    'source',
    'snapshot_id',
    'k',
    'method_version',
  ];
  return csv(
    header,
    x.items.map((i) => [
      i.rank,
      ...regionCells(i.region),
      x.period,
      x.industry,
      x.size,
      i.value,
      i.n,
      i.previousRank,
      i.rankChange,
      i.suppressed,
      i.reasonCode,
      i.reason,
      x.source.kind,
      x.source.snapshotId,
      x.source.k,
      x.method.version,
    ]),
  );
}
