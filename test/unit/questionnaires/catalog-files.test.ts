import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lockProblems, readLock, extendLock } from '../../../src/questionnaires/catalog-lock';
import { definitionJsonSchema } from '../../../src/questionnaires/definition.schema';
import { readDefinitionFiles } from '../../../src/questionnaires/definition-files';
import { MANUFACTURING_DIVISIONS } from '../../../src/questionnaires/industries';
import { DEFINITIONS_DIR, LOCK_FILE, SCHEMA_FILE } from '../../../src/questionnaires/paths';
import { validateDefinition } from '../../../src/questionnaires/validate-definition';

const files = readDefinitionFiles(DEFINITIONS_DIR);
const definitions = files.map((f) => f.definition);
const ANSWER_TYPES = ['single_choice', 'multiple_choice', 'percentage', 'number', 'yes_no'];

describe('the committed questionnaire catalog', () => {
  it('has a general questionnaire and at least six industry ones', () => {
    expect(definitions.filter((d) => d.scope === 'general')).toHaveLength(1);
    expect(new Set(definitions.filter((d) => d.scope === 'industry').map((d) => d.id)).size).toBeGreaterThanOrEqual(6);
  });

  it.each(definitions.map((d) => [d.id, d] as const))('%s: ≥ 30 indicators over all five dimensions, every answer type', (_id, def) => {
    expect(def.indicators.length).toBeGreaterThanOrEqual(30);
    expect(new Set(def.indicators.map((i) => i.dimension))).toEqual(new Set(['readiness', 'application', 'integration', 'collaboration', 'performance']));
    expect(new Set(def.indicators.map((i) => i.answer.type))).toEqual(new Set(ANSWER_TYPES));
    expect(def.indicators.some((i) => i.enableWhen)).toBe(true);
    expect(def.indicators.some((i) => i.allowNotApplicable)).toBe(true);
    expect(def.provenance).toMatchObject({ kind: 'ronghe-model', alignedWith: 'GB/T 23020-2013', official: false });
    expect(def.provenance.notice.en).toMatch(/not the official MIIT questionnaire/);
  });

  it('maps every GB/T 4754 manufacturing division to exactly one questionnaire', () => {
    const claimed = definitions.flatMap((d) => d.industryCodes);
    expect(new Set(claimed).size).toBe(claimed.length);
    const known = new Set(MANUFACTURING_DIVISIONS.map((d) => d.code));
    for (const code of claimed) expect(known.has(code)).toBe(true);
  });

  it('matches the committed JSON Schema generated from the zod source (run npm run schema after changing it)', () => {
    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(definitionJsonSchema());
  });

  it('matches catalog.lock.json: published versions are immutable', () => {
    expect(lockProblems(files, readLock(LOCK_FILE))).toEqual([]);
  });
});

describe('definition validation names the JSON path and the rule', () => {
  const base = () => structuredClone(definitions[0]!) as unknown as Record<string, any>;

  it('reports shape errors from ajv', () => {
    const def = base();
    def.indicators[0].weight = 'heavy';
    def.indicators[1].answer.extra = true;
    delete def.title.en;
    const check = validateDefinition(def);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems).toEqual(
      expect.arrayContaining([
        { path: '/title', rule: 'required', message: "must have required property 'en'" },
        { path: '/indicators/0/weight', rule: 'type', message: 'must be number' },
        { path: '/indicators/1/answer', rule: 'additionalProperties', message: 'unknown property "extra"' },
      ]),
    );
  });

  it('reports only the errors of the answer type named by `type`', () => {
    const def = base();
    def.indicators[0].answer = { type: 'percentage', curve: [{ at: 0 }] };
    const check = validateDefinition(def);
    expect(check.ok ? [] : check.problems).toEqual([
      { path: '/indicators/0/answer/curve', rule: 'minItems', message: 'must NOT have fewer than 2 items' },
      { path: '/indicators/0/answer/curve/0', rule: 'required', message: "must have required property 'score'" },
    ]);
  });

  it('reports the rules a schema cannot express', () => {
    const def = base();
    def.dimensions[0].weight += 0.05;
    def.indicators[1].code = def.indicators[0].code;
    def.indicators[2].answer = {
      type: 'percentage',
      curve: [
        { at: 0, score: 0.5 },
        { at: 60, score: 0.4 },
        { at: 100, score: 0.9 },
      ],
    };
    def.indicators[3].enableWhen = { behavior: 'all', conditions: [{ indicator: def.indicators[10].code, operator: 'exists' }] };
    def.stages.reverse();
    const check = validateDefinition(def);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    const rules = check.problems.map((p) => `${p.path} ${p.rule}`);
    expect(rules).toEqual(
      expect.arrayContaining([
        '/dimensions dimension-weights-sum',
        '/indicators/1/code indicator-code-unique',
        '/indicators/2/answer/curve/1/score monotone-scores',
        '/indicators/2/answer/curve indicator-reaches-one',
        '/indicators/3/enableWhen/conditions/0/indicator enable-when-earlier',
        '/stages/0/stage stages-ordered',
      ]),
    );
  });

  it('refuses to overwrite a locked version when extending the lock', () => {
    const [first] = files;
    const { refused } = extendLock([first!], { [`${first!.definition.id}@${first!.definition.version}`]: 'sha256:0' });
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/immutable-version/);
  });
});
