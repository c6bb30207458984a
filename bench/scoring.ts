// [1/6] Pure scoring throughput for the largest questionnaire, and the preview endpoint against a bare echo route.
import fc from 'fast-check';
import { readDefinitionFiles } from '../src/questionnaires/definition-files';
import { DEFINITIONS_DIR } from '../src/questionnaires/paths';
import { score } from '../src/scoring/score';
import { completeAnswers } from '../test/helpers/answer-arbitraries';
import { fmt, load, ratioAgainstBaseline, startBenchServer } from './lib';

export async function benchScoring(): Promise<void> {
  const largest = readDefinitionFiles(DEFINITIONS_DIR)
    .map((f) => f.definition)
    .sort((a, b) => b.indicators.length - a.indicators.length)[0]!;
  const samples = fc.sample(completeAnswers(largest), { numRuns: 1000, seed: 20261123 });

  const rate = (fn: (i: number) => unknown, seconds: number) => {
    for (let i = 0; i < 2000; i++) fn(i); // warm-up
    let n = 0;
    const end = performance.now() + seconds * 1000;
    while (performance.now() < end) for (let k = 0; k < 100; k++) fn(n++);
    return n / seconds;
  };
  const scored = rate((i) => score(largest, samples[i % samples.length]!), 3);
  const roundTrip = rate((i) => JSON.parse(JSON.stringify(samples[i % samples.length])), 3);
  console.log(`scoring  ${largest.id} ${largest.version} (${largest.indicators.length} indicators): ${fmt(scored)} questionnaires/s on one core`);
  console.log(`         baseline JSON round trip of the same answers: ${fmt(roundTrip)}/s → scoring at ${fmt(scored / roundTrip, 3)}× of it`);

  const server = await startBenchServer('bench/scoring-server.ts');
  try {
    const body = JSON.stringify({ answers: samples[0] });
    const preview = `${server.url}/v1/questionnaires/${largest.id}/versions/${largest.version}/score`;
    const echo = `${server.url}/bench/echo`;
    const previewBytes = (await (await fetch(preview, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).arrayBuffer()).byteLength;
    await load({ url: preview, method: 'POST', body, seconds: 2 }); // warm-up both
    await load({ url: echo, method: 'POST', body, seconds: 2 });
    const r = await ratioAgainstBaseline(
      3,
      () => load({ url: preview, method: 'POST', body, seconds: 4 }),
      () => load({ url: echo, method: 'POST', body, seconds: 4 }),
    );
    console.log(
      `preview  POST …/score ${fmt(r.target)} req/s vs echo ${fmt(r.baseline)} req/s (${body.length} B body) → ratio ${fmt(r.ratio, 2)} (target ≥ 0.60)${r.non2xx ? `; ${r.non2xx} non-2xx!` : ''}`,
    );
    // The same validation and scoring with a response of the same size serialized once in advance: what the
    // ratio would be if serializing the ~10 KB answer cost nothing.
    const presized = `${server.url}/bench/score-preserialized/${largest.id}/${largest.version}`;
    const f = await ratioAgainstBaseline(
      2,
      () => load({ url: presized, method: 'POST', body, seconds: 3 }),
      () => load({ url: echo, method: 'POST', body, seconds: 3 }),
    );
    console.log(
      `         without serialization (validate + score + send ${fmt(previewBytes / 1024, 1)} KB prepared in advance): ratio ${fmt(f.ratio, 2)}${f.non2xx ? `; ${f.non2xx} non-2xx!` : ''}`,
    );
  } finally {
    await server.stop();
  }
}
