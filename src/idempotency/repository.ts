import type { Awaitified } from '../db/unit-of-work';
import type { Connection } from '../db/connection';
import { idempotencyKeys } from '../db/schema';
import { statement } from '../db/statements';

/** A write's response as kept for replay: what the HTTP edge sent, byte for byte in `body`. */
export interface StoredResponse {
  requestHash: string;
  status: number;
  /** The body as the JSON text that was sent. */
  body: string;
  headers: Record<string, string>;
}

/** Keys are kept at least 24 h; older ones are purged after twice that. */
export const RETENTION_MS = 48 * 60 * 60 * 1000;

type KeyRow = typeof idempotencyKeys.$inferSelect;

export const SQL = {
  find: 'select request_hash as requestHash, status, body, headers from idempotency_keys where scope = ? and key = ?',
  insert: 'insert into idempotency_keys (scope, key, request_hash, status, body, headers, created_at) values (?, ?, ?, ?, ?, ?, ?)',
  purge: 'delete from idempotency_keys where created_at < ?',
};

/** Responses of writes made with an Idempotency-Key; synchronous, inside the write's unit of work. */
export function createIdempotencyRepository(sqlite: Connection) {
  return {
    find(scope: string, key: string): StoredResponse | undefined {
      const row = statement(sqlite, SQL.find).get(scope, key) as (Omit<KeyRow, 'scope' | 'key' | 'createdAt' | 'headers'> & { headers: string }) | undefined;
      return row && { ...row, headers: JSON.parse(row.headers) as Record<string, string> };
    },
    insert(scope: string, key: string, response: StoredResponse, at: Date): void {
      statement(sqlite, SQL.insert).run(scope, key, response.requestHash, response.status, response.body, JSON.stringify(response.headers), at.toISOString());
    },
    /** Deletes keys older than the retention period; returns how many. */
    purgeBefore(now: Date): number {
      return statement(sqlite, SQL.purge).run(new Date(now.getTime() - RETENTION_MS).toISOString()).changes;
    },
  };
}

/** What services use, on either backend (see Awaitified). */
export type IdempotencyRepository = Awaitified<ReturnType<typeof createIdempotencyRepository>>;
