import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentHash } from '../../src/questionnaires/content-hash';

/** A catalog directory under `root` holding the given definitions, with a matching lock unless `lock` overrides it. */
export function writeCatalog(root: string, definitions: { id: string; version: string }[], lock?: Record<string, string>) {
  const definitionsDir = join(root, 'definitions');
  for (const def of definitions) {
    mkdirSync(join(definitionsDir, def.id), { recursive: true });
    writeFileSync(join(definitionsDir, def.id, `${def.version}.json`), JSON.stringify(def, null, 2));
  }
  mkdirSync(definitionsDir, { recursive: true });
  const lockFile = join(root, 'catalog.lock.json');
  writeFileSync(lockFile, JSON.stringify(lock ?? Object.fromEntries(definitions.map((d) => [`${d.id}@${d.version}`, contentHash(d)]))));
  return { definitionsDir, lockFile };
}
