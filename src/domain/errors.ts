/**
 * Typed domain errors: what went wrong, in the domain's terms, with the facts a caller needs — never an HTTP
 * status, header, URL or problem type. The HTTP edge maps each code to a problem once (src/http/problem-of.ts).
 */

import type { LocalizedText } from './localized';

/** Where an offending value came from, so the edge can name the field. */
export type FieldLocation = 'body' | 'query' | 'path' | 'header';

export interface FieldIssue {
  in: FieldLocation;
  /** JSON Pointer to the field within its part, e.g. /answers/RD-01. */
  pointer: string;
  code: string;
  message: string;
  /** The indicator code, for answer issues. */
  indicator?: string;
  /** The message in both languages, when the check words it so (the edge words `message` in Chinese otherwise). */
  localized?: LocalizedText;
}

/** A resource a conflict points at (the edge turns it into a Location). */
export type ResourceRef =
  | { kind: 'assessment'; id: string }
  | { kind: 'enterprise'; id: string }
  | { kind: 'questionnaire-version'; questionnaireId: string; version: string }
  | { kind: 'snapshots-of-period'; period: string };

export type DomainErrorCode =
  | 'not_found'
  | 'conflict'
  | 'invalid_input'
  | 'invalid_answers'
  | 'stale_version'
  | 'version_required'
  | 'unauthenticated'
  | 'forbidden'
  | 'idempotency_key_reused'
  | 'unavailable';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  constructor(readonly detail: string) {
    super(detail);
    this.name = new.target.name;
  }
}

/** No such thing — or none the caller may see (no existence oracle). */
export class NotFoundError extends DomainError {
  readonly code = 'not_found';
  constructor(what: string, detail = `${what} does not exist`) {
    super(detail);
  }
}

/** The request conflicts with the current state; `resource` names what is in the way, when there is one. */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
  constructor(
    detail: string,
    readonly facts: { resource?: ResourceRef; issues?: FieldIssue[] } = {},
  ) {
    super(detail);
  }
}

/** Input that passed the schema but not a domain rule; each issue names its field. */
export class InvalidInputError extends DomainError {
  readonly code = 'invalid_input';
  constructor(
    detail: string,
    readonly issues: FieldIssue[],
  ) {
    super(detail);
  }

  /** One offending field. */
  static field(location: FieldLocation, pointer: string, code: string, message: string): InvalidInputError {
    return new InvalidInputError(`${pointer.slice(1)}: ${message}`, [{ in: location, pointer, code, message }]);
  }
}

/** Answers that are invalid or incomplete; every offending indicator is listed. */
export class InvalidAnswersError extends DomainError {
  readonly code = 'invalid_answers';
  constructor(
    detail: string,
    readonly issues: FieldIssue[],
  ) {
    super(detail);
  }
}

/** The resource moved past the version the caller read (the edge states versions as ETags). */
export class StaleVersionError extends DomainError {
  readonly code = 'stale_version';
  constructor(
    readonly what: string,
    readonly currentVersion: number,
    readonly accepted: readonly number[],
  ) {
    super(`${what} is at version ${currentVersion}, not ${accepted.join(', ')}`);
  }
}

/** A change that must name the version it was based on did not. */
export class VersionRequiredError extends DomainError {
  readonly code = 'version_required';
}

/** No identity, or one that is refused. */
export class UnauthenticatedError extends DomainError {
  readonly code = 'unauthenticated';
}

/** The caller is known, and this is not theirs to do. */
export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}

/** A retry key arrived with a different request than its first. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'idempotency_key_reused';
}

/** Cannot be answered right now, for a reason that passes (a transaction not yet ended); a retry soon may be. */
export class UnavailableError extends DomainError {
  readonly code = 'unavailable';
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(detail);
  }
}
