import { StaleVersionError } from './errors';

/**
 * Optimistic concurrency: every mutable row carries a version, and a change names the versions it may proceed on —
 * any (`*`), a set (what an If-Match list names), or one (callers that read the row themselves).
 */
export type AcceptedVersions = '*' | number | ReadonlySet<number>;

const listed = (accepted: number | ReadonlySet<number>) => (typeof accepted === 'number' ? [accepted] : [...accepted]);

/** Throws StaleVersionError (with the current version) unless `actual` is accepted. */
export function assertVersion(accepted: AcceptedVersions, actual: number, what: string): void {
  if (accepted !== '*' && !listed(accepted).includes(actual)) {
    throw new StaleVersionError(what, actual, listed(accepted));
  }
}
