import type { QuestionnaireDefinition } from '../questionnaires/definition.schema';
import { bestAnswer } from './answer-rules';
import type { CompiledDefinition, Values } from './compiled';
import { evaluateValues, metricsWith, type Evaluation } from './evaluate';
import { roundScore } from './rounding';
import type { AnswerValue, FailingCheck, ImprovementStep, NextStagePath, Stage } from './schemas';
import { STAGES } from './stages';

/** Enough to act on; a longer list stops being advice. */
export const MAX_STEPS = 8;
const EPSILON = 1e-12;

/** A threshold on the total (metric 0) or on dimension d (metric d + 1). */
interface Check {
  metric: number;
  min: number;
}

type Gap = { metric: number; gap: number; check: FailingCheck };

/** Where a path stands: the answers with the steps so far applied, and their evaluation. */
interface Position {
  values: Values;
  ev: Evaluation;
}

/**
 * Greedy path to the next stage: repeatedly take the improvement (one indicator moved to the answer that scores 1)
 * that closes the largest share of the remaining gaps, each gap capped so overshooting one check earns nothing.
 * Checks are cumulative: every stage rule up to the next stage must hold.
 */
export function pathToNextStage(def: QuestionnaireDefinition, start: Evaluation, stage: Stage): NextStagePath | null {
  const next = STAGES[stage.rank];
  if (!next) return null;
  const checks = strictestChecks(def, stage.rank);

  // An answer kept for a hidden indicator stays in the draft and was checked with the others, so a step that shows
  // the indicator again is simulated with it: the path claims exactly what scoring the answers plus the steps gives.
  let at: Position = { values: start.values, ev: start };
  const failingAtStart = failing(checks, start);
  const steps: ImprovementStep[] = [];
  for (let gaps = failingAtStart; gaps.length && steps.length < MAX_STEPS; gaps = failing(checks, at.ev)) {
    const taken = takeStep(at, gaps);
    if (!taken) break;
    steps.push(taken.step);
    at = taken.after;
  }

  return {
    stage: next,
    failing: failingAtStart.map((g) => g.check),
    steps,
    reachedAfterSteps: failing(checks, at.ev).length === 0,
    totalAfterSteps: roundScore(at.ev.totalExact),
  };
}

/**
 * The first step of pathToNextStage's path, or null when the path has none (at the top stage, or when no single
 * improvement closes any gap): the same search, run once instead of up to MAX_STEPS times.
 */
export function firstStepToNextStage(def: QuestionnaireDefinition, start: Evaluation, stage: Stage): ImprovementStep | null {
  if (!STAGES[stage.rank]) return null;
  const gaps = failing(strictestChecks(def, stage.rank), start);
  return gaps.length ? (takeStep({ values: start.values, ev: start }, gaps)?.step ?? null) : null;
}

/** The improvement that closes most of the gaps, applied: the step as reported, and the position after it. */
function takeStep(at: Position, gaps: Gap[]): { step: ImprovementStep; after: Position } | null {
  const current = at.ev;
  const c = current.compiled;
  let best: { i: number; closure: number; totalGain: number; target: AnswerValue | null } | null = null;
  for (let i = 0; i < c.indicators.length; i++) {
    const v = current.norm[i]!;
    if (Number.isNaN(v) || v >= 1) continue;
    let closure = 0;
    let totalGain: number;
    let target: AnswerValue | null = null;
    if (c.controller[i]) {
      // Improving it can show or hide other indicators: simulate in full.
      target = bestAnswer(c.indicators[i]!.answer, at.values[i]);
      const after = metricsWith(current, i, target);
      for (const g of gaps) closure += Math.min(Math.max(0, metricOf(after, g.metric) - metricOf(current, g.metric)), g.gap) / g.gap;
      totalGain = after.totalExact - current.totalExact;
    } else {
      // Otherwise only its dimension moves, by its effective weight times the missing part: O(1).
      const d = c.dimOf[i]!;
      const dimGain = (c.weight[i]! / current.dimWeightSum[d]!) * (1 - v) * 100;
      totalGain = c.dimensions[d]!.weight * dimGain;
      for (const g of gaps) closure += Math.min(g.metric === 0 ? totalGain : g.metric === d + 1 ? dimGain : 0, g.gap) / g.gap;
    }
    if (closure <= EPSILON) continue;
    // More of the gaps closed first; then the larger total gain; on a tie the earlier indicator stays.
    if (!best || closure > best.closure + EPSILON || (Math.abs(closure - best.closure) <= EPSILON && totalGain > best.totalGain + EPSILON)) {
      best = { i, closure, totalGain, target };
    }
  }
  if (!best) return null;
  const from = at.values[best.i];
  const target = best.target ?? bestAnswer(c.indicators[best.i]!.answer, from);
  const values = replaced(at.values, best.i, target);
  const after = c.controller[best.i] ? evaluateValues(c, values, current) : raise(current, best.i, values);
  const d = c.dimOf[best.i]!;
  return {
    step: {
      indicator: c.indicators[best.i]!.code,
      dimension: c.dimensions[d]!.code,
      from: from ?? null,
      to: target,
      normalisedFrom: current.norm[best.i]!,
      totalGain: roundScore(after.totalExact - current.totalExact),
      dimensionGain: roundScore(after.dimExact[d]! - current.dimExact[d]!),
    },
    after: { values, ev: after },
  };
}

const strictest = new WeakMap<QuestionnaireDefinition, Check[][]>();

/**
 * A total or gate threshold may repeat across the cumulative rules; the strictest one is what must be met. Per
 * definition and stage, computed once (definitions are immutable once published).
 */
function strictestChecks(def: QuestionnaireDefinition, upTo: number): Check[] {
  let byStage = strictest.get(def);
  if (!byStage) strictest.set(def, (byStage = []));
  return (byStage[upTo] ??= computeStrictestChecks(def, upTo));
}

function computeStrictestChecks(def: QuestionnaireDefinition, upTo: number): Check[] {
  const need = new Map<number, number>();
  for (const rule of def.stages.slice(0, upTo)) {
    need.set(0, Math.max(need.get(0) ?? 0, rule.minTotal));
    for (const g of rule.gates) {
      const metric = def.dimensions.findIndex((d) => d.code === g.dimension) + 1;
      need.set(metric, Math.max(need.get(metric) ?? 0, g.min));
    }
  }
  return [...need].sort(([a], [b]) => a - b).map(([metric, min]) => ({ metric, min }));
}

function replaced(values: Values, i: number, value: AnswerValue): (AnswerValue | undefined)[] {
  const copy = values.slice();
  copy[i] = value;
  return copy;
}

const metricOf = (ev: Pick<Evaluation, 'dimExact' | 'totalExact'>, metric: number) => (metric === 0 ? ev.totalExact : ev.dimExact[metric - 1]!);

function failing(checks: Check[], ev: Evaluation): Gap[] {
  const out: Gap[] = [];
  for (const { metric, min } of checks) {
    const exact = metricOf(ev, metric);
    const shown = roundScore(exact);
    if (shown >= min) continue;
    const dimension = metric === 0 ? null : ev.compiled.dimensions[metric - 1]!.code;
    out.push({ metric, gap: min - exact, check: { kind: metric === 0 ? 'total' : 'dimension', dimension, min, current: shown, gap: min - exact } });
  }
  return out;
}

/** The evaluation after moving one non-controlling indicator to 1: only its value and its dimension change. */
function raise(ev: Evaluation, i: number, values: Values): Evaluation {
  const c: CompiledDefinition = ev.compiled;
  const d = c.dimOf[i]!;
  const norm = ev.norm.slice();
  norm[i] = 1;
  const dimExact = ev.dimExact.slice();
  const gain = (c.weight[i]! / ev.dimWeightSum[d]!) * (1 - ev.norm[i]!) * 100;
  dimExact[d]! += gain;
  const { status, dimWeightSum, dimCounted } = ev;
  return { compiled: c, values, status, norm, dimWeightSum, dimExact, dimCounted, totalExact: ev.totalExact + c.dimensions[d]!.weight * gain };
}
