import type { QuestionnaireDefinition } from '../questionnaires/definition.schema';
import { bestAnswer } from './answer-rules';
import { evaluate, type Entry, type Evaluation } from './evaluate';
import { roundScore } from './rounding';
import type { Answers, AnswerValue, FailingCheck, ImprovementStep, NextStagePath, Stage } from './schemas';
import { STAGES } from './stages';

/** Enough to act on; a longer list stops being advice. */
export const MAX_STEPS = 8;

/**
 * Greedy path to the next stage: repeatedly take the improvement (one indicator moved to the answer that scores 1)
 * that closes the largest share of the remaining gaps, each gap capped so overshooting one check earns nothing.
 * Checks are cumulative: every stage rule up to the next stage must hold.
 */
export function pathToNextStage(def: QuestionnaireDefinition, answers: Answers, start: Evaluation, stage: Stage): NextStagePath | null {
  const next = STAGES[stage.rank];
  if (!next) return null;
  const rules = def.stages.slice(0, stage.rank);
  const controllers = controllerCodes(def);

  let current = start;
  // An answer kept for a hidden indicator is not trusted: if a step shows the indicator again, it counts as 0 until
  // answered anew.
  let currentAnswers: Answers = Object.fromEntries(
    start.entries.filter((e) => e.status !== 'hidden' && answers[e.indicator.code] !== undefined).map((e) => [e.indicator.code, answers[e.indicator.code]!]),
  );
  const failingAtStart = failingChecks(rules, current);
  const steps: ImprovementStep[] = [];

  for (let failing = failingAtStart; failing.length && steps.length < MAX_STEPS; failing = failingChecks(rules, current)) {
    const before = metrics(current);
    let best: Candidate | null = null;
    for (const entry of current.entries) {
      if (entry.normalised === null || entry.normalised >= 1) continue;
      const target = bestAnswer(entry.indicator.answer, entry.answer);
      const after = controllers.has(entry.indicator.code)
        ? metrics(evaluate(def, { ...currentAnswers, [entry.indicator.code]: target }))
        : raised(current, entry);
      const closure = failing.reduce((s, f) => {
        const key = f.dimension ?? 'total';
        return s + Math.min(Math.max(0, (after.get(key) ?? 0) - (before.get(key) ?? 0)), f.gap) / f.gap;
      }, 0);
      const totalGain = (after.get('total') ?? 0) - current.totalExact;
      const candidate = { entry, closure, totalGain, target };
      if (closure > EPSILON && (!best || better(candidate, best))) best = candidate;
    }
    if (!best) break;
    const { entry, target } = best;
    currentAnswers = { ...currentAnswers, [entry.indicator.code]: target };
    const after = evaluate(def, currentAnswers);
    const dim = entry.indicator.dimension;
    steps.push({
      indicator: entry.indicator.code,
      dimension: dim,
      from: entry.answer ?? null,
      to: target,
      normalisedFrom: entry.normalised!,
      totalGain: roundScore(after.totalExact - current.totalExact),
      dimensionGain: roundScore(dimensionExact(after, dim) - dimensionExact(current, dim)),
    });
    current = after;
  }

  return {
    stage: next,
    failing: failingAtStart,
    steps,
    reachedAfterSteps: failingChecks(rules, current).length === 0,
    totalAfterSteps: roundScore(current.totalExact),
  };
}

const EPSILON = 1e-12;

interface Candidate {
  entry: Entry;
  closure: number;
  totalGain: number;
  target: AnswerValue;
}

/** More of the gaps closed first; then the larger total gain; on a tie the earlier indicator stays. */
function better(a: Candidate, b: Candidate): boolean {
  if (Math.abs(a.closure - b.closure) > EPSILON) return a.closure > b.closure;
  return a.totalGain > b.totalGain + EPSILON;
}

function failingChecks(rules: QuestionnaireDefinition['stages'], ev: Evaluation): FailingCheck[] {
  const failing: FailingCheck[] = [];
  const total = roundScore(ev.totalExact);
  // A total or gate threshold may repeat across cumulative rules; the strictest one is what must be met.
  const need = new Map<string, number>();
  for (const rule of rules) {
    need.set('total', Math.max(need.get('total') ?? 0, rule.minTotal));
    for (const g of rule.gates) need.set(g.dimension, Math.max(need.get(g.dimension) ?? 0, g.min));
  }
  for (const [key, min] of need) {
    if (key === 'total') {
      if (total < min) failing.push({ kind: 'total', dimension: null, min, current: total, gap: min - ev.totalExact });
      continue;
    }
    const exact = dimensionExact(ev, key);
    const shown = roundScore(exact);
    if (shown < min) failing.push({ kind: 'dimension', dimension: key as FailingCheck['dimension'], min, current: shown, gap: min - exact });
  }
  return failing;
}

function dimensionExact(ev: Evaluation, code: string): number {
  return ev.dimensions.find((d) => d.code === code)?.exact ?? 0;
}

function metrics(ev: Evaluation): Map<string, number> {
  const m = new Map<string, number>([['total', ev.totalExact]]);
  for (const d of ev.dimensions) m.set(d.code, d.exact);
  return m;
}

/** Metrics after moving one counted entry to 1, when nothing else's visibility depends on it: O(dimensions). */
function raised(ev: Evaluation, entry: Entry): Map<string, number> {
  const m = metrics(ev);
  const dim = ev.dimensions.find((d) => d.code === entry.indicator.dimension)!;
  const delta = (entry.indicator.weight / dim.weightSum) * (1 - entry.normalised!) * 100;
  m.set(dim.code, dim.exact + delta);
  m.set('total', ev.totalExact + dim.weight * delta);
  return m;
}

const controllerCache = new WeakMap<QuestionnaireDefinition, Set<string>>();
/** Indicators some enableWhen looks at: changing them can show or hide others, so they need a full re-evaluation. */
function controllerCodes(def: QuestionnaireDefinition): Set<string> {
  let codes = controllerCache.get(def);
  if (!codes) {
    codes = new Set(def.indicators.flatMap((i) => i.enableWhen?.conditions.map((c) => c.indicator) ?? []));
    controllerCache.set(def, codes);
  }
  return codes;
}
