import { existsSync, readFileSync } from 'node:fs';
import type { DefinitionFile } from './definition-files';

/**
 * catalog.lock.json records the content hash of every version ever committed, so a changed published file fails
 * in the repository (tests, boot) and not only against a database that already holds it.
 */
export type CatalogLock = Record<string, string>;

const key = (f: DefinitionFile) => `${f.definition.id}@${f.definition.version}`;

export function readLock(path: string): CatalogLock {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as CatalogLock) : {};
}

/** Problems, one line each: a file whose hash differs from the lock, or a file the lock does not know. */
export function lockProblems(files: readonly DefinitionFile[], lock: CatalogLock): string[] {
  const problems: string[] = [];
  for (const f of files) {
    const locked = lock[key(f)];
    if (locked === undefined) problems.push(`${f.source}: /: catalog-lock: ${key(f)} is not in catalog.lock.json; run npm run catalog:lock`);
    else if (locked !== f.contentHash) {
      problems.push(
        `${f.source}: /: immutable-version: ${key(f)} was locked as ${locked} and now reads ${f.contentHash}; publish changed content as a new version`,
      );
    }
  }
  return problems;
}

/** The lock with new versions added; a changed locked version is refused, never overwritten. */
export function extendLock(files: readonly DefinitionFile[], lock: CatalogLock): { lock: CatalogLock; refused: string[] } {
  const refused = lockProblems(files, lock).filter((p) => p.includes('immutable-version'));
  const next = { ...lock };
  for (const f of files) next[key(f)] ??= f.contentHash;
  return { lock: Object.fromEntries(Object.entries(next).sort(([a], [b]) => a.localeCompare(b))), refused };
}
