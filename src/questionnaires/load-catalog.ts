import type { Db } from '../db/connection';
import { Catalog } from './catalog';
import { lockProblems, readLock } from './catalog-lock';
import { CatalogError, readDefinitionFiles } from './definition-files';
import { allVersions, publishCatalogFiles } from './repository';

/** At boot: validate the definition files, hold them to the lock, publish new versions, read the catalog back. */
export async function loadCatalog(db: Db, options: { definitionsDir: string; lockFile: string; now: string }): Promise<Catalog> {
  const files = readDefinitionFiles(options.definitionsDir);
  const problems = lockProblems(files, readLock(options.lockFile));
  if (problems.length) throw new CatalogError(`Invalid questionnaire catalog:\n${problems.join('\n')}`);
  await publishCatalogFiles(db, files, options.now);
  return new Catalog(await allVersions(db));
}
