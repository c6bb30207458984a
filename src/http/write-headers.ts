import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { contentHash } from '../questionnaires/content-hash';
import { ProblemError } from './problem';

const IdempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'visible ASCII only')
  .optional()
  .describe('Makes the request safe to retry: the same key and body replay the first response (kept at least 24 h).');
const IfMatch = z.string().max(200).optional().describe('The ETag last read; required (428 without it, 412 when stale).');

export const IdempotentHeaders = z.object({ 'idempotency-key': IdempotencyKey });
export const ConditionalHeaders = z.object({ 'if-match': IfMatch });
export const ConditionalIdempotentHeaders = z.object({ 'if-match': IfMatch, 'idempotency-key': IdempotencyKey });

/**
 * The body of a write whose path says everything: none, or `{}`. Declared rather than left out, so a field sent in
 * the belief that it does something is refused (422 naming it) instead of silently ignored. Fastify validates an
 * absent body as null, hence nullish; the document marks such bodies optional (see openapi.ts).
 */
/** The query of a route that takes no parameters. */
export const NoQuery = z.strictObject({});

export const NoBody = z.strictObject({}).nullish().describe('Send no body, or an empty object; any field is refused.');

export interface IdempotencyContext {
  /** Who sent it (the API key id): keys of different callers never collide. */
  scope: string;
  key: string;
  /** sha256 of method, path and canonical body. */
  requestHash: string;
}

export function idempotencyOf(req: FastifyRequest): IdempotencyContext | null {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || key === '') return null;
  return {
    // Keys are per caller: another caller reusing the same Idempotency-Key never sees this caller's response.
    scope: req.principal.keyId ?? 'public',
    key,
    requestHash: requestHash(req),
  };
}

/**
 * What a retry must repeat: method, path and body. A body RFC 8785 cannot canonicalize (1e999 parses to Infinity)
 * is the client's malformed JSON, not a failure of ours.
 */
function requestHash(req: FastifyRequest): string {
  try {
    return contentHash({ method: req.method, path: req.url.split('?')[0], body: req.body ?? null });
  } catch {
    throw new ProblemError('malformed-json', {
      zh: '请求体中有 JSON 无法精确表示的数（NaN 或 ±Infinity，如 1e999）',
      en: 'the body holds a number JSON cannot represent exactly (NaN or ±Infinity, e.g. 1e999)',
    });
  }
}
