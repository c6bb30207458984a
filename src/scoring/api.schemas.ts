import { z } from 'zod';
import { QuestionnaireRef } from '../questionnaires/api.schemas';
import { Answers, ScoreResult, ScoreSummary } from './schemas';

export const ScoreRequest = z.strictObject({ answers: Answers }).meta({ id: 'ScoreRequest' });

export const ScorePreview = z
  .strictObject({ questionnaire: QuestionnaireRef, result: ScoreResult })
  .meta({ id: 'ScorePreview', description: 'A score computed and not stored.' });

export const ScoreSummaryPreview = z
  .strictObject({ questionnaire: QuestionnaireRef, summary: ScoreSummary })
  .meta({ id: 'ScoreSummaryPreview', description: 'A score computed and not stored, summarised for a form being filled.' });

/** What a summary may add; one value, or both comma-separated (like the indices' breakdown). */
export const SUMMARY_INCLUDES = ['trace', 'stageChecks', 'trace,stageChecks', 'stageChecks,trace'] as const;

export const ScoreSummaryQuery = z.strictObject({
  include: z.enum(SUMMARY_INCLUDES).optional().describe('Add the trace, the checks of every stage, or both (comma-separated).'),
});
