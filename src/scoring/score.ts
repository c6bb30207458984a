import type { DimensionCode, QuestionnaireDefinition } from '../questionnaires/definition.schema';
import { checkAnswer } from './answer-rules';
import { compile, visibility } from './compiled';
import { effectiveWeight, evaluate, type Evaluation } from './evaluate';
import { pathToNextStage } from './next-stage';
import { ROUNDING_RULE, roundScore } from './rounding';
import type { Answers, AnswerIssue, Progress, ScoreResult, Stage, TraceEntry } from './schemas';
import { checkStages, reachedStage } from './stage-checks';
import { ENGINE_VERSION } from './version';

// By evaluate's status codes; 'missing' cannot survive checkAnswers({ complete: true }), only simulations see it.
const TRACE_STATUS: TraceEntry['status'][] = ['hidden', 'not_applicable', 'unanswered', 'unanswered', 'answered'];

export type ScoreOutcome = { ok: true; result: ScoreResult } | { ok: false; issues: AnswerIssue[] };

/**
 * Every problem with a set of answers, in definition order: unknown codes, invalid values, and — when `complete` —
 * shown required indicators left unanswered. Answers to hidden indicators are still checked, since a later change
 * of the controlling answer would show them.
 */
export function checkAnswers(def: QuestionnaireDefinition, answers: Answers, options: { complete: boolean }): AnswerIssue[] {
  const issues = unknownIndicators(def, Object.keys(answers));
  const c = compile(def);
  const visible = options.complete ? visibility(c, answers) : null;
  for (const [i, ind] of def.indicators.entries()) {
    const value = answers[ind.code];
    if (value === undefined) {
      if (visible?.[i] && ind.required) issues.push({ indicator: ind.code, code: 'required', message: 'this required indicator is unanswered' });
      continue;
    }
    const problem = checkAnswer(ind, value);
    if (problem) issues.push({ indicator: ind.code, ...problem });
  }
  return issues;
}

/** The codes that name no indicator of the definition, in the order given. */
export function unknownIndicators(def: QuestionnaireDefinition, codes: readonly string[]): AnswerIssue[] {
  const c = compile(def);
  return codes
    .filter((code) => !c.indexOf.has(code))
    .map((code) => ({ indicator: code, code: 'unknown_indicator' as const, message: `no indicator "${code}" in ${def.id} ${def.version}` }));
}

/** Required, shown indicators answered so far (for drafts). */
export function progress(def: QuestionnaireDefinition, answers: Answers): Progress {
  const visible = visibility(compile(def), answers);
  const required = def.indicators.filter((ind, i) => ind.required && visible[i]);
  const answered = required.filter((i) => answers[i.code] !== undefined).length;
  return { answered, required: required.length, complete: answered === required.length };
}

/** The rounded figures of an evaluation and the stage they reach: what every form of a score shares. */
function figuresOf(def: QuestionnaireDefinition, ev: Evaluation) {
  const total = roundScore(ev.totalExact);
  const shown = new Map<DimensionCode, number>(ev.compiled.dimensions.map((d, i) => [d.code, roundScore(ev.dimExact[i]!)]));
  const stageChecks = checkStages(def.stages, { total, dimensions: shown });
  return { total, shown, stageChecks, stage: reachedStage(stageChecks) };
}

/** What a summary of a result holds; a ScoreResult is one. */
export interface ScoreFigures {
  total: number;
  stage: Stage;
  dimensions: { dimension: DimensionCode; score: number }[];
}

/**
 * The total, dimension scores and stage of a complete set of answers — exactly score()'s — without the trace and
 * the path to the next stage, which cost most of a score: for loading many assessments at once.
 */
export function scoreFigures(def: QuestionnaireDefinition, answers: Answers): { ok: true; figures: ScoreFigures } | { ok: false; issues: AnswerIssue[] } {
  const issues = checkAnswers(def, answers, { complete: true });
  if (issues.length) return { ok: false, issues };
  const { total, shown, stage } = figuresOf(def, evaluate(def, answers));
  return { ok: true, figures: { total, stage, dimensions: [...shown].map(([dimension, score]) => ({ dimension, score })) } };
}

/** Scores a complete set of answers; never throws for bad answers, it lists them instead. */
export function score(def: QuestionnaireDefinition, answers: Answers): ScoreOutcome {
  const issues = checkAnswers(def, answers, { complete: true });
  if (issues.length) return { ok: false, issues };

  const ev = evaluate(def, answers);
  const c = ev.compiled;
  const { total, shown, stageChecks, stage } = figuresOf(def, ev);

  const trace = c.indicators.map((ind, i): TraceEntry => {
    const d = c.dimensions[c.dimOf[i]!]!;
    const eff = effectiveWeight(ev, i);
    const norm = Number.isNaN(ev.norm[i]!) ? null : ev.norm[i]!;
    return {
      indicator: ind.code,
      dimension: d.code,
      status: TRACE_STATUS[ev.status[i]!]!,
      answer: answers[ind.code] ?? null,
      normalised: norm,
      weight: ind.weight,
      effectiveWeight: eff,
      dimensionWeight: d.weight,
      contribution: d.weight * eff * (norm ?? 0) * 100,
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
      dimensions: c.dimensions.map((d, i) => ({
        dimension: d.code,
        weight: d.weight,
        score: shown.get(d.code)!,
        scoreExact: ev.dimExact[i]!,
        countedIndicators: ev.dimCounted[i]!,
        excludedIndicators: d.members.length - ev.dimCounted[i]!,
      })),
      stageChecks,
      nextStage: pathToNextStage(def, ev, stage),
      trace,
    },
  };
}
