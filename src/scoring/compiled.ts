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
  /** Per indicator: null when always shown, else whether it is shown given the answers and earlier visibility. */
  shown: (((values: Values, visible: Uint8Array) => boolean) | null)[];
  /** 1 for indicators some enableWhen looks at. */
  controller: Uint8Array;
  score: ((value: AnswerValue) => number)[];
}

/** Answers by indicator position: the engine's working form, cheaper to copy and read than an object by code. */
export type Values = readonly (AnswerValue | undefined)[];

export function valuesOf(c: CompiledDefinition, answers: Answers): (AnswerValue | undefined)[] {
  const values = new Array<AnswerValue | undefined>(c.indicators.length);
  for (let i = 0; i < values.length; i++) values[i] = answers[c.indicators[i]!.code];
  return values;
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
      return when.behavior === 'all' ? (values, visible) => tests.every((t) => t(values, visible)) : (values, visible) => tests.some((t) => t(values, visible));
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
function conditionTest(c: Condition, source: number): (values: Values, visible: Uint8Array) => boolean {
  return (values, visible) => {
    if (!visible[source]) return false;
    const answer = values[source];
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
  return visibleFor(c, valuesOf(c, answers));
}

export function visibleFor(c: CompiledDefinition, values: Values): Uint8Array {
  const visible = new Uint8Array(c.indicators.length);
  for (let i = 0; i < visible.length; i++) {
    const test = c.shown[i];
    visible[i] = !test || test(values, visible) ? 1 : 0;
  }
  return visible;
}
