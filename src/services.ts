import { createAssessmentRepository, type AssessmentRepository } from './assessments/repository';
import { createPgAssessmentRepository } from './assessments/repository.pg';
import { createAssessmentService } from './assessments/service';
import { createAuditRepository, createKeyRepository, type AuditRepository, type KeyRepository } from './auth/repository';
import { createPgAuditRepository, createPgKeyRepository } from './auth/repository.pg';
import { createAuthService } from './auth/service';
import { createChangeLog, type ChangeLog } from './changes/repository';
import { createPgChangeLog, rebaseForeignXids } from './changes/repository.pg';
import { ConfigError, type Config } from './config';
import { Checkpointer } from './db/checkpointer';
import { migrateDatabase, openDatabase, type DatabaseHandle } from './db/connection';
import { LOCKS, migratePostgres, openPostgres, whileLeader } from './db/postgres';
import type { UnitOfWork } from './db/unit-of-work';
import { createEnterpriseRepository, type EnterpriseRepository } from './enterprises/repository';
import { createPgEnterpriseRepository } from './enterprises/repository.pg';
import { createEnterpriseService } from './enterprises/service';
import { createIdempotencyRepository, type IdempotencyRepository } from './idempotency/repository';
import { createPgIdempotencyRepository } from './idempotency/repository.pg';
import { createIndexProjector, INDEX_PROJECTION, type IndexProjector } from './indices/projector';
import { createIndexRepository, rollupReaderOn, type IndexRepository } from './indices/repository';
import { createPgIndexRepository } from './indices/repository.pg';
import { createIndexService, type RollupReader } from './indices/service';
import { createBulkLoader, type BulkLoader } from './assessments/bulk';
import { createPgBulkLoader } from './assessments/bulk.pg';
import { createResultFreezer } from './assessments/results';
import { loadCatalog } from './questionnaires/load-catalog';
import { DEFINITIONS_DIR, LOCK_FILE } from './questionnaires/paths';
import { createQuestionnaireVersionRepository, type QuestionnaireVersionRepository } from './questionnaires/repository';
import { createPgQuestionnaireVersionRepository } from './questionnaires/repository.pg';
import { createQuestionnaireService } from './questionnaires/service';
import { createMetrics } from './metrics/metrics';

/** A path SQLite cannot open (a file where a folder should be, no permission) is the operator's to fix: say which. */
function openAt(config: Config): DatabaseHandle {
  try {
    return openDatabase(config.DATABASE_PATH, { busyTimeoutMs: config.DB_BUSY_TIMEOUT_MS, cacheMb: config.DB_CACHE_MB });
  } catch (err) {
    const code = String((err as { code?: unknown }).code ?? '');
    if (/^E[A-Z]+$/.test(code) || code === 'SQLITE_CANTOPEN') {
      throw new ConfigError(`DATABASE_PATH=${JSON.stringify(config.DATABASE_PATH)}: cannot open the database (${code}: ${(err as Error).message})`);
    }
    throw err;
  }
}

export interface ServiceOptions {
  /** Where the definition files and their lock live; the committed catalog unless a test points elsewhere. */
  catalog?: { definitionsDir: string; lockFile: string };
  /** Reports a background failure (a WAL checkpoint); the server logs it. */
  onError?: (message: string) => void;
}

/** The database a process runs on, with what the services are built from: the unit of work and every repository. */
interface Backend {
  kind: 'sqlite' | 'postgres';
  /** SQLite's handle (the scripts, benchmarks and tests that read the file directly); on PostgreSQL, a guard saying so. */
  database: DatabaseHandle;
  uow: UnitOfWork;
  repositories: {
    questionnaireVersions: QuestionnaireVersionRepository;
    changes: ChangeLog;
    idempotency: IdempotencyRepository;
    enterprises: EnterpriseRepository;
    audit: AuditRepository;
    keys: KeyRepository;
    assessments: AssessmentRepository;
    indices: IndexRepository;
  };
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /** How its connections are used now, for /metrics. */
  poolUse(): { size: number; inUse: number; waiting: number };
  openReader(): RollupReader | null;
  /** Starts projecting the change log (see below); returns what stops it. */
  startProjection(projector: IndexProjector, onError: (message: string) => void): { close(): Promise<void> };
  /** The bulk loader: SQLite's on the connection itself, PostgreSQL's a statement per table and batch. */
  bulk(deps: Omit<Parameters<typeof createBulkLoader>[0], 'database'>): BulkLoader;
  close(): Promise<void>;
}

const projectionError = (err: unknown) =>
  `index projection failed; it is retried with the next write or live read: ${err instanceof Error ? err.message : String(err)}`;

function sqliteBackend(config: Config): Backend {
  const database = openAt(config);
  const sqlite = database.sqlite;
  return {
    kind: 'sqlite',
    database,
    uow: database.writes,
    repositories: {
      questionnaireVersions: createQuestionnaireVersionRepository(sqlite),
      changes: createChangeLog(sqlite),
      idempotency: createIdempotencyRepository(sqlite),
      enterprises: createEnterpriseRepository(sqlite),
      audit: createAuditRepository(sqlite),
      keys: createKeyRepository(sqlite),
      assessments: createAssessmentRepository(database.db),
      indices: createIndexRepository(sqlite),
    },
    migrate: () => Promise.resolve(migrateDatabase(database)),
    ping: () => Promise.resolve(database.ping()),
    poolUse: () => {
      const { queued, open } = database.writes.use();
      return { size: 1, inUse: open ? 1 : 0, waiting: queued };
    },
    openReader: () => rollupReaderOn(database.openReader()),
    // At the end of every write batch, in its transaction, so a submission is acknowledged with its projection;
    // whatever is left (a failed batch, another process's events) is caught up before live reads and publications.
    startProjection(projector, onError) {
      database.writes.beforeCommit(
        () => projector.projectPending(),
        (err) => onError(projectionError(err)),
      );
      // An in-memory database has no WAL.
      const checkpointer = config.DATABASE_PATH === ':memory:' ? null : new Checkpointer(sqlite, { intervalMs: 50, onError });
      return { close: async () => void (await checkpointer?.close()) };
    },
    bulk: (deps) => createBulkLoader({ ...deps, database }),
    close: () => database.close(),
  };
}

/** How often the projecting instance looks for new events (live reads catch up at once, whatever this is). */
const PROJECTION_INTERVAL_MS = 50;

function postgresBackend(config: Config & { DATABASE_URL: string }): Backend {
  const handle = openPostgres(config.DATABASE_URL, { poolSize: config.DB_POOL_SIZE, lockTimeoutMs: config.DB_BUSY_TIMEOUT_MS });
  const sql = handle.sql;
  const indices = createPgIndexRepository(sql);
  const guard = new Proxy({} as DatabaseHandle, {
    get(_target, property) {
      // What generic code probes (a thenable? fastify's decorate: a getter?) is simply absent.
      if (typeof property === 'symbol' || ['then', 'getter', 'setter', 'toJSON'].includes(property)) return undefined;
      throw new Error(`services.database.${String(property)}: this process runs on PostgreSQL (DATABASE_URL), not on a SQLite file`);
    },
  });
  return {
    kind: 'postgres',
    database: guard,
    uow: handle.writes,
    repositories: {
      questionnaireVersions: createPgQuestionnaireVersionRepository(sql),
      changes: createPgChangeLog(sql),
      idempotency: createPgIdempotencyRepository(sql),
      enterprises: createPgEnterpriseRepository(sql),
      audit: createPgAuditRepository(sql),
      keys: createPgKeyRepository(sql),
      assessments: createPgAssessmentRepository(sql),
      indices,
    },
    async migrate() {
      await migratePostgres(handle);
      await handle.writes.write(() => rebaseForeignXids(sql, INDEX_PROJECTION));
    },
    ping: () => handle.ping(),
    poolUse: () => handle.poolUse(),
    // Reads in slices on a connection of its own, in one snapshot (see PgSql.snapshot).
    openReader: () => ({ rollupsInSlices: indices.rollupsInSlices, close: () => {} }),
    // Not in the submissions' transactions (each would lock the national rollup rows): one instance at a time,
    // the holder of an advisory lock, projects what was appended, in batches of its own; its batches and a live
    // read's catch-up on any instance take turns under another (see changes/repository.pg.ts).
    startProjection(projector, onError) {
      return whileLeader(handle, LOCKS.projectorLeader, () => projector.catchUp(), {
        intervalMs: PROJECTION_INTERVAL_MS,
        onError: (err) => onError(projectionError(err)),
      });
    },
    bulk: (deps) => createPgBulkLoader({ ...deps, sql }),
    close: () => handle.close(),
  };
}

/**
 * The composition root: opens and migrates the database (PostgreSQL when DATABASE_URL is set, else the SQLite file
 * at DATABASE_PATH), loads the questionnaire catalog and builds every repository and service on them, for the HTTP
 * app, the scripts and the benchmarks alike. Throws, with nothing left open, if any step fails.
 */
export async function createServices(config: Config, options: ServiceOptions = {}) {
  const catalogFiles = options.catalog ?? { definitionsDir: DEFINITIONS_DIR, lockFile: LOCK_FILE };
  const backend = config.DATABASE_URL ? postgresBackend({ ...config, DATABASE_URL: config.DATABASE_URL }) : sqliteBackend(config);
  const { database, uow, repositories: r } = backend;
  let catalog;
  try {
    await backend.migrate();
    catalog = await loadCatalog({ uow, versions: r.questionnaireVersions }, { ...catalogFiles, now: new Date().toISOString() });
  } catch (err) {
    await backend.close();
    throw err;
  }
  const clock = () => new Date();
  const { changes, idempotency, audit } = r;
  const enterpriseRepository = r.enterprises;

  const enterprises = createEnterpriseService({ uow, enterprises: enterpriseRepository, changes, clock });
  const auth = createAuthService({ uow, keys: r.keys, audit, enterprises: enterpriseRepository, clock });
  const questionnaires = createQuestionnaireService({ uow, versions: r.questionnaireVersions, catalog, clock });

  const onError = options.onError ?? ((m: string) => console.error(m));

  // Index rollups are a projection of the change log (see the backends above for when it runs).
  const assessmentRepository = r.assessments;
  const indexRepository = r.indices;
  const projector = createIndexProjector({ uow, changes, store: indexRepository });
  const projection = backend.startProjection(projector, onError);
  const indices = createIndexService({
    uow,
    indices: indexRepository,
    projector,
    openReader: () => backend.openReader(),
    clock,
    options: { k: config.SUPPRESSION_K, maxStalenessMs: config.LIVE_INDEX_MAX_STALENESS_MS, cacheSize: 24 },
  });
  // Bulk loads (demo data, benchmarks, migrations) append the same events, projected the same way.
  const bulk = backend.bulk({ uow, catalog, assessments: assessmentRepository, changes, clock });

  const results = createResultFreezer({ uow, assessments: assessmentRepository, catalog });

  const assessments = createAssessmentService({
    uow,
    assessments: assessmentRepository,
    enterprises: enterpriseRepository,
    catalog,
    clock,
    changes,
  });

  // What GET /metrics reports besides requests: each backend registers its connections' use (SQLite: its one write
  // connection and the writes queued for the next group commit; PostgreSQL: its pool), each projection its position
  // in the change log.
  const metrics = createMetrics();
  metrics.registerPool(backend.kind, () => backend.poolUse());
  metrics.registerProjection(INDEX_PROJECTION, () => uow.read(() => projector.position()));

  return {
    config,
    /** Which database this process runs on. */
    backend: backend.kind,
    database,
    /** Whether the database answers (readiness). */
    ping: () => backend.ping(),
    catalog,
    clock,
    uow,
    changes,
    idempotency,
    projector,
    indices,
    /** The index rollups as stored, and a reader of them in slices (tests, benchmarks). */
    indexRepository,
    openIndexReader: () => backend.openReader(),
    assessments,
    bulk,
    results,
    enterpriseRepository,
    enterprises,
    auth,
    /** The audit log the HTTP edge appends to (see AuditWriter). */
    audit,
    questionnaires,
    metrics,
    /** Stops background work and closes the database, committing what is queued. */
    async close(): Promise<void> {
      await projection.close();
      await backend.close();
    },
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
