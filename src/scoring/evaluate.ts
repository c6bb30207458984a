import type { DimensionCode, Indicator, QuestionnaireDefinition } from '../questionnaires/definition.schema';
import { isNotApplicable, normalise } from './answer-rules';
import type { Answers, AnswerValue } from './schemas';
import { visibleIndicators } from './visibility';

/**
 * The unrounded arithmetic of domain.md: dimension score = Σ(w × v) / Σ w × 100 over counted indicators,
 * total = Σ(dimension weight × dimension score). Assumes answers already passed checkAnswer.
 */

export type EntryStatus = 'answered' | 'not_applicable' | 'hidden' | 'unanswered' | 'missing';

export interface Entry {
  indicator: Indicator;
  status: EntryStatus;
  answer: AnswerValue | undefined;
  /** 0–1 for counted entries (answered, or missing = a required one left blank, counted as 0), else null. */
  normalised: number | null;
}

export interface DimensionEvaluation {
  code: DimensionCode;
  weight: number;
  weightSum: number;
  exact: number;
  counted: number;
  excluded: number;
}

export interface Evaluation {
  entries: Entry[];
  dimensions: DimensionEvaluation[];
  totalExact: number;
}

const counts = (e: Entry) => e.normalised !== null;

export function evaluate(def: QuestionnaireDefinition, answers: Answers): Evaluation {
  const visible = visibleIndicators(def, answers);
  const entries = def.indicators.map((indicator): Entry => {
    const answer = answers[indicator.code];
    if (!visible.has(indicator.code)) return { indicator, status: 'hidden', answer, normalised: null };
    if (answer === undefined) {
      return indicator.required
        ? { indicator, status: 'missing', answer, normalised: 0 }
        : { indicator, status: 'unanswered', answer, normalised: null };
    }
    if (isNotApplicable(answer)) return { indicator, status: 'not_applicable', answer, normalised: null };
    return { indicator, status: 'answered', answer, normalised: normalise(indicator.answer, answer) };
  });

  const dimensions = def.dimensions.map((d): DimensionEvaluation => {
    const members = entries.filter((e) => e.indicator.dimension === d.code);
    const counted = members.filter(counts);
    const weightSum = counted.reduce((s, e) => s + e.indicator.weight, 0);
    const weighted = counted.reduce((s, e) => s + e.indicator.weight * (e.normalised as number), 0);
    return {
      code: d.code,
      weight: d.weight,
      weightSum,
      // A definition rule guarantees an always-counted indicator per dimension, so weightSum > 0 in practice.
      exact: weightSum > 0 ? (weighted / weightSum) * 100 : 0,
      counted: counted.length,
      excluded: members.length - counted.length,
    };
  });
  const totalExact = dimensions.reduce((s, d) => s + d.weight * d.exact, 0);
  return { entries, dimensions, totalExact };
}

/** weight / Σ weights of the counted indicators of its dimension; 0 for an entry that does not count. */
export function effectiveWeight(entry: Entry, dimension: DimensionEvaluation): number {
  return counts(entry) && dimension.weightSum > 0 ? entry.indicator.weight / dimension.weightSum : 0;
}
