import type { LocalizedText } from '../questionnaires/definition.schema';
import type { Language } from '../questionnaires/api.schemas';

/**
 * Texts in both languages the service answers in (zh by default, en on request): the same { zh, en } shape as a
 * questionnaire's labels. Domain checks word their refusals in both; the HTTP edge picks one by Accept-Language.
 */
export type { Language, LocalizedText };

/** A refusal by a domain check: a stable code (the field error's `code`) and its message in both languages. */
export interface Refusal {
  code: string;
  message: LocalizedText;
}

/**
 * A refusal as a zod custom issue (ctx.addIssue): its code and both messages ride in params, for the errors plugin
 * to name the field in the caller's language; the issue's own message is the English one.
 */
export const refusalIssue = (refusal: Refusal) => ({ code: 'custom' as const, message: refusal.message.en, params: { refusal } });
