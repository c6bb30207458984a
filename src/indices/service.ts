import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { statement } from '../db/statements';
import { writeTransaction } from '../db/transaction';
import type { Deps } from '../deps';
import { canReadLive } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { notFound, ProblemError } from '../http/problem';
import type { RegionKey } from '../regions/codes';
import { findRegion, type Region } from '../regions/divisions';
import { Cube, type RollupRow } from './cube';
import { INDEX_METHOD } from './method';
import { findSnapshot, insertSnapshot, latestSnapshot, rollupsInSlices, rollupsOf, type SnapshotRow } from './repository';
import { ALL, type CellKey } from './rollups';
import { liveView, SnapshotCellCache, snapshotView, type IndexView } from './views';

const LATEST_SNAPSHOT_TTL_MS = 5000;
/** Lets the requests and timers that are due run, between two steps of a rebuild. */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
const RESPONSE_CACHE_SIZE = 20_000;

export interface IndexOptions {
  k: number;
  /** How old a live cube may be after a submission before the next read rebuilds it. */
  maxStalenessMs: number;
  /** Live cubes kept in memory (one per period). */
  cacheSize: number;
}

export type Source = 'published' | 'live';

/** A region code as an index region; 000000 is the whole country. */
export function regionOf(code: string): Region {
  const region = findRegion(code);
  if (!region) throw notFound(`region ${code}`);
  return region;
}

export const cellKey = (region: RegionKey, industry?: string, size?: string): CellKey => ({
  level: region.level,
  regionCode: region.code,
  industryCode: industry ?? ALL,
  sizeClass: size ?? ALL,
});

/**
 * Live cubes per period, rebuilt from rollups when submissions changed them (at most once per maxStalenessMs), and
 * published snapshots. Every read goes through an IndexView so live and published figures are served alike.
 */
export class IndexService {
  private readonly cubes = new Map<string, { cube: Cube; generation: string; builtAt: number }>();
  private readonly rebuilding = new Map<string, Promise<Cube>>();
  private readonly generations = new Map<string, number>();
  private readonly snapshotCells = new SnapshotCellCache(200_000);
  private readonly responses = new Map<string, string>();
  /** The latest snapshot per period, re-read after a publish here or after a few seconds (another process may publish). */
  private readonly latest = new Map<string, { snapshot: SnapshotRow | undefined; at: number }>();

  constructor(
    private readonly deps: Omit<Deps, 'indexChanged'>,
    readonly options: IndexOptions,
  ) {}

  changed(period: string): void {
    this.generations.set(period, (this.generations.get(period) ?? 0) + 1);
  }

  /**
   * The live cube of a period. It is rebuilt from the rollups when submissions changed them, at most once per
   * maxStalenessMs: a rebuild at a million assessments takes seconds, so it is done in steps with other requests
   * served in between, and the reads that arrive meanwhile wait for the same rebuild. `fresh`: whatever changed
   * since the last rebuild is in the cube, however recent that rebuild.
   */
  async liveCube(period: string, fresh = false): Promise<Cube> {
    // Submissions here bump the period's generation; commits by other processes (a seed, a bulk load, another
    // server on the same file) change SQLite's data_version, which this connection's own commits never do.
    const generation = `${this.generations.get(period) ?? 0}|${statement(this.deps.database.sqlite, 'pragma data_version').pluck().get() as number}`;
    const cached = this.cubes.get(period);
    if (cached && (cached.generation === generation || (!fresh && Date.now() - cached.builtAt < this.options.maxStalenessMs))) return cached.cube;
    let rebuilt = this.rebuilding.get(period);
    if (!rebuilt) {
      rebuilt = this.rebuild(period, generation).finally(() => this.rebuilding.delete(period));
      this.rebuilding.set(period, rebuilt);
    }
    return rebuilt;
  }

  private async rebuild(period: string, generation: string): Promise<Cube> {
    const asOf = this.deps.clock().toISOString();
    const cube = await Cube.build(period, await this.readRollups(period), this.options.k, asOf, pause);
    this.cubes.delete(period);
    this.cubes.set(period, { cube, generation, builtAt: Date.now() });
    while (this.cubes.size > this.options.cacheSize) this.cubes.delete(this.cubes.keys().next().value!);
    return cube;
  }

  /** Read on a connection of its own, in slices (see rollupsInSlices); an in-memory database has only the one. */
  private async readRollups(period: string): Promise<RollupRow[]> {
    const { sqlite } = this.deps.database;
    if (sqlite.memory) return rollupsOf(sqlite, period);
    const reader = new Database(sqlite.name, { readonly: true, fileMustExist: true });
    try {
      return await rollupsInSlices(reader, period, pause);
    } finally {
      reader.close();
    }
  }

  /**
   * The figures a caller reads about a region: a named snapshot, the latest published one of the period, or live
   * figures, which only authorities read, and only within their region.
   */
  async view(period: string, source: Source, snapshotId: string | undefined, principal: Principal, regionCode: string): Promise<IndexView> {
    const sqlite = this.deps.database.sqlite;
    if (!snapshotId) this.authorize(source, principal, regionCode);
    if (snapshotId) {
      const snapshot = findSnapshot(sqlite, snapshotId);
      if (!snapshot || snapshot.period !== period) throw notFound(`snapshot ${snapshotId} of ${period}`);
      return snapshotView(sqlite, snapshot, this.snapshotCells);
    }
    if (source === 'live') return liveView(await this.liveCube(period));
    const snapshot = this.latestSnapshot(period);
    if (!snapshot) throw new ProblemError('not-found', `no published snapshot for ${period}; authorities publish one with POST /v1/index-snapshots`);
    return snapshotView(sqlite, snapshot, this.snapshotCells);
  }

  /** Published figures are for everyone; live ones for authorities, within their region. */
  authorize(source: Source, principal: Principal, regionCode: string): void {
    if (source !== 'live') return;
    if (principal.role === 'public') throw new ProblemError('authentication-required', 'live figures need an authority key; published figures need none');
    if (principal.role !== 'authority') throw new ProblemError('forbidden', 'live figures are for authorities');
    if (!canReadLive(principal, regionCode)) throw notFound(`live figures of region ${regionCode}`);
  }

  /**
   * A response serialized once, under a key naming what it was built from (a snapshot, or a live cube, neither of
   * which changes), so the same request gets the same bytes. Bounded; the oldest entries go first.
   */
  keptResponse(key: string, render: () => string): string {
    let text = this.responses.get(key);
    if (text === undefined) {
      text = render();
      this.responses.set(key, text);
      if (this.responses.size > RESPONSE_CACHE_SIZE) this.responses.delete(this.responses.keys().next().value!);
    }
    return text;
  }

  private latestSnapshot(period: string): SnapshotRow | undefined {
    const cached = this.latest.get(period);
    if (cached && Date.now() - cached.at < LATEST_SNAPSHOT_TTL_MS) return cached.snapshot;
    const snapshot = latestSnapshot(this.deps.database.sqlite, period);
    this.latest.set(period, { snapshot, at: Date.now() });
    return snapshot;
  }

  /**
   * Freezes the current figures of a period, suppression applied, as its published snapshot. A period is published
   * once: two publications of it could be subtracted, cell by cell, to reveal the few enterprises that submitted or
   * revised in between, which suppression within each one cannot prevent.
   */
  async publish(period: string, publishedBy: string, note: string | null): Promise<SnapshotRow> {
    const { sqlite } = this.deps.database;
    // Built inside the transaction, so the snapshot is exactly the rollups at one instant.
    return writeTransaction(this.deps.database, () => {
      const published = latestSnapshot(sqlite, period);
      if (published) {
        throw new ProblemError(
          'conflict',
          `${period} was published at ${published.publishedAt}; published figures are final, since a second publication could be subtracted from the first`,
          {
            headers: { location: `/v1/index-snapshots?period=${period}` },
          },
        );
      }
      const publishedAt = this.deps.clock().toISOString();
      const cells = new Cube(period, rollupsOf(sqlite, period), this.options.k, publishedAt).all();
      if (cells.length === 0) throw new ProblemError('conflict', `no submitted assessment for ${period} yet; nothing to publish`);
      const snapshot: SnapshotRow = {
        id: randomUUID(),
        period,
        methodVersion: INDEX_METHOD.version,
        k: this.options.k,
        publishedAt,
        publishedBy,
        note,
        cellCount: cells.length,
      };
      insertSnapshot(sqlite, snapshot, cells);
      this.latest.delete(period);
      return snapshot;
    });
  }
}
