import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError } from '../domain/errors';
import { problemOf } from '../http/problem-of';
import { PROBLEM_TYPES, ProblemError, problemTypeUri, type FieldError, type Problem, type ProblemType } from '../http/problem';

const FASTIFY_CODES: Record<string, ProblemType> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-json',
};

/**
 * Storage failures are not the client's fault and pass: 503 with Retry-After, no SQLite or PostgreSQL text leaked.
 * PostgreSQL's by SQLSTATE: connection exceptions (08…), insufficient resources (53…: disk full, too many
 * connections), shutdown or recovery (57P01-03), a statement timeout (57014), a lock not available (55P03), and a
 * lost race still lost after the unit of work's retries (40001, 40P01); and the server unreachable.
 */
const STORAGE_UNAVAILABLE =
  /^(SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL|NOMEM)|08[0-9A-Z]{3}$|53[0-9A-Z]{3}$|57P0[123]$|57014$|55P03$|40001$|40P01$|ECONNREFUSED$|ECONNRESET$|ETIMEDOUT$)/;

const PARTS: Record<string, FieldError['in']> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

function fromValidation(err: FastifyError): ProblemError {
  const part = PARTS[err.validationContext ?? 'body'] ?? 'body';
  const errors: FieldError[] = [];
  for (const v of err.validation ?? []) {
    const keys = (v.params as { keys?: string[] }).keys;
    if (v.keyword === 'unrecognized_keys' && keys) {
      for (const key of keys)
        errors.push({ in: part, pointer: `${v.instancePath === '/' ? '' : v.instancePath}/${key}`, code: 'unknown_field', message: `unknown field "${key}"` });
    } else {
      errors.push({ in: part, pointer: v.instancePath, code: v.keyword, message: v.message ?? 'invalid' });
    }
  }
  const summary = errors.map((e) => `${e.pointer}: ${e.message}`).join('; ');
  return part === 'body' ? new ProblemError('validation-error', summary, { errors }) : new ProblemError('invalid-parameter', summary, { errors });
}

/** A storage failure code anywhere in the cause chain (drizzle wraps driver errors in its own). */
function storageCode(err: unknown): string | null {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && STORAGE_UNAVAILABLE.test(code)) return code;
  }
  return null;
}

export function toProblemError(err: FastifyError): ProblemError {
  if (err instanceof ProblemError) return err;
  if (err instanceof DomainError) return problemOf(err);
  if (hasZodFastifySchemaValidationErrors(err)) return fromValidation(err);
  const known = err.code && FASTIFY_CODES[err.code];
  if (known) return new ProblemError(known, err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'send JSON as application/json' : err.message);
  if (storageCode(err)) {
    return new ProblemError('service-unavailable', 'storage is temporarily unavailable', { headers: { 'retry-after': '1' } });
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return new ProblemError('invalid-parameter', err.message, { status });
  return new ProblemError('internal-error', 'an unexpected error occurred; quote the request id when reporting it');
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: ProblemError): FastifyReply {
  const body: Problem = {
    type: problemTypeUri(error.slug),
    title: PROBLEM_TYPES[error.slug].title,
    status: error.status,
    detail: error.detail,
    instance: request.url.split('?')[0],
    requestId: String(request.id),
    ...(error.extra.errors ? { errors: error.extra.errors } : {}),
  };
  if (error.extra.headers) reply.headers(error.extra.headers);
  return reply.code(error.status).type('application/problem+json').send(body);
}

/** The one error pipeline: everything that fails leaves as application/problem+json. */
export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      const problem = toProblemError(err);
      if (problem.status >= 500) request.log.error({ err }, 'request failed');
      else request.log.info({ status: problem.status, code: err.code }, problem.detail ?? problem.message);
      return sendProblem(reply, request, problem);
    });
    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, request, new ProblemError('not-found', `no route ${request.method} ${request.url.split('?')[0]}`)),
    );
  },
  { name: 'errors' },
);
