import fc from 'fast-check';
import type { Indicator, QuestionnaireDefinition } from '../../src/questionnaires/definition.schema';
import type { Answers, AnswerValue } from '../../src/scoring/schemas';

/** Any value the indicator's rule accepts. */
export function validValue(ind: Indicator): fc.Arbitrary<AnswerValue> {
  const rule = ind.answer;
  switch (rule.type) {
    case 'single_choice':
      return fc.constantFrom(...rule.options.map((o) => o.code));
    case 'multiple_choice': {
      const regular = rule.options.filter((o) => !o.exclusive).map((o) => o.code);
      const exclusive = rule.options.filter((o) => o.exclusive).map((o) => [o.code]);
      const picks = fc.shuffledSubarray(regular, { minLength: 1 });
      return exclusive.length ? fc.oneof(picks, fc.constantFrom(...exclusive)) : picks;
    }
    case 'percentage':
      return fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }));
    case 'number': {
      const max = rule.max ?? rule.thresholds[rule.thresholds.length - 1]!.atLeast * 2 + 10;
      return rule.integer ? fc.integer({ min: Math.ceil(rule.min), max: Math.floor(max) }) : fc.double({ min: rule.min, max, noNaN: true });
    }
    case 'yes_no':
      return fc.boolean();
  }
}

/** A complete, valid set of answers: N/A where allowed, optional ones sometimes blank, hidden ones answered too. */
export function completeAnswers(def: QuestionnaireDefinition): fc.Arbitrary<Answers> {
  const fields = Object.fromEntries(
    def.indicators.map((ind) => {
      let arb: fc.Arbitrary<AnswerValue | undefined> = validValue(ind);
      if (ind.allowNotApplicable) arb = fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.constant({ notApplicable: true as const }) });
      if (!ind.required) arb = fc.option(arb, { nil: undefined });
      return [ind.code, arb];
    }),
  );
  return fc.record(fields).map((rec) => Object.fromEntries(Object.entries(rec).filter(([, v]) => v !== undefined)) as Answers);
}
