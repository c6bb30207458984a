import type { PgSql } from '../db/postgres';
import { pgRowCodec } from '../db/rows.pg';
import { questionnaireVersions } from '../db/schema.pg';
import { CatalogError } from './definition-files';
import type { QuestionnaireVersionRepository, VersionRow } from './repository';

const VERSION = pgRowCodec(questionnaireVersions);

export const SQL = {
  all: `select ${VERSION.select} from questionnaire_versions`,
  contentHash: 'select content_hash from questionnaire_versions where questionnaire_id = $1 and version = $2',
  retire: "update questionnaire_versions set status = 'retired', retired_at = $1 where questionnaire_id = $2 and version = $3",
};

/** Stored questionnaire versions on PostgreSQL (see repository.ts). */
export function createPgQuestionnaireVersionRepository(sql: PgSql): QuestionnaireVersionRepository {
  const insert = async (row: VersionRow) => void (await sql.run(VERSION.insert, VERSION.values(row)));
  return {
    all: () => sql.rows<VersionRow>(SQL.all),
    insert,
    retire: async (questionnaireId, version, at) => void (await sql.run(SQL.retire, [at, questionnaireId, version])),
    async publishCatalogFiles(files, now) {
      for (const f of files) {
        const { id, version } = f.definition;
        const stored = (await sql.rows<{ content_hash: string }>(SQL.contentHash, [id, version]))[0]?.content_hash;
        if (stored === undefined) {
          await insert({
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
}
