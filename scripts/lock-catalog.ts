// Adds new questionnaire versions to catalog.lock.json; refuses (exit 1) when a locked version's content changed.
import { writeFileSync } from 'node:fs';
import { extendLock, readLock } from '../src/questionnaires/catalog-lock';
import { readDefinitionFiles } from '../src/questionnaires/definition-files';
import { DEFINITIONS_DIR, LOCK_FILE } from '../src/questionnaires/paths';

const { lock, refused } = extendLock(readDefinitionFiles(DEFINITIONS_DIR), readLock(LOCK_FILE));
if (refused.length) {
  console.error(refused.join('\n'));
  process.exit(1);
}
writeFileSync(LOCK_FILE, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`catalog.lock.json: ${Object.keys(lock).length} versions`);
