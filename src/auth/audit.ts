import type Database from 'better-sqlite3';
import { statement } from '../db/statements';

export interface AuditRow {
  id: number;
  at: string;
  keyId: string | null;
  role: string;
  operation: string;
  method: string;
  resource: string;
  status: number;
  requestId: string;
}

/** Newest first, a page at a time (keyset on id). */
export function listAudit(sqlite: Database.Database, q: { limit: number; before?: number; keyId?: string }) {
  const rows = statement(
    sqlite,
    `select id, at, key_id as keyId, role, operation, method, resource, status, request_id as requestId from audit_log
     where (? is null or id < ?) and (? is null or key_id = ?) order by id desc limit ?`,
  ).all(q.before ?? null, q.before ?? null, q.keyId ?? null, q.keyId ?? null, q.limit + 1) as AuditRow[];
  const items = rows.slice(0, q.limit);
  return { items, nextBefore: rows.length > q.limit ? items[items.length - 1]!.id : null };
}
