import { zhSubject } from './texts-zh';
import { ProblemError } from './problem';

/** Strong ETags carry the row version: `"7"`. */
export const etagOf = (version: number) => `"${version}"`;

/**
 * The versions a write may proceed on: any (`*`), those the strong tags of an If-Match list name, or — for callers
 * inside the process that read the row themselves — one.
 */
export type AcceptedVersions = '*' | number | ReadonlySet<number>;

// One element of an entity-tag list and the comma after it (RFC 9110 §5.6.1, §8.8.3). A comma may sit inside a tag,
// so the list cannot simply be split; empty elements are allowed.
const LIST_ELEMENT = /[ \t]*(?:(W\/)?("[\x21\x23-\x7e\x80-\xff]*"))?[ \t]*(,|$)/y;

/** The entity tags of an If-Match list, or null when it is not one (garbage then matches nothing). */
function entityTags(list: string): { weak: boolean; tag: string }[] | null {
  const tags: { weak: boolean; tag: string }[] = [];
  const element = new RegExp(LIST_ELEMENT);
  while (element.lastIndex < list.length) {
    const m = element.exec(list);
    if (!m) return null;
    if (m[2] !== undefined) tags.push({ weak: m[1] !== undefined, tag: m[2] });
    if (m[3] === '') break;
  }
  return tags;
}

/** The version a strong tag names, if the server could have issued it: `"01"` never was, so it matches nothing. */
function issuedVersion(tag: string): number[] {
  const digits = /^"(\d{1,15})"$/.exec(tag)?.[1];
  return digits !== undefined && etagOf(Number(digits)) === tag ? [Number(digits)] : [];
}

/**
 * The versions an If-Match header accepts. Missing → 428; `*` alone → any version; otherwise the strong tags of the
 * list. Weak tags never match, as RFC 9110 compares If-Match strongly, so a list naming no version that could be
 * current → 412 at once.
 */
export function requiredVersion(ifMatch: string | undefined): '*' | ReadonlySet<number> {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw new ProblemError('precondition-required', {
      zh: '此请求需要在 If-Match 中给出资源的 ETag',
      en: 'this request needs If-Match with the ETag of the resource',
    });
  }
  const value = ifMatch.trim();
  if (value === '*') return '*';
  const versions = new Set((entityTags(value) ?? []).flatMap((t) => (t.weak ? [] : issuedVersion(t.tag))));
  if (versions.size === 0) {
    throw new ProblemError('precondition-failed', { zh: `If-Match ${value} 与当前的 ETag 都不匹配`, en: `If-Match ${value} matches no current ETag` });
  }
  return versions;
}

const listed = (accepted: number | ReadonlySet<number>) => (typeof accepted === 'number' ? [accepted] : [...accepted]);

export function assertVersion(accepted: AcceptedVersions, actual: number, what: string): void {
  if (accepted !== '*' && !listed(accepted).includes(actual)) {
    const [now, sent] = [etagOf(actual), listed(accepted).map(etagOf).join(', ')];
    throw new ProblemError(
      'precondition-failed',
      { zh: `${zhSubject(what)} 当前的 ETag 是 ${now}，而不是 ${sent}`, en: `${what} is at ETag ${now}, not ${sent}` },
      {
        headers: { etag: etagOf(actual) },
      },
    );
  }
}
