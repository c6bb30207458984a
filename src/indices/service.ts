import { newId } from '../domain/ids';
import { LRUCache } from 'lru-cache';
import type { z } from 'zod';
import type { Authorized } from '../auth/authorized';
import { canPublishSnapshots, canReadLive } from '../auth/policy';
import type { Principal } from '../auth/principal';
import type { UnitOfWork } from '../db/unit-of-work';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../domain/errors';
import { comparePeriods, parsePeriod, previousPeriod } from '../domain/periods';
import type { SizeClass } from '../enterprises/size-class';
import { roundScore } from '../scoring/rounding';
import type { Benchmark, CohortPosition, IndexSeries, Ranking } from './api.schemas';
import { Cube, type RollupRow } from './cube';
import { INDEX_METHOD } from './method';
import type { IndexProjector } from './projector';
import { cellKey, methodOf, publicFigures, regionOf, regionRef, sourceOf, type Cut } from './queries';
import type { IndexRepository, SnapshotRow } from './repository';
import { NATIONAL_CODE } from '../regions/codes';
import { ALL, tenths, type CellKey } from './rollups';
import { liveView, snapshotCellCache, snapshotView, type IndexView } from './views';

type Out<T extends z.ZodType> = z.infer<T>;

const LATEST_SNAPSHOT_TTL_MS = 5000;
/** Lets the requests and timers that are due run, between two steps of a rebuild. */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
const RESPONSE_CACHE_SIZE = 20_000;
const SNAPSHOT_CELL_CACHE_SIZE = 200_000;

export interface IndexOptions {
  k: number;
  /** How old a live cube may be after a submission before the next read rebuilds it. */
  maxStalenessMs: number;
  /** Live cubes kept in memory (one per period). */
  cacheSize: number;
}

export type Source = 'published' | 'live';

declare const decided: unique symbol;
/**
 * What one request may read, decided once by `authorize`: published figures (anyone), or live ones (an authority,
 * within its region). The reads take it, so none of them decides again, nor reads live figures unchecked.
 */
export type IndexAccess = { readonly source: Source; readonly [decided]: true };
const PUBLISHED = { source: 'published' } as IndexAccess;

/** The assessment a benchmark is asked of, as the caller was checked against (see auth/authorized.ts). */
export type BenchmarkedAssessment = Authorized<{ id: string; enterpriseId: string; period: string }>;

/** A reader of the rollups on a connection of its own (see IndexRepository.rollupsInSlices), closed after use. */
export type RollupReader = Pick<IndexRepository, 'rollupsInSlices'> & { close(): void };

/**
 * Live cubes per period, built from the rollups (the projection of the change log) and rebuilt when the projection
 * moved on, at most once per maxStalenessMs; published snapshots; and every read of either, through an IndexView
 * given only to a caller authorized once per request.
 */
export function createIndexService(deps: {
  uow: UnitOfWork;
  indices: Pick<
    IndexRepository,
    | 'rollupsOf'
    | 'dataVersion'
    | 'livePeriods'
    | 'publishedPeriods'
    | 'cohortPosition'
    | 'summary'
    | 'latestSummaryId'
    | 'findSnapshot'
    | 'latestSnapshot'
    | 'listSnapshots'
    | 'insertSnapshot'
    | 'prepareSnapshot'
    | 'snapshotCell'
    | 'snapshotCellsInRange'
  >;
  projector: Pick<IndexProjector, 'catchUp' | 'catchUpWithin' | 'changedAt' | 'position'>;
  /** A reader of its own for rebuilds, or null where there is only the one connection (an in-memory database). */
  openReader: () => RollupReader | null;
  clock: () => Date;
  options: IndexOptions;
}) {
  const { uow, indices, projector, clock, options } = deps;
  const cubes = new LRUCache<string, { cube: Cube; generation: string; builtAt: number }>({ max: options.cacheSize });
  /** Rebuilds under way, one per period: the reads that arrive meanwhile wait for the same one. */
  const rebuilding = new Map<string, Promise<Cube>>();
  const snapshotCells = snapshotCellCache(SNAPSHOT_CELL_CACHE_SIZE);
  const responses = new LRUCache<string, string>({ max: RESPONSE_CACHE_SIZE });
  /** The latest snapshot per period, re-read after a publish here or after a few seconds (another process may publish). */
  const latest = new LRUCache<string, { snapshot: SnapshotRow | undefined }>({ max: 1000, ttl: LATEST_SNAPSHOT_TTL_MS });

  /** Read on a connection of its own, in slices (see rollupsInSlices); an in-memory database has only the one. */
  async function readRollups(period: string): Promise<RollupRow[]> {
    const reader = deps.openReader();
    if (!reader) return await indices.rollupsOf(period);
    try {
      return await reader.rollupsInSlices(period, pause);
    } finally {
      reader.close();
    }
  }

  async function rebuild(period: string, generation: string): Promise<Cube> {
    const asOf = clock().toISOString();
    const cube = await Cube.build(period, await readRollups(period), options.k, asOf, pause);
    cubes.set(period, { cube, generation, builtAt: Date.now() });
    return cube;
  }

  /**
   * The live cube of a period, once the projection has caught up with the change log. It is rebuilt from the
   * rollups when the projection changed them, at most once per maxStalenessMs: a rebuild at a million assessments
   * takes seconds, so it is done in steps with other requests served in between, and the reads that arrive
   * meanwhile wait for the same rebuild. `fresh`: whatever changed since the last rebuild is in the cube, however
   * recent that rebuild.
   */
  async function liveCube(period: string, fresh = false): Promise<Cube> {
    await projector.catchUp();
    // What this process projected into the period names its generation; commits by other processes (a seed, a
    // bulk load, another server on the same file) change SQLite's data_version, which this connection's own never do.
    const generation = `${projector.changedAt(period)}|${await indices.dataVersion()}`;
    const cached = cubes.get(period);
    if (cached && (cached.generation === generation || (!fresh && Date.now() - cached.builtAt < options.maxStalenessMs))) return cached.cube;
    let rebuilt = rebuilding.get(period);
    if (!rebuilt) {
      rebuilt = rebuild(period, generation).finally(() => rebuilding.delete(period));
      rebuilding.set(period, rebuilt);
    }
    return rebuilt;
  }

  async function latestSnapshot(period: string): Promise<SnapshotRow | undefined> {
    let kept = latest.get(period);
    if (!kept) latest.set(period, (kept = { snapshot: await indices.latestSnapshot(period) }));
    return kept.snapshot;
  }

  /** Published figures are for everyone (a named snapshot too); live ones for authorities, within their region. */
  function authorize(principal: Principal, q: { source: Source; snapshot?: string }, regionCode: string): IndexAccess {
    if (q.source !== 'live' || q.snapshot) return PUBLISHED;
    if (principal.role === 'public') throw new UnauthenticatedError('live figures need an authority key; published figures need none');
    if (principal.role !== 'authority') throw new ForbiddenError('live figures are for authorities');
    if (!canReadLive(principal, regionCode)) throw new NotFoundError(`live figures of region ${regionCode}`);
    return { source: 'live' } as IndexAccess;
  }

  /** The figures of a period `access` admits to: a named snapshot, the latest published one, or live figures. */
  async function view(access: IndexAccess, period: string, snapshotId?: string): Promise<IndexView> {
    if (snapshotId) {
      const snapshot = await indices.findSnapshot(snapshotId);
      if (!snapshot || snapshot.period !== period) throw new NotFoundError(`snapshot ${snapshotId} of ${period}`);
      await indices.prepareSnapshot(snapshot.number);
      return snapshotView(indices, snapshot, snapshotCells);
    }
    if (access.source === 'live') return liveView(await liveCube(period));
    const snapshot = await latestSnapshot(period);
    if (!snapshot) throw new NotFoundError('snapshot', `no published snapshot for ${period}; authorities publish one`);
    await indices.prepareSnapshot(snapshot.number);
    return snapshotView(indices, snapshot, snapshotCells);
  }

  /** Periods of one kind (years or half-years) that have figures in the chosen source, oldest first. */
  async function periodsOf(source: Source, type: 'year' | 'half'): Promise<string[]> {
    if (source === 'live') await projector.catchUp();
    const periods = source === 'live' ? await indices.livePeriods() : await indices.publishedPeriods();
    return periods.filter((p) => (parsePeriod(p)?.half === null) === (type === 'year')).sort(comparePeriods);
  }

  function ranks(rows: { regionCode: string; value: number | null }[]): Map<string, number> {
    const ranked = rows.filter((r) => r.value !== null).sort((a, b) => b.value! - a.value! || a.regionCode.localeCompare(b.regionCode));
    const out = new Map<string, number>();
    ranked.forEach((r, i) => out.set(r.regionCode, i > 0 && ranked[i - 1]!.value === r.value ? out.get(ranked[i - 1]!.regionCode)! : i + 1));
    return out;
  }

  return {
    options,
    authorize,
    view,
    liveCube,

    /** The figures about a region a caller asked for, authorized once (see authorize and view). */
    async read(principal: Principal, q: { period: string; source: Source; snapshot?: string }, regionCode: string): Promise<IndexView> {
      return await view(authorize(principal, q, regionCode), q.period, q.snapshot);
    },

    /**
     * A response serialized once, under a key naming what it was built from (a snapshot, or a live cube, neither
     * of which changes), so the same request gets the same bytes. Bounded; the least recently used go first.
     */
    keptResponse(key: string, render: () => string): string {
      let text = responses.get(key);
      if (text === undefined) responses.set(key, (text = render()));
      return text;
    },

    /** One value per period for a region, oldest first; the caller is authorized once for all of them. */
    async series(principal: Principal, code: string, q: Cut & { source: Source; periodType: 'year' | 'half' }): Promise<Out<typeof IndexSeries>> {
      const region = regionOf(code);
      const key = cellKey(region, q.industry, q.size);
      const access = authorize(principal, q, region.code);
      const points = [];
      for (const period of await periodsOf(q.source, q.periodType)) {
        const v = await view(access, period);
        points.push({ period, source: sourceOf(v), figures: publicFigures(v.cell(key), v.k) });
      }
      return { region: regionRef(key), industry: q.industry ?? null, size: q.size ?? null, method: { ...INDEX_METHOD, k: options.k }, points };
    },

    /** Provinces (or cities) ranked by index, with the change of rank since the previous period. */
    async ranking(
      principal: Principal,
      q: Cut & { level: 'province' | 'city'; period: string; source: Source; snapshot?: string },
    ): Promise<Out<typeof Ranking>> {
      // A ranking spans the whole country.
      const access = authorize(principal, q, NATIONAL_CODE);
      const current = await view(access, q.period, q.snapshot);
      const industry = q.industry ?? ALL;
      const size = q.size ?? ALL;
      const rows = current.level(q.level, industry, size);
      const rankNow = ranks(rows.map((r) => ({ regionCode: r.key.regionCode, value: r.figures.value })));
      const prevPeriod = previousPeriod(q.period);
      let previous: Map<string, number> | null = null;
      try {
        // Compared like with like: published figures with published ones, even when a named snapshot is read.
        const prevView = await view(current.snapshotId ? PUBLISHED : access, prevPeriod);
        previous = ranks(prevView.level(q.level, industry, size).map((r) => ({ regionCode: r.key.regionCode, value: r.figures.value })));
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
      const items = rows
        .map((r) => {
          const rank = rankNow.get(r.key.regionCode) ?? null;
          const previousRank = previous?.get(r.key.regionCode) ?? null;
          const figures = publicFigures(r.figures, current.k);
          return {
            rank,
            region: regionRef(r.key),
            value: figures.value,
            n: figures.n,
            previousRank,
            rankChange: rank !== null && previousRank !== null ? previousRank - rank : null,
            suppressed: figures.suppressed,
            reasonCode: figures.reasonCode,
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
        method: methodOf(current),
        source: sourceOf(current),
        items,
      };
    },

    /**
     * The firm's percentile among peers of its industry and size, nationally and in its province, from live
     * histograms. A cohort smaller than the minimum widens to the industry, then to all enterprises, and says so.
     */
    async benchmark(assessment: BenchmarkedAssessment): Promise<Out<typeof Benchmark>> {
      await projector.catchUp();
      const summary = await indices.summary(assessment.id);
      if (!summary) {
        const latestId = await indices.latestSummaryId(assessment.enterpriseId, assessment.period);
        throw new ConflictError('only a submitted assessment has a benchmark', latestId ? { resource: { kind: 'assessment', id: latestId } } : {});
      }
      const minimum = Math.max(options.k, 10);
      const position = async (level: 'country' | 'province'): Promise<Out<typeof CohortPosition>> => {
        const regionCode = level === 'country' ? NATIONAL_CODE : summary.provinceCode;
        const steps: { scope: Out<typeof CohortPosition>['scope']; industry: string; size: string }[] = [
          { scope: 'industry_and_size', industry: summary.industryCode, size: summary.sizeClass },
          { scope: 'industry', industry: summary.industryCode, size: ALL },
          { scope: 'all', industry: ALL, size: ALL },
        ];
        for (const [i, step] of steps.entries()) {
          const key: CellKey = { level, regionCode, industryCode: step.industry, sizeClass: step.size };
          const pos = await indices.cohortPosition(summary.period, key, tenths(summary.total));
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
        national: await position('country'),
        province: await position('province'),
      };
    },

    /** Published snapshots, newest first. */
    async listSnapshots(period?: string): Promise<SnapshotRow[]> {
      return await indices.listSnapshots(period);
    },

    /**
     * Freezes the current figures of a period, suppression applied, as its published snapshot, with the change-log
     * sequence they stand at. A period is published once: two publications of it could be subtracted, cell by
     * cell, to reveal the few enterprises that submitted or revised in between, which suppression within each one
     * cannot prevent. Only the national authority publishes.
     */
    async publish(principal: Principal, input: { period: string; note: string | null }): Promise<{ snapshot: SnapshotRow }> {
      if (principal.role !== 'authority' || !canPublishSnapshots(principal)) {
        throw new ForbiddenError('the national authority (region 000000) publishes snapshots');
      }
      const { period } = input;
      // Projected up to the last event and built inside the write, so the snapshot is exactly the log at one point.
      const snapshot = await uow.write(async () => {
        await projector.catchUpWithin();
        const published = await indices.latestSnapshot(period);
        if (published) {
          throw new ConflictError(
            `${period} was published at ${published.publishedAt}; published figures are final, since a second publication could be subtracted from the first`,
            { resource: { kind: 'snapshots-of-period', period } },
          );
        }
        const publishedAt = clock().toISOString();
        const cells = new Cube(period, await indices.rollupsOf(period), options.k, publishedAt).all();
        if (cells.length === 0) throw new ConflictError(`no submitted assessment for ${period} yet; nothing to publish`);
        return indices.insertSnapshot(
          {
            id: newId(),
            period,
            methodVersion: INDEX_METHOD.version,
            k: options.k,
            publishedAt,
            publishedBy: principal.keyId,
            note: input.note,
            cellCount: cells.length,
            changeSeq: (await projector.position()).applied,
          },
          cells,
        );
      });
      latest.delete(period);
      return { snapshot };
    },
  };
}

export type IndexService = ReturnType<typeof createIndexService>;
