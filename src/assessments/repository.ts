import { and, desc, eq, getTableColumns, max, sql } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { assessmentResults, assessments, assessmentSummaries } from '../db/schema';
import type { ScoreResult } from '../scoring/schemas';

/**
 * Assessment rows, results and summaries; synchronous, run inside the service's transactions. The queries on the
 * submit path are prepared once per connection: building and preparing SQL on every call cost more than the
 * writes themselves.
 */
export type AssessmentRow = typeof assessments.$inferSelect;
export type SummaryRow = typeof assessmentSummaries.$inferSelect;

const SUMMARY_COLUMNS = Object.keys(getTableColumns(assessmentSummaries)) as (keyof SummaryRow)[];
const placeholders = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)])) as unknown as Record<K, ReturnType<typeof sql.placeholder>>;

const p = {
  id: sql.placeholder('id'),
  enterpriseId: sql.placeholder('enterpriseId'),
  period: sql.placeholder('period'),
  version: sql.placeholder('version'),
  now: sql.placeholder('now'),
};

function prepare(db: Db) {
  return {
    byId: db.select().from(assessments).where(eq(assessments.id, p.id)).prepare(),
    openDraft: db
      .select()
      .from(assessments)
      .where(and(eq(assessments.enterpriseId, p.enterpriseId), eq(assessments.period, p.period), eq(assessments.status, 'draft')))
      .prepare(),
    latestSummary: db
      .select()
      .from(assessmentSummaries)
      .where(and(eq(assessmentSummaries.enterpriseId, p.enterpriseId), eq(assessmentSummaries.period, p.period), eq(assessmentSummaries.isLatest, true)))
      .prepare(),
    isLatest: db.select({ isLatest: assessmentSummaries.isLatest }).from(assessmentSummaries).where(eq(assessmentSummaries.assessmentId, p.id)).prepare(),
    markSubmitted: db
      .update(assessments)
      .set({ status: 'submitted', version: sql`${assessments.version} + 1`, updatedAt: sql`${p.now}`, submittedAt: sql`${p.now}` })
      .where(and(eq(assessments.id, p.id), eq(assessments.version, p.version), eq(assessments.status, 'draft')))
      .prepare(),
    demote: db.update(assessmentSummaries).set({ isLatest: false }).where(eq(assessmentSummaries.assessmentId, p.id)).prepare(),
    result: db.select({ result: assessmentResults.result }).from(assessmentResults).where(eq(assessmentResults.assessmentId, p.id)).prepare(),
    insertResult: db
      .insert(assessmentResults)
      .values({ assessmentId: sql.placeholder('id'), contentHash: sql.placeholder('hash'), engineVersion: sql.placeholder('engine'), result: sql.placeholder('result') })
      .prepare(),
    insertSummary: db.insert(assessmentSummaries).values(placeholders(SUMMARY_COLUMNS)).prepare(),
  };
}
const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();
function q(db: Db) {
  let s = prepared.get(db);
  if (!s) prepared.set(db, (s = prepare(db)));
  return s;
}

export function findAssessment(db: Db, id: string): AssessmentRow | undefined {
  return q(db).byId.get({ id });
}

export function findOpenDraft(db: Db, enterpriseId: string, period: string): AssessmentRow | undefined {
  return q(db).openDraft.get({ enterpriseId, period });
}

export function findLatestSummary(db: Db, enterpriseId: string, period: string): SummaryRow | undefined {
  return q(db).latestSummary.get({ enterpriseId, period });
}

export function isLatest(db: Db, assessmentId: string): boolean {
  return q(db).isLatest.get({ id: assessmentId })?.isLatest ?? false;
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
  return q(db).markSubmitted.run({ id, version: expectedVersion, now }).changes === 1;
}

export function insertResult(db: Db, assessmentId: string, contentHash: string, result: ScoreResult): void {
  q(db).insertResult.run({ id: assessmentId, hash: contentHash, engine: result.engineVersion, result });
}

export function findResult(db: Db, assessmentId: string): ScoreResult | null {
  return (q(db).result.get({ id: assessmentId })?.result as ScoreResult | undefined) ?? null;
}

/**
 * Makes `next` the summary that counts for its enterprise and period, demoting the one before it (a revision
 * replaces its predecessor); returns the demoted summary, if any, so aggregates can take its contribution out.
 */
export function replaceLatestSummary(db: Db, next: SummaryRow): SummaryRow | undefined {
  const previous = findLatestSummary(db, next.enterpriseId, next.period);
  if (previous) q(db).demote.run({ id: previous.assessmentId });
  q(db).insertSummary.run(next);
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
