import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QuestionnaireDefinition } from '../../../src/questionnaires/definition.schema';
import { readDefinitionFiles } from '../../../src/questionnaires/definition-files';
import { DEFINITIONS_DIR } from '../../../src/questionnaires/paths';
import { checkAnswer, isNotApplicable, normalise } from '../../../src/scoring/answer-rules';
import type { Answers, ScoreResult } from '../../../src/scoring/schemas';
import { score } from '../../../src/scoring/score';
import { completeAnswers, validValue } from '../../helpers/answer-arbitraries';
import { loadFixtureDefinition } from '../../helpers/fixtures';

const definitions: QuestionnaireDefinition[] = [loadFixtureDefinition('mini-2026.1.json'), ...readDefinitionFiles(DEFINITIONS_DIR).map((f) => f.definition)];
const RUNS = 150;

function mustScore(def: QuestionnaireDefinition, answers: Answers): ScoreResult {
  const outcome = score(def, answers);
  if (!outcome.ok) throw new Error(`valid answers were refused: ${JSON.stringify(outcome.issues)}`);
  return outcome.result;
}

/** Indicators an enableWhen looks at: improving them can show another indicator, which may lower a dimension. */
const controllers = (def: QuestionnaireDefinition) => new Set(def.indicators.flatMap((i) => i.enableWhen?.conditions.map((c) => c.indicator) ?? []));

describe.each(definitions.map((d) => [`${d.id} ${d.version}`, d] as const))('scoring properties: %s', (_name, def) => {
  it('keeps the total and every dimension within 0–100', () => {
    fc.assert(
      fc.property(completeAnswers(def), (answers) => {
        const r = mustScore(def, answers);
        expect(r.total).toBeGreaterThanOrEqual(0);
        expect(r.total).toBeLessThanOrEqual(100);
        for (const d of r.dimensions) {
          expect(d.score).toBeGreaterThanOrEqual(0);
          expect(d.score).toBeLessThanOrEqual(100);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('never lowers the total when one answer improves', () => {
    const candidates = def.indicators.filter((i) => !controllers(def).has(i.code));
    fc.assert(
      fc.property(
        completeAnswers(def),
        fc.constantFrom(...candidates).chain((ind) => fc.tuple(fc.constant(ind), validValue(ind))),
        (answers, [ind, other]) => {
          const current = answers[ind.code];
          fc.pre(current !== undefined && !isNotApplicable(current) && checkAnswer(ind, other) === null);
          const [low, high] = [current!, other].sort((a, b) => normalise(ind.answer, a) - normalise(ind.answer, b));
          const before = mustScore(def, { ...answers, [ind.code]: low! });
          const after = mustScore(def, { ...answers, [ind.code]: high! });
          expect(after.totalExact).toBeGreaterThanOrEqual(before.totalExact - 1e-9);
          expect(after.total).toBeGreaterThanOrEqual(before.total);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('never assigns a stage above what its total and gates allow', () => {
    fc.assert(
      fc.property(completeAnswers(def), (answers) => {
        const r = mustScore(def, answers);
        const shown = new Map(r.dimensions.map((d) => [d.dimension, d.score]));
        const passes = (i: number) => {
          const rule = def.stages[i]!;
          return r.total >= rule.minTotal && rule.gates.every((g) => shown.get(g.dimension)! >= g.min);
        };
        for (let i = 0; i < r.stage.rank - 1; i++) expect(passes(i)).toBe(true);
        if (r.stage.rank < 4) expect(passes(r.stage.rank - 1)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('renormalises effective weights to sum to 1 in every dimension', () => {
    fc.assert(
      fc.property(completeAnswers(def), (answers) => {
        const r = mustScore(def, answers);
        for (const d of r.dimensions) {
          const sum = r.trace.filter((t) => t.dimension === d.dimension).reduce((s, t) => s + t.effectiveWeight, 0);
          expect(sum).toBeCloseTo(1, 9);
        }
        const dimensionWeights = r.dimensions.reduce((s, d) => s + d.weight, 0);
        expect(dimensionWeights).toBeCloseTo(1, 9);
      }),
      { numRuns: RUNS },
    );
  });

  it('is deterministic, whatever the order of the answers', () => {
    fc.assert(
      fc.property(completeAnswers(def), fc.infiniteStream(fc.nat()), (answers, noise) => {
        const reordered = Object.fromEntries(
          Object.entries(answers)
            .map((e) => [e, noise.next().value] as const)
            .sort((a, b) => a[1] - b[1])
            .map(([e]) => e),
        );
        expect(mustScore(def, reordered)).toEqual(mustScore(def, answers));
      }),
      { numRuns: 50 },
    );
  });

  it('claims for its path exactly what scoring the answers with its steps applied gives', () => {
    fc.assert(
      fc.property(completeAnswers(def), (answers) => {
        const path = mustScore(def, answers).nextStage;
        fc.pre(path !== null);
        const improved = score(def, { ...answers, ...Object.fromEntries(path!.steps.map((s) => [s.indicator, s.to])) });
        // A step may show a required indicator never answered: then the draft needs that answer first.
        fc.pre(improved.ok);
        const after = (improved as Extract<typeof improved, { ok: true }>).result;
        expect(after.total).toBe(path!.totalAfterSteps);
        expect(after.stage.rank >= path!.stage.rank).toBe(path!.reachedAfterSteps);
      }),
      { numRuns: RUNS },
    );
  });
});
