import type { DimensionCode, QuestionnaireDefinition } from '../questionnaires/definition.schema';
import { checkAnswer } from './answer-rules';
import { compile, valuesOf, visibility, visibleFor, type CompiledDefinition, type Values } from './compiled';
import { effectiveWeight, evaluateValues, type Evaluation } from './evaluate';
import { firstStepToNextStage, pathToNextStage } from './next-stage';
import { ROUNDING_RULE, roundScore } from './rounding';
import type { Answers, AnswerIssue, DimensionScore, Progress, ScoreResult, ScoreSummary, Stage, TraceEntry } from './schemas';
import { checkStages, reachedStage } from './stage-checks';
import { STAGES } from './stages';
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
  const c = compile(def);
  const values = valuesOf(c, answers);
  return issuesOf(c, answers, values, options.complete ? visibleFor(c, values) : null);
}

/** checkAnswers on answers already laid out by position (and their visibility, when required ones must be there). */
function issuesOf(c: CompiledDefinition, answers: Answers, values: Values, visible: Uint8Array | null): AnswerIssue[] {
  let given = 0;
  for (const v of values) if (v !== undefined) given++;
  // Every key names an indicator when as many answers were found by position as there are keys.
  const issues = given === Object.keys(answers).length ? [] : unknownIndicators(c.def, Object.keys(answers));
  for (let i = 0; i < values.length; i++) {
    const ind = c.indicators[i]!;
    const value = values[i];
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
  const s = scored(def, answers);
  if (!s.ok) return s;
  return { ok: true, figures: { total: s.total, stage: s.stage, dimensions: s.dimensions } };
}

/** Scores a complete set of answers; never throws for bad answers, it lists them instead. */
export function score(def: QuestionnaireDefinition, answers: Answers): ScoreOutcome {
  const s = scored(def, answers);
  if (!s.ok) return s;
  return {
    ok: true,
    result: {
      engineVersion: ENGINE_VERSION,
      rounding: ROUNDING_RULE,
      total: s.total,
      totalExact: s.ev.totalExact,
      stage: s.stage,
      dimensions: s.dimensions,
      stageChecks: s.stageChecks,
      nextStage: pathToNextStage(def, s.ev, s.stage),
      trace: traceOf(s.ev, answers),
    },
  };
}

export type SummaryOutcome = { ok: true; summary: ScoreSummary } | { ok: false; issues: AnswerIssue[] };

/** What a summary adds to its figures, on request. */
export interface SummaryIncludes {
  trace?: boolean;
  stageChecks?: boolean;
}

/**
 * The same scoring, summarised: figures, stage, the next stage's check and only the first step of the path to it
 * (found by the same search as the path's first step, run once). No trace or checks of every stage unless asked.
 */
export function scoreSummary(def: QuestionnaireDefinition, answers: Answers, include: SummaryIncludes = {}): SummaryOutcome {
  const s = scored(def, answers);
  if (!s.ok) return s;
  const next = STAGES[s.stage.rank];
  const summary: ScoreSummary = {
    engineVersion: ENGINE_VERSION,
    total: s.total,
    totalExact: s.ev.totalExact,
    stage: s.stage,
    dimensions: s.dimensions,
    nextStage: next
      ? { stage: next, check: s.stageChecks.find((check) => check.stage === next.code)!, nextStep: firstStepToNextStage(def, s.ev, s.stage) }
      : null,
  };
  if (include.stageChecks) summary.stageChecks = s.stageChecks;
  if (include.trace) summary.trace = traceOf(s.ev, answers);
  return { ok: true, summary };
}

/**
 * What the full result and the summary share: the answers checked as checkAnswers({ complete: true }) does, then
 * the evaluation, its rounded figures and the stage they reach. The answers are laid out by position and their
 * visibility resolved once, for the check and the evaluation alike.
 */
function scored(def: QuestionnaireDefinition, answers: Answers) {
  const c = compile(def);
  const values = valuesOf(c, answers);
  const visible = visibleFor(c, values);
  const issues = issuesOf(c, answers, values, visible);
  if (issues.length) return { ok: false as const, issues };
  const ev = evaluateValues(c, values, undefined, visible);
  const total = roundScore(ev.totalExact);
  const dimensions = c.dimensions.map(
    (d, i): DimensionScore => ({
      dimension: d.code,
      weight: d.weight,
      score: roundScore(ev.dimExact[i]!),
      scoreExact: ev.dimExact[i]!,
      countedIndicators: ev.dimCounted[i]!,
      excludedIndicators: d.members.length - ev.dimCounted[i]!,
    }),
  );
  const shown = new Map<DimensionCode, number>(dimensions.map((d) => [d.dimension, d.score]));
  const stageChecks = checkStages(def.stages, { total, dimensions: shown });
  return { ok: true as const, ev, total, dimensions, stageChecks, stage: reachedStage(stageChecks) };
}

function traceOf(ev: Evaluation, answers: Answers): TraceEntry[] {
  const c = ev.compiled;
  return c.indicators.map((ind, i): TraceEntry => {
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
}
