// npm run engine:record: records what the current engine version gives for a fixed corpus of answers to every
// catalog definition — the digest of each result's JSON — in test/fixtures/engine/<version>.json. Results are
// stored as what re-derives them (src/assessments/results.ts), so the engine must give these same bytes for as long
// as its version is kept; test/unit/scoring/engine-golden.test.ts holds it to them. Record once per new version,
// never over an existing file.
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { readDefinitionFiles } from '../src/questionnaires/definition-files';
import { DEFINITIONS_DIR } from '../src/questionnaires/paths';
import type { Answers } from '../src/scoring/schemas';
import { score } from '../src/scoring/score';
import { ENGINE_VERSION } from '../src/scoring/version';
import { completeAnswers } from '../test/helpers/answer-arbitraries';

const file = new URL(`../test/fixtures/engine/${ENGINE_VERSION}.json`, import.meta.url);
if (existsSync(file)) {
  console.error(`${file.pathname} exists: a kept engine version's record never changes; bump ENGINE_VERSION for a new one`);
  process.exit(1);
}
const CASES_PER_DEFINITION = 40;
const cases = readDefinitionFiles(DEFINITIONS_DIR).flatMap(({ definition, contentHash }) =>
  fc.sample(completeAnswers(definition), { numRuns: CASES_PER_DEFINITION, seed: 20261203 }).map((answers) => {
    const outcome = score(definition, answers as Answers);
    if (!outcome.ok) throw new Error(`generated answers refused: ${JSON.stringify(outcome.issues)}`);
    return {
      questionnaire: definition.id,
      version: definition.version,
      contentHash,
      answers,
      sha256: createHash('sha256').update(JSON.stringify(outcome.result)).digest('hex'),
    };
  }),
);
// One case per line: diffs and reviews stay readable.
writeFileSync(file, `{"engineVersion":${JSON.stringify(ENGINE_VERSION)},"cases":[\n${cases.map((c) => JSON.stringify(c)).join(',\n')}\n]}\n`);
console.log(`recorded ${cases.length} results of engine ${ENGINE_VERSION} in ${file.pathname}`);
