import type { AnswerRule, Condition, Indicator, QuestionnaireDefinition } from './definition.schema';
import { RULED_STAGE_CODES } from './definition.schema';

/**
 * Rules a JSON Schema cannot state (sums, references, orderings). They run after ajv has accepted the shape,
 * and report like ajv does: the JSON path, the rule's name and why.
 */
export interface DefinitionProblem {
  path: string;
  rule: string;
  message: string;
}

const WEIGHT_TOLERANCE = 1e-9;

export function checkDefinitionRules(def: QuestionnaireDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const report = (path: string, rule: string, message: string) => problems.push({ path, rule, message });

  const dimensionCodes = new Set<string>();
  def.dimensions.forEach((d, i) => {
    if (dimensionCodes.has(d.code)) report(`/dimensions/${i}/code`, 'dimension-unique', `dimension "${d.code}" is declared twice`);
    dimensionCodes.add(d.code);
  });
  const weightSum = def.dimensions.reduce((s, d) => s + d.weight, 0);
  if (Math.abs(weightSum - 1) > WEIGHT_TOLERANCE) {
    report('/dimensions', 'dimension-weights-sum', `dimension weights must sum to 1, they sum to ${weightSum}`);
  }

  if (def.scope === 'industry' && def.industryCodes.length === 0) {
    report('/industryCodes', 'industry-scope', 'an industry questionnaire must cover at least one GB/T 4754 division');
  }
  if (def.scope === 'general' && def.industryCodes.length > 0) {
    report('/industryCodes', 'industry-scope', 'the general questionnaire covers what no industry one does; list no divisions');
  }
  if (new Set(def.industryCodes).size !== def.industryCodes.length) {
    report('/industryCodes', 'industry-code-unique', 'a division is listed twice');
  }

  const seen = new Map<string, Indicator>();
  def.indicators.forEach((ind, i) => {
    const at = `/indicators/${i}`;
    if (seen.has(ind.code)) report(`${at}/code`, 'indicator-code-unique', `indicator "${ind.code}" is declared twice`);
    if (!dimensionCodes.has(ind.dimension)) {
      report(`${at}/dimension`, 'indicator-dimension-declared', `dimension "${ind.dimension}" is not declared in /dimensions`);
    }
    checkAnswerRule(ind.answer, `${at}/answer`, report);
    ind.enableWhen?.conditions.forEach((c, j) => checkCondition(c, seen, `${at}/enableWhen/conditions/${j}`, report));
    seen.set(ind.code, ind);
  });

  for (const code of dimensionCodes) {
    const members = def.indicators.filter((ind) => ind.dimension === code);
    checkDimensionWeightSum(code, members, report);
    if (!members.some((ind) => ind.required && !ind.allowNotApplicable && !ind.enableWhen)) {
      report(
        '/indicators',
        'dimension-has-core-indicator',
        `dimension "${code}" needs at least one required indicator that is always shown and cannot be "not applicable", so its score is always defined`,
      );
    }
  }

  def.stages.forEach((s, i) => {
    const expected = RULED_STAGE_CODES[i];
    if (s.stage !== expected) report(`/stages/${i}/stage`, 'stages-ordered', `stage ${i + 1} must be "${expected}"`);
    const previous = def.stages[i - 1];
    if (previous && s.minTotal < previous.minTotal) {
      report(`/stages/${i}/minTotal`, 'stages-ordered', `minTotal ${s.minTotal} is below the previous stage's ${previous.minTotal}`);
    }
    checkOneDecimal(s.minTotal, `/stages/${i}/minTotal`, report);
    s.gates.forEach((g, j) => {
      if (!dimensionCodes.has(g.dimension)) {
        report(`/stages/${i}/gates/${j}/dimension`, 'gate-dimension-declared', `dimension "${g.dimension}" is not declared`);
      }
      checkOneDecimal(g.min, `/stages/${i}/gates/${j}/min`, report);
    });
  });
  return problems;
}

type Report = (path: string, rule: string, message: string) => void;

/**
 * Scores divide by the sum of their dimension's indicator weights: it must be a finite positive number, or every
 * score of the dimension becomes NaN (a sum overflowing to Infinity) or undefined (an empty sum).
 */
function checkDimensionWeightSum(code: string, members: Indicator[], report: Report): void {
  const sum = members.reduce((s, ind) => s + ind.weight, 0);
  if (!Number.isFinite(sum) || sum <= 0) {
    report(
      '/indicators',
      'dimension-indicator-weights',
      `the indicator weights of dimension "${code}" must sum to a finite number above 0, they sum to ${sum}`,
    );
  }
}

/** Slack for binary noise: a computed 0.1 * 3 is 0.30000000000000004, times 10 not quite 3, still one decimal. */
const DECIMAL_TOLERANCE = 1e-9;

/**
 * Stage checks compare scores rounded to one decimal (src/scoring/rounding.ts) with these minimums. A finer
 * minimum such as 45.04 lies between two reachable scores, so the gap to the next stage would be computed against
 * a figure no rounded score can equal.
 */
function checkOneDecimal(value: number, path: string, report: Report): void {
  const tenths = value * 10;
  if (Math.abs(tenths - Math.round(tenths)) > DECIMAL_TOLERANCE) {
    report(path, 'one-decimal', `${value} has more than one decimal; stage checks compare scores rounded to one decimal`);
  }
}

function checkAnswerRule(rule: AnswerRule, at: string, report: Report): void {
  switch (rule.type) {
    case 'single_choice':
    case 'multiple_choice': {
      const codes = rule.options.map((o) => o.code);
      if (new Set(codes).size !== codes.length) report(`${at}/options`, 'option-code-unique', 'option codes must be unique');
      if (rule.type === 'single_choice') {
        rule.options.forEach((o, i) => {
          const prev = rule.options[i - 1];
          if (prev && o.score < prev.score)
            report(`${at}/options/${i}/score`, 'monotone-scores', 'options are listed by maturity: a later option must never score lower');
        });
        if (Math.max(...rule.options.map((o) => o.score)) !== 1) {
          report(`${at}/options`, 'indicator-reaches-one', 'the best option must score 1');
        }
        return;
      }
      const exclusive = rule.options.filter((o) => o.exclusive);
      if (exclusive.length > 1) report(`${at}/options`, 'multiple-choice-exclusive', 'at most one option may be exclusive');
      if (exclusive.some((o) => o.score !== 0)) {
        report(`${at}/options`, 'multiple-choice-exclusive', 'an exclusive ("none of the above") option must score 0');
      }
      const attainable = rule.options.filter((o) => !o.exclusive).reduce((s, o) => s + o.score, 0);
      if (attainable + WEIGHT_TOLERANCE < rule.cap) {
        report(`${at}/cap`, 'indicator-reaches-one', `cap ${rule.cap} is above the sum of all option scores (${attainable})`);
      }
      return;
    }
    case 'percentage': {
      const first = rule.curve[0];
      const last = rule.curve[rule.curve.length - 1];
      if (first?.at !== 0 || last?.at !== 100) report(`${at}/curve`, 'curve-domain', 'the curve must start at 0 and end at 100');
      rule.curve.forEach((p, i) => {
        const prev = rule.curve[i - 1];
        if (prev && p.at <= prev.at) report(`${at}/curve/${i}/at`, 'curve-domain', 'points must be strictly increasing in "at"');
        if (prev && p.score < prev.score) report(`${at}/curve/${i}/score`, 'monotone-scores', 'a higher share must never score lower');
      });
      if (last && last.score !== 1) report(`${at}/curve`, 'indicator-reaches-one', 'the curve must reach 1 at 100 %');
      return;
    }
    case 'number': {
      if (rule.max !== undefined && rule.max <= rule.min) report(`${at}/max`, 'number-range', 'max must be above min');
      if (rule.thresholds[0]?.atLeast !== rule.min) {
        report(`${at}/thresholds/0/atLeast`, 'thresholds-ordered', 'the first threshold must start at min');
      }
      rule.thresholds.forEach((t, i) => {
        const prev = rule.thresholds[i - 1];
        // The way to the next stage suggests a threshold as the answer; a whole-number answer must be able to equal it.
        if (rule.integer && !Number.isInteger(t.atLeast)) {
          report(`${at}/thresholds/${i}/atLeast`, 'integer-thresholds', `${t.atLeast} is not a whole number, but the answer must be one`);
        }
        if (prev && t.atLeast <= prev.atLeast) {
          report(`${at}/thresholds/${i}/atLeast`, 'thresholds-ordered', 'thresholds must be strictly increasing');
        }
        if (prev && t.score < prev.score) report(`${at}/thresholds/${i}/score`, 'monotone-scores', 'a higher value must never score lower');
        if (rule.max !== undefined && t.atLeast > rule.max) {
          report(`${at}/thresholds/${i}/atLeast`, 'thresholds-ordered', 'a threshold lies above max');
        }
      });
      if (rule.thresholds[rule.thresholds.length - 1]?.score !== 1) {
        report(`${at}/thresholds`, 'indicator-reaches-one', 'the highest threshold must score 1');
      }
      return;
    }
    case 'yes_no':
      if (Math.max(rule.yes, rule.no) !== 1) report(at, 'indicator-reaches-one', 'the better answer must score 1');
      return;
  }
}

function checkCondition(c: Condition, earlier: Map<string, Indicator>, at: string, report: Report): void {
  const source = earlier.get(c.indicator);
  if (!source) {
    report(`${at}/indicator`, 'enable-when-earlier', `"${c.indicator}" must be an indicator declared before this one`);
    return;
  }
  if (c.operator === 'exists') {
    if (c.value !== undefined) report(`${at}/value`, 'enable-when-value', '"exists" takes no value');
    return;
  }
  if (c.value === undefined) {
    report(`${at}/value`, 'enable-when-value', `operator "${c.operator}" needs a value`);
    return;
  }
  const rule = source.answer;
  const ordered = ['>', '>=', '<', '<='].includes(c.operator);
  switch (rule.type) {
    case 'single_choice':
    case 'multiple_choice':
      if (ordered) report(`${at}/operator`, 'enable-when-value', `a choice supports only =, != and exists`);
      else if (typeof c.value !== 'string' || !rule.options.some((o) => o.code === c.value)) {
        report(`${at}/value`, 'enable-when-value', `"${String(c.value)}" is not an option of ${c.indicator}`);
      }
      return;
    case 'yes_no':
      if (ordered) report(`${at}/operator`, 'enable-when-value', 'yes/no supports only =, != and exists');
      else if (typeof c.value !== 'boolean') report(`${at}/value`, 'enable-when-value', 'a yes/no condition compares with true or false');
      return;
    case 'percentage':
    case 'number':
      if (typeof c.value !== 'number') report(`${at}/value`, 'enable-when-value', 'a numeric condition compares with a number');
      return;
  }
}
