import { ASSESSMENTS_PER_BATCH, type BulkEnterprise } from '../src/assessments/bulk';
import type { Connection } from '../src/db/connection';
import type { Catalog } from '../src/questionnaires/catalog';
import { ENGINE_VERSION } from '../src/scoring/version';
import { pooledFigures } from './synthetic-load';

/**
 * The bulk loader's baseline: the same rows it writes (enterprise, assessment, result, summary, change event), as
 * plain prepared better-sqlite3 INSERTs in transactions of the same size (the loader's ASSESSMENTS_PER_BATCH), into
 * the same schema and pragmas (the services' connection) — without checking or scoring answers (figures come
 * precomputed from the pool) and without the index projection. Answers the rows and the seconds they took; the
 * clock starts here, after the source has prepared its pools (see syntheticEnterprises), as the loader's does.
 */
export function rawInsert(
  sqlite: Connection,
  catalog: Catalog,
  source: Iterable<BulkEnterprise>,
  perBatch = ASSESSMENTS_PER_BATCH,
): { rows: number; seconds: number } {
  const q = {
    enterprise: sqlite.prepare(`insert into enterprises (id, credit_code, name, region_code, province_code, city_code, industry_code, size_class,
      employees, revenue_million_yuan, synthetic, version, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    assessment: sqlite.prepare(`insert into assessments (id, enterprise_id, period, revision, revision_of, status, questionnaire_id,
      questionnaire_version, answers, version, submitted_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    result: sqlite.prepare('insert into assessment_results (assessment_id, content_hash, engine_version) values (?, ?, ?)'),
    summary: sqlite.prepare(`insert into assessment_summaries (assessment_id, enterprise_id, period, region_code, province_code, city_code,
      industry_code, size_class, total, stage, stage_rank, readiness, application, integration, collaboration, performance, is_latest,
      synthetic, submitted_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    event: sqlite.prepare('insert into change_log (at, kind, payload) values (?, ?, ?)'),
  };
  const started = performance.now();
  let rows = 0;
  let batch: BulkEnterprise[] = [];
  let inBatch = 0;
  const write = sqlite.transaction((items: BulkEnterprise[]) => {
    const at = new Date().toISOString();
    for (const { enterprise: e, assessments } of items) {
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
        const f = pooledFigures.get(a.answers)!;
        const dim = (code: string) => f.dimensions.find((d) => d.dimension === code)?.score ?? null;
        q.assessment.run(
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
        );
        q.result.run(a.id, catalog.get(a.questionnaireId, a.questionnaireVersion)!.contentHash, ENGINE_VERSION);
        q.summary.run(
          a.id,
          a.enterpriseId,
          a.period,
          e.regionCode,
          e.provinceCode,
          e.cityCode,
          e.industryCode,
          e.sizeClass,
          f.total,
          f.stage.code,
          f.stage.rank,
          dim('readiness'),
          dim('application'),
          dim('integration'),
          dim('collaboration'),
          dim('performance'),
          1,
          e.synthetic ? 1 : 0,
          a.submittedAt,
        );
        q.event.run(at, 'assessment.submitted', JSON.stringify({ assessmentId: a.id, enterpriseId: a.enterpriseId, period: a.period, replaces: null }));
        rows++;
      }
    }
  });
  for (const item of source) {
    batch.push(item);
    inBatch += item.assessments.length;
    if (inBatch >= perBatch) {
      write(batch);
      batch = [];
      inBatch = 0;
    }
  }
  if (batch.length) write(batch);
  return { rows, seconds: (performance.now() - started) / 1000 };
}
