import { getTableColumns, sql } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { assessmentResults, assessments, assessmentSummaries, enterprises } from '../db/schema';
import { writeTransaction } from '../db/transaction';
import type { Deps } from '../deps';
import type { EnterpriseRow } from '../enterprises/repository';
import { applySummaries } from '../indices/rollups';
import type { ScoreResult } from '../scoring/schemas';
import type { AssessmentRow, SummaryRow } from './repository';
import { summaryOf } from './summary';

/**
 * The bulk path for loading many submitted assessments at once (demo data, benchmarks, migrations from another
 * platform): the same rows the one-by-one path writes — enterprise, assessment, result, summary — and the rollups,
 * summed per cell per batch. One transaction per call.
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

const allPlaceholders = (table: Parameters<typeof getTableColumns>[0]) =>
  Object.fromEntries(Object.keys(getTableColumns(table)).map((k) => [k, sql.placeholder(k)])) as never;

function prepare(db: Db) {
  return {
    enterprise: db.insert(enterprises).values(allPlaceholders(enterprises)).prepare(),
    assessment: db.insert(assessments).values(allPlaceholders(assessments)).prepare(),
    result: db.insert(assessmentResults).values(allPlaceholders(assessmentResults)).prepare(),
    summary: db.insert(assessmentSummaries).values(allPlaceholders(assessmentSummaries)).prepare(),
  };
}
const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();

export function bulkInsert(deps: Pick<Deps, 'database'>, batch: readonly BulkEnterprise[]): number {
  const db = deps.database.db;
  let q = prepared.get(db);
  if (!q) prepared.set(db, (q = prepare(db)));
  return writeTransaction(deps.database, () => {
    const summaries: SummaryRow[] = [];
    for (const { enterprise, assessments: list } of batch) {
      q.enterprise.run(enterprise);
      for (const a of list) {
        q.assessment.run(a.row);
        q.result.run({ assessmentId: a.row.id, contentHash: a.contentHash, engineVersion: a.result.engineVersion, result: a.result });
        const summary = summaryOf(a.row, enterprise, a.result);
        q.summary.run(summary);
        summaries.push(summary);
      }
    }
    applySummaries(deps.database.sqlite, summaries);
    return summaries.length;
  });
}
