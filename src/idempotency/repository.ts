import type Database from 'better-sqlite3';
import { statement } from '../db/statements';
import type { DatabaseHandle } from '../db/connection';
import { queuedWrite } from '../db/transaction';
import { ProblemError } from '../http/problem';

export interface IdempotencyContext {
  /** Who sent it (the API key id once keys exist): keys of different callers never collide. */
  scope: string;
  key: string;
  /** sha256 of method, path and canonical body. */
  requestHash: string;
}

export interface WriteResponse<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string>;
  /**
   * `body` as JSON, when the write had it serialized anyway (a submission's result is stored as JSON): sent and
   * kept for replay as it is, not serialized again.
   */
  json?: string;
}

/** Keys are kept at least 24 h; older ones are purged after twice that. */
export const RETENTION_MS = 48 * 60 * 60 * 1000;

/**
 * Runs a write and records its response in the same transaction (a group-committed one, see queuedWrite), so a
 * retry with the same key replays the response and writes nothing, and two concurrent first attempts cannot both
 * write. `write` must be synchronous: an await would commit the transaction early.
 */
export function idempotentWrite<T>(
  handle: DatabaseHandle,
  ctx: IdempotencyContext | null,
  now: Date,
  write: () => WriteResponse<T>,
): Promise<WriteResponse<T> & { replayed: boolean }> {
  const { sqlite } = handle;
  return queuedWrite(handle, () => {
    if (ctx) {
      const stored = statement(sqlite, 'select request_hash as requestHash, status, body, headers from idempotency_keys where scope = ? and key = ?').get(
        ctx.scope,
        ctx.key,
      ) as { requestHash: string; status: number; body: string; headers: string } | undefined;
      if (stored) {
        if (stored.requestHash !== ctx.requestHash) {
          throw new ProblemError('idempotency-key-reused', `Idempotency-Key "${ctx.key}" was first used for a different request`);
        }
        const body = JSON.parse(stored.body) as T;
        return { status: stored.status, body, json: stored.body, headers: JSON.parse(stored.headers) as Record<string, string>, replayed: true };
      }
    }
    const response = write();
    if (ctx) {
      statement(sqlite, 'insert into idempotency_keys (scope, key, request_hash, status, body, headers, created_at) values (?, ?, ?, ?, ?, ?, ?)').run(
        ctx.scope,
        ctx.key,
        ctx.requestHash,
        response.status,
        response.json ?? JSON.stringify(response.body),
        JSON.stringify(response.headers),
        now.toISOString(),
      );
    }
    return { ...response, replayed: false };
  });
}

export function purgeExpiredKeys(sqlite: Database.Database, now: Date): number {
  return statement(sqlite, 'delete from idempotency_keys where created_at < ?').run(new Date(now.getTime() - RETENTION_MS).toISOString()).changes;
}
