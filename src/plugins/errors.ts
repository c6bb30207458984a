import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError } from '../domain/errors';
import { unknownField } from '../domain/issue-text';
import { fieldMessageIn, textIn } from '../http/language';
import { problemOf } from '../http/problem-of';
import {
  PROBLEM_TYPES,
  PROBLEM_TYPES_ZH,
  ProblemError,
  problemTypeUri,
  type FieldError,
  type Problem,
  type ProblemText,
  type ProblemType,
  type RaisedFieldError,
} from '../http/problem';
import { negotiateLanguage } from '../questionnaires/localize';
import type { FieldValidationError } from './validator';

const FASTIFY_CODES: Record<string, ProblemType> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-json',
};

/** Fastify's own wording of the framework failures above, in both languages. */
const FRAMEWORK_DETAILS: Record<string, ProblemText> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { zh: '请以 application/json 发送 JSON', en: 'send JSON as application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { zh: '请求体超过允许的大小', en: 'Request body is too large' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    zh: 'content-type 为 application/json 时请求体不能为空',
    en: "Body cannot be empty when content-type is set to 'application/json'",
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { zh: '请求体不是有效的 JSON', en: "Body is not valid JSON but content-type is set to 'application/json'" },
};

/**
 * Storage failures are not the client's fault and pass: 503 with Retry-After, no SQLite or PostgreSQL text leaked.
 * PostgreSQL's by SQLSTATE: connection exceptions (08…), insufficient resources (53…: disk full, too many
 * connections), shutdown or recovery (57P01-03), a statement timeout (57014), a lock not available (55P03), and a
 * lost race still lost after the unit of work's retries (40001, 40P01); and the server unreachable or the
 * connection lost (PG_CONNECTION: src/db/postgres.ts).
 */
const STORAGE_UNAVAILABLE =
  /^(SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL|NOMEM)|08[0-9A-Z]{3}$|53[0-9A-Z]{3}$|57P0[123]$|57014$|55P03$|40001$|40P01$|57P05$|ECONNREFUSED$|ECONNRESET$|ETIMEDOUT$|ENOTFOUND$|EAI_AGAIN$|EHOSTUNREACH$|ENETUNREACH$|EPIPE$|PG_CONNECTION$)/;

const PARTS: Record<string, FieldError['in']> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

const summary = (errors: RaisedFieldError[]): ProblemText => ({
  zh: errors.map((e) => `${e.pointer}：${fieldMessageIn(e, 'zh')}`).join('；'),
  en: errors.map((e) => `${e.pointer}: ${fieldMessageIn(e, 'en')}`).join('; '),
});

function fromValidation(err: FastifyError): ProblemError {
  const part = PARTS[err.validationContext ?? 'body'] ?? 'body';
  const errors: RaisedFieldError[] = [];
  for (const v of (err.validation ?? []) as Partial<FieldValidationError>[]) {
    const keys = v.params?.keys;
    if (v.keyword === 'unrecognized_keys' && keys) {
      for (const key of keys) {
        const localized = unknownField(key);
        errors.push({ in: part, pointer: `${v.instancePath === '/' ? '' : v.instancePath}/${key}`, code: 'unknown_field', message: localized.en, localized });
      }
    } else {
      // zod's issues are named by their kind, a domain check's refusal by its own code (validator.ts words both).
      const en = v.message ?? 'invalid';
      errors.push({ in: part, pointer: v.instancePath ?? '', code: v.keyword ?? 'invalid', message: en, localized: { zh: v.params?.zh ?? en, en } });
    }
  }
  return part === 'body'
    ? new ProblemError('validation-error', summary(errors), { errors })
    : new ProblemError('invalid-parameter', summary(errors), { errors });
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
  if (Array.isArray(err.validation) && err.validation.length > 0) return fromValidation(err);
  const known = err.code && FASTIFY_CODES[err.code];
  if (known) return new ProblemError(known, FRAMEWORK_DETAILS[err.code!] ?? err.message);
  if (storageCode(err)) {
    return new ProblemError('service-unavailable', { zh: '存储暂时不可用', en: 'storage is temporarily unavailable' }, { headers: { 'retry-after': '1' } });
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return new ProblemError('invalid-parameter', { zh: `请求无效（${err.code ?? status}）`, en: err.message }, { status });
  return new ProblemError('internal-error', {
    zh: '发生意外错误；报告时请附上请求 ID',
    en: 'an unexpected error occurred; quote the request id when reporting it',
  });
}

/**
 * The problem as sent: title, detail and every field message in the caller's language (Accept-Language; zh by
 * default), announced in Content-Language; the type stays the same in every language.
 */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: ProblemError): FastifyReply {
  const language = negotiateLanguage(request.raw);
  const body: Problem = {
    type: problemTypeUri(error.slug),
    title: language === 'zh' ? PROBLEM_TYPES_ZH[error.slug].title : PROBLEM_TYPES[error.slug].title,
    status: error.status,
    ...(error.detail === undefined ? {} : { detail: textIn(error.detail, language) }),
    instance: request.url.split('?')[0],
    requestId: String(request.id),
    ...(error.extra.errors
      ? { errors: error.extra.errors.map(({ localized, ...e }) => ({ ...e, message: localized ? localized[language] : textIn(e.message, language) })) }
      : {}),
  };
  if (error.extra.headers) reply.headers(error.extra.headers);
  return reply.code(error.status).header('content-language', language).header('vary', 'Accept-Language').type('application/problem+json').send(body);
}

/** The one error pipeline: everything that fails leaves as application/problem+json. */
export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      const problem = toProblemError(err);
      if (problem.status >= 500) request.log.error({ err }, 'request failed');
      else request.log.info({ status: problem.status, code: err.code }, problem.message);
      return sendProblem(reply, request, problem);
    });
    app.setNotFoundHandler((request, reply) =>
      sendProblem(
        reply,
        request,
        new ProblemError('not-found', {
          zh: `没有路由 ${request.method} ${request.url.split('?')[0]}`,
          en: `no route ${request.method} ${request.url.split('?')[0]}`,
        }),
      ),
    );
  },
  { name: 'errors' },
);
