import {
  ConflictError,
  InvalidAnswersError,
  InvalidInputError,
  StaleVersionError,
  UnavailableError,
  type DomainError,
  type DomainErrorCode,
} from '../domain/errors';
import { fieldMessageIn } from './language';
import { zhSubject } from './texts-zh';
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
  unavailable: 'service-unavailable',
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
    // The English detail as the service wrote it; the Chinese one from the fields, each worded in Chinese.
    const detail = { en: err.detail, zh: err.issues.map((i) => `${i.pointer}：${fieldMessageIn(i, 'zh')}`).join('；') };
    return new ProblemError(err.issues.every((i) => i.in === 'body') ? 'validation-error' : 'invalid-parameter', detail, { errors: err.issues });
  }
  if (err instanceof InvalidAnswersError) return new ProblemError('invalid-answers', err.detail, { errors: err.issues });
  if (err instanceof StaleVersionError) {
    const [now, sent] = [etagOf(err.currentVersion), err.accepted.map(etagOf).join(', ')];
    return new ProblemError(
      'precondition-failed',
      { en: `${err.what} is at ETag ${now}, not ${sent}`, zh: `${zhSubject(err.what)} 当前的 ETag 是 ${now}，而不是 ${sent}` },
      { headers: { etag: now } },
    );
  }
  if (err instanceof UnavailableError) {
    return new ProblemError('service-unavailable', err.detail, { headers: { 'retry-after': String(err.retryAfterSeconds) } });
  }
  return new ProblemError(PROBLEM_OF[err.code], err.detail);
}
