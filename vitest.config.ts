import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests must fail rather than be skipped: .only/.skip left in a commit fail the run.
    allowOnly: false,
    passWithNoTests: false,
  },
});
