import type { AnswerRule } from '../questionnaires/definition.schema';
import { normalise } from '../scoring/answer-rules';
import { compile, visibility } from '../scoring/compiled';
import type { Answers, AnswerValue } from '../scoring/schemas';
import type { QuestionnaireDefinition } from '../questionnaires/definition.schema';

/** The answer whose normalised value is closest to `x` (0–1), as a firm at that maturity would plausibly give. */
export function answerNear(rule: AnswerRule, x: number): AnswerValue {
  const target = Math.min(1, Math.max(0, x));
  switch (rule.type) {
    case 'single_choice':
      return rule.options.reduce((best, o) => (Math.abs(o.score - target) < Math.abs(best.score - target) ? o : best)).code;
    case 'multiple_choice': {
      const none = rule.options.find((o) => o.exclusive);
      const picks: string[] = [];
      let value = 0;
      for (const o of rule.options.filter((o) => !o.exclusive).sort((a, b) => b.score - a.score)) {
        const next = normalise(rule, [...picks, o.code]);
        if (Math.abs(next - target) >= Math.abs(value - target) && picks.length) break;
        picks.push(o.code);
        value = next;
      }
      return target < value / 2 && none ? [none.code] : picks;
    }
    case 'percentage': {
      // Invert the curve: the smallest share reaching the target score.
      for (let i = 1; i < rule.curve.length; i++) {
        const a = rule.curve[i - 1]!;
        const b = rule.curve[i]!;
        if (b.score >= target) return Math.round(b.score === a.score ? a.at : a.at + ((target - a.score) / (b.score - a.score)) * (b.at - a.at));
      }
      return 100;
    }
    case 'number': {
      const t = rule.thresholds.reduce((best, th) => (Math.abs(th.score - target) < Math.abs(best.score - target) ? th : best));
      return rule.integer ? Math.ceil(t.atLeast) : t.atLeast;
    }
    case 'yes_no':
      return Math.abs(rule.yes - target) <= Math.abs(rule.no - target);
  }
}

/**
 * Answers of a firm at a maturity level: each indicator at maturity plus its own noise (fixed per firm, so
 * calibration can move the level without reshuffling the firm), "not applicable" where the firm drew it, and no
 * answers to indicators its other answers hide.
 */
export function answersAt(def: QuestionnaireDefinition, maturity: number, noise: Float64Array, notApplicable: Uint8Array): Answers {
  const answers: Answers = {};
  def.indicators.forEach((ind, i) => {
    answers[ind.code] = ind.allowNotApplicable && notApplicable[i] ? { notApplicable: true } : answerNear(ind.answer, maturity + noise[i]!);
  });
  const visible = visibility(compile(def), answers);
  def.indicators.forEach((ind, i) => {
    if (!visible[i]) delete answers[ind.code];
  });
  return answers;
}
