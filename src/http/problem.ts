import { z } from 'zod';

/** Stable problem types (RFC 9457). The type URI is `/problems/<slug>`, served by the problems route. */
export const PROBLEM_TYPES = {
  'validation-error': {
    status: 422,
    title: 'The request body is invalid',
    description: 'A body field failed validation or is unknown; `errors` names each one and why.',
  },
  'invalid-parameter': {
    status: 400,
    title: 'A request parameter is invalid',
    description: 'A path, query or header parameter failed validation; `errors` names each one and why.',
  },
  'malformed-json': { status: 400, title: 'The body is not valid JSON', description: 'The body could not be parsed as JSON, or nests deeper than allowed.' },
  'invalid-answers': {
    status: 422,
    title: 'The answers are invalid or incomplete',
    description: '`errors` lists every offending indicator with a code and a reason.',
  },
  'authentication-required': {
    status: 401,
    title: 'Authentication required',
    description: 'Send a valid API key as "Authorization: Bearer <key>"; the key may be unknown, revoked or expired.',
  },
  forbidden: { status: 403, title: 'Forbidden', description: "The caller's role may not perform this operation." },
  'rate-limited': { status: 429, title: 'Too many requests', description: 'Slow down; retry after the Retry-After delay.' },
  'headers-too-large': { status: 431, title: 'Request headers too large', description: 'The request line and headers together exceed what the server reads.' },
  'uri-too-long': { status: 414, title: 'URI too long', description: 'The request target exceeds the allowed length.' },
  'not-found': { status: 404, title: 'Not found', description: 'No such resource or route (or none visible to the caller).' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type', description: 'Send JSON bodies as application/json.' },
  'payload-too-large': { status: 413, title: 'Payload too large', description: 'The body exceeds the configured limit.' },
  'not-acceptable': { status: 406, title: 'Not acceptable', description: 'None of the media types in Accept can be produced.' },
  conflict: {
    status: 409,
    title: 'Conflict',
    description: 'The request conflicts with the current state of the resource; Location names the resource in the way, when there is one.',
  },
  'precondition-required': {
    status: 428,
    title: 'Precondition required',
    description: 'Send If-Match with the ETag you last read, so a concurrent change is not overwritten.',
  },
  'precondition-failed': {
    status: 412,
    title: 'Precondition failed',
    description: 'The resource changed since the ETag in If-Match; read it again and retry.',
  },
  'idempotency-key-reused': {
    status: 422,
    title: 'Idempotency-Key reused with a different request',
    description: 'A key identifies one request: the same key arrived with another method, path or body.',
  },
  'service-unavailable': { status: 503, title: 'Service unavailable', description: 'Storage is busy or failing; retry after the Retry-After delay.' },
  'internal-error': { status: 500, title: 'Internal error', description: 'An unexpected failure on our side; it has been logged with the request id.' },
} as const satisfies Record<string, { status: number; title: string; description: string }>;

export type ProblemType = keyof typeof PROBLEM_TYPES;
export const problemTypeUri = (slug: ProblemType) => `/problems/${slug}`;

export const FieldError = z
  .strictObject({
    in: z.enum(['body', 'query', 'path', 'header']),
    pointer: z.string().describe('JSON Pointer to the field within its part, e.g. /answers/RD-01.'),
    code: z.string(),
    message: z.string(),
    indicator: z.string().optional().describe('The indicator code, for answer errors.'),
  })
  .meta({ id: 'FieldError' });
export type FieldError = z.infer<typeof FieldError>;

export const Problem = z
  .strictObject({
    type: z.string().describe('A URI reference identifying the problem type; stable across releases.'),
    title: z.string(),
    status: z.int().min(400).max(599),
    detail: z.string().optional(),
    instance: z.string().optional().describe('The request path.'),
    requestId: z.string().optional(),
    errors: z.array(FieldError).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details, served as application/problem+json.' });
export type Problem = z.infer<typeof Problem>;

/** The one way domain code signals an HTTP-visible failure; the errors plugin renders it. */
export class ProblemError extends Error {
  readonly status: number;
  constructor(
    readonly slug: ProblemType,
    readonly detail?: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string>; status?: number } = {},
  ) {
    super(detail ?? PROBLEM_TYPES[slug].title);
    this.name = 'ProblemError';
    this.status = extra.status ?? PROBLEM_TYPES[slug].status;
  }
}

export const notFound = (what: string) => new ProblemError('not-found', `${what} does not exist`);
