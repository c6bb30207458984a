import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface BenchServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a bench server entry (a TypeScript file under bench/) in its own process so load and server don't share a core. */
export function startBenchServer(entry: string, env: Record<string, string> = {}): Promise<BenchServer> {
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = out.match(/LISTENING (http:\/\/\S+)/);
      if (m) {
        resolve({
          url: m[1]!,
          child,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}: ${out}`)));
  });
}

export interface LoadResult {
  rps: number;
  p99ms: number;
  non2xx: number;
  /** Requests completed. */
  total: number;
}

export async function load(opts: {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  seconds: number;
  connections?: number;
  headers?: Record<string, string>;
  /** Bodies sent in turn (each connection cycles through them), with their headers, instead of `body`. */
  bodies?: { body: string; headers?: Record<string, string> }[];
}): Promise<LoadResult> {
  const result = await autocannon({
    url: opts.url,
    method: opts.method ?? 'GET',
    body: opts.body,
    headers: opts.body ? { 'content-type': 'application/json', ...opts.headers } : opts.headers,
    requests: opts.bodies?.map((b) => ({ body: b.body, headers: { 'content-type': 'application/json', ...opts.headers, ...b.headers } })),
    duration: opts.seconds,
    connections: opts.connections ?? 16,
  });
  return { rps: result.requests.average, p99ms: result.latency.p99, non2xx: result.non2xx, total: result.requests.total };
}

/**
 * Alternates target and baseline rounds so drift on a shared machine hits both alike; the ratio is of the sums.
 */
export async function ratioAgainstBaseline(rounds: number, target: () => Promise<LoadResult>, baseline: () => Promise<LoadResult>) {
  let t = 0;
  let b = 0;
  let bad = 0;
  for (let i = 0; i < rounds; i++) {
    const base = await baseline();
    const tgt = await target();
    b += base.rps;
    t += tgt.rps;
    bad += base.non2xx + tgt.non2xx;
  }
  return { target: t / rounds, baseline: b / rounds, ratio: t / b, non2xx: bad };
}

/**
 * Several loads measured in turn, round after round, so that drift on a shared machine hits each alike: the mean
 * rate of each, for ratios of any two of them from the same run.
 */
export async function interleaved<K extends string>(rounds: number, loads: Record<K, () => Promise<LoadResult>>) {
  const names = Object.keys(loads) as K[];
  const sums = Object.fromEntries(names.map((n) => [n, 0])) as Record<K, number>;
  const perRound = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  let non2xx = 0;
  for (let i = 0; i < rounds; i++) {
    for (const name of names) {
      const r = await loads[name]();
      sums[name] += r.rps;
      perRound[name].push(r.rps);
      non2xx += r.non2xx;
    }
  }
  const rps = Object.fromEntries(names.map((n) => [n, sums[n] / rounds])) as Record<K, number>;
  return { rps, perRound, non2xx, ratio: (target: K, baseline: K) => sums[target] / sums[baseline] };
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
