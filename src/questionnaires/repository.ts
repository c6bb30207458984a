import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { questionnaireVersions } from '../db/schema';
import type { VersionRecord } from './catalog';
import { CatalogError, type DefinitionFile } from './definition-files';

/** All stored versions, for the in-memory catalog. */
export async function allVersions(db: Db): Promise<VersionRecord[]> {
  return db.select().from(questionnaireVersions).all();
}

/**
 * Publishes the catalog's files in one transaction: a new version is inserted; a known version must carry the very
 * content it was published with, or boot stops — a published version is immutable.
 */
export async function publishCatalogFiles(db: Db, files: readonly DefinitionFile[], now: string): Promise<void> {
  db.transaction((tx) => {
    for (const f of files) {
      const { id, version } = f.definition;
      const stored = tx
        .select({ contentHash: questionnaireVersions.contentHash })
        .from(questionnaireVersions)
        .where(and(eq(questionnaireVersions.questionnaireId, id), eq(questionnaireVersions.version, version)))
        .get();
      if (!stored) {
        tx.insert(questionnaireVersions)
          .values({
            questionnaireId: id,
            version,
            contentHash: f.contentHash,
            definition: f.definition,
            status: 'published',
            source: 'catalog',
            publishedAt: now,
          })
          .run();
      } else if (stored.contentHash !== f.contentHash) {
        throw new CatalogError(
          `${f.source}: /: immutable-version: ${id} ${version} was published as ${stored.contentHash} and now reads ${f.contentHash}; publish changed content as a new version`,
        );
      }
    }
  });
}

export function insertVersion(db: Db, record: VersionRecord): void {
  db.insert(questionnaireVersions).values(record).run();
}

export function retireVersion(db: Db, id: string, version: string, at: string): void {
  db.update(questionnaireVersions)
    .set({ status: 'retired', retiredAt: at })
    .where(and(eq(questionnaireVersions.questionnaireId, id), eq(questionnaireVersions.version, version)))
    .run();
}
