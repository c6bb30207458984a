import { defineConfig } from 'vitest/config';

const shared = {
  pool: 'forks' as const,
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // Tests must fail rather than be skipped: .only/.skip left in a commit fail the run.
  allowOnly: false,
  passWithNoTests: false,
};

// The suite runs on SQLite (project `sqlite`) and, when TEST_DATABASE_URL names a PostgreSQL server (a database on
// it the tests may create databases from), on PostgreSQL too (project `postgres`: test/helpers/postgres.ts).
const postgres = process.env.TEST_DATABASE_URL
  ? [
      {
        test: {
          ...shared,
          name: 'postgres',
          env: { RONGHE_TEST_BACKEND: 'postgres' },
          globalSetup: ['test/helpers/postgres-setup.ts'],
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
                ].map((f) => `test/http/${f}.test.ts`),
                'test/postgres/*.test.ts',
              ],
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
