import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { CLUSTER_SCRIPT, postgresForTests } from './postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL the suite runs against (also in process.env.TEST_DATABASE_URL of every test process). */
    testDatabaseUrl: string;
  }
}

/**
 * Before the suite: PostgreSQL for the tests under test/postgres/ (vitest.config.ts includes them only when there
 * is one). A given TEST_DATABASE_URL is used as it is; otherwise a throwaway cluster is started and, after the
 * suite, stopped and removed — on an interrupted run too, as far as the process lives to see its exit, and else by
 * the next run's start, which removes clusters whose owner is gone.
 */
export default function setup(project: TestProject): (() => void) | undefined {
  const pg = postgresForTests();
  if (pg.kind === 'given') {
    project.provide('testDatabaseUrl', pg.url);
    return undefined;
  }
  if (pg.kind === 'none') return undefined;
  const out = execFileSync('bash', [CLUSTER_SCRIPT, 'start', '--owner', String(process.pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const vars = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  const dir = vars.PG_CLUSTER_DIR!;
  const url = vars.TEST_DATABASE_URL!;
  // Test processes are forked after this: they inherit the URL, as do the servers they start.
  process.env.TEST_DATABASE_URL = url;
  project.provide('testDatabaseUrl', url);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    execFileSync('bash', [CLUSTER_SCRIPT, 'stop', dir], { stdio: 'ignore' });
  };
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      stop();
      process.kill(process.pid, signal);
    });
  }
  return stop;
}
