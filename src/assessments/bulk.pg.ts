import type { PgSql } from '../db/postgres';
import type { UnitOfWork } from '../db/unit-of-work';
import type { Catalog } from '../questionnaires/catalog';
import { ENGINE_VERSION } from '../scoring/version';
import { assessmentValues, checkedForLoad, withLoadAll, type BulkEnterprise } from './bulk';
import type { SummaryRow } from './repository';
import { summaryOf } from './summary';

/** Each table's rows as one statement: its columns as arrays (unnest), cast to the column types. */
const insert = (table: string, columns: [name: string, type: string][]) =>
  `insert into ${table} (${columns.map(([c]) => c).join(', ')}) select ${columns.map(([c, t]) => (t === 'json' ? `${c}::json` : c)).join(', ')}
    from unnest(${columns.map(([, t], i) => `$${i + 1}::${t === 'json' ? 'text' : t}[]`).join(', ')}) as u (${columns.map(([c]) => c).join(', ')})`;

export const SQL = {
  enterprises: insert('enterprises', [
    ['id', 'text'],
    ['credit_code', 'text'],
    ['name', 'text'],
    ['region_code', 'text'],
    ['province_code', 'text'],
    ['city_code', 'text'],
    ['industry_code', 'text'],
    ['size_class', 'text'],
    ['employees', 'int'],
    ['revenue_million_yuan', 'float8'],
    ['synthetic', 'bool'],
    ['version', 'int'],
    ['created_at', 'text'],
    ['updated_at', 'text'],
  ]),
  assessments: insert('assessments', [
    ['id', 'text'],
    ['enterprise_id', 'text'],
    ['period', 'text'],
    ['revision', 'int'],
    ['revision_of', 'text'],
    ['status', 'text'],
    ['questionnaire_id', 'text'],
    ['questionnaire_version', 'text'],
    ['answers', 'json'],
    ['version', 'int'],
    ['submitted_at', 'text'],
    ['created_at', 'text'],
    ['updated_at', 'text'],
  ]),
  results: insert('assessment_results', [
    ['assessment_id', 'text'],
    ['content_hash', 'text'],
    ['engine_version', 'text'],
  ]),
  summaries: insert('assessment_summaries', [
    ['assessment_id', 'text'],
    ['enterprise_id', 'text'],
    ['period', 'text'],
    ['region_code', 'text'],
    ['province_code', 'text'],
    ['city_code', 'text'],
    ['industry_code', 'text'],
    ['size_class', 'text'],
    ['total', 'float8'],
    ['stage', 'text'],
    ['stage_rank', 'int'],
    ['readiness', 'float8'],
    ['application', 'float8'],
    ['integration', 'float8'],
    ['collaboration', 'float8'],
    ['performance', 'float8'],
    ['is_latest', 'bool'],
    ['synthetic', 'bool'],
    ['submitted_at', 'text'],
  ]),
  events: insert('change_log', [
    ['at', 'text'],
    ['kind', 'text'],
    ['payload', 'json'],
  ]),
};

const SUMMARY_KEYS: (keyof SummaryRow)[] = [
  'assessmentId',
  'enterpriseId',
  'period',
  'regionCode',
  'provinceCode',
  'cityCode',
  'industryCode',
  'sizeClass',
  'total',
  'stage',
  'stageRank',
  'readiness',
  'application',
  'integration',
  'collaboration',
  'performance',
  'isLatest',
  'synthetic',
  'submittedAt',
];

/**
 * The bulk loader on PostgreSQL: the same checks, rows and events as SQLite's (bulk.ts), each table's rows of a
 * batch inserted by one statement, in one unit of work; the projector applies the events as it does any others.
 */
export function createPgBulkLoader(deps: { uow: UnitOfWork; sql: PgSql; catalog: Pick<Catalog, 'get'>; clock: () => Date }) {
  const { sql } = deps;
  function load(batch: readonly BulkEnterprise[]): Promise<number> {
    return deps.uow.write(async () => {
      const at = deps.clock().toISOString();
      const enterprises = batch.map(({ enterprise: e }) => [
        e.id,
        e.creditCode,
        e.name,
        e.regionCode,
        e.provinceCode,
        e.cityCode,
        e.industryCode,
        e.sizeClass,
        e.employees,
        e.revenueMillionYuan,
        e.synthetic,
        e.version,
        e.createdAt,
        e.updatedAt,
      ]);
      const assessments: unknown[][] = [];
      const results: unknown[][] = [];
      const summaries: unknown[][] = [];
      const events: unknown[][] = [];
      for (const { enterprise: e, assessments: rows } of batch) {
        for (const a of rows) {
          const scored = checkedForLoad(deps.catalog, a);
          assessments.push(assessmentValues(a));
          results.push([a.id, scored.contentHash, ENGINE_VERSION]);
          const summary = summaryOf(a, e, scored.figures);
          summaries.push(SUMMARY_KEYS.map((k) => summary[k]));
          // Each assessment is the first of its period: it replaces none.
          events.push([at, 'assessment.submitted', JSON.stringify({ assessmentId: a.id, enterpriseId: a.enterpriseId, period: a.period, replaces: null })]);
        }
      }
      const columns = (rows: unknown[][], width: number) => Array.from({ length: width }, (_, i) => rows.map((r) => r[i]));
      await sql.run(SQL.enterprises, columns(enterprises, 14));
      if (assessments.length) {
        await sql.run(SQL.assessments, columns(assessments, 13));
        await sql.run(SQL.results, columns(results, 3));
        await sql.run(SQL.summaries, columns(summaries, SUMMARY_KEYS.length));
        await sql.run(SQL.events, columns(events, 3));
      }
      return assessments.length;
    });
  }
  return withLoadAll(load);
}
