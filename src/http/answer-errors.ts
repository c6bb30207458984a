import type { AnswerIssue } from '../scoring/schemas';
import { ProblemError } from './problem';

/** Answer issues from the engine as a 422 naming every offending indicator. */
export function invalidAnswers(issues: readonly AnswerIssue[]): ProblemError {
  const missing = issues.filter((i) => i.code === 'required').length;
  const detail =
    missing === issues.length
      ? `${missing} required indicator(s) unanswered: ${issues.map((i) => i.indicator).join(', ')}`
      : `${issues.length} answer problem(s): ${issues.map((i) => `${i.indicator} ${i.code}`).join(', ')}`;
  return new ProblemError('invalid-answers', detail, {
    errors: issues.map((i) => ({
      in: 'body',
      pointer: `/answers/${i.indicator.replaceAll('~', '~0').replaceAll('/', '~1')}`,
      code: i.code,
      message: i.message,
      indicator: i.indicator,
    })),
  });
}
