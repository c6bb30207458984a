import { z } from 'zod';
import { refusalIssue, type Refusal } from './localized';

/**
 * Free text a person types (names, labels, notes, titles, reasons): the one definition of what such a field refuses,
 * for every schema that takes one, so that a field added later inherits it by using `freeText`.
 *
 * Refused, anywhere in the text:
 * - C0 controls (U+0000–U+001F, NUL included), DEL and the C1 controls (U+007F–U+009F): invisible, they end C strings
 *   (a NUL truncates a name in many tools), break CSV/xlsx cells and terminals, and a single-line field that holds
 *   a line break prints as two lines. A multi-line field ('multi') takes tab, line feed and carriage return.
 * - Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make a text display in an
 *   order other than the one it is stored and compared in (CVE-2021-42574, "Trojan Source"); a name could read as
 *   another's in a list or a report.
 * - Lone surrogates (U+D800–U+DFFF not in a pair, as a JSON `\ud800` escape gives them): not Unicode characters,
 *   PostgreSQL refuses them and UTF-8 cannot encode them, so they would be stored as U+FFFD or fail at the database.
 */
export type FreeTextKind = 'single' | 'multi';

/** One code point class per kind; `u`, so that a surrogate pair is one code point and only lone ones match \p{Cs}. */
const FORBIDDEN: Record<FreeTextKind, RegExp> = {
  single: /[\p{Cc}\u202A-\u202E\u2066-\u2069\p{Cs}]/u,
  // The C0 and C1 controls but tab, line feed and carriage return: naming them is the point here.
  // eslint-disable-next-line no-control-regex
  multi: /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069\p{Cs}]/u,
};

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `text` is refused as free text of this kind (the first offending character), or null when it is not. */
export function freeTextRefusal(text: string, kind: FreeTextKind): Refusal | null {
  const found = FORBIDDEN[kind].exec(text);
  if (!found) return null;
  const cp = found[0].codePointAt(0)!;
  const at = [...text.slice(0, found.index)].length + 1; // 1-based, in characters (code points), as people count
  const where = { zh: `第 ${at} 个字符 ${hex(cp)}`, en: `character ${at}, ${hex(cp)}` };
  if (cp >= 0xd800 && cp <= 0xdfff) {
    return {
      code: 'lone_surrogate',
      message: {
        zh: `含有不成对的代理码元（${where.zh}），它不是 Unicode 字符`,
        en: `contains a lone surrogate (${where.en}), which is not a Unicode character`,
      },
    };
  }
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
    return {
      code: 'bidi_control',
      message: {
        zh: `含有双向文本控制字符（${where.zh}），它会使文本的显示顺序与存储顺序不同`,
        en: `contains a bidirectional formatting character (${where.en}), which makes text display in another order than it is stored`,
      },
    };
  }
  if (kind === 'single' && (cp === 0x09 || cp === 0x0a || cp === 0x0d)) {
    return {
      code: 'control_character',
      message: { zh: `含有换行符或制表符（${where.zh}）；此字段只能是一行`, en: `contains a line break or tab (${where.en}); this field is one line` },
    };
  }
  return { code: 'control_character', message: { zh: `含有控制字符（${where.zh}）`, en: `contains a control character (${where.en})` } };
}

const checks = {
  single: z.superRefine<string>((text, ctx) => {
    const refusal = freeTextRefusal(text, 'single');
    if (refusal) ctx.addIssue(refusalIssue(refusal));
  }),
  multi: z.superRefine<string>((text, ctx) => {
    const refusal = freeTextRefusal(text, 'multi');
    if (refusal) ctx.addIssue(refusalIssue(refusal));
  }),
};

const DESCRIPTION: Record<FreeTextKind, string> = {
  single: 'One line of text: control characters (line breaks and tabs included), bidirectional overrides and isolates, and lone surrogates are refused.',
  multi: 'Text: control characters other than tab and line breaks, bidirectional overrides and isolates, and lone surrogates are refused.',
};

/**
 * A string field of free text: `freeText('single')` for names and labels, `freeText('multi')` for notes and
 * descriptions. `trim` trims surrounding white space first (so a trailing newline pasted into a name is not refused).
 * Chain length limits and a description after it: `freeText('single', { trim: true }).min(1).max(200)`.
 */
export function freeText(kind: FreeTextKind, options: { trim?: boolean } = {}) {
  const base = options.trim ? z.string().trim() : z.string();
  return base.check(checks[kind]).describe(DESCRIPTION[kind]);
}

/** Whether a string schema carries the free-text check (the coverage test walks every route's inputs with it). */
export function isFreeText(schema: z.ZodType): boolean {
  const list = (schema as unknown as { _zod: { def: { checks?: unknown[] } } })._zod.def.checks ?? [];
  return list.includes(checks.single) || list.includes(checks.multi);
}

const notText = new WeakSet<z.ZodType>();

/**
 * Marks a string schema that is not free text (an answer's option code, matched against the definition): the
 * free-text check does not apply to it, and the app's check of every route (freeFormStrings) lets it pass.
 */
export function notFreeText<T extends z.ZodType>(schema: T): T {
  notText.add(schema);
  return schema;
}

type Def = { type: string; checks?: { _zod: { def: { check?: string } } }[]; [key: string]: unknown };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The JSON pointers of the strings in an input schema that are free-form (no format, pattern, enumeration, or
 * free-text check) and not marked notFreeText: app.ts refuses to start with a route whose body holds one, so a text
 * field added later cannot skip freeText. `*` stands for any array index or record key.
 */
export function freeFormStrings(schema: z.ZodType, at = '', seen = new Set<z.ZodType>()): string[] {
  if (seen.has(schema) || notText.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const inner = (s: unknown, path = at) => freeFormStrings(s as z.ZodType, path, seen);
  switch (def.type) {
    case 'string': {
      const formatted = def.format !== undefined || (def.checks ?? []).some((c) => c._zod.def.check === 'string_format');
      return formatted || isFreeText(schema) ? [] : [at || '/'];
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return inner(def.innerType);
    case 'pipe':
      return inner(def.in);
    case 'array':
      return inner(def.element, `${at}/*`);
    case 'union':
      return (def.options as z.ZodType[]).flatMap((o) => inner(o));
    case 'intersection':
      return [...inner(def.left), ...inner(def.right)];
    case 'record':
      return [...inner(def.keyType, `${at}/*(key)`), ...inner(def.valueType, `${at}/*`)];
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, value]) => inner(value, `${at}/${key}`));
    default:
      return [];
  }
}
