import { z } from 'zod';
import type { LocalizedText, Refusal } from './localized';

const zhLocale = z.locales.zhCN().localeError;

/**
 * A zod issue in both languages and its code: a domain check's refusal (refusalIssue) brings its own code and both
 * messages; zod's own issues are worded by its zh-CN locale, which needs the issue's input (parse with
 * reportInput). A custom message of ours without a refusal has no Chinese here (undefined: the caller words it).
 */
export function issueText(issue: z.core.$ZodIssue): { code: string; en: string; zh: string | undefined } {
  const refusal = (issue as { params?: { refusal?: Refusal } }).params?.refusal;
  if (refusal) return { code: refusal.code, en: refusal.message.en, zh: refusal.message.zh };
  if (issue.code === 'custom') return { code: issue.code, en: issue.message, zh: undefined };
  const zh = zhLocale(issue as never);
  return { code: issue.code, en: issue.message, zh: typeof zh === 'string' ? zh : zh?.message };
}

/** The unknown-field wording of both languages, for unrecognized keys (zod names them all in one issue). */
export const unknownField = (key: string): LocalizedText => ({ zh: `未知字段“${key}”`, en: `unknown field "${key}"` });
