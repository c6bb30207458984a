import { ConflictError, InvalidAnswersError, InvalidInputError, StaleVersionError, type DomainError, type DomainErrorCode } from '../domain/errors';
import { locationOf } from './locations';
import { etagOf } from './preconditions';
import { ProblemError, type ProblemType } from './problem';

/** The one mapping from domain error codes to problem types; statuses follow from the types (problem.ts). */
const PROBLEM_OF: Record<DomainErrorCode, ProblemType> = {
  not_found: 'not-found',
  conflict: 'conflict',
  invalid_input: 'validation-error',
  invalid_answers: 'invalid-answers',
  stale_version: 'precondition-failed',
  version_required: 'precondition-required',
  unauthenticated: 'authentication-required',
  forbidden: 'forbidden',
  idempotency_key_reused: 'idempotency-key-reused',
};

/**
 * A domain error as the problem the client receives: a conflict's resource becomes Location, a stale version the
 * current ETag, and input outside the body a 400 rather than a 422.
 */
export function problemOf(err: DomainError): ProblemError {
  if (err instanceof ConflictError) {
    const { resource, issues } = err.facts;
    return new ProblemError('conflict', err.detail, {
      ...(issues ? { errors: issues } : {}),
      ...(resource ? { headers: { location: locationOf(resource) } } : {}),
    });
  }
  if (err instanceof InvalidInputError) {
    return new ProblemError(err.issues.every((i) => i.in === 'body') ? 'validation-error' : 'invalid-parameter', err.detail, { errors: err.issues });
  }
  if (err instanceof InvalidAnswersError) return new ProblemError('invalid-answers', err.detail, { errors: err.issues });
  if (err instanceof StaleVersionError) {
    return new ProblemError('precondition-failed', `${err.what} is at ETag ${etagOf(err.currentVersion)}, not ${err.accepted.map(etagOf).join(', ')}`, {
      headers: { etag: etagOf(err.currentVersion) },
    });
  }
  return new ProblemError(PROBLEM_OF[err.code], err.detail);
}
