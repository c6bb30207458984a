import { z } from 'zod';
import { QuestionnaireRef } from '../questionnaires/api.schemas';
import { Answers, ScoreResult, ScoreSummary } from './schemas';

export const ScoreRequest = z.strictObject({ answers: Answers }).meta({ id: 'ScoreRequest' });

export const ScorePreview = z
  .strictObject({ questionnaire: QuestionnaireRef, result: ScoreResult })
  .meta({ id: 'ScorePreview', description: 'A score computed and not stored.' });

export const ScoreSummaryPreview = z
  .strictObject({ questionnaire: QuestionnaireRef, summary: ScoreSummary })
  .meta({ id: 'ScoreSummaryPreview', description: 'A score computed and not stored, summarised (view=summary).' });

/** What view=summary may add; one value, or both comma-separated (like the indices' breakdown). */
export const SUMMARY_INCLUDES = ['trace', 'stageChecks', 'trace,stageChecks', 'stageChecks,trace'] as const;

export const ScoreQuery = z
  .strictObject({
    view: z
      .enum(['full', 'summary'])
      .default('full')
      .describe(
        "full (the default): the result with its trace, every stage check and the path to the next stage, as stored on submission. summary: the figures, the stage, the next stage's check and the first step towards it, for a form being filled.",
      ),
    include: z.enum(SUMMARY_INCLUDES).optional().describe('With view=summary only: add the trace, the checks of every stage, or both (comma-separated).'),
  })
  .refine((q) => q.include === undefined || q.view === 'summary', {
    path: ['include'],
    message: 'include applies to view=summary only; the full view has everything',
  });

/** 200: exactly one of the two forms (oneOf), told apart by their second property, result or summary; view chooses. */
export const ScorePreviewResponse = z.xor([ScorePreview, ScoreSummaryPreview]);
