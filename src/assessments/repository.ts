import { and, desc, eq, max } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { assessmentResults, assessments, assessmentSummaries } from '../db/schema';
import type { ScoreResult } from '../scoring/schemas';

/** Assessment rows, results and summaries; synchronous, run inside the service's transactions. */
export type AssessmentRow = typeof assessments.$inferSelect;
export type SummaryRow = typeof assessmentSummaries.$inferSelect;

export function findAssessment(db: Db, id: string): AssessmentRow | undefined {
  return db.select().from(assessments).where(eq(assessments.id, id)).get();
}

export function findOpenDraft(db: Db, enterpriseId: string, period: string): AssessmentRow | undefined {
  return db
    .select()
    .from(assessments)
    .where(and(eq(assessments.enterpriseId, enterpriseId), eq(assessments.period, period), eq(assessments.status, 'draft')))
    .get();
}

export function findLatestSummary(db: Db, enterpriseId: string, period: string): SummaryRow | undefined {
  return db
    .select()
    .from(assessmentSummaries)
    .where(and(eq(assessmentSummaries.enterpriseId, enterpriseId), eq(assessmentSummaries.period, period), eq(assessmentSummaries.isLatest, true)))
    .get();
}

export function isLatest(db: Db, assessmentId: string): boolean {
  return db.select({ isLatest: assessmentSummaries.isLatest }).from(assessmentSummaries).where(eq(assessmentSummaries.assessmentId, assessmentId)).get()?.isLatest ?? false;
}

export function nextRevision(db: Db, enterpriseId: string, period: string): number {
  const row = db
    .select({ top: max(assessments.revision) })
    .from(assessments)
    .where(and(eq(assessments.enterpriseId, enterpriseId), eq(assessments.period, period)))
    .get();
  return (row?.top ?? 0) + 1;
}

export function insertAssessment(db: Db, row: AssessmentRow): void {
  db.insert(assessments).values(row).run();
}

/** Saves answers of a draft at the expected version; false if it is no longer that draft. */
export function updateDraftAnswers(db: Db, id: string, expectedVersion: number, answers: Record<string, unknown>, now: string): boolean {
  return (
    db
      .update(assessments)
      .set({ answers, version: expectedVersion + 1, updatedAt: now })
      .where(and(eq(assessments.id, id), eq(assessments.version, expectedVersion), eq(assessments.status, 'draft')))
      .run().changes === 1
  );
}

export function markSubmitted(db: Db, id: string, expectedVersion: number, now: string): boolean {
  return (
    db
      .update(assessments)
      .set({ status: 'submitted', version: expectedVersion + 1, updatedAt: now, submittedAt: now })
      .where(and(eq(assessments.id, id), eq(assessments.version, expectedVersion), eq(assessments.status, 'draft')))
      .run().changes === 1
  );
}

export function insertResult(db: Db, assessmentId: string, contentHash: string, result: ScoreResult): void {
  db.insert(assessmentResults).values({ assessmentId, contentHash, engineVersion: result.engineVersion, result }).run();
}

export function findResult(db: Db, assessmentId: string): ScoreResult | null {
  const row = db.select({ result: assessmentResults.result }).from(assessmentResults).where(eq(assessmentResults.assessmentId, assessmentId)).get();
  return (row?.result as ScoreResult | undefined) ?? null;
}

/**
 * Makes `next` the summary that counts for its enterprise and period, demoting the one before it (a revision
 * replaces its predecessor); returns the demoted summary, if any, so aggregates can take its contribution out.
 */
export function replaceLatestSummary(db: Db, next: SummaryRow): SummaryRow | undefined {
  const previous = findLatestSummary(db, next.enterpriseId, next.period);
  if (previous) db.update(assessmentSummaries).set({ isLatest: false }).where(eq(assessmentSummaries.assessmentId, previous.assessmentId)).run();
  db.insert(assessmentSummaries).values(next).run();
  return previous;
}

export interface HistoryRow {
  assessment: AssessmentRow;
  summary: SummaryRow | null;
}

export function historyOf(db: Db, enterpriseId: string): HistoryRow[] {
  return db
    .select({ assessment: assessments, summary: assessmentSummaries })
    .from(assessments)
    .leftJoin(assessmentSummaries, eq(assessmentSummaries.assessmentId, assessments.id))
    .where(eq(assessments.enterpriseId, enterpriseId))
    .orderBy(desc(assessments.period), desc(assessments.revision))
    .all();
}

export function latestSummariesOf(db: Db, enterpriseId: string): (SummaryRow & { revision: number })[] {
  return db
    .select({ summary: assessmentSummaries, revision: assessments.revision })
    .from(assessmentSummaries)
    .innerJoin(assessments, eq(assessments.id, assessmentSummaries.assessmentId))
    .where(and(eq(assessmentSummaries.enterpriseId, enterpriseId), eq(assessmentSummaries.isLatest, true)))
    .all()
    .map((r) => ({ ...r.summary, revision: r.revision }));
}
