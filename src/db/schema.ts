import { sql } from 'drizzle-orm';
import type { ChangeKind } from '../changes/events';
import { check, foreignKey, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { SIZE_CLASSES } from '../enterprises/size-class';
import type { QuestionnaireDefinition } from '../questionnaires/definition.schema';
import { REGION_LEVELS, type RegionLevel } from '../regions/codes';
import { STAGE_CODES } from '../scoring/stages';

// The enumerations of both dialects' schemas (this file, SQLite; schema.pg.ts, PostgreSQL).
export const VERSION_STATUSES = ['published', 'retired'] as const;
export const VERSION_SOURCES = ['catalog', 'api'] as const;
export const ASSESSMENT_STATUSES = ['draft', 'submitted'] as const;
export const API_KEY_ROLES = ['admin', 'enterprise', 'authority'] as const;
export const CHANGE_KINDS = [
  'assessment.submitted',
  'enterprise.moved',
  'recommendation.accepted',
  'recommendation.refused',
  'programme.phase_changed',
  'programme.list_published',
  'certificate.recorded',
  'certificate.expiring',
] as const satisfies readonly ChangeKind[];
/** National and provincial cohorts only (score histograms). */
export const COHORT_LEVELS = ['country', 'province'] as const satisfies readonly RegionLevel[];

/** Every published questionnaire version, with its content hash; a version's content never changes. */
export const questionnaireVersions = sqliteTable(
  'questionnaire_versions',
  {
    questionnaireId: text('questionnaire_id').notNull(),
    version: text('version').notNull(),
    contentHash: text('content_hash').notNull(),
    definition: text('definition', { mode: 'json' }).$type<QuestionnaireDefinition>().notNull(),
    status: text('status', { enum: VERSION_STATUSES }).notNull(),
    source: text('source', { enum: VERSION_SOURCES }).notNull(),
    publishedAt: text('published_at').notNull(),
    retiredAt: text('retired_at'),
  },
  (t) => [
    primaryKey({ columns: [t.questionnaireId, t.version] }),
    check('questionnaire_versions_status', sql`${t.status} in ('published', 'retired')`),
    check('questionnaire_versions_source', sql`${t.source} in ('catalog', 'api')`),
  ],
);

const timestamps = {
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
};

export const enterprises = sqliteTable(
  'enterprises',
  {
    id: text('id').primaryKey(),
    creditCode: text('credit_code').notNull(),
    name: text('name').notNull(),
    regionCode: text('region_code').notNull(),
    provinceCode: text('province_code').notNull(),
    cityCode: text('city_code').notNull(),
    industryCode: text('industry_code').notNull(),
    sizeClass: text('size_class', { enum: SIZE_CLASSES }).notNull(),
    employees: integer('employees'),
    revenueMillionYuan: real('revenue_million_yuan'),
    synthetic: integer('synthetic', { mode: 'boolean' }).notNull().default(false),
    version: integer('version').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('enterprises_credit_code').on(t.creditCode),
    index('enterprises_region').on(t.regionCode),
    index('enterprises_industry').on(t.industryCode),
    index('enterprises_created').on(t.createdAt, t.id),
    check('enterprises_size_class', sql`${t.sizeClass} in ('large', 'medium', 'small', 'micro')`),
  ],
);

/** Drafts and submitted revisions; a submitted row is never updated again. */
export const assessments = sqliteTable(
  'assessments',
  {
    id: text('id').primaryKey(),
    enterpriseId: text('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    period: text('period').notNull(),
    revision: integer('revision').notNull(),
    revisionOf: text('revision_of'),
    status: text('status', { enum: ASSESSMENT_STATUSES }).notNull(),
    questionnaireId: text('questionnaire_id').notNull(),
    questionnaireVersion: text('questionnaire_version').notNull(),
    answers: text('answers', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    version: integer('version').notNull(),
    submittedAt: text('submitted_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('assessments_revision').on(t.enterpriseId, t.period, t.revision),
    // At most one open draft per enterprise and period.
    uniqueIndex('assessments_one_draft')
      .on(t.enterpriseId, t.period)
      .where(sql`${t.status} = 'draft'`),
    foreignKey({
      columns: [t.questionnaireId, t.questionnaireVersion],
      foreignColumns: [questionnaireVersions.questionnaireId, questionnaireVersions.version],
    }),
    foreignKey({ columns: [t.revisionOf], foreignColumns: [t.id] }),
    check('assessments_status', sql`${t.status} in ('draft', 'submitted')`),
  ],
);

/**
 * How a submitted assessment was scored: the questionnaire content and the engine version, from which its result
 * is re-derived byte for byte (see assessments/results.ts). `result` holds the bytes only for results stored before
 * re-derivation (and any whose engine version is no longer kept); aggregates never read it. WITHOUT ROWID
 * (migration 0007): the key is the row, not a second copy of it.
 */
export const assessmentResults = sqliteTable('assessment_results', {
  assessmentId: text('assessment_id')
    .primaryKey()
    .references(() => assessments.id),
  contentHash: text('content_hash').notNull(),
  engineVersion: text('engine_version').notNull(),
  result: text('result'),
});

/** One narrow row per submitted assessment: what indices and trends read. */
export const assessmentSummaries = sqliteTable(
  'assessment_summaries',
  {
    assessmentId: text('assessment_id')
      .primaryKey()
      .references(() => assessments.id),
    enterpriseId: text('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    period: text('period').notNull(),
    regionCode: text('region_code').notNull(),
    provinceCode: text('province_code').notNull(),
    cityCode: text('city_code').notNull(),
    industryCode: text('industry_code').notNull(),
    sizeClass: text('size_class', { enum: SIZE_CLASSES }).notNull(),
    total: real('total').notNull(),
    stage: text('stage', { enum: STAGE_CODES }).notNull(),
    stageRank: integer('stage_rank').notNull(),
    readiness: real('readiness'),
    application: real('application'),
    integration: real('integration'),
    collaboration: real('collaboration'),
    performance: real('performance'),
    isLatest: integer('is_latest', { mode: 'boolean' }).notNull(),
    synthetic: integer('synthetic', { mode: 'boolean' }).notNull(),
    submittedAt: text('submitted_at').notNull(),
  },
  (t) => [
    uniqueIndex('summaries_latest')
      .on(t.enterpriseId, t.period)
      .where(sql`${t.isLatest} = 1`),
    index('summaries_period_region').on(t.period, t.regionCode),
    index('summaries_period_industry').on(t.period, t.industryCode),
  ],
);

/** Responses of writes made with an Idempotency-Key, replayed on retry; purged after the retention period. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    body: text('body').notNull(),
    headers: text('headers', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_created').on(t.createdAt)],
);

/**
 * Running sums per region level × period × industry × size ('*' = all), a projection of the change log (see
 * indices/projector.ts); indices read these, never assessments. Scores are rounded to one decimal, so sums are kept in exact
 * integer tenths and a revision can take its predecessor's contribution out without drift. WITHOUT ROWID (migration
 * 0009): the key is the row, kept once and in key order, not a rowid table and an index holding the key again.
 */
export const indexRollups = sqliteTable(
  'index_rollups',
  {
    period: text('period').notNull(),
    level: text('level', { enum: REGION_LEVELS }).notNull(),
    regionCode: text('region_code').notNull(),
    industryCode: text('industry_code').notNull(),
    sizeClass: text('size_class').notNull(),
    n: integer('n').notNull(),
    nSynthetic: integer('n_synthetic').notNull(),
    totalTenths: integer('total_tenths').notNull(),
    readinessTenths: integer('readiness_tenths').notNull(),
    readinessN: integer('readiness_n').notNull(),
    applicationTenths: integer('application_tenths').notNull(),
    applicationN: integer('application_n').notNull(),
    integrationTenths: integer('integration_tenths').notNull(),
    integrationN: integer('integration_n').notNull(),
    collaborationTenths: integer('collaboration_tenths').notNull(),
    collaborationN: integer('collaboration_n').notNull(),
    performanceTenths: integer('performance_tenths').notNull(),
    performanceN: integer('performance_n').notNull(),
    stage1: integer('stage_1').notNull(),
    stage2: integer('stage_2').notNull(),
    stage3: integer('stage_3').notNull(),
    stage4: integer('stage_4').notNull(),
  },
  (t) => [primaryKey({ columns: [t.period, t.level, t.regionCode, t.industryCode, t.sizeClass] })],
);

/** Counts of totals (in tenths) per cohort, for peer percentiles; national and provincial cohorts only. WITHOUT ROWID (0009). */
export const scoreHistograms = sqliteTable(
  'score_histograms',
  {
    period: text('period').notNull(),
    level: text('level', { enum: COHORT_LEVELS }).notNull(),
    regionCode: text('region_code').notNull(),
    industryCode: text('industry_code').notNull(),
    sizeClass: text('size_class').notNull(),
    totalTenths: integer('total_tenths').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.period, t.level, t.regionCode, t.industryCode, t.sizeClass, t.totalTenths] })],
);

/** Frozen, suppression-applied indices of a period: what the public reads. */
export const indexSnapshots = sqliteTable(
  'index_snapshots',
  {
    id: text('id').primaryKey(),
    /**
     * The snapshot's number, 1, 2, … in order of publication (migration 0008 numbered the older ones): what its
     * cells are keyed by, in a byte or two instead of the id's 36. Never the rowid, which VACUUM may renumber.
     */
    number: integer('number').notNull(),
    period: text('period').notNull(),
    methodVersion: text('method_version').notNull(),
    k: integer('k').notNull(),
    publishedAt: text('published_at').notNull(),
    publishedBy: text('published_by').notNull(),
    note: text('note'),
    cellCount: integer('cell_count').notNull(),
    /** The change-log sequence the snapshot froze: every event up to it is in its figures (null: frozen before the log). */
    changeSeq: integer('change_seq'),
  },
  (t) => [uniqueIndex('index_snapshots_number').on(t.number), index('index_snapshots_period').on(t.period, t.publishedAt)],
);

/**
 * A snapshot's cells. WITHOUT ROWID (migration 0008; drizzle-kit cannot say it, so a migration that rebuilds this
 * table must say it again): the primary key is the row, not a second copy of it. Keyed by the snapshot's number,
 * then level and cut before the region, so that a level's regions of one cut (rankings, child regions) are one
 * range of the key.
 */
export const snapshotCells = sqliteTable(
  'snapshot_cells',
  {
    snapshotNumber: integer('snapshot_number')
      .notNull()
      .references(() => indexSnapshots.number),
    level: text('level', { enum: REGION_LEVELS }).notNull(),
    industryCode: text('industry_code').notNull(),
    sizeClass: text('size_class').notNull(),
    regionCode: text('region_code').notNull(),
    /**
     * The published figures (suppression applied): what a reader of this snapshot sees, and nothing more; in the
     * compact encoding of indices/stored-figures.ts (or, as stored before 0008, the object's JSON).
     */
    figures: text('figures').notNull(),
  },
  (t) => [primaryKey({ columns: [t.snapshotNumber, t.level, t.industryCode, t.sizeClass, t.regionCode] })],
);

/** API keys: only a hash of the secret is stored; the key is shown once, at creation. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    secretHash: text('secret_hash').notNull(),
    role: text('role', { enum: API_KEY_ROLES }).notNull(),
    enterpriseId: text('enterprise_id').references(() => enterprises.id),
    regionCode: text('region_code'),
    label: text('label').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    expiresAt: text('expires_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [
    check('api_keys_role', sql`${t.role} in ('admin', 'enterprise', 'authority')`),
    check('api_keys_binding', sql`(${t.role} = 'enterprise') = (${t.enterpriseId} is not null) and (${t.role} = 'authority') = (${t.regionCode} is not null)`),
  ],
);

/** Who wrote what, when, and how it ended; never bodies (answers) or keys. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    keyId: text('key_id'),
    role: text('role').notNull(),
    operation: text('operation').notNull(),
    method: text('method').notNull(),
    resource: text('resource').notNull(),
    status: integer('status').notNull(),
    requestId: text('request_id').notNull(),
  },
  (t) => [index('audit_log_at').on(t.at)],
);

/**
 * The change log: one row per domain event (a submission, an enterprise's move), appended in the transaction of
 * the write it records. Projections (index rollups) and, later, webhooks read it in order of `seq`.
 */
export const changeLog = sqliteTable('change_log', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  at: text('at').notNull(),
  kind: text('kind', { enum: CHANGE_KINDS }).notNull(),
  /** The event's facts as JSON (see src/changes/events.ts). */
  payload: text('payload', { mode: 'json' }).notNull(),
});

/** How far each projection of the change log has applied it, written in the same transaction as what it applied. */
export const projections = sqliteTable('projections', {
  name: text('name').primaryKey(),
  seq: integer('seq').notNull(),
});
