import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { statement } from '../db/statements';
import type { Principal, Role } from './principal';

/**
 * Keys look like `rh_<id>_<secret>`: the id finds the row, the secret (32 random bytes) is checked against its
 * SHA-256 in constant time. With that much entropy a slow hash adds nothing; the key itself is never stored.
 */
const KEY_PATTERN = /^rh_([A-Za-z0-9]{16})_([A-Za-z0-9_-]{43})$/;

export interface KeyRow {
  id: string;
  role: Role;
  enterpriseId: string | null;
  regionCode: string | null;
  label: string;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

const COLUMNS =
  'id, role, enterprise_id as enterpriseId, region_code as regionCode, label, created_at as createdAt, created_by as createdBy, expires_at as expiresAt, revoked_at as revokedAt';

const sha256 = (s: string) => createHash('sha256').update(s).digest();

export function newKey(): { id: string; secret: string; key: string } {
  const id = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, key: `rh_${id}_${secret}` };
}

export function insertKey(sqlite: Database.Database, row: KeyRow, secret: string): void {
  statement(
    sqlite,
    'insert into api_keys (id, secret_hash, role, enterprise_id, region_code, label, created_at, created_by, expires_at, revoked_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    row.id,
    sha256(secret).toString('hex'),
    row.role,
    row.enterpriseId,
    row.regionCode,
    row.label,
    row.createdAt,
    row.createdBy,
    row.expiresAt,
    row.revokedAt,
  );
}

export function listKeys(sqlite: Database.Database): KeyRow[] {
  return statement(sqlite, `select ${COLUMNS} from api_keys order by created_at, id`).all() as KeyRow[];
}

export function findKey(sqlite: Database.Database, id: string): KeyRow | undefined {
  return statement(sqlite, `select ${COLUMNS} from api_keys where id = ?`).get(id) as KeyRow | undefined;
}

export function revokeKey(sqlite: Database.Database, id: string, at: string): boolean {
  return statement(sqlite, 'update api_keys set revoked_at = ? where id = ? and revoked_at is null').run(at, id).changes === 1;
}

export function adminKeyExists(sqlite: Database.Database, now: Date): boolean {
  return (
    statement(sqlite, "select 1 from api_keys where role = 'admin' and revoked_at is null and (expires_at is null or expires_at > ?) limit 1").get(
      now.toISOString(),
    ) !== undefined
  );
}

export type Verification = { ok: true; principal: Principal } | { ok: false; reason: string };

/** The principal a presented key stands for, or why it is refused. */
export function verifyKey(sqlite: Database.Database, presented: string, now: Date): Verification {
  const m = KEY_PATTERN.exec(presented);
  if (!m) return { ok: false, reason: 'malformed API key' };
  const row = statement(sqlite, `select ${COLUMNS}, secret_hash as secretHash from api_keys where id = ?`).get(m[1]) as
    | (KeyRow & { secretHash: string })
    | undefined;
  const expected = row ? Buffer.from(row.secretHash, 'hex') : sha256('no such key');
  const matches = timingSafeEqual(expected, sha256(m[2]!));
  if (!row || !matches) return { ok: false, reason: 'unknown API key' };
  if (row.revokedAt) return { ok: false, reason: 'this API key was revoked' };
  if (row.expiresAt && row.expiresAt <= now.toISOString()) return { ok: false, reason: 'this API key has expired' };
  if (row.role === 'enterprise') return { ok: true, principal: { role: 'enterprise', keyId: row.id, enterpriseId: row.enterpriseId! } };
  if (row.role === 'authority') return { ok: true, principal: { role: 'authority', keyId: row.id, regionCode: row.regionCode! } };
  return { ok: true, principal: { role: 'admin', keyId: row.id } };
}
