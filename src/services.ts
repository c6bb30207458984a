import { createAssessmentRepository } from './assessments/repository';
import { createAssessmentService } from './assessments/service';
import { createAuditRepository, createKeyRepository } from './auth/repository';
import { createAuthService } from './auth/service';
import { createChangeLog } from './changes/repository';
import { ConfigError, type Config } from './config';
import { Checkpointer } from './db/checkpointer';
import { migrateDatabase, openDatabase, type DatabaseHandle } from './db/connection';
import { createEnterpriseRepository } from './enterprises/repository';
import { createEnterpriseService } from './enterprises/service';
import { createIdempotencyRepository } from './idempotency/repository';
import { createIndexProjector, INDEX_PROJECTION } from './indices/projector';
import { createIndexRepository, rollupReaderOn } from './indices/repository';
import { createIndexService } from './indices/service';
import { createBulkLoader } from './assessments/bulk';
import { createResultFreezer } from './assessments/results';
import { loadCatalog } from './questionnaires/load-catalog';
import { DEFINITIONS_DIR, LOCK_FILE } from './questionnaires/paths';
import { createQuestionnaireVersionRepository } from './questionnaires/repository';
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

/**
 * The composition root: opens and migrates the database, loads the questionnaire catalog and builds every
 * repository and service on them, for the HTTP app, the scripts and the benchmarks alike. Throws, with nothing
 * left open, if any step fails.
 */
export async function createServices(config: Config, options: ServiceOptions = {}) {
  const catalogFiles = options.catalog ?? { definitionsDir: DEFINITIONS_DIR, lockFile: LOCK_FILE };
  const database = openAt(config);
  const uow = database.writes;
  const questionnaireVersions = createQuestionnaireVersionRepository(database.sqlite);
  let catalog;
  try {
    migrateDatabase(database);
    catalog = await loadCatalog({ uow, versions: questionnaireVersions }, { ...catalogFiles, now: new Date().toISOString() });
  } catch (err) {
    await database.close();
    throw err;
  }
  const clock = () => new Date();
  const changes = createChangeLog(database.sqlite);
  const idempotency = createIdempotencyRepository(database.sqlite);
  const enterpriseRepository = createEnterpriseRepository(database.sqlite);
  const audit = createAuditRepository(database.sqlite);

  const enterprises = createEnterpriseService({ uow, enterprises: enterpriseRepository, changes, clock });
  const auth = createAuthService({ uow, keys: createKeyRepository(database.sqlite), audit, enterprises: enterpriseRepository, clock });
  const questionnaires = createQuestionnaireService({ uow, versions: questionnaireVersions, catalog, clock });

  const onError = options.onError ?? ((m: string) => console.error(m));

  // Index rollups are a projection of the change log, applied at the end of every write batch, in its transaction
  // (so a submission is acknowledged with its projection); whatever is left (a failed batch, another process's
  // events) is caught up before live reads and publications.
  const assessmentRepository = createAssessmentRepository(database.db);
  const indexRepository = createIndexRepository(database.sqlite);
  const projector = createIndexProjector({ uow, changes, store: indexRepository });
  database.writes.beforeCommit(
    () => projector.projectPending(),
    (err) => onError(`index projection failed; it is retried with the next write or live read: ${err instanceof Error ? err.message : String(err)}`),
  );
  const indices = createIndexService({
    uow,
    indices: indexRepository,
    projector,
    openReader: () => rollupReaderOn(database.openReader()),
    clock,
    options: { k: config.SUPPRESSION_K, maxStalenessMs: config.LIVE_INDEX_MAX_STALENESS_MS, cacheSize: 24 },
  });
  // Bulk loads (demo data, benchmarks, migrations) append the same events, projected the same way.
  const bulk = createBulkLoader({ uow, database, catalog, assessments: assessmentRepository, changes, clock });

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
  // connection and the writes queued for the next group commit), each projection its position in the change log.
  const metrics = createMetrics();
  metrics.registerPool('sqlite', () => {
    const { queued, open } = database.writes.use();
    return { size: 1, inUse: open ? 1 : 0, waiting: queued };
  });
  metrics.registerProjection(INDEX_PROJECTION, () => uow.read(() => projector.position()));

  // An in-memory database has no WAL.
  const checkpointer = config.DATABASE_PATH === ':memory:' ? null : new Checkpointer(database.sqlite, { intervalMs: 50, onError });

  return {
    config,
    database,
    catalog,
    clock,
    uow,
    changes,
    idempotency,
    projector,
    indices,
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
      await checkpointer?.close();
      await database.close();
    },
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
