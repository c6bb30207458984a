import type { FastifyReply } from 'fastify';
import type { UnitOfWork } from '../db/unit-of-work';
import { IdempotencyKeyReusedError } from '../domain/errors';
import type { IdempotencyRepository } from '../idempotency/repository';
import type { IdempotencyContext } from './write-headers';

/** A write's response as the edge decided it: status, headers, and the body (as JSON text when it has it). */
export interface Presented<T> {
  status: number;
  headers: Record<string, string>;
  body: T;
  /** `body` as JSON, when the write had it serialized already (a submission's stored result): sent as it is. */
  json?: string;
}

/**
 * Runs a command, presents its value and keeps the presentation for replay, all in one unit of work: a retry with
 * the same key gets the same bytes and writes nothing, and two concurrent first attempts cannot both write.
 * The command's own writes join this unit of work.
 */
export function idempotentWrite<V, T>(
  deps: { uow: UnitOfWork; keys: IdempotencyRepository; clock: () => Date },
  ctx: IdempotencyContext | null,
  command: () => Promise<V>,
  present: (value: V) => Presented<T>,
): Promise<Presented<T> & { replayed: boolean }> {
  return deps.uow.write(async () => {
    if (ctx) {
      const stored = await deps.keys.find(ctx.scope, ctx.key);
      if (stored) {
        if (stored.requestHash !== ctx.requestHash) throw new IdempotencyKeyReusedError(`Idempotency-Key "${ctx.key}" was first used for a different request`);
        return { status: stored.status, headers: stored.headers, body: JSON.parse(stored.body) as T, json: stored.body, replayed: true };
      }
    }
    const response = present(await command());
    if (ctx) {
      const body = response.json ?? JSON.stringify(response.body);
      await deps.keys.insert(ctx.scope, ctx.key, { requestHash: ctx.requestHash, status: response.status, body, headers: response.headers }, deps.clock());
    }
    return { ...response, replayed: false };
  });
}

/** Sends a write's response, marking a replay so clients can tell; a body serialized already goes out as it is. */
export function sendWrite<T>(reply: FastifyReply, response: Presented<T> & { replayed: boolean }): T | FastifyReply {
  reply.code(response.status).headers(response.headers);
  if (response.replayed) reply.header('idempotent-replayed', 'true');
  return response.json === undefined ? response.body : reply.type('application/json; charset=utf-8').send(response.json);
}
