import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answersAt } from '../../../src/demo/answers';
import { Random } from '../../../src/demo/random';
import type { QuestionnaireDefinition } from '../../../src/questionnaires/definition.schema';
import { readDefinitionFiles } from '../../../src/questionnaires/definition-files';
import { DEFINITIONS_DIR } from '../../../src/questionnaires/paths';
import type { Answers } from '../../../src/scoring/schemas';
import { score, scoreSummary } from '../../../src/scoring/score';
import { completeAnswers } from '../../helpers/answer-arbitraries';
import { loadFixtureDefinition } from '../../helpers/fixtures';

const definitions: QuestionnaireDefinition[] = [loadFixtureDefinition('mini-2026.1.json'), ...readDefinitionFiles(DEFINITIONS_DIR).map((f) => f.definition)];

/** Answer sets as the demo generator makes them (src/demo), at maturities from below 基础建设 to above 协同与创新. */
function demoAnswerSets(def: QuestionnaireDefinition, count: number, seed: number): Answers[] {
  const random = new Random(seed);
  const n = def.indicators.length;
  return Array.from({ length: count }, () => {
    const maturity = random.next() * 1.8 - 0.4;
    const noise = Float64Array.from({ length: n }, () => random.normal(0, 0.18));
    const notApplicable = Uint8Array.from({ length: n }, () => (random.next() < 0.05 ? 1 : 0));
    return answersAt(def, maturity, noise, notApplicable);
  });
}

describe.each(definitions.map((d, i) => [`${d.id} ${d.version}`, d, i] as const))('the summary agrees with the full result: %s', (_name, def, i) => {
  // The demo's answers (hidden indicators unanswered) and arbitrary valid ones (hidden indicators often answered,
  // which a step that shows them again must count).
  const sets = [...demoAnswerSets(def, 400, 1000 + i), ...fc.sample(completeAnswers(def), { numRuns: 200, seed: 2000 + i })];

  it('has the same figures and stage, the next stage check, and exactly the first step of the full path', () => {
    const stages = new Set<string>();
    let withStep = 0;
    for (const answers of sets) {
      const full = score(def, answers);
      const summary = scoreSummary(def, answers);
      if (!full.ok || !summary.ok) throw new Error('valid answers were refused');
      const r = full.result;
      const s = summary.summary;
      stages.add(s.stage.code);
      expect([s.engineVersion, s.total, s.totalExact, s.stage, s.dimensions]).toEqual([r.engineVersion, r.total, r.totalExact, r.stage, r.dimensions]);
      expect(s.nextStage?.stage ?? null).toEqual(r.nextStage?.stage ?? null);
      expect(s.nextStage?.check ?? null).toEqual(r.stageChecks.find((c) => c.stage === r.nextStage?.stage.code) ?? null);
      expect(s.nextStage?.check.passed ?? false).toBe(false);
      expect(s.nextStage?.nextStep ?? null).toEqual(r.nextStage?.steps[0] ?? null);
      if (s.nextStage?.nextStep) withStep++;
      expect('trace' in s || 'stageChecks' in s).toBe(false);
    }
    // The sets reach far enough to mean something: most stages, and steps to take.
    expect(stages.size).toBeGreaterThanOrEqual(3);
    expect(withStep).toBeGreaterThan(sets.length / 2);
  });

  it('adds the trace and the checks of every stage on request, as the full result has them', () => {
    for (const answers of sets.slice(0, 50)) {
      const full = score(def, answers);
      const summary = scoreSummary(def, answers, { trace: true, stageChecks: true });
      if (!full.ok || !summary.ok) throw new Error('valid answers were refused');
      expect(summary.summary.trace).toEqual(full.result.trace);
      expect(summary.summary.stageChecks).toEqual(full.result.stageChecks);
    }
  });
});

describe('scoreSummary refuses what score refuses', () => {
  it('lists the same issues', () => {
    const mini = definitions[0]!;
    const bad = { 'RD-01': 'Z', 'XX-01': 1 } as Answers;
    expect(scoreSummary(mini, bad)).toEqual(score(mini, bad));
  });
});
