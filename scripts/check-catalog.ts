// Validates every questionnaire definition file (ajv + rules + coverage) and prints a summary per file.
import { readDefinitionFiles, CatalogError } from '../src/questionnaires/definition-files';
import { DEFINITIONS_DIR } from '../src/questionnaires/paths';

try {
  for (const f of readDefinitionFiles(DEFINITIONS_DIR)) {
    const d = f.definition;
    const byType = new Map<string, number>();
    for (const i of d.indicators) byType.set(i.answer.type, (byType.get(i.answer.type) ?? 0) + 1);
    console.log(
      `${f.source}: ${d.indicators.length} indicators [${[...byType].map(([t, n]) => `${t} ${n}`).join(', ')}], divisions ${d.industryCodes.join(',') || '(general)'}, ${f.contentHash.slice(0, 19)}…`,
    );
  }
} catch (err) {
  if (err instanceof CatalogError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
