import type { QuestionnaireDefinition } from '../questionnaires/definition.schema';
import type { Language } from '../questionnaires/api.schemas';
import type { AnswerValue } from '../scoring/schemas';
import type { Formatters, ReportText } from './labels';

type Indicator = QuestionnaireDefinition['indicators'][number];

/** An answer as a reader would say it: option labels rather than codes, percentages with %, units after numbers. */
export function describeAnswer(indicator: Indicator | undefined, value: AnswerValue | null, lang: Language, t: ReportText, f: Formatters): string {
  if (value === null) return t.unanswered;
  if (typeof value === 'object' && !Array.isArray(value)) return t.notApplicable;
  const rule = indicator?.answer;
  if (!rule) return Array.isArray(value) ? value.join(', ') : String(value);
  switch (rule.type) {
    case 'single_choice':
      return rule.options.find((o) => o.code === value)?.label[lang] ?? String(value);
    case 'multiple_choice': {
      const codes = Array.isArray(value) ? value : [String(value)];
      return codes.map((c) => rule.options.find((o) => o.code === c)?.label[lang] ?? c).join(lang === 'zh' ? '；' : '; ');
    }
    case 'percentage':
      return `${f.plain(Number(value))}%`;
    case 'number':
      return `${f.plain(Number(value))} ${rule.unit[lang]}`;
    case 'yes_no':
      return value === true ? t.yes : t.no;
  }
}
