import type { PgSql } from '../db/postgres';
import { RETENTION_MS, type IdempotencyRepository, type StoredResponse } from './repository';

export const SQL = {
  // Inside the write, the key is locked first: a second first attempt with it waits, then finds the first's reply.
  lock: "select pg_advisory_xact_lock(hashtextextended($1 || E'\\n' || $2, 0))",
  find: 'select request_hash as "requestHash", status, body, headers from idempotency_keys where scope = $1 and key = $2',
  insert: 'insert into idempotency_keys (scope, key, request_hash, status, body, headers, created_at) values ($1, $2, $3, $4, $5, $6, $7)',
  purge: 'delete from idempotency_keys where created_at < $1',
};

/** Idempotency-Key replies on PostgreSQL (see repository.ts). */
export function createPgIdempotencyRepository(sql: PgSql): IdempotencyRepository {
  return {
    async find(scope, key) {
      if (sql.inWrite()) await sql.run(SQL.lock, [scope, key]);
      return (await sql.rows<StoredResponse>(SQL.find, [scope, key]))[0];
    },
    insert: async (scope, key, r, at) =>
      void (await sql.run(SQL.insert, [scope, key, r.requestHash, r.status, r.body, JSON.stringify(r.headers), at.toISOString()])),
    purgeBefore: (now) => sql.run(SQL.purge, [new Date(now.getTime() - RETENTION_MS).toISOString()]),
  };
}
