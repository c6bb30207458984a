import type { Awaitified } from '../db/unit-of-work';
import type { Connection } from '../db/connection';
import { rowCodec } from '../db/rows';
import { questionnaireVersions } from '../db/schema';
import { statement } from '../db/statements';
import { CatalogError, type DefinitionFile } from './definition-files';

export type VersionRow = typeof questionnaireVersions.$inferSelect;

const VERSION = rowCodec(questionnaireVersions);

/** The SQL of this repository (read at boot, written by admins: none of it is on a hot path). */
export const SQL = {
  all: `select ${VERSION.select} from questionnaire_versions`,
  contentHash: 'select content_hash from questionnaire_versions where questionnaire_id = ? and version = ?',
  insert: VERSION.insert,
  retire: "update questionnaire_versions set status = 'retired', retired_at = ? where questionnaire_id = ? and version = ?",
} as const;

/** Stored questionnaire versions, behind the in-memory catalog. Synchronous, inside the caller's unit of work. */
export function createQuestionnaireVersionRepository(sqlite: Connection) {
  const run = (sql: string) => statement(sqlite, sql);
  const repository = {
    /** All stored versions, for the in-memory catalog. */
    all(): VersionRow[] {
      return run(SQL.all)
        .all()
        .map((raw) => VERSION.decode(raw));
    },
    insert(row: VersionRow): void {
      run(SQL.insert).run(VERSION.encode(row));
    },
    retire(questionnaireId: string, version: string, at: string): void {
      run(SQL.retire).run(at, questionnaireId, version);
    },
    /**
     * Publishes the catalog's files (call inside one write): a new version is inserted; a known version must carry
     * the very content it was published with, or boot stops — a published version is immutable.
     */
    publishCatalogFiles(files: readonly DefinitionFile[], now: string): void {
      for (const f of files) {
        const { id, version } = f.definition;
        const stored = run(SQL.contentHash).pluck().get(id, version) as string | undefined;
        if (stored === undefined) {
          repository.insert({
            questionnaireId: id,
            version,
            contentHash: f.contentHash,
            definition: f.definition,
            status: 'published',
            source: 'catalog',
            publishedAt: now,
            retiredAt: null,
          });
        } else if (stored !== f.contentHash) {
          throw new CatalogError(
            `${f.source}: /: immutable-version: ${id} ${version} was published as ${stored} and now reads ${f.contentHash}; publish changed content as a new version`,
          );
        }
      }
    },
  };
  return repository;
}

/** What services use, on either backend (see Awaitified). */
export type QuestionnaireVersionRepository = Awaitified<ReturnType<typeof createQuestionnaireVersionRepository>>;
