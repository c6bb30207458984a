import { defineConfig } from 'vitest/config';
import { postgresForTests } from './test/postgres-cluster.ts';

// PostgreSQL for the postgres project: TEST_DATABASE_URL, or a throwaway cluster (test/global-setup.ts). Without one
// the SQLite suite runs alone and one line says why; CI (CI=true) must have it.
const pg = postgresForTests();
if (pg.kind === 'none') {
  if (process.env.CI === 'true') throw new Error(`CI needs PostgreSQL for the tests: ${pg.why}`);
  console.warn(`PostgreSQL tests left out: ${pg.why}`);
}

/** Files about SQLite itself, each with what it tests; the postgres project leaves them out. */
const SQLITE_ONLY = [
  // drizzle's SQLite migrator and the IMMEDIATE lock around migrations/sqlite (PostgreSQL's: test/postgres/cluster.test.ts)
  'test/service/migrations.test.ts',
  // rewrites of rows stored by older SQLite schemas (stored result JSON, snapshots before their cells table); PostgreSQL
  // databases began at the current schema, so there is nothing older to migrate
  'test/service/results-migration.test.ts',
  'test/http/snapshot-migration.test.ts',
  // SQLite's online backup of a file (pg_dump and pg_restore: test/postgres/backup.test.ts)
  'test/e2e/backup.test.ts',
];

const shared = {
  pool: 'forks' as const,
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // Tests must fail rather than be skipped: .only/.skip left in a commit fail the run.
  allowOnly: false,
  passWithNoTests: false,
};

// The suite runs on SQLite (project `sqlite`) and, when there is a PostgreSQL server (TEST_DATABASE_URL, a database
// on it the tests may create databases from, or the cluster test/global-setup.ts starts and names in
// TEST_DATABASE_URL before the test processes are forked), on PostgreSQL too (project `postgres`:
// test/helpers/postgres.ts).
const postgres =
  pg.kind !== 'none'
    ? [
        {
          test: {
            ...shared,
            name: 'postgres',
            env: { RONGHE_TEST_BACKEND: 'postgres' },
            globalSetup: ['test/global-setup.ts', 'test/helpers/postgres-setup.ts'],
            // Every file that drives the services, the app or a server process runs here too; what stays on SQLite
            // alone is listed below with the reason (test/unit/ is pure code, test/browser/ the dashboard's pages).
            include: process.env.PG_INCLUDE ? process.env.PG_INCLUDE.split(',') : ['test/{service,http,e2e,postgres}/**/*.test.ts'],
            // Tests of the throwaway clusters need the server's binaries, which a given TEST_DATABASE_URL may come without.
            exclude: ['**/node_modules/**', ...SQLITE_ONLY, ...(pg.kind === 'given' && !pg.bindir ? ['test/postgres/cluster-script.test.ts'] : [])],
          },
        },
      ]
    : [];

export default defineConfig({
  test: {
    ...shared,
    // test/postgres/: what only PostgreSQL has (several instances on one database).
    projects: [{ test: { ...shared, name: 'sqlite', include: ['test/**/*.test.ts'], exclude: ['test/postgres/**'] } }, ...postgres],
  },
});
