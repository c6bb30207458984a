import type { DatabaseHandle } from './connection';

/**
 * One synchronous write transaction, BEGIN IMMEDIATE so a read-then-write cannot interleave with another writer.
 * `fn` must not await: better-sqlite3 would commit at the first await, outside the transaction.
 */
export function writeTransaction<T>(handle: DatabaseHandle, fn: () => T): T {
  return handle.sqlite.transaction(fn).immediate();
}

/**
 * A request's write: `fn` runs in a group-committed transaction shared with the writes queued in the same turn of
 * the event loop (one fsync for all), in a savepoint of its own; the promise settles once the data is on disk.
 * Inside it, a writeTransaction() of the same write nests as a savepoint.
 */
export function queuedWrite<T>(handle: DatabaseHandle, fn: () => T): Promise<T> {
  return handle.writes.run(fn);
}
