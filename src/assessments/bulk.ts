import type Database from 'better-sqlite3';
import { writeTransaction } from '../db/transaction';
import type { Deps } from '../deps';
import type { EnterpriseRow } from '../enterprises/repository';
import { applySummaries } from '../indices/rollups';
import type { ScoreResult } from '../scoring/schemas';
import { createAssessmentRepository, type AssessmentRow, type SummaryRow } from './repository';
import { summaryOf } from './summary';

/**
 * The bulk path for loading many submitted assessments at once (demo data, benchmarks, migrations from another
 * platform): the same rows the one-by-one path writes — enterprise, assessment, result, summary — and the rollups,
 * summed per cell per batch. One transaction per call, plain prepared statements, and each answers or result
 * object serialized once however often it recurs.
 */
export interface BulkAssessment {
  row: AssessmentRow;
  result: ScoreResult;
  contentHash: string;
}

export interface BulkEnterprise {
  enterprise: EnterpriseRow;
  assessments: BulkAssessment[];
}

const SQL = {
  enterprise: `insert into enterprises (id, credit_code, name, region_code, province_code, city_code, industry_code, size_class, employees,
    revenue_million_yuan, synthetic, version, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  assessment: `insert into assessments (id, enterprise_id, period, revision, revision_of, status, questionnaire_id, questionnaire_version,
    answers, version, submitted_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
};
const statements = new WeakMap<Database.Database, Record<keyof typeof SQL, Database.Statement>>();

export function bulkInsert(deps: Pick<Deps, 'database'>, batch: readonly BulkEnterprise[]): number {
  const { sqlite } = deps.database;
  let q = statements.get(sqlite);
  if (!q)
    statements.set(
      sqlite,
      (q = Object.fromEntries(Object.entries(SQL).map(([k, s]) => [k, sqlite.prepare(s)])) as Record<keyof typeof SQL, Database.Statement>),
    );
  const repository = createAssessmentRepository(deps.database.db);
  const serialized = new WeakMap<object, string>();
  const json = (o: object) => serialized.get(o) ?? (serialized.set(o, JSON.stringify(o)), serialized.get(o)!);
  const flag = (b: boolean) => (b ? 1 : 0);
  return writeTransaction(deps.database, () => {
    const summaries: SummaryRow[] = [];
    for (const { enterprise: e, assessments } of batch) {
      q.enterprise.run(
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
        flag(e.synthetic),
        e.version,
        e.createdAt,
        e.updatedAt,
      );
      for (const { row: a, result, contentHash } of assessments) {
        q.assessment.run(
          a.id,
          a.enterpriseId,
          a.period,
          a.revision,
          a.revisionOf,
          a.status,
          a.questionnaireId,
          a.questionnaireVersion,
          json(a.answers),
          a.version,
          a.submittedAt,
          a.createdAt,
          a.updatedAt,
        );
        repository.insertResult(a.id, contentHash, result.engineVersion, json(result));
        const s = summaryOf(a, e, result);
        repository.insertSummary(s);
        summaries.push(s);
      }
    }
    applySummaries(deps.database.sqlite, summaries);
    return summaries.length;
  });
}
