import type { Awaitified } from '../db/unit-of-work';
import { and, desc, eq, max, sql } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { rowCodec } from '../db/rows';
import { statement } from '../db/statements';
import { assessments, assessmentSummaries } from '../db/schema';
import type { StoredResult } from './results';

/**
 * Assessment rows, results and summaries; synchronous, run inside the service's unit of work. The statements of
 * the submit path are prepared once per connection and run on better-sqlite3 directly (see rowCodec): building SQL,
 * or drizzle's per-call mapping, cost more than the writes themselves.
 */
export type AssessmentRow = typeof assessments.$inferSelect;
export type SummaryRow = typeof assessmentSummaries.$inferSelect;

export interface HistoryRow {
  assessment: AssessmentRow;
  summary: SummaryRow | null;
}

const ASSESSMENT = rowCodec(assessments);
const SUMMARY = rowCodec(assessmentSummaries);

// The submit path's statements, on better-sqlite3 directly (see rowCodec).
export const SQL = {
  byId: `select ${ASSESSMENT.select} from assessments where id = ?`,
  openDraft: `select ${ASSESSMENT.select} from assessments where enterprise_id = ? and period = ? and status = 'draft'`,
  // The literal `is_latest = 1` lets SQLite use the partial index summaries_latest.
  latestSummary: `select ${SUMMARY.select} from assessment_summaries where enterprise_id = ? and period = ? and is_latest = 1`,
  isLatest: 'select is_latest from assessment_summaries where assessment_id = ?',
  markSubmitted: `update assessments set status = 'submitted', version = version + 1, updated_at = @now, submitted_at = @now
    where id = @id and version = @version and status = 'draft'`,
  demote: 'update assessment_summaries set is_latest = 0 where assessment_id = ?',
  result: 'select content_hash as contentHash, engine_version as engineVersion, result from assessment_results where assessment_id = ?',
  // No result bytes: they are re-derived (see results.ts).
  insertResult: 'insert into assessment_results (assessment_id, content_hash, engine_version) values (?, ?, ?)',
  insertSummary: SUMMARY.insert,
  derivedResults: `select r.assessment_id as assessmentId, r.content_hash as contentHash, r.engine_version as engineVersion, a.answers,
      a.questionnaire_id as questionnaireId, a.questionnaire_version as questionnaireVersion
    from assessment_results r join assessments a on a.id = r.assessment_id
    where r.result is null and r.assessment_id > ? order by r.assessment_id limit ?`,
  freezeResult: 'update assessment_results set result = ? where assessment_id = ? and result is null',
};

/** A result row stored as what re-derives it, with what that takes. */
export interface DerivedResultRow {
  assessmentId: string;
  contentHash: string;
  engineVersion: string;
  answers: string;
  questionnaireId: string;
  questionnaireVersion: string;
}

/** The assessments tables, on one connection. */
export function createAssessmentRepository(db: Db) {
  const run = (text: string) => statement(db.$client, text);

  const findLatestSummary = (enterpriseId: string, period: string): SummaryRow | undefined => {
    const raw = run(SQL.latestSummary).get(enterpriseId, period);
    return raw === undefined ? undefined : SUMMARY.decode(raw);
  };
  const insertSummary = (row: SummaryRow): void => {
    run(SQL.insertSummary).run(SUMMARY.encode(row));
  };

  return {
    find(id: string): AssessmentRow | undefined {
      const raw = run(SQL.byId).get(id);
      return raw === undefined ? undefined : ASSESSMENT.decode(raw);
    },

    findOpenDraft(enterpriseId: string, period: string): AssessmentRow | undefined {
      const raw = run(SQL.openDraft).get(enterpriseId, period);
      return raw === undefined ? undefined : ASSESSMENT.decode(raw);
    },

    /** The summary that counts for an enterprise and period: its latest submitted revision's. */
    findLatestSummary,

    isLatest(assessmentId: string): boolean {
      return (run(SQL.isLatest).pluck().get(assessmentId) as number | undefined) === 1;
    },

    nextRevision(enterpriseId: string, period: string): number {
      const row = db
        .select({ top: max(assessments.revision) })
        .from(assessments)
        .where(and(eq(assessments.enterpriseId, enterpriseId), eq(assessments.period, period)))
        .get();
      return (row?.top ?? 0) + 1;
    },

    insert(row: AssessmentRow): void {
      db.insert(assessments).values(row).run();
    },

    /** Saves answers of a draft at the expected version; false if it is no longer that draft. */
    updateDraftAnswers(id: string, expectedVersion: number, answers: Record<string, unknown>, now: string): boolean {
      return (
        db
          .update(assessments)
          .set({ answers, version: expectedVersion + 1, updatedAt: now })
          .where(and(eq(assessments.id, id), eq(assessments.version, expectedVersion), eq(assessments.status, 'draft')))
          .run().changes === 1
      );
    },

    markSubmitted(id: string, expectedVersion: number, now: string): boolean {
      return run(SQL.markSubmitted).run({ id, version: expectedVersion, now }).changes === 1;
    },

    /** Records how a submission was scored: what re-derives its result. */
    insertResult(assessmentId: string, contentHash: string, engineVersion: string): void {
      run(SQL.insertResult).run(assessmentId, contentHash, engineVersion);
    },

    findResult(assessmentId: string): StoredResult | undefined {
      return run(SQL.result).get(assessmentId) as StoredResult | undefined;
    },

    /** Up to `limit` results stored without their bytes, after `afterId` in id order. */
    derivedResults(afterId: string, limit: number): DerivedResultRow[] {
      return run(SQL.derivedResults).all(afterId, limit) as DerivedResultRow[];
    },

    /** Stores a result's bytes (before the engine version that re-derives it is retired). */
    freezeResult(assessmentId: string, json: string): void {
      run(SQL.freezeResult).run(json, assessmentId);
    },

    /**
     * Makes `next` the summary that counts for its enterprise and period, demoting the one before it (a revision
     * replaces its predecessor); returns the demoted summary, if any, so aggregates can take its contribution out.
     */
    replaceLatestSummary(next: SummaryRow): SummaryRow | undefined {
      const previous = findLatestSummary(next.enterpriseId, next.period);
      if (previous) run(SQL.demote).run(previous.assessmentId);
      insertSummary(next);
      return previous;
    },

    insertSummary,

    /** Every assessment of an enterprise with its summary, if submitted. */
    history(enterpriseId: string): HistoryRow[] {
      return db
        .select({ assessment: assessments, summary: assessmentSummaries })
        .from(assessments)
        .leftJoin(assessmentSummaries, eq(assessmentSummaries.assessmentId, assessments.id))
        .where(eq(assessments.enterpriseId, enterpriseId))
        .orderBy(desc(assessments.period), desc(assessments.revision))
        .all();
    },

    /** The summary of each period's latest submitted revision, with that revision's number. */
    latestSummaries(enterpriseId: string): (SummaryRow & { revision: number })[] {
      return (
        db
          .select({ summary: assessmentSummaries, revision: assessments.revision })
          .from(assessmentSummaries)
          .innerJoin(assessments, eq(assessments.id, assessmentSummaries.assessmentId))
          // The literal `is_latest = 1` lets SQLite use the partial index summaries_latest.
          .where(and(eq(assessmentSummaries.enterpriseId, enterpriseId), sql`${assessmentSummaries.isLatest} = 1`))
          .all()
          .map((r) => ({ ...r.summary, revision: r.revision }))
      );
    },
  };
}

/** What services use, on either backend (see Awaitified). */
export type AssessmentRepository = Awaitified<ReturnType<typeof createAssessmentRepository>>;
