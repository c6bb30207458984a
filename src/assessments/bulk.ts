import type { ChangeLog } from '../changes/repository';
import type { Connection } from '../db/connection';
import { statement } from '../db/statements';
import type { UnitOfWork } from '../db/unit-of-work';
import type { EnterpriseRow } from '../enterprises/repository';
import type { ScoreResult } from '../scoring/schemas';
import type { AssessmentRepository, AssessmentRow } from './repository';
import { summaryOf } from './summary';

/**
 * The bulk path for loading many submitted assessments at once (demo data, benchmarks, migrations from another
 * platform): the same rows the one-by-one path writes — enterprise, assessment, result, summary — and the same
 * `assessment.submitted` event per assessment, which the index projector applies at the end of the load's unit of
 * work, summed per cell, as it does a submission's. One unit of work per call, plain prepared statements, and
 * each answers or result object serialized once however often it recurs.
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

export function createBulkLoader(deps: {
  uow: UnitOfWork;
  database: { sqlite: Connection };
  assessments: Pick<AssessmentRepository, 'insertResult' | 'insertSummary'>;
  changes: Pick<ChangeLog, 'append'>;
  clock: () => Date;
}) {
  const { sqlite } = deps.database;
  return {
    /** Loads a batch in one unit of work; resolves to the number of assessments once it is committed. */
    load(batch: readonly BulkEnterprise[]): Promise<number> {
      const q = { enterprise: statement(sqlite, SQL.enterprise), assessment: statement(sqlite, SQL.assessment) };
      const serialized = new WeakMap<object, string>();
      const json = (o: object) => serialized.get(o) ?? (serialized.set(o, JSON.stringify(o)), serialized.get(o)!);
      const flag = (b: boolean) => (b ? 1 : 0);
      return deps.uow.write(() => {
        const at = deps.clock().toISOString();
        let count = 0;
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
            deps.assessments.insertResult(a.id, contentHash, result.engineVersion, json(result));
            deps.assessments.insertSummary(summaryOf(a, e, result));
            // Each assessment is the first of its period: it replaces none.
            deps.changes.append({ kind: 'assessment.submitted', assessmentId: a.id, enterpriseId: a.enterpriseId, period: a.period, replaces: null }, at);
            count++;
          }
        }
        return count;
      });
    },
  };
}

export type BulkLoader = ReturnType<typeof createBulkLoader>;
