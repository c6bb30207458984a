import type { AnswerRule, Indicator } from '../questionnaires/definition.schema';
import type { AnswerIssue, AnswerValue } from './schemas';

type IssueCode = AnswerIssue['code'];
export type AnswerProblem = { code: IssueCode; message: string };

export function isNotApplicable(value: AnswerValue | undefined): value is { notApplicable: true } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.notApplicable === true;
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Whether a value is an acceptable answer to an indicator; the first problem found, or null. */
export function checkAnswer(indicator: Indicator, value: AnswerValue): AnswerProblem | null {
  if (isNotApplicable(value)) {
    return indicator.allowNotApplicable ? null : { code: 'not_applicable_not_allowed', message: 'this indicator cannot be answered "not applicable"' };
  }
  const rule = indicator.answer;
  switch (rule.type) {
    case 'single_choice': {
      if (typeof value !== 'string') return { code: 'invalid_type', message: 'expected one option code (a string)' };
      return rule.options.some((o) => o.code === value)
        ? null
        : { code: 'invalid_option', message: `"${value}" is not an option; expected one of ${rule.options.map((o) => o.code).join(', ')}` };
    }
    case 'multiple_choice': {
      if (!Array.isArray(value)) return { code: 'invalid_type', message: 'expected an array of option codes' };
      if (value.length === 0) return { code: 'empty_selection', message: 'select at least one option (or the "none" option)' };
      const unknown = value.filter((v) => !rule.options.some((o) => o.code === v));
      if (unknown.length) {
        return { code: 'invalid_option', message: `${unknown.map((u) => `"${u}"`).join(', ')} not among ${rule.options.map((o) => o.code).join(', ')}` };
      }
      if (new Set(value).size !== value.length) return { code: 'duplicate_option', message: 'an option is selected twice' };
      const exclusive = rule.options.find((o) => o.exclusive && value.includes(o.code));
      if (exclusive && value.length > 1) {
        return { code: 'exclusive_option', message: `"${exclusive.code}" excludes every other option` };
      }
      return null;
    }
    case 'percentage':
      if (!isFiniteNumber(value)) return { code: 'invalid_type', message: 'expected a percentage (a number 0–100)' };
      return value < 0 || value > 100 ? { code: 'out_of_range', message: `${value} is outside 0–100` } : null;
    case 'number':
      if (!isFiniteNumber(value)) return { code: 'invalid_type', message: 'expected a number' };
      if (rule.integer && !Number.isInteger(value)) return { code: 'not_integer', message: `${value} is not a whole number` };
      if (value < rule.min) return { code: 'out_of_range', message: `${value} is below the minimum ${rule.min}` };
      if (rule.max !== undefined && value > rule.max) return { code: 'out_of_range', message: `${value} is above the maximum ${rule.max}` };
      return null;
    case 'yes_no':
      return typeof value === 'boolean' ? null : { code: 'invalid_type', message: 'expected true or false' };
  }
}

/** The answer on a 0–1 scale. Only call with a value checkAnswer accepted and that is not "not applicable". */
export function normalise(rule: AnswerRule, value: AnswerValue): number {
  switch (rule.type) {
    case 'single_choice':
      return rule.options.find((o) => o.code === value)?.score ?? 0;
    case 'multiple_choice': {
      const chosen = value as string[];
      const sum = rule.options.filter((o) => chosen.includes(o.code)).reduce((s, o) => s + o.score, 0);
      // Binary sums such as 0.3 + 0.3 + 0.3 fall a hair short of 0.9; a cap reached on paper is reached.
      return sum >= rule.cap - 1e-9 ? 1 : sum / rule.cap;
    }
    case 'percentage':
      return interpolate(rule.curve, value as number);
    case 'number': {
      let score = 0;
      for (const t of rule.thresholds) if ((value as number) >= t.atLeast) score = t.score;
      return score;
    }
    case 'yes_no':
      return value ? rule.yes : rule.no;
  }
}

function interpolate(curve: { at: number; score: number }[], x: number): number {
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1]!;
    const b = curve[i]!;
    if (x === b.at) return b.score;
    if (x < b.at) {
      // Floating point may overshoot the segment's ends (1.0000000000000002 at a curve's top): stay between them.
      const y = a.score + ((b.score - a.score) * (x - a.at)) / (b.at - a.at);
      return Math.min(Math.max(y, Math.min(a.score, b.score)), Math.max(a.score, b.score));
    }
  }
  return curve[curve.length - 1]!.score;
}

/**
 * The answer that scores 1, closest to the current one: the best option; the lowest share or value reaching 1; for
 * a multiple choice the current selection plus the highest-scoring missing options until the cap is reached.
 */
export function bestAnswer(rule: AnswerRule, current: AnswerValue | undefined): AnswerValue {
  switch (rule.type) {
    case 'single_choice':
      return rule.options.find((o) => o.score === 1)!.code;
    case 'multiple_choice': {
      const selected = Array.isArray(current) ? current.filter((c) => rule.options.some((o) => o.code === c && !o.exclusive)) : [];
      let sum = rule.options.filter((o) => selected.includes(o.code)).reduce((s, o) => s + o.score, 0);
      const missing = rule.options.filter((o) => !o.exclusive && !selected.includes(o.code)).sort((a, b) => b.score - a.score);
      const result = [...selected];
      for (const o of missing) {
        if (sum >= rule.cap - 1e-9) break;
        result.push(o.code);
        sum += o.score;
      }
      return result;
    }
    case 'percentage':
      return rule.curve.find((p) => p.score === 1)!.at;
    case 'number':
      return rule.thresholds.find((t) => t.score === 1)!.atLeast;
    case 'yes_no':
      return rule.yes === 1;
  }
}
