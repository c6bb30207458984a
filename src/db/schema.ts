import { sql } from 'drizzle-orm';
import { check, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { QuestionnaireDefinition } from '../questionnaires/definition.schema';

/** Every published questionnaire version, with its content hash; a version's content never changes. */
export const questionnaireVersions = sqliteTable(
  'questionnaire_versions',
  {
    questionnaireId: text('questionnaire_id').notNull(),
    version: text('version').notNull(),
    contentHash: text('content_hash').notNull(),
    definition: text('definition', { mode: 'json' }).$type<QuestionnaireDefinition>().notNull(),
    status: text('status', { enum: ['published', 'retired'] }).notNull(),
    source: text('source', { enum: ['catalog', 'api'] }).notNull(),
    publishedAt: text('published_at').notNull(),
    retiredAt: text('retired_at'),
  },
  (t) => [
    primaryKey({ columns: [t.questionnaireId, t.version] }),
    check('questionnaire_versions_status', sql`${t.status} in ('published', 'retired')`),
    check('questionnaire_versions_source', sql`${t.source} in ('catalog', 'api')`),
  ],
);
