import { z } from 'zod';
import { DimensionCode, QuestionnaireId, QuestionnaireVersion } from '../questionnaires/definition.schema';
import { QuestionnaireRef } from '../questionnaires/api.schemas';
import { AnswerKey, AnswerValue, Progress, ScoreResult, Stage } from '../scoring/schemas';
import { PERIOD_PATTERN } from '../domain/periods';

export const PeriodText = z
  .string()
  .regex(PERIOD_PATTERN, 'must be a year (2024) or a half-year (2024-H1, 2024-H2)')
  .describe('A calendar year `2024` or a half-year `2024-H1` / `2024-H2`.');
export const AssessmentId = z.uuid();

export const DraftCreate = z
  .strictObject({
    period: PeriodText,
    questionnaire: z
      .strictObject({ id: QuestionnaireId.optional(), version: QuestionnaireVersion.optional() })
      .optional()
      .describe("Defaults to the current version of the questionnaire the enterprise's industry maps to."),
  })
  .meta({ id: 'DraftCreate' });
export type DraftCreate = z.infer<typeof DraftCreate>;

export const AnswersPatch = z
  .strictObject({
    answers: z
      .record(AnswerKey, AnswerValue.nullable())
      .describe('Answers to save, keyed by indicator code; null removes an answer. Each is checked as it comes.'),
  })
  .meta({ id: 'AnswersPatch' });

export const Assessment = z
  .strictObject({
    id: AssessmentId,
    enterpriseId: z.uuid(),
    period: PeriodText,
    revision: z.int().min(1),
    revisionOf: AssessmentId.nullable().describe('The submitted assessment this revision corrects.'),
    status: z.enum(['draft', 'submitted']),
    isLatest: z.boolean().describe('The submitted revision that counts for its enterprise and period.'),
    questionnaire: QuestionnaireRef,
    answers: z.record(z.string(), AnswerValue),
    progress: Progress,
    result: ScoreResult.nullable().describe('The stored result once submitted; never recomputed.'),
    version: z.int().describe('Also sent as the ETag; PATCH and submit need it in If-Match.'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    submittedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Assessment' });
export type Assessment = z.infer<typeof Assessment>;

export const DimensionPoint = z.strictObject({ dimension: DimensionCode, score: z.number() }).meta({ id: 'DimensionPoint' });

export const AssessmentListItem = z
  .strictObject({
    id: AssessmentId,
    period: PeriodText,
    revision: z.int(),
    status: z.enum(['draft', 'submitted']),
    isLatest: z.boolean(),
    questionnaire: QuestionnaireRef,
    total: z.number().nullable(),
    stage: Stage.nullable(),
    createdAt: z.iso.datetime(),
    submittedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'AssessmentListItem' });

export const AssessmentHistory = z
  .strictObject({ enterpriseId: z.uuid(), items: z.array(AssessmentListItem).describe('Newest period first; within a period, newest revision first.') })
  .meta({ id: 'AssessmentHistory' });

export const StageMove = z.strictObject({ from: Stage, to: Stage, direction: z.enum(['up', 'down', 'same']) }).meta({ id: 'StageMove' });

export const TrendPoint = z
  .strictObject({
    period: PeriodText,
    assessmentId: AssessmentId,
    revision: z.int(),
    total: z.number(),
    stage: Stage,
    dimensions: z.array(DimensionPoint),
    change: z
      .strictObject({
        fromPeriod: PeriodText,
        total: z.number(),
        dimensions: z.array(DimensionPoint).describe('Change per dimension present in both periods.'),
        stage: StageMove,
      })
      .nullable()
      .describe('Against the previous assessed period; null for the first.'),
  })
  .meta({ id: 'TrendPoint' });

export const Trend = z
  .strictObject({ enterpriseId: z.uuid(), points: z.array(TrendPoint).describe('Oldest period first; the latest submitted revision of each.') })
  .meta({ id: 'Trend' });

export const AssessmentParams = z.strictObject({ assessmentId: AssessmentId });
