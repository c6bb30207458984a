import type { DimensionCode, QuestionnaireDefinition } from '../questionnaires/definition.schema';
import { checkAnswer } from './answer-rules';
import { effectiveWeight, evaluate } from './evaluate';
import { pathToNextStage } from './next-stage';
import { ROUNDING_RULE, roundScore } from './rounding';
import type { Answers, AnswerIssue, Progress, ScoreResult, TraceEntry } from './schemas';
import { checkStages, reachedStage } from './stage-checks';
import { ENGINE_VERSION } from './version';
import { visibleIndicators } from './visibility';

export type ScoreOutcome = { ok: true; result: ScoreResult } | { ok: false; issues: AnswerIssue[] };

/**
 * Every problem with a set of answers, in definition order: unknown codes, invalid values, and — when `complete` —
 * shown required indicators left unanswered. Answers to hidden indicators are still checked, since a later change
 * of the controlling answer would show them.
 */
export function checkAnswers(def: QuestionnaireDefinition, answers: Answers, options: { complete: boolean }): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  const known = new Set(def.indicators.map((i) => i.code));
  for (const code of Object.keys(answers)) {
    if (!known.has(code)) issues.push({ indicator: code, code: 'unknown_indicator', message: `no indicator "${code}" in ${def.id} ${def.version}` });
  }
  const visible = options.complete ? visibleIndicators(def, answers) : null;
  for (const ind of def.indicators) {
    const value = answers[ind.code];
    if (value === undefined) {
      if (visible?.has(ind.code) && ind.required) issues.push({ indicator: ind.code, code: 'required', message: 'this required indicator is unanswered' });
      continue;
    }
    const problem = checkAnswer(ind, value);
    if (problem) issues.push({ indicator: ind.code, ...problem });
  }
  return issues;
}

/** Required, shown indicators answered so far (for drafts). */
export function progress(def: QuestionnaireDefinition, answers: Answers): Progress {
  const visible = visibleIndicators(def, answers);
  const required = def.indicators.filter((i) => i.required && visible.has(i.code));
  const answered = required.filter((i) => answers[i.code] !== undefined).length;
  return { answered, required: required.length, complete: answered === required.length };
}

/** Scores a complete set of answers; never throws for bad answers, it lists them instead. */
export function score(def: QuestionnaireDefinition, answers: Answers): ScoreOutcome {
  const issues = checkAnswers(def, answers, { complete: true });
  if (issues.length) return { ok: false, issues };

  const ev = evaluate(def, answers);
  const total = roundScore(ev.totalExact);
  const shown = new Map<DimensionCode, number>(ev.dimensions.map((d) => [d.code, roundScore(d.exact)]));
  const stageChecks = checkStages(def.stages, { total, dimensions: shown });
  const stage = reachedStage(stageChecks);
  const byDimension = new Map(ev.dimensions.map((d) => [d.code, d]));

  const trace = ev.entries.map((e): TraceEntry => {
    const dim = byDimension.get(e.indicator.dimension)!;
    const eff = effectiveWeight(e, dim);
    return {
      indicator: e.indicator.code,
      dimension: e.indicator.dimension,
      // 'missing' cannot survive checkAnswers({ complete: true }); only simulations see it.
      status: e.status === 'missing' ? 'unanswered' : e.status,
      answer: e.answer ?? null,
      normalised: e.normalised,
      weight: e.indicator.weight,
      effectiveWeight: eff,
      dimensionWeight: dim.weight,
      contribution: dim.weight * eff * (e.normalised ?? 0) * 100,
    };
  });

  return {
    ok: true,
    result: {
      engineVersion: ENGINE_VERSION,
      rounding: ROUNDING_RULE,
      total,
      totalExact: ev.totalExact,
      stage,
      dimensions: ev.dimensions.map((d) => ({
        dimension: d.code,
        weight: d.weight,
        score: shown.get(d.code)!,
        scoreExact: d.exact,
        countedIndicators: d.counted,
        excludedIndicators: d.excluded,
      })),
      stageChecks,
      nextStage: pathToNextStage(def, answers, ev, stage),
      trace,
    },
  };
}
