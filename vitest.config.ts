import { defineConfig } from 'vitest/config';
import { postgresForTests } from './test/postgres-cluster.ts';

// PostgreSQL for the postgres project: TEST_DATABASE_URL, or a throwaway cluster (test/global-setup.ts). Without one
// the SQLite suite runs alone and one line says why; CI (CI=true) must have it.
const pg = postgresForTests();
if (pg.kind === 'none') {
  if (process.env.CI === 'true') throw new Error(`CI needs PostgreSQL for the tests: ${pg.why}`);
  console.warn(`PostgreSQL tests left out: ${pg.why}`);
}

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
            // The files whose tests drive the services and the app only (not the SQLite file underneath).
            include: process.env.PG_INCLUDE
              ? process.env.PG_INCLUDE.split(',')
              : [
                  'test/service/enterprises.test.ts',
                  'test/service/assessments.test.ts',
                  ...[
                    'access-matrix',
                    'assessments',
                    'auth',
                    'boot',
                    'enterprises',
                    'fuzz',
                    'index-sources',
                    'indices-endpoints',
                    'questionnaires',
                    'report-route',
                    'scoring',
                    'system',
                    'text-input',
                  ].map((f) => `test/http/${f}.test.ts`),
                  'test/postgres/*.test.ts',
                ],
            // Tests of the throwaway clusters need the server's binaries, which a given TEST_DATABASE_URL may come without.
            exclude: ['**/node_modules/**', ...(pg.kind === 'given' && !pg.bindir ? ['test/postgres/cluster-script.test.ts'] : [])],
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
