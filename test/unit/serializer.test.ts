import fc from 'fast-check';
import fastJson from 'fast-json-stringify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { answersAt } from '../../src/demo/answers';
import { Random } from '../../src/demo/random';
import { serializerCompiler, withoutUnions } from '../../src/plugins/serializer';
import { readDefinitionFiles } from '../../src/questionnaires/definition-files';
import { DEFINITIONS_DIR } from '../../src/questionnaires/paths';
import { ScorePreview, ScoreSummaryPreview } from '../../src/scoring/api.schemas';
import type { Answers, TraceEntry } from '../../src/scoring/schemas';
import { score, scoreSummary } from '../../src/scoring/score';
import { completeAnswers } from '../helpers/answer-arbitraries';

/** What fast-json-stringify alone writes for a schema: the reference the serializer's shortcuts must equal. */
const plain = (schema: z.ZodType) =>
  fastJson(withoutUnions(z.toJSONSchema(schema, { io: 'output', target: 'draft-07', unrepresentable: 'any' }) as Record<string, unknown>) as never) as (
    d: unknown,
  ) => string;
const compiled = (schema: z.ZodType) => serializerCompiler({ schema, method: 'POST', url: '/x', httpStatus: '200' }) as (d: unknown) => string;
const questionnaire = { id: 'x', version: '2026.1', contentHash: `sha256:${'0'.repeat(64)}` };

function answerSets(def: Parameters<typeof score>[0], seed: number): Answers[] {
  const random = new Random(seed);
  const n = def.indicators.length;
  const demo = Array.from({ length: 60 }, () =>
    answersAt(
      def,
      random.next() * 1.8 - 0.4,
      Float64Array.from({ length: n }, () => random.normal(0, 0.18)),
      Uint8Array.from({ length: n }, () => (random.next() < 0.05 ? 1 : 0)),
    ),
  );
  return [...demo, ...fc.sample(completeAnswers(def), { numRuns: 60, seed })];
}

describe('the serializer writes score previews byte for byte as fast-json-stringify does', () => {
  const full = { ours: compiled(ScorePreview), ref: plain(ScorePreview) };
  const summary = { ours: compiled(ScoreSummaryPreview), ref: plain(ScoreSummaryPreview) };

  it.each(readDefinitionFiles(DEFINITIONS_DIR).map((f, i) => [`${f.definition.id} ${f.definition.version}`, f.definition, i] as const))(
    '%s: full and summary forms, with and without their trace',
    (_name, def, i) => {
      for (const answers of answerSets(def, 100 + i)) {
        const r = score(def, answers);
        if (!r.ok) throw new Error('valid answers were refused');
        const data = { questionnaire, result: r.result };
        expect(full.ours(data)).toBe(full.ref(data));
        for (const include of [{}, { trace: true }, { trace: true, stageChecks: true }]) {
          const s = scoreSummary(def, answers, include);
          if (!s.ok) throw new Error('valid answers were refused');
          const data = { questionnaire, summary: s.summary };
          expect(summary.ours(data)).toBe(summary.ref(data));
        }
      }
    },
  );

  it('writes odd trace entries as fast-json-stringify does, or fails as it does', () => {
    const def = readDefinitionFiles(DEFINITIONS_DIR)[0]!.definition;
    const r = score(def, answerSets(def, 1)[0]!);
    if (!r.ok) throw new Error('valid answers were refused');
    const base = r.result.trace[0]!;
    const variants: Partial<Record<keyof TraceEntry, unknown>>[] = [
      { normalised: '0.5' }, // a number as a string: fast-json-stringify casts it
      { normalised: Infinity },
      { weight: -0 },
      { contribution: 1e21 },
      { answer: 'with "quotes" and \\ and \u0001' },
      { answer: { notApplicable: true } },
      { answer: ['A', 'B'] },
      { status: 'unanswered' },
      { dimension: 'benefits' }, // the same indicator with other fixed values: other fragments
      { weight: [3] }, // fixed, and not flat: fast-json-stringify casts it, and so do we by falling back to it
      { indicator: 'X-1\u2028' },
      ...Array.from({ length: 12 }, (_, k) => ({ weight: k })), // more variants than are kept
      { extra: 'dropped' } as Record<string, unknown>,
    ];
    for (const v of variants) {
      const data = { questionnaire, result: { ...r.result, trace: [...r.result.trace, { ...base, ...v }, base] } };
      expect(full.ours(data), JSON.stringify(v)).toBe(full.ref(data));
    }
    for (const broken of [{ normalised: Number.NaN }, { answer: undefined }, { weight: undefined }, { weight: { not: 'a number' } }]) {
      const data = { questionnaire, result: { ...r.result, trace: [{ ...base, ...broken }] } };
      expect(() => full.ref(data)).toThrow();
      expect(() => full.ours(data), JSON.stringify(broken)).toThrow();
    }
    expect(() => full.ours({ questionnaire, result: { ...r.result, trace: 'no' } })).toThrow();
  });
});
