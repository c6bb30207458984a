import type { Condition, QuestionnaireDefinition } from '../questionnaires/definition.schema';
import { isNotApplicable } from './answer-rules';
import type { Answers, AnswerValue } from './schemas';

/**
 * Which indicators are shown, in definition order. Conditions only look at earlier indicators (a definition rule),
 * so one pass suffices; a condition on a hidden, unanswered or "not applicable" indicator does not hold, which
 * hides whole chains when their first link is hidden.
 */
export function visibleIndicators(def: QuestionnaireDefinition, answers: Answers): Set<string> {
  const visible = new Set<string>();
  for (const ind of def.indicators) {
    const when = ind.enableWhen;
    if (!when) {
      visible.add(ind.code);
      continue;
    }
    const holds = (c: Condition) => visible.has(c.indicator) && conditionHolds(c, answers[c.indicator]);
    if (when.behavior === 'all' ? when.conditions.every(holds) : when.conditions.some(holds)) visible.add(ind.code);
  }
  return visible;
}

function conditionHolds(c: Condition, answer: AnswerValue | undefined): boolean {
  if (answer === undefined || isNotApplicable(answer)) return false;
  if (c.operator === 'exists') return true;
  const equal = Array.isArray(answer) ? answer.includes(c.value as string) : answer === c.value;
  switch (c.operator) {
    case '=':
      return equal;
    case '!=':
      return !equal;
    default: {
      if (typeof answer !== 'number' || typeof c.value !== 'number') return false;
      if (c.operator === '>') return answer > c.value;
      if (c.operator === '>=') return answer >= c.value;
      if (c.operator === '<') return answer < c.value;
      return answer <= c.value;
    }
  }
}
