import { z } from 'zod';
import type { LocalizedText } from '../domain/localized';

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
  'malformed-json': {
    status: 400,
    title: 'The body is not valid JSON',
    description: 'The body is not UTF-8, could not be parsed as JSON, or nests deeper than allowed.',
  },
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
  'unsupported-media-type': { status: 415, title: 'Unsupported media type', description: 'Send JSON bodies as application/json, in UTF-8.' },
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

/** The same titles and descriptions in Chinese, the language problems are in unless the caller asks for English. */
export const PROBLEM_TYPES_ZH: Record<ProblemType, { title: string; description: string }> = {
  'validation-error': { title: '请求体无效', description: '请求体中有字段未通过校验或为未知字段；`errors` 逐一列出字段及原因。' },
  'invalid-parameter': { title: '请求参数无效', description: '路径、查询或请求头参数未通过校验；`errors` 逐一列出参数及原因。' },
  'malformed-json': { title: '请求体不是有效的 JSON', description: '请求体不是 UTF-8 编码、无法按 JSON 解析，或嵌套层数超过上限。' },
  'invalid-answers': { title: '答案无效或不完整', description: '`errors` 列出每个有问题的指标及其代码和原因。' },
  'authentication-required': {
    title: '需要身份认证',
    description: '请以 "Authorization: Bearer <key>" 发送有效的 API 密钥；密钥可能未知、已吊销或已过期。',
  },
  forbidden: { title: '无权操作', description: '调用者的角色不能执行此操作。' },
  'rate-limited': { title: '请求过于频繁', description: '请放慢速度，在 Retry-After 所示时间后重试。' },
  'headers-too-large': { title: '请求头过大', description: '请求行和请求头合计超过服务器读取的上限。' },
  'uri-too-long': { title: 'URI 过长', description: '请求目标超过允许的长度。' },
  'not-found': { title: '未找到', description: '没有该资源或路由（或调用者看不到）。' },
  'unsupported-media-type': { title: '不支持的媒体类型', description: 'JSON 请求体请以 application/json、UTF-8 编码发送。' },
  'payload-too-large': { title: '请求体过大', description: '请求体超过配置的上限。' },
  'not-acceptable': { title: '无法提供所需格式', description: 'Accept 中的媒体类型都无法提供。' },
  conflict: { title: '冲突', description: '请求与资源当前状态冲突；如有阻碍的资源，Location 指向它。' },
  'precondition-required': { title: '需要前置条件', description: '请在 If-Match 中发送上次读取的 ETag，以免覆盖并发的修改。' },
  'precondition-failed': { title: '前置条件不满足', description: '资源在 If-Match 的 ETag 之后已被修改；请重新读取后重试。' },
  'idempotency-key-reused': { title: 'Idempotency-Key 被用于不同的请求', description: '一个键只对应一个请求：同一个键出现在了不同的方法、路径或请求体上。' },
  'service-unavailable': { title: '服务暂不可用', description: '存储繁忙或故障；请在 Retry-After 所示时间后重试。' },
  'internal-error': { title: '内部错误', description: '服务端发生意外故障，已连同请求 ID 记录。' },
};

/**
 * A problem's detail or a field's message: both languages where the edge words it, or an English text from below
 * the edge, which the edge words in Chinese by src/http/texts-zh.ts.
 */
export type ProblemText = string | LocalizedText;

/** A field error as raised: the message in English, and in both languages when the raiser had them. */
export type RaisedFieldError = FieldError & { localized?: LocalizedText };
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
    readonly detail?: ProblemText,
    readonly extra: { errors?: RaisedFieldError[]; headers?: Record<string, string>; status?: number } = {},
  ) {
    super(detail === undefined ? PROBLEM_TYPES[slug].title : typeof detail === 'string' ? detail : detail.en);
    this.name = 'ProblemError';
    this.status = extra.status ?? PROBLEM_TYPES[slug].status;
  }
}

export const notFound = (what: string) => new ProblemError('not-found', `${what} does not exist`); // worded in zh by texts-zh
