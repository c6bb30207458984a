import { freeTextRefusal } from '../domain/free-text';
import { ProblemError, type RaisedFieldError } from './problem';

/** `+` is a space in a query (application/x-www-form-urlencoded); %-escapes must spell UTF-8. */
function decoded(part: string): string | null {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/**
 * Every query parameter of a request target, checked before any route reads it: its %-escapes must decode as UTF-8
 * (fastify's parser would pass bytes that do not as U+FFFD or as the raw escape), and its value must be one line of
 * free text (src/domain/free-text.ts: no control characters, bidirectional overrides or lone surrogates), whatever
 * the route's schema says of it. Returns the problem naming each offending parameter, or null.
 */
export function queryTextProblem(url: string): ProblemError | null {
  const start = url.indexOf('?');
  if (start < 0 || start === url.length - 1) return null;
  const errors: RaisedFieldError[] = [];
  for (const pair of url.slice(start + 1).split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const name = decoded(rawName);
    const value = eq < 0 ? '' : decoded(pair.slice(eq + 1));
    const pointer = `/${name ?? rawName}`;
    if (name === null || value === null) {
      const localized = { zh: '百分号编码不是有效的 UTF-8', en: 'its %-escapes are not valid UTF-8' };
      errors.push({ in: 'query', pointer, code: 'invalid_utf8', message: localized.en, localized });
      continue;
    }
    const refusal = freeTextRefusal(name, 'single') ?? freeTextRefusal(value, 'single');
    if (refusal)
      errors.push({
        in: 'query',
        pointer: `/${name.replace(/[\p{Cc}\u202A-\u202E\u2066-\u2069\p{Cs}]/gu, '\uFFFD')}`,
        code: refusal.code,
        message: refusal.message.en,
        localized: refusal.message,
      });
  }
  if (!errors.length) return null;
  return new ProblemError(
    'invalid-parameter',
    {
      zh: errors.map((e) => `${e.pointer}：${e.localized!.zh}`).join('；'),
      en: errors.map((e) => `${e.pointer}: ${e.localized!.en}`).join('; '),
    },
    { errors },
  );
}
