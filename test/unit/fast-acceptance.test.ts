import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fastAcceptance } from '../../src/plugins/validator';
import { readDefinitionFiles } from '../../src/questionnaires/definition-files';
import { DEFINITIONS_DIR } from '../../src/questionnaires/paths';
import { ScoreRequest } from '../../src/scoring/api.schemas';
import { completeAnswers } from '../helpers/answer-arbitraries';

/** The one property that makes the fast path safe: it says yes only where zod says yes, with an equal output. */
function agreesWithZod(schema: z.ZodType, value: unknown) {
  const accepts = fastAcceptance(schema)!;
  if (!accepts(value)) return;
  const parsed = schema.safeParse(value);
  expect(parsed.success, JSON.stringify(value)).toBe(true);
  // Equal, and in the same key order (what a consumer iterating the keys sees).
  expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(value));
}

// JSON values near the answers' shapes: the kinds an answer may have, wrong ones, and objects of odd keys.
const nearAnswer = fc.oneof(
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 3 }),
  fc.record({ notApplicable: fc.oneof(fc.constant(true), fc.constant(false), fc.string()) }),
  fc.dictionary(fc.constantFrom('notApplicable', 'x', '__proto__'), fc.oneof(fc.constant(true), fc.integer())),
  fc.jsonValue({ maxDepth: 2 }),
);
const nearBody = fc.oneof(
  fc.record({ answers: fc.dictionary(fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom('RD-01', 'x'.repeat(64), 'x'.repeat(65))), nearAnswer) }),
  fc.record({ answers: fc.dictionary(fc.string(), nearAnswer), extra: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: ['answers'] }),
  fc.jsonValue({ maxDepth: 3 }),
);

describe('fast acceptance of bodies (src/plugins/validator.ts)', () => {
  it('accepts nothing zod refuses, for the score request', () => {
    fc.assert(
      fc.property(nearBody, (body) => agreesWithZod(ScoreRequest, JSON.parse(JSON.stringify(body)))),
      { numRuns: 3000 },
    );
  });

  it('accepts every valid set of answers, so the fast path is taken', () => {
    const accepts = fastAcceptance(ScoreRequest)!;
    for (const { definition } of readDefinitionFiles(DEFINITIONS_DIR)) {
      for (const answers of fc.sample(completeAnswers(definition), { numRuns: 50, seed: 3 })) {
        const body = JSON.parse(JSON.stringify({ answers }));
        expect(accepts(body)).toBe(true);
        agreesWithZod(ScoreRequest, body);
      }
    }
  });

  it('decides each kind it compiles as zod does', () => {
    const schemas = [
      z.strictObject({ a: z.string().min(2).max(4), b: z.number().optional(), c: z.literal(['x', 1]).nullable() }),
      z.xor([z.strictObject({ kind: z.literal('a') }), z.strictObject({ kind: z.literal('a'), n: z.number().optional() })]),
      z.union([z.array(z.boolean()), z.record(z.string().length(2), z.number())]),
    ];
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.record({ a: fc.string({ maxLength: 5 }), b: fc.double(), c: fc.constantFrom('x', 1, 2, null) }, { requiredKeys: [] }),
      fc.record({ c: fc.constantFrom('x', null), a: fc.string({ maxLength: 5 }) }), // keys out of the shape's order
      fc.record({ kind: fc.constantFrom('a', 'b'), n: fc.integer() }, { requiredKeys: ['kind'] }),
      fc.dictionary(fc.string({ maxLength: 3 }), fc.integer()),
    );
    for (const schema of schemas) {
      expect(fastAcceptance(schema)).not.toBeNull();
      fc.assert(
        fc.property(value, (v) => agreesWithZod(schema, JSON.parse(JSON.stringify(v)))),
        { numRuns: 2000 },
      );
    }
  });

  it('leaves to zod what a plain check cannot decide', () => {
    for (const schema of [
      z.int(),
      z.number().min(0),
      z.string().regex(/^a/),
      z.uuid(),
      z.string().trim(),
      z.string().default('x'),
      z.string().transform((s) => s.length),
      z.coerce.number(),
      z.enum(['a', 'b']),
      z.object({ a: z.string() }), // strips unknown keys
      z.looseObject({ a: z.string() }),
      z.strictObject({ a: z.string() }).refine((o) => o.a !== 'x'),
      z.record(z.enum(['a', 'b']), z.string()), // exhaustive keys
      z.unknown(),
    ]) {
      expect(fastAcceptance(schema as z.ZodType)).toBeNull();
    }
  });
});
