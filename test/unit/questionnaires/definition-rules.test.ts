import { describe, expect, it } from 'vitest';
import { QuestionnaireVersion, type QuestionnaireDefinition } from '../../../src/questionnaires/definition.schema';
import { readDefinitionFiles } from '../../../src/questionnaires/definition-files';
import { DEFINITIONS_DIR } from '../../../src/questionnaires/paths';
import { checkDefinitionRules } from '../../../src/questionnaires/rules';
import { validateDefinition } from '../../../src/questionnaires/validate-definition';

// Machinery has an integer number rule (RD-04, indicator 4) and gates on one dimension per stage.
const machinery = readDefinitionFiles(DEFINITIONS_DIR).find((f) => f.definition.id === 'machinery')!.definition;
const base = () => structuredClone(machinery) as unknown as Record<string, any>;
const problemsOf = (def: unknown) => {
  const check = validateDefinition(def);
  return check.ok ? [] : check.problems.map((p) => `${p.path} ${p.rule}`);
};

describe('versions are YYYY.N without leading zeros', () => {
  it('accepts the committed and plain versions', () => {
    for (const v of ['2026.1', '2026.0', '2026.10', '2026.999']) expect(QuestionnaireVersion.safeParse(v).success, v).toBe(true);
    expect(problemsOf(base())).toEqual([]);
  });

  it('refuses versions that compare equal to another (2026.01 = 2026.1, 2026.010 = 2026.10)', () => {
    for (const v of ['2026.01', '2026.010', '2026.00', '2026.1000', '2026.']) expect(QuestionnaireVersion.safeParse(v).success, v).toBe(false);
    expect(problemsOf({ ...base(), version: '2026.01' })).toEqual(['/version pattern']);
  });
});

describe('stage minimums have at most one decimal, as the rounded scores they are compared with', () => {
  it('refuses 45.04 as a minimum total or a gate minimum, naming the path', () => {
    const def = base();
    def.stages[0].minTotal = 40.05;
    def.stages[1].gates[0].min = 45.04;
    expect(problemsOf(def)).toEqual(['/stages/0/minTotal one-decimal', '/stages/1/gates/0/min one-decimal']);
  });

  it('accepts one decimal despite binary noise', () => {
    const def = base();
    def.stages[0].minTotal = 0.1 * 3 * 100; // 30.000000000000004
    def.stages[0].gates[0].min = 45.3;
    def.stages[1].minTotal = 60.7;
    expect(problemsOf(def)).toEqual([]);
  });
});

describe('indicator weights keep every dimension sum finite', () => {
  it('refuses a weight above 1000 in the schema', () => {
    const def = base();
    def.indicators[0].weight = 1e308;
    def.indicators[1].weight = 1e308;
    expect(problemsOf(def)).toEqual(['/indicators/0/weight maximum', '/indicators/1/weight maximum']);
  });

  it('checks the per-dimension sum itself: finite and above 0', () => {
    const def = base() as unknown as QuestionnaireDefinition;
    const readiness = def.indicators.filter((i) => i.dimension === 'readiness');
    for (const ind of readiness) ind.weight = 1e308; // Infinity once summed
    const problems = checkDefinitionRules(def).filter((p) => p.rule === 'dimension-indicator-weights');
    expect(problems).toEqual([{ path: '/indicators', rule: 'dimension-indicator-weights', message: expect.stringMatching(/"readiness".*Infinity/) }]);
  });
});

describe('an integer number rule has whole-number thresholds', () => {
  it('refuses 49.5, which the way to the next stage would suggest and the answer check reject', () => {
    const def = base();
    expect(def.indicators[4].answer).toMatchObject({ type: 'number', integer: true });
    def.indicators[4].answer.thresholds[3].atLeast = 49.5;
    expect(problemsOf(def)).toEqual(['/indicators/4/answer/thresholds/3/atLeast integer-thresholds']);
  });

  it('allows fractional thresholds when the answer may be fractional', () => {
    const def = base();
    def.indicators[4].answer.integer = false;
    def.indicators[4].answer.thresholds[3].atLeast = 49.5;
    expect(problemsOf(def)).toEqual([]);
  });
});
