import type { PgSql } from '../db/postgres';
import { pgRowCodec } from '../db/rows.pg';
import { assessments, assessmentSummaries } from '../db/schema.pg';
import type { AssessmentRepository, AssessmentRow, DerivedResultRow, HistoryRow, SummaryRow } from './repository';
import type { StoredResult } from './results';

const ASSESSMENT = pgRowCodec(assessments);
const SUMMARY = pgRowCodec(assessmentSummaries);
const A = (alias: string) => ASSESSMENT.select.replace(/"([a-z_0-9]+)" as/g, `${alias}."$1" as`);

export const SQL = {
  // Read inside a write, the row is locked until COMMIT: a second submission or save of it waits, then sees the first's version.
  byId: `select ${ASSESSMENT.select} from assessments where id = $1`,
  openDraft: `select ${ASSESSMENT.select} from assessments where enterprise_id = $1 and period = $2 and status = 'draft'`,
  latestSummary: `select ${SUMMARY.select} from assessment_summaries where enterprise_id = $1 and period = $2 and is_latest`,
  isLatest: 'select is_latest from assessment_summaries where assessment_id = $1',
  nextRevision: 'select coalesce(max(revision), 0) + 1 as next from assessments where enterprise_id = $1 and period = $2',
  updateDraft: `update assessments set answers = $3, version = $2 + 1, updated_at = $4 where id = $1 and version = $2 and status = 'draft'`,
  markSubmitted: `update assessments set status = 'submitted', version = version + 1, updated_at = $3, submitted_at = $3
    where id = $1 and version = $2 and status = 'draft'`,
  demote: 'update assessment_summaries set is_latest = false where assessment_id = $1',
  result: 'select content_hash as "contentHash", engine_version as "engineVersion", result from assessment_results where assessment_id = $1',
  insertResult: 'insert into assessment_results (assessment_id, content_hash, engine_version) values ($1, $2, $3)',
  derivedResults: `select r.assessment_id as "assessmentId", r.content_hash as "contentHash", r.engine_version as "engineVersion", a.answers::text as answers,
      a.questionnaire_id as "questionnaireId", a.questionnaire_version as "questionnaireVersion"
    from assessment_results r join assessments a on a.id = r.assessment_id
    where r.result is null and r.assessment_id > $1 order by r.assessment_id limit $2`,
  freezeResult: 'update assessment_results set result = $1 where assessment_id = $2 and result is null',
  history: `select row_to_json(a) as assessment, row_to_json(s) as summary from
      (select ${A('x')} from assessments x where x.enterprise_id = $1) a
      left join (select ${SUMMARY.select} from assessment_summaries) s on s."assessmentId" = a.id
    order by a.period desc, a.revision desc`,
  latestSummaries: `select ${SUMMARY.select.replace(/"([a-z_0-9]+)" as/g, 's."$1" as')}, a.revision from assessment_summaries s
    join assessments a on a.id = s.assessment_id where s.enterprise_id = $1 and s.is_latest`,
};

/** The assessments tables on PostgreSQL (see repository.ts for what each method means). */
export function createPgAssessmentRepository(sql: PgSql): AssessmentRepository {
  const lock = () => (sql.inWrite() ? ' for update' : '');
  const one = async <R>(text: string, params: unknown[]): Promise<R | undefined> => (await sql.rows<R>(text, params))[0];
  const findLatestSummary = (enterpriseId: string, period: string) => one<SummaryRow>(SQL.latestSummary, [enterpriseId, period]);
  const insertSummary = async (row: SummaryRow) => void (await sql.run(SUMMARY.insert, SUMMARY.values(row)));
  return {
    find: (id) => one<AssessmentRow>(SQL.byId + lock(), [id]),
    findOpenDraft: (enterpriseId, period) => one<AssessmentRow>(SQL.openDraft, [enterpriseId, period]),
    findLatestSummary,
    isLatest: async (assessmentId) => (await one<{ is_latest: boolean }>(SQL.isLatest, [assessmentId]))?.is_latest === true,
    nextRevision: async (enterpriseId, period) => (await one<{ next: number }>(SQL.nextRevision, [enterpriseId, period]))!.next,
    insert: async (row) => void (await sql.run(ASSESSMENT.insert, ASSESSMENT.values(row))),
    updateDraftAnswers: async (id, expectedVersion, answers, now) =>
      (await sql.run(SQL.updateDraft, [id, expectedVersion, JSON.stringify(answers), now])) === 1,
    markSubmitted: async (id, expectedVersion, now) => (await sql.run(SQL.markSubmitted, [id, expectedVersion, now])) === 1,
    insertResult: async (assessmentId, contentHash, engineVersion) => void (await sql.run(SQL.insertResult, [assessmentId, contentHash, engineVersion])),
    findResult: (assessmentId) => one<StoredResult>(SQL.result, [assessmentId]),
    derivedResults: (afterId, limit) => sql.rows<DerivedResultRow>(SQL.derivedResults, [afterId, limit]),
    freezeResult: async (assessmentId, json) => void (await sql.run(SQL.freezeResult, [json, assessmentId])),
    async replaceLatestSummary(next) {
      const previous = await findLatestSummary(next.enterpriseId, next.period);
      if (previous) await sql.run(SQL.demote, [previous.assessmentId]);
      await insertSummary(next);
      return previous;
    },
    insertSummary,
    history: (enterpriseId) => sql.rows<HistoryRow>(SQL.history, [enterpriseId]),
    latestSummaries: (enterpriseId) => sql.rows<SummaryRow & { revision: number }>(SQL.latestSummaries, [enterpriseId]),
  };
}
