import { describe, expect, it } from 'vitest';
import { roundScore } from '../../../src/scoring/rounding';
import type { Answers, ScoreResult } from '../../../src/scoring/schemas';
import { checkAnswers, progress, score } from '../../../src/scoring/score';
import { loadFixtureDefinition } from '../../helpers/fixtures';

const mini = loadFixtureDefinition('mini-2026.1.json');

function scored(answers: Answers): ScoreResult {
  const outcome = score(mini, answers);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  return outcome.result;
}

const dims = (r: ScoreResult) => Object.fromEntries(r.dimensions.map((d) => [d.dimension, d.score]));
const traceOf = (r: ScoreResult, code: string) => r.trace.find((t) => t.indicator === code)!;

// Weights in the fixture: dimensions readiness .20, application .30, integration .25, collaboration .15,
// performance .10; stage rules 40 / application ≥ 45, 60 / integration ≥ 55, 80 / collaboration ≥ 65.
const typical: Answers = {
  'RD-01': 'C', // 0.7
  'RD-02': 25, // curve 0→0, 50→0.8: 0.8 × 25/50 = 0.4
  'RD-03': true, // 1
  'AP-01': 20, // thresholds 0→0, 10→0.5, 50→1: 0.5
  'AP-02': true, // 1, and shows AP-03
  'AP-03': 60, // straight line: 0.6
  'IN-01': 'B', // 0.5
  'IN-02': ['A'], // 0.5 of cap 1: 0.5
  'CO-01': 'B', // 0.3
  'PF-01': 10, // curve 0→0, 20→1: 0.5
  // PF-02 is optional and left blank: excluded from performance.
};

describe('score: hand-worked example, every indicator shown', () => {
  const r = scored(typical);

  it('computes each dimension as Σ(w × v) / Σ w × 100', () => {
    // readiness (w 2,1,1): (2×0.7 + 0.4 + 1) / 4 = 2.8 / 4 = 0.7
    // application (w 1,1,2): (0.5 + 1 + 2×0.6) / 4 = 2.7 / 4 = 0.675
    // integration (w 1,1): (0.5 + 0.5) / 2 = 0.5; collaboration 0.3; performance (PF-01 only) 0.5
    expect(dims(r)).toEqual({ readiness: 70, application: 67.5, integration: 50, collaboration: 30, performance: 50 });
  });

  it('weights the dimensions into the total and rounds half away from zero once', () => {
    // 0.2×70 + 0.3×67.5 + 0.25×50 + 0.15×30 + 0.1×50 = 14 + 20.25 + 12.5 + 4.5 + 5 = 56.25 → 56.3
    expect(r.totalExact).toBeCloseTo(56.25, 12);
    expect(r.total).toBe(56.3);
  });

  it('traces every indicator so each number can be re-derived', () => {
    expect(traceOf(r, 'RD-01')).toEqual({
      indicator: 'RD-01',
      dimension: 'readiness',
      status: 'answered',
      answer: 'C',
      normalised: 0.7,
      weight: 2,
      effectiveWeight: 0.5,
      dimensionWeight: 0.2,
      contribution: expect.closeTo(7, 12), // 0.2 × 0.5 × 0.7 × 100
    });
    expect(traceOf(r, 'RD-02').normalised).toBeCloseTo(0.4, 12);
    expect(traceOf(r, 'PF-02')).toMatchObject({ status: 'unanswered', normalised: null, effectiveWeight: 0, contribution: 0 });
    const sum = r.trace.reduce((s, t) => s + t.contribution, 0);
    expect(sum).toBeCloseTo(r.totalExact, 10);
  });

  it('reaches 单项应用 but not 综合集成, and says which gates passed', () => {
    expect(r.stage).toEqual({ code: 'single_application', rank: 2, zh: '单项应用', platformZh: '单项覆盖', en: 'Single application' });
    expect(r.stageChecks.map((c) => [c.stage, c.totalPassed, c.gates.map((g) => g.passed), c.passed])).toEqual([
      ['single_application', true, [true], true],
      ['comprehensive_integration', false, [false], false],
      ['collaboration_innovation', false, [false], false],
    ]);
  });

  it('plans the path to 综合集成: the step closing most of both gaps first', () => {
    // Gaps: total 60 − 56.25 = 3.75, integration 55 − 50 = 5. IN-01 B→C lifts integration by ½ × 0.5 × 100 = 25
    // and the total by 0.25 × 25 = 6.25, closing both gaps (closure 2); IN-02 ties and comes later; everything
    // else closes only the total gap (closure ≤ 1).
    expect(r.nextStage).toEqual({
      stage: { code: 'comprehensive_integration', rank: 3, zh: '综合集成', platformZh: '集成提升', en: 'Comprehensive integration' },
      failing: [
        { kind: 'total', dimension: null, min: 60, current: 56.3, gap: expect.closeTo(3.75, 12) },
        { kind: 'dimension', dimension: 'integration', min: 55, current: 50, gap: expect.closeTo(5, 12) },
      ],
      steps: [{ indicator: 'IN-01', dimension: 'integration', from: 'B', to: 'C', normalisedFrom: 0.5, totalGain: 6.3, dimensionGain: 25 }],
      reachedAfterSteps: true,
      totalAfterSteps: 62.5, // 56.25 + 6.25
    });
  });
});

describe('score: not applicable and hidden indicators renormalise their dimension', () => {
  const r = scored({ ...typical, 'RD-03': { notApplicable: true }, 'AP-02': false });

  it('drops them and reweights the rest', () => {
    // readiness without RD-03 (w 2,1): (1.4 + 0.4) / 3 = 0.6
    // AP-02 = no (0) hides AP-03: application (w 1,1): (0.5 + 0) / 2 = 0.25
    expect(dims(r)).toEqual({ readiness: 60, application: 25, integration: 50, collaboration: 30, performance: 50 });
    // 0.2×60 + 0.3×25 + 0.25×50 + 0.15×30 + 0.1×50 = 12 + 7.5 + 12.5 + 4.5 + 5 = 41.5
    expect(r.total).toBe(41.5);
    expect(traceOf(r, 'RD-03')).toMatchObject({ status: 'not_applicable', effectiveWeight: 0 });
    expect(traceOf(r, 'AP-03')).toMatchObject({ status: 'hidden', answer: 60, normalised: null, effectiveWeight: 0 });
    expect(traceOf(r, 'RD-01').effectiveWeight).toBeCloseTo(2 / 3, 12);
    expect(r.dimensions.find((d) => d.dimension === 'application')).toMatchObject({ countedIndicators: 2, excludedIndicators: 1 });
  });

  it('keeps a high enough total in 基础建设 when the application gate fails', () => {
    // 41.5 ≥ 40 passes, application 25 < 45 fails.
    expect(r.stage.code).toBe('foundation');
    expect(r.stageChecks[0]).toMatchObject({ totalPassed: true, passed: false, gates: [{ dimension: 'application', min: 45, score: 25, passed: false }] });
  });

  it('points at the step that closes the gate with the largest gain, counting the answer kept for what it shows', () => {
    // Gap 45 − 25 = 20. AP-01 20 → 50 lifts application by ½ × 0.5 × 100 = 25: closure 1, total gain 0.3 × 25 = 7.5.
    // AP-02 → yes shows AP-03 again with its kept answer 60 (0.6), which scoring the draft would use too:
    // (1×0.5 + 1×1 + 2×0.6) / 4 = 0.675 → 67.5, a gain of 42.5: closure 1 as well, total gain 0.3 × 42.5 = 12.75.
    // Equal closure, so the larger total gain wins.
    expect(r.nextStage?.stage.code).toBe('single_application');
    expect(r.nextStage?.failing).toEqual([{ kind: 'dimension', dimension: 'application', min: 45, current: 25, gap: 20 }]);
    expect(r.nextStage?.steps).toEqual([
      { indicator: 'AP-02', dimension: 'application', from: false, to: true, normalisedFrom: 0, totalGain: 12.8, dimensionGain: 42.5 },
    ]);
    expect(r.nextStage?.totalAfterSteps).toBe(54.3); // 41.5 + 12.75 = 54.25
    expect(r.nextStage?.reachedAfterSteps).toBe(true);
    // And that is what scoring the answers with the step applied gives.
    const applied = scored({ ...typical, 'RD-03': { notApplicable: true }, 'AP-02': true });
    expect([applied.total, applied.stage.code]).toEqual([54.3, 'single_application']);
  });
});

describe('score: the top of the scale', () => {
  it('gives 100, 协同与创新 and no next stage for the best answers', () => {
    const r = scored({
      'RD-01': 'D',
      'RD-02': 100,
      'RD-03': true,
      'AP-01': 50,
      'AP-02': true,
      'AP-03': 100,
      'IN-01': 'C',
      'IN-02': ['A', 'B'],
      'CO-01': 'D',
      'PF-01': 20,
      'PF-02': true,
    });
    expect(r.total).toBe(100);
    expect(r.stage.code).toBe('collaboration_innovation');
    expect(r.stage.platformZh).toBe('创新突破');
    expect(r.nextStage).toBeNull();
  });

  it('caps a multiple choice at its cap', () => {
    const r = scored({ ...typical, 'IN-02': ['A', 'B', 'C'] }); // 1.5 capped at 1
    expect(traceOf(r, 'IN-02').normalised).toBe(1);
  });
});

describe('answer validation lists every offending indicator, never throws', () => {
  it('reports unknown codes, bad values and missing required answers together', () => {
    const outcome = score(mini, {
      'RD-01': 'Z',
      'RD-02': 120,
      'RD-03': 'yes',
      'AP-01': 2.5,
      'IN-02': ['N', 'A'],
      'CO-01': { notApplicable: true },
      'PF-01': [],
      'XX-99': 1,
    } as Answers);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.issues.map((i) => [i.indicator, i.code])).toEqual([
      ['XX-99', 'unknown_indicator'],
      ['RD-01', 'invalid_option'],
      ['RD-02', 'out_of_range'],
      ['RD-03', 'invalid_type'],
      ['AP-01', 'not_integer'],
      ['AP-02', 'required'],
      // AP-03 is hidden while AP-02 is unanswered, so it is not required.
      ['IN-01', 'required'],
      ['IN-02', 'exclusive_option'],
      ['CO-01', 'not_applicable_not_allowed'],
      ['PF-01', 'invalid_type'],
    ]);
    expect(outcome.issues.every((i) => i.message.length > 0)).toBe(true);
  });

  it('requires a shown dependent indicator', () => {
    const { 'AP-03': _omitted, ...rest } = typical;
    const outcome = score(mini, rest);
    expect(outcome.ok ? [] : outcome.issues).toEqual([{ indicator: 'AP-03', code: 'required', message: 'this required indicator is unanswered' }]);
  });

  it('rejects empty and duplicated selections and numbers below the minimum', () => {
    const issues = checkAnswers(mini, { 'IN-02': [], 'AP-01': -1 }, { complete: false });
    expect(issues.map((i) => i.code)).toEqual(['out_of_range', 'empty_selection']);
    expect(checkAnswers(mini, { 'IN-02': ['A', 'A'] }, { complete: false }).map((i) => i.code)).toEqual(['duplicate_option']);
  });

  it('survives values of every wrong type', () => {
    for (const bad of [null, {}, { notApplicable: false }, [1], Number.NaN, Number.POSITIVE_INFINITY]) {
      for (const code of ['RD-01', 'RD-02', 'RD-03', 'AP-01', 'IN-02']) {
        const outcome = score(mini, { ...typical, [code]: bad } as unknown as Answers);
        expect(outcome.ok, `${code} = ${JSON.stringify(bad)}`).toBe(false);
      }
    }
  });
});

describe('progress of a draft', () => {
  it('counts shown required indicators, N/A as answered', () => {
    expect(progress(mini, {})).toEqual({ answered: 0, required: 9, complete: false }); // AP-03 hidden, PF-02 optional
    expect(progress(mini, { 'AP-02': true, 'RD-03': { notApplicable: true } })).toEqual({ answered: 2, required: 10, complete: false });
    expect(progress(mini, typical)).toEqual({ answered: 10, required: 10, complete: true });
  });
});

describe('rounding', () => {
  it('rounds half away from zero at one decimal despite binary noise', () => {
    expect(roundScore(56.25)).toBe(56.3);
    expect(roundScore(0.05)).toBe(0.1);
    expect(roundScore(-0.05)).toBe(-0.1);
    expect(roundScore(1.15)).toBe(1.2); // 1.15 is 1.149999… in binary
    expect(roundScore(62.24999)).toBe(62.2);
    expect(roundScore(0.1 + 0.2)).toBe(0.3);
  });
});

describe('score: edges of definitions the catalog does not exercise', () => {
  const variant = (change: (def: typeof mini) => void) => {
    const def = structuredClone(mini);
    change(def);
    return (answers: Answers) => {
      const outcome = score(def, answers);
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
      return outcome.result;
    };
  };

  it('scores a curve point exactly and never leaves 0–1 between points', () => {
    // RD-02 on 0→0, 20→0.08, 100→1: at 100 the segment's formula gives 1.0000000000000002, at 20 it must be 0.08.
    const s = variant((def) => {
      const rd02 = def.indicators.find((i) => i.code === 'RD-02')!;
      rd02.answer = {
        type: 'percentage',
        curve: [
          { at: 0, score: 0 },
          { at: 20, score: 0.08 },
          { at: 100, score: 1 },
        ],
      };
    });
    expect(traceOf(s({ ...typical, 'RD-02': 100 }), 'RD-02').normalised).toBe(1);
    expect(traceOf(s({ ...typical, 'RD-02': 20 }), 'RD-02').normalised).toBe(0.08);
    for (let x = 0; x <= 100; x += 0.5) {
      const n = traceOf(s({ ...typical, 'RD-02': x }), 'RD-02').normalised!;
      expect(n >= 0 && n <= 1, `${x} → ${n}`).toBe(true);
    }
  });

  it('claims for the path exactly what scoring the answers with its steps gives, when a step shows an optional indicator again', () => {
    // AP-03 made optional, answered 0 and hidden by AP-02 = no. Showing it again counts that 0, as scoring does.
    const s = variant((def) => {
      def.indicators.find((i) => i.code === 'AP-03')!.required = false;
    });
    const answers: Answers = { ...typical, 'AP-01': 20, 'AP-02': false, 'AP-03': 0 };
    const r = s(answers);
    const path = r.nextStage!;
    const applied = s({ ...answers, ...Object.fromEntries(path.steps.map((step) => [step.indicator, step.to])) });
    expect(applied.total).toBe(path.totalAfterSteps);
    expect(applied.stage.rank >= path.stage.rank).toBe(path.reachedAfterSteps);
  });
});
