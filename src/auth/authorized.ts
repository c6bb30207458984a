import { NotFoundError } from '../domain/errors';
import type { Principal } from './principal';

declare const granted: unique symbol;

/** What a check admitted the caller to do with a value. */
export type Purpose = 'read' | 'write';

/**
 * A value the caller was checked against, for a purpose. Services that act on an object take one of these, so a
 * row read without a check cannot reach them; only `authorize` makes one.
 */
export type Authorized<T, P extends Purpose = Purpose> = T & { readonly [granted]: P };

/**
 * The value, if `allowed` admits the principal to it; otherwise the same NotFoundError as a missing one, so that
 * whether something exists does not leak.
 */
export function authorize<T, P extends Purpose>(
  principal: Principal,
  value: T | undefined,
  allowed: (principal: Principal, value: T) => boolean,
  _purpose: P,
  what: string,
): Authorized<T, P> {
  if (value === undefined || !allowed(principal, value)) throw new NotFoundError(what);
  return value as Authorized<T, P>;
}
