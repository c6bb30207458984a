import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { contentHash } from '../questionnaires/content-hash';
import type { IdempotencyContext, WriteResponse } from '../idempotency/repository';

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


export function idempotencyOf(req: FastifyRequest): IdempotencyContext | null {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || key === '') return null;
  return {
    // Keys are per caller: another caller reusing the same Idempotency-Key never sees this caller's response.
    scope: req.principal.keyId ?? 'public',
    key,
    requestHash: contentHash({ method: req.method, path: req.url.split('?')[0], body: req.body ?? null }),
  };
}

/** Sends a write's response, marking a replay so clients can tell. */
export function sendWrite<T>(reply: FastifyReply, response: WriteResponse<T> & { replayed: boolean }): T {
  reply.code(response.status).headers(response.headers);
  if (response.replayed) reply.header('idempotent-replayed', 'true');
  return response.body;
}
