import type { PgSql } from '../db/postgres';
import { pgRowCodec } from '../db/rows.pg';
import { enterprises } from '../db/schema.pg';
import { regionRange } from '../regions/codes';
import type { EnterpriseRepository, EnterpriseRow } from './repository';

const ENTERPRISE = pgRowCodec(enterprises);

export const SQL = {
  // Read inside a write, the row is locked until COMMIT: the writes of one enterprise (a draft per period, a
  // submission, a change of profile) take turns.
  byId: `select ${ENTERPRISE.select} from enterprises where id = $1`,
  byCreditCode: `select ${ENTERPRISE.select} from enterprises where credit_code = $1`,
  update: `update enterprises set name = $3, region_code = $4, province_code = $5, city_code = $6, industry_code = $7, size_class = $8,
    employees = $9, revenue_million_yuan = $10, updated_at = $11, version = version + 1 where id = $1 and version = $2`,
};

/** Enterprise rows on PostgreSQL (see repository.ts). */
export function createPgEnterpriseRepository(sql: PgSql): EnterpriseRepository {
  const one = async (text: string, param: string) => (await sql.rows<EnterpriseRow>(text, [param]))[0];
  return {
    find: (id) => one(SQL.byId + (sql.inWrite() ? ' for update' : ''), id),
    findByCreditCode: (creditCode) => one(SQL.byCreditCode, creditCode),
    insert: async (row) => void (await sql.run(ENTERPRISE.insert, ENTERPRISE.values(row))),
    update: async (id, expectedVersion, c) =>
      (await sql.run(SQL.update, [
        id,
        expectedVersion,
        c.name,
        c.regionCode,
        c.provinceCode,
        c.cityCode,
        c.industryCode,
        c.sizeClass,
        c.employees,
        c.revenueMillionYuan,
        c.updatedAt,
      ])) === 1,
    list(f) {
      const where: string[] = [];
      const params: unknown[] = [];
      const p = (v: unknown) => `$${params.push(v)}`;
      if (f.region) {
        const [from, to] = regionRange(f.region.code, f.region.level);
        where.push(`region_code >= ${p(from)} and region_code < ${p(to)}`);
      }
      if (f.industry) where.push(`industry_code = ${p(f.industry)}`);
      if (f.size) where.push(`size_class = ${p(f.size)}`);
      if (f.after) where.push(`(created_at, id) > (${p(f.after.createdAt)}, ${p(f.after.id)})`);
      const text = `select ${ENTERPRISE.select} from enterprises${where.length ? ` where ${where.join(' and ')}` : ''} order by created_at, id limit ${p(f.limit)}`;
      return sql.rows<EnterpriseRow>(text, params);
    },
  };
}
