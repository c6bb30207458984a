import type { DatabaseHandle } from './connection';

/**
 * One synchronous write transaction, BEGIN IMMEDIATE so a read-then-write cannot interleave with another writer.
 * `fn` must not await: better-sqlite3 would commit at the first await, outside the transaction.
 */
export function writeTransaction<T>(handle: DatabaseHandle, fn: () => T): T {
  return handle.sqlite.transaction(fn).immediate();
}
