import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { QuestionnaireDefinition } from './definition.schema';
import { contentHash } from './content-hash';
import { formatProblems, validateDefinition } from './validate-definition';

export interface DefinitionFile {
  source: string;
  definition: QuestionnaireDefinition;
  contentHash: string;
}

/** Raised when a definition file is broken; the message names each file, JSON path and rule, one per line. */
export class CatalogError extends Error {
  override name = 'CatalogError';
}

/**
 * Reads every `<id>/<version>.json` under `dir`. All problems of all files are collected before failing, so one
 * boot attempt shows everything that needs fixing.
 */
export function readDefinitionFiles(dir: string): DefinitionFile[] {
  const files: DefinitionFile[] = [];
  const failures: string[] = [];
  const display = (path: string) => relative(process.cwd(), path) || path;

  for (const id of readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()) {
    for (const name of readdirSync(join(dir, id))
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      const path = join(dir, id, name);
      const source = display(path);
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(path, 'utf8'));
      } catch (err) {
        failures.push(`${source}: /: json: ${(err as Error).message}`);
        continue;
      }
      const check = validateDefinition(parsed);
      if (!check.ok) {
        failures.push(formatProblems(source, check.problems));
        continue;
      }
      const { definition } = check;
      const expectedName = `${definition.version}.json`;
      if (definition.id !== id || name !== expectedName) {
        failures.push(`${source}: /id: file-location: a definition of ${definition.id} ${definition.version} belongs in ${definition.id}/${expectedName}`);
        continue;
      }
      files.push({ source, definition, contentHash: contentHash(definition) });
    }
  }
  failures.push(...checkCoverage(files));
  if (failures.length) throw new CatalogError(`Invalid questionnaire catalog:\n${failures.join('\n')}`);
  return files;
}

/** Every GB/T 4754 division maps to exactly one questionnaire: no two ids claim it, and one general id exists. */
export function checkCoverage(files: { source: string; definition: QuestionnaireDefinition }[]): string[] {
  const failures: string[] = [];
  const owner = new Map<string, string>();
  const generalIds = new Set<string>();
  for (const { source, definition } of files) {
    if (definition.scope === 'general') generalIds.add(definition.id);
    for (const code of definition.industryCodes) {
      const existing = owner.get(code);
      if (existing && existing !== definition.id) {
        failures.push(`${source}: /industryCodes: industry-covered-once: division ${code} is already covered by ${existing}`);
      }
      owner.set(code, definition.id);
    }
  }
  if (generalIds.size !== 1) {
    failures.push(`catalog: /: general-questionnaire: exactly one general questionnaire is needed, found ${generalIds.size}`);
  }
  return failures;
}
