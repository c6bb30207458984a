import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * How the suite finds PostgreSQL, decided once per run (vitest.config.ts and test/global-setup.ts): a given
 * TEST_DATABASE_URL, else a throwaway cluster from scripts/pg-cluster.sh when the server's binaries are installed,
 * else none, with the one line that says what is missing. TEST_POSTGRES=off runs the SQLite suite alone.
 */
export const CLUSTER_SCRIPT = fileURLToPath(new URL('../scripts/pg-cluster.sh', import.meta.url));

export type PostgresForTests = { kind: 'given'; url: string; bindir: string | null } | { kind: 'cluster'; bindir: string } | { kind: 'none'; why: string };

/** The server's binaries, or why there are none (one line). */
export function postgresBinaries(): { bindir: string } | { why: string } {
  try {
    return { bindir: execFileSync('bash', [CLUSTER_SCRIPT, 'bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim() };
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim();
    return { why: stderr.replace(/^pg-cluster: /, '') || String(err) };
  }
}

export function postgresForTests(env: NodeJS.ProcessEnv = process.env): PostgresForTests {
  if (env.TEST_POSTGRES === 'off') return { kind: 'none', why: 'TEST_POSTGRES=off' };
  const binaries = postgresBinaries();
  if (env.TEST_DATABASE_URL) return { kind: 'given', url: env.TEST_DATABASE_URL, bindir: 'bindir' in binaries ? binaries.bindir : null };
  return 'bindir' in binaries ? { kind: 'cluster', bindir: binaries.bindir } : { kind: 'none', why: binaries.why };
}
