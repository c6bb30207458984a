import type { z } from 'zod';
import { InvalidInputError, NotFoundError } from '../domain/errors';
import { MANUFACTURING_DIVISIONS } from '../questionnaires/industries';
import type { RegionKey } from '../regions/codes';
import { findRegion, type Region } from '../regions/divisions';
import { regionNameAt } from '../regions/history';
import { stageByCode } from '../scoring/stages';
import { SIZE_CLASSES, type SizeClass } from '../enterprises/size-class';
import type { ChildIndices, IndexFigures, RegionIndex, RegionRef, Snapshot } from './api.schemas';
import type { CellFigures } from './cube';
import { INDEX_METHOD, suppressionReason } from './method';
import type { SnapshotRow } from './repository';
import { ALL, type CellKey } from './rollups';
import type { IndexView } from './views';

/**
 * Presenters: index figures as the API states them, built from an IndexView (live or a snapshot), which the
 * service hands out only to a caller it has authorized. No reads here but the view's.
 */
type Out<T extends z.ZodType> = z.infer<T>;
export interface Cut {
  industry?: string;
  size?: SizeClass;
}

/** A region code as an index region; 000000 is the whole country. */
export function regionOf(code: string): Region {
  const region = findRegion(code);
  if (!region) throw new NotFoundError(`region ${code}`);
  return region;
}

export const cellKey = (region: RegionKey, industry?: string, size?: string): CellKey => ({
  level: region.level,
  regionCode: region.code,
  industryCode: industry ?? ALL,
  sizeClass: size ?? ALL,
});

export const methodOf = (view: { k: number }) => ({ ...INDEX_METHOD, k: view.k });
export const sourceOf = (view: IndexView) => ({ kind: view.kind, snapshotId: view.snapshotId, asOf: view.asOf, k: view.k });
/** What every figure of one view states about itself: the period, the cut, the method and the source. */
const about = (view: IndexView, q: Cut & { period: string }) => ({
  period: q.period,
  industry: q.industry ?? null,
  size: q.size ?? null,
  method: methodOf(view),
  source: sourceOf(view),
});

export function regionRef(key: Pick<CellKey, 'level' | 'regionCode'>): Out<typeof RegionRef> {
  // A county code can equal its city's (东莞 441900): look it up at its own level.
  return { code: key.regionCode, name: regionNameAt(key.regionCode, key.level), level: key.level };
}

/** Snapshots frozen before dimensions were suppressed on their own counts carry only the cell's decision. */
function dimensionReason(suppressed: CellFigures['suppressed'], value: number | null, k: number): string | null {
  if (suppressed) return suppressionReason(suppressed, k);
  return value === null ? 'no enterprise answered this dimension' : null;
}

/** A cell's figures as published; a region without any assessment reads as n = 0, never as a zero index; a suppressed one as n = null. */
export function publicFigures(f: CellFigures | undefined, k: number): Out<typeof IndexFigures> {
  if (!f) {
    return {
      n: 0,
      value: null,
      suppressed: true,
      reasonCode: 'no_data',
      reason: 'no submitted assessment',
      dimensions: [],
      stages: [],
      synthetic: false,
    };
  }
  // A suppressed cell's n is withheld as its value is: published counts with a suppressed one's n would let it, or
  // a group inside it, be solved for (issue #20). Stage counts and dimension means are withheld with the value.
  return {
    n: f.suppressed ? null : f.n,
    value: f.value,
    suppressed: f.suppressed !== null,
    reasonCode: f.suppressed,
    reason: f.suppressed ? suppressionReason(f.suppressed, k) : null,
    dimensions: f.dimensions.map((d) => ({
      dimension: d.dimension,
      value: d.value,
      reason: dimensionReason(d.suppressed ?? f.suppressed, d.value, k),
    })),
    stages: f.stages.map((s) => ({ stage: stageByCode(s.stage), count: s.count, sharePercent: s.sharePercent })),
    synthetic: f.synthetic,
  };
}

/** The index of a region, from `view` (see IndexService.view: it has authorized the caller). */
export function regionIndex(view: IndexView, code: string, q: Cut & { period: string; breakdown?: string }): Out<typeof RegionIndex> {
  const region = regionOf(code);
  const key = cellKey(region, q.industry, q.size);
  const wants = new Set(q.breakdown?.split(',') ?? []);
  const breakdown = wants.size
    ? {
        ...(wants.has('industry') && !q.industry
          ? {
              industries: MANUFACTURING_DIVISIONS.map((d) => ({ industry: d.code, cell: view.cell({ ...key, industryCode: d.code }) }))
                .filter((x) => x.cell)
                .map((x) => ({ industry: x.industry, figures: publicFigures(x.cell, view.k) })),
            }
          : {}),
        ...(wants.has('size') && !q.size
          ? {
              sizes: SIZE_CLASSES.map((s) => ({ size: s, cell: view.cell({ ...key, sizeClass: s }) }))
                .filter((x) => x.cell)
                .map((x) => ({ size: x.size, figures: publicFigures(x.cell, view.k) })),
            }
          : {}),
      }
    : null;
  return { region: regionRef(key), ...about(view, q), figures: publicFigures(view.cell(key), view.k), breakdown };
}

/** The indices of a region's children, from `view` (see regionIndex). */
export function childIndices(view: IndexView, code: string, q: Cut & { period: string }): Out<typeof ChildIndices> {
  const region = regionOf(code);
  if (region.level === 'county') {
    const message = `${code} is a county-level region and has no child regions`;
    throw new InvalidInputError(message, [{ in: 'path', pointer: '/regionCode', code: 'no_child_regions', message }]);
  }
  const key = cellKey(region, q.industry, q.size);
  return {
    parent: regionRef(key),
    ...about(view, q),
    items: view
      .children(key)
      .sort((a, b) => a.key.regionCode.localeCompare(b.key.regionCode))
      .map((c) => ({ region: regionRef(c.key), figures: publicFigures(c.figures, view.k) })),
  };
}

/** A snapshot as the API lists it (the change-log sequence it froze stays internal). */
export function toSnapshot(row: SnapshotRow): Out<typeof Snapshot> {
  return {
    id: row.id,
    period: row.period,
    methodVersion: row.methodVersion,
    k: row.k,
    publishedAt: row.publishedAt,
    publishedBy: row.publishedBy,
    note: row.note,
    cellCount: row.cellCount,
  };
}
