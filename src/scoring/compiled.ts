import type { Condition, DimensionCode, Indicator, QuestionnaireDefinition } from '../questionnaires/definition.schema';
import { isNotApplicable, normalise } from './answer-rules';
import type { Answers, AnswerValue } from './schemas';

/**
 * A definition prepared once for fast, repeated scoring: indicators by position, per-dimension member lists,
 * option scores in maps and enableWhen conditions as closures. Cached per definition object; definitions are
 * immutable once published, so the cache never goes stale.
 */
export interface CompiledDefinition {
  def: QuestionnaireDefinition;
  indicators: readonly Indicator[];
  indexOf: ReadonlyMap<string, number>;
  dimOf: Int32Array;
  weight: Float64Array;
  dimensions: { code: DimensionCode; weight: number; members: Int32Array }[];
  /** Per indicator: null when always shown, else whether it is shown given answers and earlier visibility. */
  shown: (((answers: Answers, visible: Uint8Array) => boolean) | null)[];
  /** 1 for indicators some enableWhen looks at. */
  controller: Uint8Array;
  score: ((value: AnswerValue) => number)[];
}

const cache = new WeakMap<QuestionnaireDefinition, CompiledDefinition>();

export function compile(def: QuestionnaireDefinition): CompiledDefinition {
  const cached = cache.get(def);
  if (cached) return cached;
  const indexOf = new Map(def.indicators.map((ind, i) => [ind.code, i]));
  const dimIndex = new Map(def.dimensions.map((d, i) => [d.code, i]));
  const dimOf = Int32Array.from(def.indicators, (ind) => dimIndex.get(ind.dimension)!);
  const controller = new Uint8Array(def.indicators.length);
  for (const ind of def.indicators) for (const c of ind.enableWhen?.conditions ?? []) controller[indexOf.get(c.indicator)!] = 1;

  const compiled: CompiledDefinition = {
    def,
    indicators: def.indicators,
    indexOf,
    dimOf,
    weight: Float64Array.from(def.indicators, (ind) => ind.weight),
    dimensions: def.dimensions.map((d, di) => ({
      code: d.code,
      weight: d.weight,
      members: Int32Array.from(def.indicators.flatMap((_, i) => (dimOf[i] === di ? [i] : []))),
    })),
    shown: def.indicators.map((ind) => {
      const when = ind.enableWhen;
      if (!when) return null;
      const tests = when.conditions.map((c) => conditionTest(c, indexOf.get(c.indicator)!));
      return when.behavior === 'all'
        ? (answers, visible) => tests.every((t) => t(answers, visible))
        : (answers, visible) => tests.some((t) => t(answers, visible));
    }),
    controller,
    score: def.indicators.map((ind) => scorer(ind)),
  };
  cache.set(def, compiled);
  return compiled;
}

function scorer(ind: Indicator): (value: AnswerValue) => number {
  const rule = ind.answer;
  if (rule.type === 'single_choice') {
    const scores = new Map(rule.options.map((o) => [o.code, o.score]));
    return (v) => scores.get(v as string) ?? 0;
  }
  return (v) => normalise(rule, v);
}

/**
 * A condition holds only on a shown, answered, applicable earlier indicator; conditions look only backwards
 * (a definition rule), so visibility resolves in one pass and a hidden link hides the whole chain after it.
 */
function conditionTest(c: Condition, source: number): (answers: Answers, visible: Uint8Array) => boolean {
  return (answers, visible) => {
    if (!visible[source]) return false;
    const answer = answers[c.indicator];
    if (answer === undefined || isNotApplicable(answer)) return false;
    if (c.operator === 'exists') return true;
    const equal = Array.isArray(answer) ? answer.includes(c.value as string) : answer === c.value;
    switch (c.operator) {
      case '=':
        return equal;
      case '!=':
        return !equal;
      default:
        if (typeof answer !== 'number' || typeof c.value !== 'number') return false;
        if (c.operator === '>') return answer > c.value;
        if (c.operator === '>=') return answer >= c.value;
        if (c.operator === '<') return answer < c.value;
        return answer <= c.value;
    }
  };
}

/** Which indicators are shown, as flags by position. */
export function visibility(c: CompiledDefinition, answers: Answers): Uint8Array {
  const visible = new Uint8Array(c.indicators.length);
  for (let i = 0; i < visible.length; i++) {
    const test = c.shown[i];
    visible[i] = !test || test(answers, visible) ? 1 : 0;
  }
  return visible;
}
