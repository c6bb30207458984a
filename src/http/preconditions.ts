import { ProblemError } from './problem';

/** Strong ETags carry the row version: `"7"`. */
export const etagOf = (version: number) => `"${version}"`;

/**
 * The version an If-Match header asks for. Missing → 428; `*` → any version; anything that cannot equal a current
 * ETag (weak tags, garbage) → 412, as RFC 9110 compares If-Match strongly.
 */
export function requiredVersion(ifMatch: string | undefined): number | '*' {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw new ProblemError('precondition-required', 'this request needs If-Match with the ETag of the resource');
  }
  const value = ifMatch.trim();
  if (value === '*') return '*';
  const m = /^"(\d{1,15})"$/.exec(value);
  if (!m) throw new ProblemError('precondition-failed', `If-Match ${value} matches no current ETag`);
  return Number(m[1]);
}

export function assertVersion(expected: number | '*', actual: number, what: string): void {
  if (expected !== '*' && expected !== actual) {
    throw new ProblemError('precondition-failed', `${what} is at ETag ${etagOf(actual)}, not ${etagOf(expected)}`, {
      headers: { etag: etagOf(actual) },
    });
  }
}
