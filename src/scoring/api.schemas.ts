import { z } from 'zod';
import { QuestionnaireRef } from '../questionnaires/api.schemas';
import { Answers, ScoreResult } from './schemas';

export const ScoreRequest = z.strictObject({ answers: Answers }).meta({ id: 'ScoreRequest' });

export const ScorePreview = z
  .strictObject({ questionnaire: QuestionnaireRef, result: ScoreResult })
  .meta({ id: 'ScorePreview', description: 'A score computed and not stored.' });
