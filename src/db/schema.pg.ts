import { sql } from 'drizzle-orm';
import { boolean, check, customType, doublePrecision, foreignKey, index, integer, json, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { SIZE_CLASSES } from '../enterprises/size-class';
import type { QuestionnaireDefinition } from '../questionnaires/definition.schema';
import { REGION_LEVELS } from '../regions/codes';
import { STAGE_CODES } from '../scoring/stages';
import { API_KEY_ROLES, ASSESSMENT_STATUSES, CHANGE_KINDS, COHORT_LEVELS, VERSION_SOURCES, VERSION_STATUSES } from './schema';

/**
 * The PostgreSQL schema: the same tables, columns, keys and checks as schema.ts (SQLite), in drizzle's pg-core,
 * which cannot share table definitions with sqlite-core; the enumerations are the same constants, and
 * test/unit/schemas.test.ts holds the two to the same tables, columns, nullability, keys and indexes. Types map
 * one to one: text → text, integer → integer, real → double precision, SQLite's 0/1 booleans → boolean, JSON text →
 * json (kept as the very text written, as SQLite keeps it; jsonb would reorder keys). `npm run db:generate`
 * writes migrations/postgres from this file (drizzle.postgres.config.ts).
 *
 * One column exists only here: change_log.xid, the transaction that appended the event. PostgreSQL hands out
 * `seq` when an event is appended but makes it visible at COMMIT, so events become visible out of `seq` order;
 * the projector reads them in (xid, seq) order, up to the oldest transaction still running (see
 * changes/repository.pg.ts).
 */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

export const questionnaireVersions = pgTable(
  'questionnaire_versions',
  {
    questionnaireId: text('questionnaire_id').notNull(),
    version: text('version').notNull(),
    contentHash: text('content_hash').notNull(),
    definition: json('definition').$type<QuestionnaireDefinition>().notNull(),
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

export const enterprises = pgTable(
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
    revenueMillionYuan: doublePrecision('revenue_million_yuan'),
    synthetic: boolean('synthetic').notNull().default(false),
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

export const assessments = pgTable(
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
    answers: json('answers').$type<Record<string, unknown>>().notNull(),
    version: integer('version').notNull(),
    submittedAt: text('submitted_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('assessments_revision').on(t.enterpriseId, t.period, t.revision),
    uniqueIndex('assessments_one_draft')
      .on(t.enterpriseId, t.period)
      .where(sql`${t.status} = 'draft'`),
    foreignKey({
      name: 'assessments_questionnaire_version_fk',
      columns: [t.questionnaireId, t.questionnaireVersion],
      foreignColumns: [questionnaireVersions.questionnaireId, questionnaireVersions.version],
    }),
    foreignKey({ columns: [t.revisionOf], foreignColumns: [t.id] }),
    check('assessments_status', sql`${t.status} in ('draft', 'submitted')`),
  ],
);

export const assessmentResults = pgTable('assessment_results', {
  assessmentId: text('assessment_id')
    .primaryKey()
    .references(() => assessments.id),
  contentHash: text('content_hash').notNull(),
  engineVersion: text('engine_version').notNull(),
  result: text('result'),
});

export const assessmentSummaries = pgTable(
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
    total: doublePrecision('total').notNull(),
    stage: text('stage', { enum: STAGE_CODES }).notNull(),
    stageRank: integer('stage_rank').notNull(),
    readiness: doublePrecision('readiness'),
    application: doublePrecision('application'),
    integration: doublePrecision('integration'),
    collaboration: doublePrecision('collaboration'),
    performance: doublePrecision('performance'),
    isLatest: boolean('is_latest').notNull(),
    synthetic: boolean('synthetic').notNull(),
    submittedAt: text('submitted_at').notNull(),
  },
  (t) => [
    uniqueIndex('summaries_latest')
      .on(t.enterpriseId, t.period)
      .where(sql`${t.isLatest}`),
    index('summaries_period_region').on(t.period, t.regionCode),
    index('summaries_period_industry').on(t.period, t.industryCode),
  ],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    body: text('body').notNull(),
    headers: json('headers').$type<Record<string, string>>().notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_created').on(t.createdAt)],
);

export const indexRollups = pgTable(
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
  (t) => [primaryKey({ name: 'index_rollups_pk', columns: [t.period, t.level, t.regionCode, t.industryCode, t.sizeClass] })],
);

export const scoreHistograms = pgTable(
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
  (t) => [primaryKey({ name: 'score_histograms_pk', columns: [t.period, t.level, t.regionCode, t.industryCode, t.sizeClass, t.totalTenths] })],
);

export const indexSnapshots = pgTable(
  'index_snapshots',
  {
    id: text('id').primaryKey(),
    // A unique constraint, not an index: snapshot_cells' foreign key needs it in place when it is created.
    number: integer('number').notNull().unique('index_snapshots_number'),
    period: text('period').notNull(),
    methodVersion: text('method_version').notNull(),
    k: integer('k').notNull(),
    publishedAt: text('published_at').notNull(),
    publishedBy: text('published_by').notNull(),
    note: text('note'),
    cellCount: integer('cell_count').notNull(),
    changeSeq: integer('change_seq'),
  },
  (t) => [index('index_snapshots_period').on(t.period, t.publishedAt)],
);

export const snapshotCells = pgTable(
  'snapshot_cells',
  {
    snapshotNumber: integer('snapshot_number')
      .notNull()
      .references(() => indexSnapshots.number),
    level: text('level', { enum: REGION_LEVELS }).notNull(),
    industryCode: text('industry_code').notNull(),
    sizeClass: text('size_class').notNull(),
    regionCode: text('region_code').notNull(),
    figures: text('figures').notNull(),
  },
  (t) => [primaryKey({ name: 'snapshot_cells_pk', columns: [t.snapshotNumber, t.level, t.industryCode, t.sizeClass, t.regionCode] })],
);

export const apiKeys = pgTable(
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

export const auditLog = pgTable(
  'audit_log',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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

export const changeLog = pgTable(
  'change_log',
  {
    seq: integer('seq').primaryKey().generatedByDefaultAsIdentity(),
    at: text('at').notNull(),
    kind: text('kind', { enum: CHANGE_KINDS }).notNull(),
    payload: json('payload').notNull(),
    xid: xid8('xid')
      .notNull()
      .default(sql`pg_current_xact_id()`),
  },
  (t) => [index('change_log_xid').on(t.xid, t.seq)],
);

export const projections = pgTable('projections', {
  name: text('name').primaryKey(),
  seq: integer('seq').notNull(),
});
