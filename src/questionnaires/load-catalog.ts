import type { UnitOfWork } from '../db/unit-of-work';
import { Catalog } from './catalog';
import { lockProblems, readLock } from './catalog-lock';
import { CatalogError, readDefinitionFiles } from './definition-files';
import type { QuestionnaireVersionRepository } from './repository';

/** At boot: validate the definition files, hold them to the lock, publish new versions, read the catalog back. */
export async function loadCatalog(
  deps: { uow: UnitOfWork; versions: Pick<QuestionnaireVersionRepository, 'all' | 'publishCatalogFiles'> },
  options: { definitionsDir: string; lockFile: string; now: string },
): Promise<Catalog> {
  const files = readDefinitionFiles(options.definitionsDir);
  const problems = lockProblems(files, readLock(options.lockFile));
  if (problems.length) throw new CatalogError(`Invalid questionnaire catalog:\n${problems.join('\n')}`);
  await deps.uow.write(() => deps.versions.publishCatalogFiles(files, options.now));
  return new Catalog(await deps.uow.read(() => deps.versions.all()));
}
