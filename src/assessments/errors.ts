import { InvalidAnswersError } from '../domain/errors';
import type { AnswerIssue } from '../scoring/schemas';

/** The engine's answer issues as one error naming every offending indicator, each under /answers/<code>. */
export function invalidAnswers(issues: readonly AnswerIssue[]): InvalidAnswersError {
  const missing = issues.filter((i) => i.code === 'required').length;
  const detail =
    missing === issues.length
      ? `${missing} required indicator(s) unanswered: ${issues.map((i) => i.indicator).join(', ')}`
      : `${issues.length} answer problem(s): ${issues.map((i) => `${i.indicator} ${i.code}`).join(', ')}`;
  return new InvalidAnswersError(
    detail,
    issues.map((i) => ({
      in: 'body',
      pointer: `/answers/${i.indicator.replaceAll('~', '~0').replaceAll('/', '~1')}`,
      code: i.code,
      message: i.message,
      indicator: i.indicator,
    })),
  );
}
