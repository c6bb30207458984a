import { createAssessmentRepository } from './assessments/repository';
import { createAssessmentService } from './assessments/service';
import { adminKeyExists } from './auth/keys';
import { createChangeLog } from './changes/repository';
import { ConfigError, type Config } from './config';
import { Checkpointer } from './db/checkpointer';
import { migrateDatabase, openDatabase, type DatabaseHandle } from './db/connection';
import type { Deps } from './deps';
import { findEnterprise } from './enterprises/repository';
import { createIdempotencyRepository } from './idempotency/repository';
import { applySummary } from './indices/rollups';
import { IndexService } from './indices/service';
import { loadCatalog } from './questionnaires/load-catalog';
import { DEFINITIONS_DIR, LOCK_FILE } from './questionnaires/paths';

/** A path SQLite cannot open (a file where a folder should be, no permission) is the operator's to fix: say which. */
function openAt(config: Config): DatabaseHandle {
  try {
    return openDatabase(config.DATABASE_PATH, { busyTimeoutMs: config.DB_BUSY_TIMEOUT_MS });
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
  let catalog;
  try {
    migrateDatabase(database);
    catalog = await loadCatalog(database.db, { ...catalogFiles, now: new Date().toISOString() });
  } catch (err) {
    await database.close();
    throw err;
  }
  const clock = () => new Date();
  const uow = database.writes;
  const changes = createChangeLog(database.sqlite);
  const idempotency = createIdempotencyRepository(database.sqlite);

  const base = { database, catalog, clock };
  const indices = new IndexService(base, { k: config.SUPPRESSION_K, maxStalenessMs: config.LIVE_INDEX_MAX_STALENESS_MS, cacheSize: 24 });
  // The services not yet built from narrow dependencies still take these.
  const deps: Deps = { ...base, indexChanged: (period: string) => indices.changed(period) };

  const assessments = createAssessmentService({
    uow,
    assessments: createAssessmentRepository(database.db),
    // Transitional: until the enterprises module has a repository object of its own.
    enterprises: { find: (id) => findEnterprise(database.db, id) },
    catalog,
    clock,
    changes,
    // Transitional: the rollups and live caches, until a projector of the change log replaces both.
    applySummary: (summary, sign) => applySummary(database.sqlite, summary, sign),
    indexChanged: deps.indexChanged,
  });

  // An in-memory database has no WAL.
  const checkpointer =
    config.DATABASE_PATH === ':memory:' ? null : new Checkpointer(database.sqlite, { intervalMs: 50, onError: options.onError ?? ((m) => console.error(m)) });

  return {
    config,
    database,
    catalog,
    clock,
    uow,
    changes,
    idempotency,
    indices,
    assessments,
    deps,
    /** Whether an unexpired admin key exists (a fresh install has none, and says how to make one). */
    adminKeyExists: () => adminKeyExists(database.sqlite, clock()),
    /** Stops background work and closes the database, committing what is queued. */
    async close(): Promise<void> {
      await checkpointer?.close();
      await database.close();
    },
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
