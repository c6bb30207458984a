import type { Awaitified } from '../db/unit-of-work';
import type { Connection } from '../db/connection';
import { apiKeys, auditLog } from '../db/schema';
import { rowCodec } from '../db/rows';
import { statement } from '../db/statements';

export type KeyRow = typeof apiKeys.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
/** An entry to append: the log numbers it. */
export type AuditEntry = Omit<AuditRow, 'id'>;

const KEY = rowCodec(apiKeys);
const AUDIT = rowCodec(auditLog);

/** The hot-path SQL of this module: a key is read by id on every request that presents one; every write is audited. */
export const SQL = {
  keyById: `select ${KEY.select} from api_keys where id = ?`,
  insertKey: KEY.insert,
  listKeys: `select ${KEY.select} from api_keys order by created_at, id`,
  revokeKey: 'update api_keys set revoked_at = ? where id = ? and revoked_at is null',
  adminKeyExists: "select 1 from api_keys where role = 'admin' and revoked_at is null and (expires_at is null or expires_at > ?) limit 1",
  appendAudit:
    'insert into audit_log (at, key_id, role, operation, method, resource, status, request_id) values (@at, @keyId, @role, @operation, @method, @resource, @status, @requestId)',
  auditPage: `select ${AUDIT.select} from audit_log where (@before is null or id < @before) and (@keyId is null or key_id = @keyId) order by id desc limit @limit`,
} as const;

/** API keys (their secrets only as hashes). Synchronous: the methods run inside the caller's unit of work. */
export function createKeyRepository(sqlite: Connection) {
  const run = (sql: string) => statement(sqlite, sql);
  return {
    find(id: string): KeyRow | undefined {
      const raw = run(SQL.keyById).get(id);
      return raw === undefined ? undefined : KEY.decode(raw);
    },
    insert(row: KeyRow): void {
      run(SQL.insertKey).run(KEY.encode(row));
    },
    /** Oldest first. */
    list(): KeyRow[] {
      return run(SQL.listKeys)
        .all()
        .map((raw) => KEY.decode(raw));
    },
    /** Marks the key revoked at `at` unless it is already; returns whether it was not. */
    revoke(id: string, at: string): boolean {
      return run(SQL.revokeKey).run(at, id).changes === 1;
    },
    /** Whether an admin key is usable at `now` (neither revoked nor expired). */
    adminKeyExists(now: string): boolean {
      return run(SQL.adminKeyExists).get(now) !== undefined;
    },
  };
}

/** What services use, on either backend (see Awaitified). */
export type KeyRepository = Awaitified<ReturnType<typeof createKeyRepository>>;

/** The audit log: appended in batches, read newest first. Synchronous, inside the caller's unit of work. */
export function createAuditRepository(sqlite: Connection) {
  const run = (sql: string) => statement(sqlite, sql);
  return {
    append(entries: readonly AuditEntry[]): void {
      const insert = run(SQL.appendAudit);
      for (const entry of entries) insert.run(entry);
    },
    /** Up to `limit` entries older than `before` (all when absent), of one key when `keyId` is given; newest first. */
    page(q: { limit: number; before?: number; keyId?: string }): AuditRow[] {
      return run(SQL.auditPage)
        .all({ before: q.before ?? null, keyId: q.keyId ?? null, limit: q.limit })
        .map((raw) => AUDIT.decode(raw));
    },
  };
}

/** What services use, on either backend (see Awaitified). */
export type AuditRepository = Awaitified<ReturnType<typeof createAuditRepository>>;
