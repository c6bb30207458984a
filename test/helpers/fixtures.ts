import { readFileSync } from 'node:fs';
import type { QuestionnaireDefinition } from '../../src/questionnaires/definition.schema';
import { validateDefinition } from '../../src/questionnaires/validate-definition';

/** Loads a fixture definition through the same validation as the catalog; a broken fixture fails loudly. */
export function loadFixtureDefinition(name: string): QuestionnaireDefinition {
  const raw: unknown = JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
  const check = validateDefinition(raw);
  if (!check.ok) throw new Error(`fixture ${name} is invalid: ${JSON.stringify(check.problems)}`);
  return check.definition;
}
