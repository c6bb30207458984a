import type { Awaitified } from '../db/unit-of-work';
import type { Connection } from '../db/connection';
import { rowCodec } from '../db/rows';
import { statement } from '../db/statements';
import { enterprises } from '../db/schema';
import { regionRange, type RegionKey } from '../regions/codes';

export type EnterpriseRow = typeof enterprises.$inferSelect;
/** What a change may set: everything but identity, credit code, provenance and the version (the update bumps it). */
export type EnterpriseChanges = Pick<
  EnterpriseRow,
  'name' | 'regionCode' | 'provinceCode' | 'cityCode' | 'industryCode' | 'sizeClass' | 'employees' | 'revenueMillionYuan' | 'updatedAt'
>;

const ENTERPRISE = rowCodec(enterprises);

/** The hot-path SQL of this repository: the enterprise by id is read on every assessment request. */
export const SQL = {
  byId: `select ${ENTERPRISE.select} from enterprises where id = ?`,
  byCreditCode: `select ${ENTERPRISE.select} from enterprises where credit_code = ?`,
  insert: ENTERPRISE.insert,
  update: `update enterprises set name = @name, region_code = @regionCode, province_code = @provinceCode, city_code = @cityCode,
    industry_code = @industryCode, size_class = @sizeClass, employees = @employees, revenue_million_yuan = @revenueMillionYuan,
    updated_at = @updatedAt, version = version + 1 where id = @id and version = @expectedVersion`,
} as const;

export interface EnterpriseFilter {
  region?: RegionKey;
  industry?: string;
  size?: EnterpriseRow['sizeClass'];
  after?: { createdAt: string; id: string };
  limit: number;
}

/**
 * Enterprise rows. Synchronous: the methods run inside the caller's unit of work. Statements are prepared once per
 * connection; the page query has one text per combination of filters (at most sixteen).
 */
export function createEnterpriseRepository(sqlite: Connection) {
  const one = (sql: string, param: string): EnterpriseRow | undefined => {
    const raw = statement(sqlite, sql).get(param);
    return raw === undefined ? undefined : ENTERPRISE.decode(raw);
  };
  return {
    find: (id: string) => one(SQL.byId, id),
    findByCreditCode: (creditCode: string) => one(SQL.byCreditCode, creditCode),
    insert(row: EnterpriseRow): void {
      statement(sqlite, SQL.insert).run(ENTERPRISE.encode(row));
    },
    /** Applies `changes` when the row is still at `expectedVersion` (bumping it); returns whether it was. */
    update(id: string, expectedVersion: number, changes: EnterpriseChanges): boolean {
      return statement(sqlite, SQL.update).run({ ...changes, id, expectedVersion }).changes === 1;
    },
    /** Oldest first, keyset-paginated on (created_at, id) so pages stay stable while rows are added. */
    list(f: EnterpriseFilter): EnterpriseRow[] {
      const where: string[] = [];
      const params: unknown[] = [];
      if (f.region) {
        where.push('region_code >= ? and region_code < ?');
        params.push(...regionRange(f.region.code, f.region.level));
      }
      if (f.industry) {
        where.push('industry_code = ?');
        params.push(f.industry);
      }
      if (f.size) {
        where.push('size_class = ?');
        params.push(f.size);
      }
      if (f.after) {
        where.push('(created_at > ? or (created_at = ? and id > ?))');
        params.push(f.after.createdAt, f.after.createdAt, f.after.id);
      }
      const sql = `select ${ENTERPRISE.select} from enterprises${where.length ? ` where ${where.join(' and ')}` : ''} order by created_at, id limit ?`;
      return statement(sqlite, sql)
        .all(...params, f.limit)
        .map((raw) => ENTERPRISE.decode(raw));
    },
  };
}

/** What services use, on either backend (see Awaitified). */
export type EnterpriseRepository = Awaitified<ReturnType<typeof createEnterpriseRepository>>;
