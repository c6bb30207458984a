import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KEPT_ENGINE_VERSIONS, resultOf } from '../../../src/assessments/results';
import type { VersionRecord } from '../../../src/questionnaires/catalog';
import { readDefinitionFiles } from '../../../src/questionnaires/definition-files';
import { DEFINITIONS_DIR } from '../../../src/questionnaires/paths';
import type { Answers } from '../../../src/scoring/schemas';
import { score } from '../../../src/scoring/score';
import { ENGINE_VERSION } from '../../../src/scoring/version';

interface Recorded {
  engineVersion: string;
  cases: { questionnaire: string; version: string; contentHash: string; answers: Answers; sha256: string }[];
}

const DIR = new URL('../../fixtures/engine/', import.meta.url);
const records = readdirSync(DIR).map((f) => JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as Recorded);
const files = readDefinitionFiles(DEFINITIONS_DIR);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const recordOf = (id: string, version: string): VersionRecord => {
  const file = files.find((f) => f.definition.id === id && f.definition.version === version)!;
  return {
    questionnaireId: id,
    version,
    contentHash: file.contentHash,
    definition: file.definition,
    status: 'published',
    source: 'catalog',
    publishedAt: '2026-01-01T00:00:00.000Z',
    retiredAt: null,
  };
};

describe('results re-derived by a kept engine version', () => {
  it('every kept version has a record, recorded by npm run engine:record', () => {
    expect(KEPT_ENGINE_VERSIONS).toContain(ENGINE_VERSION);
    for (const version of KEPT_ENGINE_VERSIONS) expect(records.map((r) => r.engineVersion)).toContain(version);
  });

  it.each(records.filter((r) => KEPT_ENGINE_VERSIONS.includes(r.engineVersion)).map((r) => [r.engineVersion, r] as const))(
    'engine %s gives the recorded bytes for every recorded case',
    (_version, recorded) => {
      expect(recorded.cases.length).toBeGreaterThanOrEqual(300);
      for (const c of recorded.cases) {
        const record = recordOf(c.questionnaire, c.version);
        // The definition a result was scored against never changes under its version.
        expect(record.contentHash).toBe(c.contentHash);
        const derived = resultOf({ contentHash: c.contentHash, engineVersion: recorded.engineVersion, result: null }, record, c.answers);
        expect(sha256(JSON.stringify(derived)), `${c.questionnaire} ${c.version}`).toBe(c.sha256);
      }
    },
  );

  it('serves stored bytes as stored, and refuses what it cannot re-derive instead of guessing', () => {
    const c = records.find((r) => r.engineVersion === ENGINE_VERSION)!.cases[0]!;
    const record = recordOf(c.questionnaire, c.version);
    const outcome = score(record.definition, c.answers);
    if (!outcome.ok) throw new Error('recorded answers refused');
    // A row stored before re-derivation keeps its bytes, even from an engine no longer kept.
    const legacy = JSON.stringify({ ...outcome.result, engineVersion: '0.9.0', total: 12.3 });
    expect(resultOf({ contentHash: c.contentHash, engineVersion: '0.9.0', result: legacy }, record, c.answers)).toEqual(JSON.parse(legacy));
    expect(() => resultOf({ contentHash: c.contentHash, engineVersion: '0.9.0', result: null }, record, c.answers)).toThrow(/no longer keeps/);
    expect(() => resultOf({ contentHash: 'sha256:other', engineVersion: ENGINE_VERSION, result: null }, record, c.answers)).toThrow(/scored against content/);
  });
});
