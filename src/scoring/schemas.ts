import { z } from 'zod';
import { notFreeText } from '../domain/free-text';
import { DimensionCode, IndicatorCode } from '../questionnaires/definition.schema';
import { STAGE_CODES } from './stages';

/**
 * The engine's inputs and outputs, defined once: the API validates and documents with these schemas, and the pure
 * engine imports only their types.
 */

export const StageCode = z.enum(STAGE_CODES).describe('发展阶段 code, ordered from foundation to collaboration_innovation.');
export type StageCode = z.infer<typeof StageCode>;

export const Stage = z
  .strictObject({
    code: StageCode,
    rank: z.int().min(1).max(4),
    zh: z.string().describe('GB/T 23020 name, e.g. 综合集成.'),
    platformZh: z.string().describe("The national platform's later name for the same stage, e.g. 集成提升."),
    en: z.string(),
  })
  .meta({ id: 'Stage' });
export type Stage = z.infer<typeof Stage>;

export const NotApplicable = z.strictObject({ notApplicable: z.literal(true) });
/** Indicator and option codes as answers name them: matched against the definition (an unknown one is refused by name), not free text. */
const AnswerCode = notFreeText(z.string());
export const AnswerKey = notFreeText(z.string().max(64));
export const AnswerValue = z
  .union([AnswerCode, z.number(), z.boolean(), z.array(AnswerCode), NotApplicable])
  .describe(
    'single_choice: option code; multiple_choice: option codes; percentage: 0–100; number: a number; yes_no: boolean; or {"notApplicable": true} where allowed.',
  )
  .meta({ id: 'AnswerValue' });
export type AnswerValue = z.infer<typeof AnswerValue>;

export const Answers = z.record(AnswerKey, AnswerValue).describe('Answers keyed by indicator code.').meta({ id: 'Answers' });
export type Answers = z.infer<typeof Answers>;

export const ANSWER_ISSUE_CODES = [
  'unknown_indicator',
  'required',
  'invalid_type',
  'invalid_option',
  'duplicate_option',
  'exclusive_option',
  'empty_selection',
  'out_of_range',
  'not_integer',
  'not_applicable_not_allowed',
] as const;
export const AnswerIssue = z
  .strictObject({
    indicator: z.string(),
    code: z.enum(ANSWER_ISSUE_CODES),
    message: z.string(),
  })
  .meta({ id: 'AnswerIssue' });
export type AnswerIssue = z.infer<typeof AnswerIssue>;

export const TraceEntry = z
  .strictObject({
    indicator: IndicatorCode,
    dimension: DimensionCode,
    status: z
      .enum(['answered', 'not_applicable', 'hidden', 'unanswered'])
      .describe('hidden: its enableWhen does not hold; unanswered: an optional indicator left blank. Only answered ones count.'),
    answer: AnswerValue.nullable(),
    normalised: z.number().min(0).max(1).nullable().describe('The answer on a 0–1 scale by its scoring rule.'),
    weight: z.number().describe('Relative weight in the definition.'),
    effectiveWeight: z.number().describe('weight / Σ weights of the counted indicators of its dimension; 0 if not counted.'),
    dimensionWeight: z.number(),
    contribution: z.number().describe('dimensionWeight × effectiveWeight × normalised × 100: its points in the unrounded total.'),
  })
  .meta({ id: 'TraceEntry' });
export type TraceEntry = z.infer<typeof TraceEntry>;

export const DimensionScore = z
  .strictObject({
    dimension: DimensionCode,
    weight: z.number(),
    score: z.number().min(0).max(100).describe('Rounded to one decimal.'),
    scoreExact: z.number().describe('Σ effectiveWeight × normalised × 100, unrounded.'),
    countedIndicators: z.int().min(0),
    excludedIndicators: z.int().min(0).describe('Not applicable, hidden or optional and unanswered.'),
  })
  .meta({ id: 'DimensionScore' });
export type DimensionScore = z.infer<typeof DimensionScore>;

export const GateCheck = z.strictObject({ dimension: DimensionCode, min: z.number(), score: z.number(), passed: z.boolean() }).meta({ id: 'GateCheck' });

export const StageCheck = z
  .strictObject({
    stage: StageCode,
    minTotal: z.number(),
    total: z.number(),
    totalPassed: z.boolean(),
    gates: z.array(GateCheck),
    passed: z.boolean().describe('The total and every gate pass. Stages are cumulative: a stage counts only if all below it pass too.'),
  })
  .meta({ id: 'StageCheck' });
export type StageCheck = z.infer<typeof StageCheck>;

export const FailingCheck = z
  .strictObject({
    kind: z.enum(['total', 'dimension']),
    dimension: DimensionCode.nullable(),
    min: z.number(),
    current: z.number(),
    gap: z.number().describe('Points still missing, unrounded.'),
  })
  .meta({ id: 'FailingCheck' });
export type FailingCheck = z.infer<typeof FailingCheck>;

export const ImprovementStep = z
  .strictObject({
    indicator: IndicatorCode,
    dimension: DimensionCode,
    from: AnswerValue.nullable(),
    to: AnswerValue.describe('The answer that scores 1 on this indicator.'),
    normalisedFrom: z.number(),
    totalGain: z.number().describe('Points the total gains, rounded to one decimal.'),
    dimensionGain: z.number().describe('Points its dimension gains, rounded to one decimal.'),
  })
  .meta({ id: 'ImprovementStep' });
export type ImprovementStep = z.infer<typeof ImprovementStep>;

export const NextStagePath = z
  .strictObject({
    stage: Stage,
    failing: z.array(FailingCheck),
    steps: z.array(ImprovementStep).describe('Improvements in the order that closes the failing checks soonest, each applied on top of the previous ones.'),
    reachedAfterSteps: z.boolean().describe('Whether applying all listed steps reaches the stage.'),
    totalAfterSteps: z.number(),
  })
  .meta({ id: 'NextStagePath' });
export type NextStagePath = z.infer<typeof NextStagePath>;

export const ScoreResult = z
  .strictObject({
    engineVersion: z.string(),
    rounding: z.string(),
    total: z.number().min(0).max(100).describe('发展水平, rounded to one decimal.'),
    totalExact: z.number(),
    stage: Stage,
    dimensions: z.array(DimensionScore),
    stageChecks: z.array(StageCheck),
    nextStage: NextStagePath.nullable().describe('Null at the top stage.'),
    trace: z.array(TraceEntry),
  })
  .meta({ id: 'ScoreResult' });
export type ScoreResult = z.infer<typeof ScoreResult>;

/**
 * The summary a live form needs on every change of an answer: the figures, the stage, where the next stage's
 * conditions stand and the one step to take next. The trace and the checks of every stage only on request.
 */
export const NextStageSummary = z
  .strictObject({
    stage: Stage,
    check: StageCheck.describe(
      "The next stage's own rule: its total and each gate, passed or not. The rules below it pass (or the stage would be lower), so these are the conditions left.",
    ),
    nextStep: ImprovementStep.nullable().describe(
      "The first step of the full preview's path to this stage (result.nextStage.steps[0]), exactly; null when no single improvement closes any of the gaps.",
    ),
  })
  .meta({ id: 'NextStageSummary' });
export type NextStageSummary = z.infer<typeof NextStageSummary>;

export const ScoreSummary = z
  .strictObject({
    engineVersion: z.string(),
    total: z.number().min(0).max(100).describe('发展水平, rounded to one decimal.'),
    totalExact: z.number(),
    stage: Stage,
    dimensions: z.array(DimensionScore),
    nextStage: NextStageSummary.nullable().describe('Null at the top stage.'),
    stageChecks: z.array(StageCheck).optional().describe('Every stage rule checked, as in the full preview; only with include=stageChecks.'),
    trace: z.array(TraceEntry).optional().describe('Every indicator, as in the full preview; only with include=trace.'),
  })
  .meta({ id: 'ScoreSummary' });
export type ScoreSummary = z.infer<typeof ScoreSummary>;

export const Progress = z
  .strictObject({
    answered: z.int().min(0).describe('Required, shown indicators answered (not applicable counts as answered).'),
    required: z.int().min(0),
    complete: z.boolean(),
  })
  .meta({ id: 'Progress' });
export type Progress = z.infer<typeof Progress>;
