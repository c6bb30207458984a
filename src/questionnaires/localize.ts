import accepts from 'accepts';
import type { IncomingMessage } from 'node:http';
import type { LocalizedQuestionnaireDefinition, LocalizedText, QuestionnaireDefinition } from './definition.schema';
import type { Language } from './api.schemas';

const LANGUAGES: Language[] = ['zh', 'en'];

/** Accept-Language negotiation between zh and en; zh (the platform's language) when nothing matches. */
export function negotiateLanguage(req: IncomingMessage): Language {
  const best = accepts(req).languages(LANGUAGES);
  return (typeof best === 'string' ? best : 'zh') as Language;
}

const isLocalizedText = (v: unknown): v is LocalizedText =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 2 && 'zh' in v && 'en' in v;

function pick(value: unknown, lang: Language): unknown {
  if (isLocalizedText(value)) return value[lang];
  if (Array.isArray(value)) return value.map((v) => pick(v, lang));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pick(v, lang)]));
  }
  return value;
}

/**
 * The definition with every { zh, en } label replaced by one language. Both shapes come from one zod factory, and
 * the response serializer checks the result against the localized schema.
 */
export function localizeDefinition(def: QuestionnaireDefinition, lang: Language): LocalizedQuestionnaireDefinition {
  return pick(def, lang) as LocalizedQuestionnaireDefinition;
}
