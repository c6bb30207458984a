import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

// The throwaway clusters themselves; runs where the server's binaries are (vitest.config.ts leaves it out elsewhere,
// e.g. with a TEST_DATABASE_URL of a server and no binaries here).
describe('scripts/pg-cluster.sh', () => {
  const script = fileURLToPath(new URL('../../scripts/pg-cluster.sh', import.meta.url));
  const start = (owner: number, env: Record<string, string> = {}) => {
    const out = execFileSync('bash', [script, 'start', '--owner', String(owner)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    return Object.fromEntries(
      out
        .trim()
        .split('\n')
        .map((l) => l.split(/=(.*)/s).slice(0, 2)),
    ) as { PG_CLUSTER_DIR: string; TEST_DATABASE_URL: string };
  };
  const answers = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.end();
  };

  it('removes, at the next start, a cluster whose owner process is gone, and stops with nothing left behind', async () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const stale = start(gone);
    await answers(stale.TEST_DATABASE_URL);
    const fresh = start(process.pid);
    try {
      expect(existsSync(stale.PG_CLUSTER_DIR)).toBe(false);
      await expect(answers(stale.TEST_DATABASE_URL)).rejects.toThrow(/ECONNREFUSED/);
      await answers(fresh.TEST_DATABASE_URL);
      expect(fresh.TEST_DATABASE_URL).not.toBe(stale.TEST_DATABASE_URL);
    } finally {
      execFileSync('bash', [script, 'stop', fresh.PG_CLUSTER_DIR]);
    }
    expect(existsSync(fresh.PG_CLUSTER_DIR)).toBe(false);
    await expect(answers(fresh.TEST_DATABASE_URL)).rejects.toThrow(/ECONNREFUSED/);
    // The suite's own cluster, whose owner lives, was left alone.
    await answers(process.env.TEST_DATABASE_URL!);
  });

  it('starts on another port when the one it tries is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const cluster = start(process.pid, { PG_CLUSTER_PORT: String(port) });
      try {
        expect(new URL(cluster.TEST_DATABASE_URL).port).not.toBe(String(port));
        await answers(cluster.TEST_DATABASE_URL);
      } finally {
        execFileSync('bash', [script, 'stop', cluster.PG_CLUSTER_DIR]);
      }
    } finally {
      taken.close();
    }
  });
});
