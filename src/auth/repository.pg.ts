import type { PgSql } from '../db/postgres';
import { pgRowCodec } from '../db/rows.pg';
import { apiKeys } from '../db/schema.pg';
import type { AuditRepository, AuditRow, KeyRepository, KeyRow } from './repository';

const KEY = pgRowCodec(apiKeys);
const AUDIT_COLUMNS = ['at', 'keyId', 'role', 'operation', 'method', 'resource', 'status', 'requestId'] as const;

export const SQL = {
  keyById: `select ${KEY.select} from api_keys where id = $1`,
  listKeys: `select ${KEY.select} from api_keys order by created_at, id`,
  revokeKey: 'update api_keys set revoked_at = $1 where id = $2 and revoked_at is null',
  adminKeyExists: "select 1 from api_keys where role = 'admin' and revoked_at is null and (expires_at is null or expires_at > $1) limit 1",
  // One statement per batch of entries, their columns as arrays.
  appendAudit: `insert into audit_log (at, key_id, role, operation, method, resource, status, request_id)
    select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[])`,
  auditPage: `select id, at, key_id as "keyId", role, operation, method, resource, status, request_id as "requestId" from audit_log
    where ($1::bigint is null or id < $1) and ($2::text is null or key_id = $2) order by id desc limit $3`,
};

export function createPgKeyRepository(sql: PgSql): KeyRepository {
  return {
    find: async (id) => (await sql.rows<KeyRow>(SQL.keyById, [id]))[0],
    insert: async (row) => void (await sql.run(KEY.insert, KEY.values(row))),
    list: () => sql.rows<KeyRow>(SQL.listKeys),
    revoke: async (id, at) => (await sql.run(SQL.revokeKey, [at, id])) === 1,
    adminKeyExists: async (now) => (await sql.rows(SQL.adminKeyExists, [now])).length > 0,
  };
}

export function createPgAuditRepository(sql: PgSql): AuditRepository {
  return {
    async append(entries) {
      if (entries.length === 0) return;
      await sql.run(
        SQL.appendAudit,
        AUDIT_COLUMNS.map((c) => entries.map((e) => e[c])),
      );
    },
    page: (q) => sql.rows<AuditRow>(SQL.auditPage, [q.before ?? null, q.keyId ?? null, q.limit]),
  };
}
