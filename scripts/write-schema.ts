// Emits src/questionnaires/questionnaire.schema.json from the zod definition schema (the single source).
import { writeFileSync } from 'node:fs';
import { definitionJsonSchema } from '../src/questionnaires/definition.schema';
import { SCHEMA_FILE } from '../src/questionnaires/paths';

writeFileSync(SCHEMA_FILE, `${JSON.stringify(definitionJsonSchema(), null, 2)}\n`);
console.log(`wrote ${SCHEMA_FILE}`);
