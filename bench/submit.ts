// [2/6] Submit throughput (draft with full answers → submit, synchronous=FULL) against a baseline route doing one
// POST and one INSERT of the same payload, in the same process and database. Then the same submissions without
// HTTP: the ratio that the submission's own work (scoring, the transaction, its fsync) leaves room for.
import autocannon from 'autocannon';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChangeLog } from '../src/changes/repository';
import { openReader } from '../src/db/connection';
import { INDEX_PROJECTION } from '../src/indices/projector';
import { fmt, load, startBenchServer, type LoadResult } from './lib';

const IN_PROCESS = 4800;
const CONNECTIONS = 16;

export async function benchSubmit(): Promise<void> {
  const file = join(mkdtempSync(join(tmpdir(), 'ronghe-bench-')), 'drafts.json');
  const started = performance.now();
  const server = await startBenchServer('bench/submit-server.ts', { BENCH_DRAFTS_FILE: file });
  const { drafts, sample, databasePath } = JSON.parse(readFileSync(file, 'utf8')) as {
    drafts: { id: string; etag: string; key: string }[];
    sample: unknown;
    databasePath: string;
  };
  console.log(`prepared ${drafts.length} drafts with full answers in ${fmt((performance.now() - started) / 1000, 1)} s`);
  // The last drafts are kept for the in-process line.
  const inProcess = drafts.splice(-IN_PROCESS);
  let next = 0;
  const submitRound = async (seconds: number): Promise<LoadResult> => {
    const result = await autocannon({
      url: server.url,
      connections: CONNECTIONS,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const d = drafts[next++ % drafts.length]!;
            return { ...req, path: `/v1/assessments/${d.id}/submit`, headers: { 'if-match': d.etag, authorization: `Bearer ${d.key}` } };
          },
        },
      ],
    });
    return { rps: result.requests.average, p99ms: result.latency.p99, non2xx: result.non2xx, total: result.requests.total };
  };
  const body = JSON.stringify(sample);
  const baselineRound = (seconds: number) => load({ url: `${server.url}/bench/insert`, method: 'POST', body, seconds });
  // The index projector's lag, read as another process sees the database: events appended vs applied.
  const reader = openReader(databasePath);
  const log = createChangeLog(reader);
  const lag = () => ({ appended: log.last(), applied: log.watermark(INDEX_PROJECTION) });
  let maxBehind = 0;
  let samples = 0;
  const sampler = setInterval(() => {
    const { appended, applied } = lag();
    maxBehind = Math.max(maxBehind, appended - applied);
    samples++;
  }, 20);
  try {
    let t = 0;
    let b = 0;
    let bad = 0;
    const rounds = 3;
    for (let i = 0; i < rounds; i++) {
      const base = await baselineRound(3);
      const sub = await submitRound(3);
      b += base.rps;
      t += sub.rps;
      bad += sub.non2xx + base.non2xx;
    }
    clearInterval(sampler);
    // The last submit has been answered: how long until the projection has applied every event appended by then.
    const lastSubmit = performance.now();
    const atLastSubmit = lag();
    let caughtUp = atLastSubmit;
    while (caughtUp.applied < atLastSubmit.appended) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      caughtUp = lag();
    }
    const catchUpMs = performance.now() - lastSubmit;
    if (next > drafts.length) console.log(`warning: ${next - drafts.length} submits reused drafts (409s); raise BENCH_DRAFTS`);
    console.log(
      `submit   ${fmt(t / rounds)} submits/s vs baseline POST+INSERT ${fmt(b / rounds)} req/s (${body.length} B answers) → ratio ${fmt(t / b, 2)} (target ≥ 0.70)${bad ? `; ${bad} non-2xx` : ''}`,
    );
    console.log(
      `         index projector under this load: at most ${fmt(maxBehind)} events behind in ${fmt(samples)} samples; at the last submit ${fmt(atLastSubmit.appended)} appended, ${fmt(atLastSubmit.applied)} applied; caught up ${fmt(catchUpMs, 1)} ms after it`,
    );
    // As many submissions at a time as there are connections above, so that group commits are as large.
    let micros = 0;
    for (let i = 0; i < inProcess.length; i += CONNECTIONS) {
      const res = await fetch(`${server.url}/bench/submit-in-process`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ids: inProcess.slice(i, i + CONNECTIONS).map((d) => d.id) }),
      });
      if (!res.ok) throw new Error(`in-process submit failed: ${res.status} ${await res.text()}`);
      micros += ((await res.json()) as { micros: number }).micros;
    }
    const direct = inProcess.length / (micros / 1e6);
    console.log(
      `         the same submissions in process, without HTTP: ${fmt(direct)} submits/s (${fmt(micros / inProcess.length)} µs each) → ratio ${fmt(direct / (b / rounds), 2)} at most, whatever HTTP costs`,
    );
  } finally {
    clearInterval(sampler);
    reader.close();
    await server.stop();
  }
}
