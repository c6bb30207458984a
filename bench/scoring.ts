// [1/6] Pure scoring throughput for the largest questionnaire, and the preview endpoint in both its forms: the
// summary against a bare echo route, the full form against a route sending the same bytes prepared in advance.
import fc from 'fast-check';
import { readDefinitionFiles } from '../src/questionnaires/definition-files';
import { DEFINITIONS_DIR } from '../src/questionnaires/paths';
import { score, scoreSummary } from '../src/scoring/score';
import { completeAnswers } from '../test/helpers/answer-arbitraries';
import { fmt, interleaved, load, startBenchServer } from './lib';

const CASES = 100;

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
  const roundTrip = rate((i) => JSON.parse(JSON.stringify(samples[i % samples.length])), 3);
  const scored = rate((i) => score(largest, samples[i % samples.length]!), 3);
  const summarised = rate((i) => scoreSummary(largest, samples[i % samples.length]!), 3);
  console.log(`scoring  ${largest.id} ${largest.version} (${largest.indicators.length} indicators): ${fmt(scored)} questionnaires/s on one core`);
  console.log(`         baseline JSON round trip of the same answers: ${fmt(roundTrip)}/s → scoring at ${fmt(scored / roundTrip, 3)}× of it`);
  console.log(`         summary (no trace, first step only): ${fmt(summarised)}/s → ${fmt(summarised / roundTrip, 3)}× of the round trip`);

  const server = await startBenchServer('bench/scoring-server.ts');
  try {
    // Answer sets in turn, as live forms send them: what the engine and the serializer cache per definition is
    // measured at its real hit rate, not on one body repeated.
    const cases = samples.slice(0, CASES).map((answers, i) => ({ body: JSON.stringify({ answers }), headers: { 'x-bench-case': String(i) } }));
    const meanBytes = cases.reduce((s, c) => s + c.body.length, 0) / cases.length;
    const path = `${largest.id}/versions/${largest.version}`;
    const preview = `${server.url}/v1/questionnaires/${path}/score`;
    const urls = {
      echo: `${server.url}/bench/echo`,
      full: preview,
      summary: `${preview}-summary`,
      prepared: `${server.url}/bench/prepared/${largest.id}/${largest.version}`,
      unserialized: `${server.url}/bench/score-preserialized/${largest.id}/${largest.version}`,
    };
    const answer = async (url: string, c: (typeof cases)[number]) =>
      Buffer.from(await (await fetch(url, { method: 'POST', body: c.body, headers: { 'content-type': 'application/json', ...c.headers } })).arrayBuffer());
    let fullBytes = 0;
    let summaryBytes = 0;
    for (const c of cases) {
      const [full, prepared, summary] = [await answer(urls.full, c), await answer(urls.prepared, c), await answer(urls.summary, c)];
      if (!full.equals(prepared)) throw new Error(`the prepared route does not send the preview's bytes for case ${c.headers['x-bench-case']}`);
      fullBytes += full.length / cases.length;
      summaryBytes += summary.length / cases.length;
    }
    const run = (url: string, seconds: number) => load({ url, method: 'POST', bodies: cases, seconds });
    for (const url of Object.values(urls)) await run(url, 1); // warm-up
    const cpuNow = async () => ((await (await fetch(`${server.url}/bench/cpu`)).json()) as { micros: number }).micros;
    const cpu = { echo: 0, summary: 0, prepared: 0, full: 0, unserialized: 0 };
    const requests = { ...cpu };
    const measured = (name: keyof typeof cpu) => async () => {
      const before = await cpuNow();
      const r = await run(urls[name], 3);
      cpu[name] += (await cpuNow()) - before;
      requests[name] += r.total;
      return r;
    };
    const m = await interleaved(3, {
      echo: measured('echo'),
      summary: measured('summary'),
      prepared: measured('prepared'),
      full: measured('full'),
      unserialized: measured('unserialized'),
    });
    const perRequest = (name: keyof typeof cpu) => cpu[name] / requests[name];
    const r = (n: number) => fmt(n, 2);
    const bad = m.non2xx ? `; ${m.non2xx} non-2xx!` : '';
    console.log(`         (req/s, mean of 3 interleaved rounds; ${CASES} answer sets in turn, ${fmt(meanBytes)} B a request on average)`);
    console.log(
      `summary  POST …/score-summary ${fmt(m.rps.summary)} req/s (${fmt(summaryBytes / 1024, 1)} KB) vs echo ${fmt(m.rps.echo)} req/s → ratio ${r(m.ratio('summary', 'echo'))} (target ≥ 0.60)${bad}`,
    );
    console.log(
      `full     POST …/score ${fmt(m.rps.full)} req/s (${fmt(fullBytes / 1024, 1)} KB) vs the same bytes prepared in advance ${fmt(m.rps.prepared)} req/s → ratio ${r(m.ratio('full', 'prepared'))} (target ≥ 0.80)`,
    );
    console.log(
      `         full vs echo: ratio ${r(m.ratio('full', 'echo'))}; prepared vs echo: ${r(m.ratio('prepared', 'echo'))} (what sending ${fmt(fullBytes / 1024, 1)} KB costs by itself)`,
    );
    console.log(
      `         server CPU per request: echo ${fmt(perRequest('echo'))} µs, summary ${fmt(perRequest('summary'))}, prepared ${fmt(perRequest('prepared'))}, full ${fmt(perRequest('full'))} → summary ${r(perRequest('echo') / perRequest('summary'))} of echo, full ${r(perRequest('prepared') / perRequest('full'))} of prepared (as cost ratios)`,
    );
    // The same validation and scoring with the response serialized once in advance: what the full preview would be
    // if serializing its answer cost nothing.
    console.log(
      `         without serialization (validate + score + send ${fmt(fullBytes / 1024, 1)} KB prepared in advance): ratio ${r(m.ratio('unserialized', 'echo'))} of echo, ${r(m.ratio('unserialized', 'prepared'))} of prepared`,
    );
  } finally {
    await server.stop();
  }
}
