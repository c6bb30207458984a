import { and, asc, eq, gt, gte, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { rowCodec } from '../db/rows';
import { statement } from '../db/statements';
import { enterprises } from '../db/schema';

/**
 * Enterprise rows. Functions are synchronous because they run inside better-sqlite3 transactions opened by the
 * service; the service is the async boundary.
 */
export type EnterpriseRow = typeof enterprises.$inferSelect;
export type NewEnterpriseRow = typeof enterprises.$inferInsert;

// Read on every assessment request: run on better-sqlite3 directly (see rowCodec).
const ENTERPRISE = rowCodec(enterprises);
export const BY_ID = `select ${ENTERPRISE.select} from enterprises where id = ?`;
export const BY_CODE = `select ${ENTERPRISE.select} from enterprises where credit_code = ?`;

export function findEnterprise(db: Db, id: string): EnterpriseRow | undefined {
  const raw = statement(db.$client, BY_ID).get(id);
  return raw === undefined ? undefined : ENTERPRISE.decode(raw);
}

export function findByCreditCode(db: Db, creditCode: string): EnterpriseRow | undefined {
  const raw = statement(db.$client, BY_CODE).get(creditCode);
  return raw === undefined ? undefined : ENTERPRISE.decode(raw);
}

export function insertEnterprise(db: Db, row: NewEnterpriseRow): void {
  db.insert(enterprises).values(row).run();
}

/** Updates when the version still matches; returns whether it did. */
export function updateEnterprise(db: Db, id: string, expectedVersion: number, changes: Partial<NewEnterpriseRow>): boolean {
  const result = db
    .update(enterprises)
    .set({ ...changes, version: expectedVersion + 1 })
    .where(and(eq(enterprises.id, id), eq(enterprises.version, expectedVersion)))
    .run();
  return result.changes === 1;
}

/** The half-open code range a province, city or county code spans: a range query uses the index, LIKE would not. */
export function regionRange(code: string, level: 'province' | 'city' | 'county'): [string, string] {
  const width = level === 'province' ? 2 : level === 'city' ? 4 : 6;
  const prefix = Number(code.slice(0, width));
  const pad = (n: number) => String(n).padStart(width, '0').padEnd(6, '0');
  return level === 'county' ? [code, `${code}\u0000`] : [pad(prefix), pad(prefix + 1)];
}

export interface EnterpriseFilter {
  region?: { code: string; level: 'province' | 'city' | 'county' };
  industry?: string;
  size?: string;
  after?: { createdAt: string; id: string };
  limit: number;
}

/** Oldest first, keyset-paginated on (created_at, id) so pages stay stable while rows are added. */
export function listEnterprises(db: Db, f: EnterpriseFilter): EnterpriseRow[] {
  const where: SQL[] = [];
  if (f.region) {
    const [from, to] = regionRange(f.region.code, f.region.level);
    where.push(gte(enterprises.regionCode, from), lt(enterprises.regionCode, to));
  }
  if (f.industry) where.push(eq(enterprises.industryCode, f.industry));
  if (f.size) where.push(eq(enterprises.sizeClass, f.size as EnterpriseRow['sizeClass']));
  if (f.after) {
    where.push(or(gt(enterprises.createdAt, f.after.createdAt), and(eq(enterprises.createdAt, f.after.createdAt), gt(enterprises.id, f.after.id)))!);
  }
  return db
    .select()
    .from(enterprises)
    .where(and(...where))
    .orderBy(asc(enterprises.createdAt), asc(enterprises.id))
    .limit(f.limit)
    .all();
}
