import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QuestionnaireDefinition } from '../../../src/questionnaires/definition.schema';
import { readDefinitionFiles } from '../../../src/questionnaires/definition-files';
import { DEFINITIONS_DIR } from '../../../src/questionnaires/paths';
import { compile } from '../../../src/scoring/compiled';
import { evaluate, evaluateValues, metricsWith } from '../../../src/scoring/evaluate';
import { completeAnswers, validValue } from '../../helpers/answer-arbitraries';
import { loadFixtureDefinition } from '../../helpers/fixtures';

const definitions: QuestionnaireDefinition[] = [loadFixtureDefinition('mini-2026.1.json'), ...readDefinitionFiles(DEFINITIONS_DIR).map((f) => f.definition)];

describe.each(definitions.map((d) => [`${d.id} ${d.version}`, d] as const))('metricsWith: %s', (_name, def) => {
  it('gives the bits a full evaluation of the changed answers gives, for any one answer changed', () => {
    const c = compile(def);
    fc.assert(
      fc.property(
        completeAnswers(def),
        fc.integer({ min: 0, max: def.indicators.length - 1 }).chain((i) => fc.tuple(fc.constant(i), validValue(def.indicators[i]!))),
        (answers, [i, value]) => {
          const base = evaluate(def, answers);
          const values = base.values.slice();
          values[i] = value;
          const full = evaluateValues(c, values, base);
          const quick = metricsWith(base, i, value);
          expect([...quick.dimExact]).toEqual([...full.dimExact]);
          expect(quick.totalExact).toBe(full.totalExact);
        },
      ),
      { numRuns: 200 },
    );
  });
});
