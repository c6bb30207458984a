import type { z } from 'zod';
import { comparePeriods, parsePeriod } from '../assessments/period';
import { createAssessmentRepository } from '../assessments/repository';
import type { Deps } from '../deps';
import type { Principal } from '../auth/principal';
import { ProblemError } from '../http/problem';
import { MANUFACTURING_DIVISIONS } from '../questionnaires/industries';
import { NATIONAL_CODE } from '../regions/codes';
import { regionAt } from '../regions/divisions';
import { roundScore } from '../scoring/rounding';
import { stageByCode } from '../scoring/stages';
import { SIZE_CLASSES, type SizeClass } from '../enterprises/size-class';
import type { Benchmark, ChildIndices, CohortPosition, IndexFigures, IndexSeries, Ranking, RegionIndex, RegionRef } from './api.schemas';
import type { CellFigures } from './cube';
import { INDEX_METHOD, suppressionReason } from './method';
import { cohortPosition, livePeriods, publishedPeriods } from './repository';
import { ALL, tenths, type CellKey } from './rollups';
import { cellKey, regionOf, type IndexService, type Source } from './service';
import type { IndexView } from './views';

type Out<T extends z.ZodType> = z.infer<T>;
interface Cut {
  industry?: string;
  size?: SizeClass;
}

const methodOf = (view: { k: number }) => ({ ...INDEX_METHOD, k: view.k });
const sourceOf = (view: IndexView) => ({ kind: view.kind, snapshotId: view.snapshotId, asOf: view.asOf, k: view.k });
/** What every figure of one view states about itself: the period, the cut, the method and the source. */
const about = (view: IndexView, q: Cut & { period: string }) => ({
  period: q.period,
  industry: q.industry ?? null,
  size: q.size ?? null,
  method: methodOf(view),
  source: sourceOf(view),
});

function regionRef(key: Pick<CellKey, 'level' | 'regionCode'>): Out<typeof RegionRef> {
  // A county code can equal its city's (东莞 441900): look it up at its own level.
  const region = regionAt(key.regionCode, key.level);
  return { code: key.regionCode, name: region?.name ?? key.regionCode, level: key.level };
}

/** Snapshots frozen before dimensions were suppressed on their own counts carry only the cell's decision. */
function dimensionReason(suppressed: CellFigures['suppressed'], value: number | null, k: number): string | null {
  if (suppressed) return suppressionReason(suppressed, k);
  return value === null ? 'no enterprise answered this dimension' : null;
}

/** A cell's figures as published; a region without any assessment reads as n = 0, never as a zero index. */
export function publicFigures(f: CellFigures | undefined, k: number): Out<typeof IndexFigures> {
  if (!f) {
    return {
      n: 0,
      value: null,
      suppressed: true,
      reason: 'no submitted assessment',
      dimensions: [],
      stages: [],
      synthetic: false,
    };
  }
  return {
    n: f.n,
    value: f.value,
    suppressed: f.suppressed !== null,
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
  if (region.level === 'county') throw new ProblemError('invalid-parameter', `${code} is a county-level region and has no child regions`);
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

/** Periods of one kind (years or half-years) that have figures in the chosen source, oldest first. */
function periodsOf(deps: Deps, source: Source, type: 'year' | 'half'): string[] {
  const periods = source === 'live' ? livePeriods(deps.database.sqlite) : publishedPeriods(deps.database.sqlite);
  return periods.filter((p) => (parsePeriod(p)?.half === null) === (type === 'year')).sort(comparePeriods);
}

export async function indexSeries(
  deps: Deps,
  indices: IndexService,
  principal: Principal,
  code: string,
  q: Cut & { source: Source; periodType: 'year' | 'half' },
): Promise<Out<typeof IndexSeries>> {
  const region = regionOf(code);
  const key = cellKey(region, q.industry, q.size);
  indices.authorize(q.source, principal, region.code);
  const points = [];
  for (const period of periodsOf(deps, q.source, q.periodType)) {
    const view = await indices.view(period, q.source, undefined, principal, region.code);
    points.push({ period, source: sourceOf(view), figures: publicFigures(view.cell(key), view.k) });
  }
  return { region: regionRef(key), industry: q.industry ?? null, size: q.size ?? null, method: { ...INDEX_METHOD, k: indices.options.k }, points };
}

/** The period before: the previous year, or the previous half-year. */
export function previousPeriod(period: string): string {
  const p = parsePeriod(period)!;
  if (p.half === null) return String(p.year - 1);
  return p.half === 2 ? `${p.year}-H1` : `${p.year - 1}-H2`;
}

function ranks(rows: { regionCode: string; value: number | null }[]): Map<string, number> {
  const ranked = rows.filter((r) => r.value !== null).sort((a, b) => b.value! - a.value! || a.regionCode.localeCompare(b.regionCode));
  const out = new Map<string, number>();
  ranked.forEach((r, i) => out.set(r.regionCode, i > 0 && ranked[i - 1]!.value === r.value ? out.get(ranked[i - 1]!.regionCode)! : i + 1));
  return out;
}

export async function ranking(
  indices: IndexService,
  principal: Principal,
  q: Cut & { level: 'province' | 'city'; period: string; source: Source; snapshot?: string },
): Promise<Out<typeof Ranking>> {
  // A ranking spans the whole country.
  const view = await indices.view(q.period, q.source, q.snapshot, principal, NATIONAL_CODE);
  const industry = q.industry ?? ALL;
  const size = q.size ?? ALL;
  const rows = view.level(q.level, industry, size);
  const current = ranks(rows.map((r) => ({ regionCode: r.key.regionCode, value: r.figures.value })));
  const prevPeriod = previousPeriod(q.period);
  let previous: Map<string, number> | null = null;
  try {
    // Compared like with like: published figures with published ones, even when a named snapshot is read.
    const prevView = await indices.view(prevPeriod, view.snapshotId ? 'published' : q.source, undefined, principal, NATIONAL_CODE);
    previous = ranks(prevView.level(q.level, industry, size).map((r) => ({ regionCode: r.key.regionCode, value: r.figures.value })));
  } catch (err) {
    if (!(err instanceof ProblemError && err.status === 404)) throw err;
  }
  const items = rows
    .map((r) => {
      const rank = current.get(r.key.regionCode) ?? null;
      const previousRank = previous?.get(r.key.regionCode) ?? null;
      const figures = publicFigures(r.figures, view.k);
      return {
        rank,
        region: regionRef(r.key),
        value: figures.value,
        n: figures.n,
        previousRank,
        rankChange: rank !== null && previousRank !== null ? previousRank - rank : null,
        suppressed: figures.suppressed,
        reason: figures.reason,
      };
    })
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.region.code.localeCompare(b.region.code));
  return {
    level: q.level,
    period: q.period,
    previousPeriod: previous ? prevPeriod : null,
    industry: q.industry ?? null,
    size: q.size ?? null,
    method: methodOf(view),
    source: sourceOf(view),
    items,
  };
}

/**
 * The firm's percentile among peers of its industry and size, nationally and in its province, from live
 * histograms. A cohort smaller than the minimum widens to the industry, then to all enterprises, and says so.
 */
export function benchmark(deps: Deps, indices: IndexService, assessment: { id: string; enterpriseId: string; period: string }): Out<typeof Benchmark> {
  const summary = findSummaryFor(deps, assessment);
  const minimum = Math.max(indices.options.k, 10);
  const position = (level: 'country' | 'province'): Out<typeof CohortPosition> => {
    const regionCode = level === 'country' ? NATIONAL_CODE : summary.provinceCode;
    const steps: { scope: Out<typeof CohortPosition>['scope']; industry: string; size: string }[] = [
      { scope: 'industry_and_size', industry: summary.industryCode, size: summary.sizeClass },
      { scope: 'industry', industry: summary.industryCode, size: ALL },
      { scope: 'all', industry: ALL, size: ALL },
    ];
    for (const [i, step] of steps.entries()) {
      const key: CellKey = { level, regionCode, industryCode: step.industry, sizeClass: step.size };
      const pos = cohortPosition(deps.database.sqlite, summary.period, key, tenths(summary.total));
      if (pos.n >= minimum) {
        return {
          scope: step.scope,
          widened: i > 0,
          region: regionRef({ level, regionCode }),
          industry: step.industry === ALL ? null : step.industry,
          size: step.size === ALL ? null : (step.size as SizeClass),
          n: pos.n,
          percentile: roundScore(((pos.below + 0.5 * pos.equal) / pos.n) * 100),
          note:
            i > 0
              ? `fewer than ${minimum} peers of the same ${i === 1 ? 'industry and size' : 'industry'}; compared with ${step.scope === 'all' ? 'all enterprises' : 'the industry'}`
              : null,
        };
      }
    }
    return {
      scope: 'all',
      widened: true,
      region: regionRef({ level, regionCode }),
      industry: null,
      size: null,
      n: null,
      percentile: null,
      note: `fewer than ${minimum} assessed enterprises even without industry and size; no percentile is given`,
    };
  };
  return {
    assessmentId: assessment.id,
    period: summary.period,
    total: summary.total,
    minimumCohort: minimum,
    national: position('country'),
    province: position('province'),
  };
}

function findSummaryFor(deps: Deps, a: { id: string; enterpriseId: string; period: string }) {
  const row = deps.database.sqlite.prepare('select * from assessment_summaries where assessment_id = ?').get(a.id) as
    | { period: string; province_code: string; industry_code: string; size_class: string; total: number }
    | undefined;
  if (!row) {
    const latest = createAssessmentRepository(deps.database.db).findLatestSummary(a.enterpriseId, a.period);
    throw new ProblemError(
      'conflict',
      'only a submitted assessment has a benchmark',
      latest ? { headers: { location: `/v1/assessments/${latest.assessmentId}` } } : {},
    );
  }
  return { period: row.period, provinceCode: row.province_code, industryCode: row.industry_code, sizeClass: row.size_class, total: row.total };
}
