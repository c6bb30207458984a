import type { QuestionnaireDefinition } from '../questionnaires/definition.schema';
import { isNotApplicable } from './answer-rules';
import { compile, valuesOf, visibleFor, type CompiledDefinition, type Values } from './compiled';
import type { Answers, AnswerValue } from './schemas';

/**
 * The unrounded arithmetic of domain.md: dimension score = Σ(w × v) / Σ w × 100 over counted indicators,
 * total = Σ(dimension weight × dimension score). Assumes answers already passed checkAnswer.
 */

export const HIDDEN = 0;
export const NOT_APPLICABLE = 1;
/** An optional indicator left blank: not counted. */
export const UNANSWERED = 2;
/** A required, shown indicator left blank: counted as 0 (only simulations of the next-stage path see it). */
export const MISSING = 3;
export const ANSWERED = 4;

export interface Evaluation {
  compiled: CompiledDefinition;
  values: Values;
  status: Uint8Array;
  /** 0–1 for counted indicators (answered or missing), NaN otherwise. A plain array: a Float64Array this long is
   * allocated outside the heap, which costs more than the scoring itself. */
  norm: number[];
  dimWeightSum: Float64Array;
  dimExact: Float64Array;
  dimCounted: Int32Array;
  totalExact: number;
}

export function evaluate(def: QuestionnaireDefinition | CompiledDefinition, answers: Answers): Evaluation {
  const c = 'def' in def ? def : compile(def);
  return evaluateValues(c, valuesOf(c, answers));
}

/**
 * `base`, when given, is an evaluation of nearly the same values: an answer it already scored is not scored again
 * (the next-stage search evaluates many one-answer variations). `visible`, when given, is visibleFor(c, values).
 */
export function evaluateValues(c: CompiledDefinition, values: Values, base?: Evaluation, visible: Uint8Array = visibleFor(c, values)): Evaluation {
  const count = c.indicators.length;
  const status = new Uint8Array(count);
  const norm = new Array<number>(count).fill(Number.NaN);
  for (let i = 0; i < count; i++) {
    if (!visible[i]) continue; // HIDDEN
    const answer = values[i];
    if (answer === undefined) {
      if (c.indicators[i]!.required) {
        status[i] = MISSING;
        norm[i] = 0;
      } else status[i] = UNANSWERED;
    } else if (isNotApplicable(answer)) status[i] = NOT_APPLICABLE;
    else {
      status[i] = ANSWERED;
      norm[i] = base && base.status[i] === ANSWERED && base.values[i] === answer ? base.norm[i]! : c.score[i]!(answer);
    }
  }
  const dims = c.dimensions.length;
  const dimWeightSum = new Float64Array(dims);
  const dimExact = new Float64Array(dims);
  const dimCounted = new Int32Array(dims);
  let totalExact = 0;
  for (let d = 0; d < dims; d++) {
    let weighted = 0;
    for (const i of c.dimensions[d]!.members) {
      if (Number.isNaN(norm[i]!)) continue;
      dimWeightSum[d]! += c.weight[i]!;
      weighted += c.weight[i]! * norm[i]!;
      dimCounted[d]! += 1;
    }
    // A definition rule guarantees an always-counted indicator per dimension, so the sum is positive in practice.
    dimExact[d] = dimWeightSum[d]! > 0 ? (weighted / dimWeightSum[d]!) * 100 : 0;
    totalExact += c.dimensions[d]!.weight * dimExact[d]!;
  }
  return { compiled: c, values, status, norm, dimWeightSum, dimExact, dimCounted, totalExact };
}

/** weight / Σ weights of the counted indicators of its dimension; 0 for one that does not count. */
export function effectiveWeight(ev: Evaluation, i: number): number {
  const d = ev.compiled.dimOf[i]!;
  return Number.isNaN(ev.norm[i]!) || ev.dimWeightSum[d] === 0 ? 0 : ev.compiled.weight[i]! / ev.dimWeightSum[d]!;
}

/**
 * The dimension scores and total that evaluateValues would give for base's values with indicator i answered
 * `value`, worked out from base: only indicators whose value or visibility changes are scored again, and only their
 * dimensions summed again, in the same order and so to the same bits. For the next-stage search, which tries many
 * such changes and keeps one.
 */
export function metricsWith(base: Evaluation, i: number, value: AnswerValue): { dimExact: Float64Array; totalExact: number } {
  const c = base.compiled;
  const values = base.values.slice();
  values[i] = value;
  const visible = visibleFor(c, values);
  const changed: number[] = [];
  const changedNorm: number[] = [];
  for (let j = 0; j < visible.length; j++) {
    if (j !== i && visible[j] === (base.status[j] === HIDDEN ? 0 : 1)) continue;
    changed.push(j);
    changedNorm.push(normOf(c, j, visible[j]!, values[j], base));
  }
  const dimExact = base.dimExact.slice();
  const dirty = new Uint8Array(c.dimensions.length);
  for (const j of changed) dirty[c.dimOf[j]!] = 1;
  let totalExact = 0;
  for (let d = 0; d < dimExact.length; d++) {
    if (dirty[d]) {
      let weightSum = 0;
      let weighted = 0;
      for (const m of c.dimensions[d]!.members) {
        const at = changed.indexOf(m);
        const norm = at < 0 ? base.norm[m]! : changedNorm[at]!;
        if (Number.isNaN(norm)) continue;
        weightSum += c.weight[m]!;
        weighted += c.weight[m]! * norm;
      }
      dimExact[d] = weightSum > 0 ? (weighted / weightSum) * 100 : 0;
    }
    totalExact += c.dimensions[d]!.weight * dimExact[d]!;
  }
  return { dimExact, totalExact };
}

/** Indicator j's normalised value as evaluateValues scores it (NaN where it does not count). */
function normOf(c: CompiledDefinition, j: number, visible: number, answer: AnswerValue | undefined, base: Evaluation): number {
  if (!visible) return Number.NaN;
  if (answer === undefined) return c.indicators[j]!.required ? 0 : Number.NaN;
  if (isNotApplicable(answer)) return Number.NaN;
  return base.status[j] === ANSWERED && base.values[j] === answer ? base.norm[j]! : c.score[j]!(answer);
}
