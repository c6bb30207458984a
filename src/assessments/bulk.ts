import type { ChangeLog } from '../changes/repository';
import type { Connection } from '../db/connection';
import { statement } from '../db/statements';
import type { UnitOfWork } from '../db/unit-of-work';
import type { EnterpriseRow } from '../enterprises/repository';
import type { Catalog } from '../questionnaires/catalog';
import type { Answers } from '../scoring/schemas';
import { scoreFigures, type ScoreFigures } from '../scoring/score';
import { ENGINE_VERSION } from '../scoring/version';
import type { AssessmentRepository, AssessmentRow } from './repository';
import { summaryOf } from './summary';

/**
 * The bulk path for loading many submitted assessments at once (demo data, benchmarks, migrations from another
 * platform): answers in, and the same rows the one-by-one path writes — enterprise, assessment, what re-derives
 * its result, summary — and the same `assessment.submitted` event per assessment, which the index projector
 * applies at the end of each unit of work, summed per cell, as it does a submission's. Each assessment is checked
 * and scored by the engine against its pinned questionnaire version (the figures only: the trace and path are
 * re-derived when read), so nothing loaded differs from what a submission would have stored.
 */
export interface BulkEnterprise {
  enterprise: EnterpriseRow;
  /** Submitted assessments of this enterprise, each the first revision of its period. */
  assessments: AssessmentRow[];
}

export interface BulkProgress {
  rows: number;
  /** Of the whole load, when the caller said how many rows it holds. */
  total: number | null;
  elapsedMs: number;
  /** Rows per second: over the whole load, and over the last unit of work. */
  rate: number;
  lastRate: number;
  /** At the recent rate; null without a total. */
  remainingMs: number | null;
}

const SQL = {
  enterprise: `insert into enterprises (id, credit_code, name, region_code, province_code, city_code, industry_code, size_class, employees,
    revenue_million_yuan, synthetic, version, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  assessment: `insert into assessments (id, enterprise_id, period, revision, revision_of, status, questionnaire_id, questionnaire_version,
    answers, version, submitted_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
};

/**
 * Assessments per unit of work in loadAll: large enough that a commit's fsync, and the projection's pages of rollups
 * written to the WAL, are shared widely (at 300,000 rows 20,000 a unit load ~1.3-1.8× as fast as 5,000: each commit
 * rewrites pages all over the rollups, however few cells of each it changes), small enough to keep memory flat and
 * the write lock short (a unit holds it for about 5 s on these machines).
 */
export const ASSESSMENTS_PER_BATCH = 20_000;

/**
 * What every bulk-loaded assessment must be, on either backend: the first submitted revision of its period, with
 * answers its pinned questionnaire version accepts; its figures scored by the engine, and that version's content
 * hash (what re-derives its result). Throws, naming the assessment, otherwise.
 */
export function checkedForLoad(catalog: Pick<Catalog, 'get'>, a: AssessmentRow): { contentHash: string; figures: ScoreFigures } {
  const record = catalog.get(a.questionnaireId, a.questionnaireVersion);
  if (!record) throw new Error(`assessment ${a.id}: no questionnaire ${a.questionnaireId} ${a.questionnaireVersion} in the catalog`);
  if (a.status !== 'submitted' || a.revision !== 1 || a.revisionOf !== null || !a.submittedAt) {
    throw new Error(`assessment ${a.id}: a bulk load holds first submitted revisions only`);
  }
  const scored = scoreFigures(record.definition, a.answers as Answers);
  if (!scored.ok) throw new Error(`assessment ${a.id}: answers refused (${scored.issues.map((i) => `${i.indicator}: ${i.code}`).join(', ')})`);
  return { contentHash: record.contentHash, figures: scored.figures };
}

/** An assessment's values in the column order of the bulk loaders' inserts (SQL.assessment's, and bulk.pg.ts's). */
export const assessmentValues = (a: AssessmentRow): unknown[] => [
  a.id,
  a.enterpriseId,
  a.period,
  a.revision,
  a.revisionOf,
  a.status,
  a.questionnaireId,
  a.questionnaireVersion,
  JSON.stringify(a.answers),
  a.version,
  a.submittedAt,
  a.createdAt,
  a.updatedAt,
];

export function createBulkLoader(deps: {
  uow: UnitOfWork;
  database: { sqlite: Connection };
  catalog: Pick<Catalog, 'get'>;
  assessments: Pick<AssessmentRepository, 'insertResult' | 'insertSummary'>;
  changes: Pick<ChangeLog, 'append'>;
  clock: () => Date;
}) {
  const { sqlite } = deps.database;

  /** Loads a batch in one unit of work; resolves to the number of assessments once it is committed. */
  function load(batch: readonly BulkEnterprise[]): Promise<number> {
    const q = { enterprise: statement(sqlite, SQL.enterprise), assessment: statement(sqlite, SQL.assessment) };
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
          e.synthetic ? 1 : 0,
          e.version,
          e.createdAt,
          e.updatedAt,
        );
        for (const a of assessments) {
          const scored = checkedForLoad(deps.catalog, a);
          q.assessment.run(...assessmentValues(a));
          deps.assessments.insertResult(a.id, scored.contentHash, ENGINE_VERSION);
          deps.assessments.insertSummary(summaryOf(a, e, scored.figures));
          // Each assessment is the first of its period: it replaces none.
          deps.changes.append({ kind: 'assessment.submitted', assessmentId: a.id, enterpriseId: a.enterpriseId, period: a.period, replaces: null }, at);
          count++;
        }
      }
      return count;
    });
  }

  return withLoadAll(load);
}

/** A loader's `loadAll` over its `load` (one unit of work per batch), for either backend's loader. */
export function withLoadAll(load: (batch: readonly BulkEnterprise[]) => Promise<number>) {
  return {
    load,

    /**
     * Loads every enterprise of `source` (pulled lazily, so a million rows never sit in memory at once) in units
     * of work of about `assessmentsPerBatch` assessments, reporting progress after each.
     */
    async loadAll(
      source: Iterable<BulkEnterprise>,
      options: { total?: number; onProgress?: (progress: BulkProgress) => void; assessmentsPerBatch?: number } = {},
    ): Promise<BulkProgress> {
      const perBatch = options.assessmentsPerBatch ?? ASSESSMENTS_PER_BATCH;
      const started = performance.now();
      let progress: BulkProgress = { rows: 0, total: options.total ?? null, elapsedMs: 0, rate: 0, lastRate: 0, remainingMs: null };
      let batch: BulkEnterprise[] = [];
      let inBatch = 0;
      const flush = async () => {
        const before = performance.now();
        const rows = progress.rows + (await load(batch));
        const now = performance.now();
        const lastRate = (rows - progress.rows) / ((now - before) / 1000);
        const total = options.total ?? null;
        progress = {
          rows,
          total,
          elapsedMs: now - started,
          rate: rows / ((now - started) / 1000),
          lastRate,
          remainingMs: total === null ? null : (Math.max(0, total - rows) / lastRate) * 1000,
        };
        batch = [];
        inBatch = 0;
        options.onProgress?.(progress);
      };
      for (const item of source) {
        batch.push(item);
        inBatch += item.assessments.length;
        if (inBatch >= perBatch) await flush();
      }
      if (batch.length) await flush();
      return progress;
    },
  };
}

/** A one-line account of a load's progress, for terminals: rows, rate, time left. */
export function progressLine(p: BulkProgress): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const rows = p.total === null ? n(p.rows) : `${n(p.rows)} / ${n(p.total)}`;
  const left = p.remainingMs === null ? '' : `, ${(p.remainingMs / 1000).toFixed(0)} s left`;
  return `loaded ${rows} assessments in ${(p.elapsedMs / 1000).toFixed(1)} s: ${n(p.rate)} rows/s (last batch ${n(p.lastRate)} rows/s)${left}`;
}

export type BulkLoader = ReturnType<typeof createBulkLoader>;
