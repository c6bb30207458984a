import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import jsonSchema from './questionnaire.schema.json' with { type: 'json' };
import type { QuestionnaireDefinition } from './definition.schema';
import { checkDefinitionRules, type DefinitionProblem } from './rules';

const ajv = new Ajv2020({ allErrors: true, discriminator: true, strict: true, allowUnionTypes: true });
const validateShape = ajv.compile(jsonSchema);

export type DefinitionCheck = { ok: true; definition: QuestionnaireDefinition } | { ok: false; problems: DefinitionProblem[] };

/** Shape first (ajv against the committed JSON Schema), then the rules a schema cannot express. */
export function validateDefinition(candidate: unknown): DefinitionCheck {
  if (!validateShape(candidate)) {
    return { ok: false, problems: (validateShape.errors ?? []).map(fromAjv) };
  }
  const definition = candidate as QuestionnaireDefinition;
  const problems = checkDefinitionRules(definition);
  return problems.length ? { ok: false, problems } : { ok: true, definition };
}

function fromAjv(e: ErrorObject): DefinitionProblem {
  const detail =
    e.keyword === 'additionalProperties'
      ? `unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`
      : e.keyword === 'enum'
        ? `${e.message ?? 'invalid'}: ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`
        : (e.message ?? 'invalid');
  return { path: e.instancePath || '/', rule: e.keyword, message: detail };
}

export function formatProblems(source: string, problems: DefinitionProblem[]): string {
  return problems.map((p) => `${source}: ${p.path}: ${p.rule}: ${p.message}`).join('\n');
}
