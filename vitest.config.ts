import { defineConfig } from 'vitest/config';
import { postgresForTests } from './test/postgres-cluster.ts';

// PostgreSQL for test/postgres/: TEST_DATABASE_URL, or a throwaway cluster (test/global-setup.ts). Without one the
// SQLite suite runs alone and one line says why; CI (CI=true) must have it.
const pg = postgresForTests();
if (pg.kind === 'none') {
  if (process.env.CI === 'true') throw new Error(`CI needs PostgreSQL for the tests: ${pg.why}`);
  console.warn(`PostgreSQL tests left out: ${pg.why}`);
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      '**/node_modules/**',
      ...(pg.kind === 'none' ? ['test/postgres/**'] : []),
      // Tests of the throwaway clusters need the server's binaries, which a given TEST_DATABASE_URL does not.
      ...(pg.kind === 'given' && !pg.bindir ? ['test/postgres/cluster-script.test.ts'] : []),
    ],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests must fail rather than be skipped: .only/.skip left in a commit fail the run.
    allowOnly: false,
    passWithNoTests: false,
  },
});
