import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellFigures } from '../../src/indices/cube';
import { decodeFigures, encodeFigures, STORED_DIMENSIONS, STORED_STAGES } from '../../src/indices/stored-figures';
import { DIMENSION_CODES } from '../../src/questionnaires/definition.schema';
import { STAGES } from '../../src/scoring/stages';
import { anyFigures, cubeFigures, extremeFigures, legacyFigures, oddFigures } from '../helpers/figure-arbitraries';

/** The same object, down to the order of its keys and the text JSON gives it. */
function expectIdentical(decoded: CellFigures, f: CellFigures) {
  expect(decoded).toStrictEqual(f);
  expect(JSON.stringify(decoded)).toBe(JSON.stringify(f));
}

describe('stored snapshot figures', () => {
  it('are the figures again after encoding, whatever shape a snapshot has held', () => {
    fc.assert(
      fc.property(anyFigures, (f) => expectIdentical(decodeFigures(encodeFigures(f)), f)),
      { numRuns: 3000 },
    );
  });

  it('store the cube’s figures, today’s and those frozen before dimensions had decisions of their own, as arrays', () => {
    fc.assert(
      fc.property(fc.oneof(cubeFigures, legacyFigures, extremeFigures), (f) => {
        const text = encodeFigures(f);
        expect(text.startsWith('[')).toBe(true);
        expect(text.length).toBeLessThan(JSON.stringify(f).length / 2);
      }),
      { numRuns: 1000 },
    );
  });

  it('store a wholly suppressed cell as n, the reason and whether synthetic', () => {
    fc.assert(
      fc.property(cubeFigures, (f) => {
        const text = encodeFigures(f);
        if (f.suppressed !== null) expect(text).toBe(JSON.stringify([f.n, f.suppressed === 'fewer_than_k' ? 1 : 2, f.synthetic ? 1 : 0]));
        else expect(JSON.parse(text)).toHaveLength(6);
      }),
      { numRuns: 500 },
    );
    const hidden: CellFigures = {
      n: 3,
      value: null,
      suppressed: 'fewer_than_k',
      dimensions: DIMENSION_CODES.map((dimension) => ({ dimension, value: null, suppressed: 'fewer_than_k' })),
      stages: STAGES.map((s) => ({ stage: s.code, count: null, sharePercent: null })),
      synthetic: true,
    };
    expect(encodeFigures(hidden)).toBe('[3,1,1]');
    expect(JSON.stringify(hidden)).toHaveLength(697);
  });

  it('store a published cell positionally, dimensions and stages in their order', () => {
    const published: CellFigures = {
      n: 47,
      value: 52.1,
      suppressed: null,
      dimensions: [
        { dimension: 'readiness', value: 50.4, suppressed: null },
        { dimension: 'application', value: 51.9, suppressed: null },
        { dimension: 'integration', value: 53.4, suppressed: null },
        { dimension: 'collaboration', value: 52.9, suppressed: null },
        { dimension: 'performance', value: null, suppressed: 'complementary' },
      ],
      stages: [
        { stage: 'foundation', count: 15, sharePercent: 31.9 },
        { stage: 'single_application', count: 25, sharePercent: 53.2 },
        { stage: 'comprehensive_integration', count: 7, sharePercent: 14.9 },
        { stage: 'collaboration_innovation', count: 0, sharePercent: 0 },
      ],
      synthetic: false,
    };
    expect(encodeFigures(published)).toBe('[47,52.1,0,[[50.4,0],[51.9,0],[53.4,0],[52.9,0],[null,2]],[[15,31.9],[25,53.2],[7,14.9],[0,0]],0]');
    const legacy = { ...published, dimensions: published.dimensions.map(({ dimension, value }) => ({ dimension, value })) };
    expect(encodeFigures(legacy)).toBe('[47,52.1,0,[50.4,51.9,53.4,52.9,null],[[15,31.9],[25,53.2],[7,14.9],[0,0]],0]');
    expectIdentical(decodeFigures(encodeFigures(legacy)), legacy);
  });

  it('keep any other shape as the object it is', () => {
    fc.assert(
      fc.property(oddFigures, (f) => {
        const text = encodeFigures(f);
        if (text.startsWith('{')) expect(text).toBe(JSON.stringify(f));
        expectIdentical(decodeFigures(text), f);
      }),
      { numRuns: 1000 },
    );
  });

  it('read cells stored as objects, as every cell was before migration 0008', () => {
    fc.assert(
      fc.property(anyFigures, (f) => expectIdentical(decodeFigures(JSON.stringify(f)), f)),
      { numRuns: 500 },
    );
  });

  it('fix their own order of dimensions and stages, which is the application’s today', () => {
    // Should either list change, the cube's cells would be stored as objects (exact, but not compact): this says so.
    expect(STORED_DIMENSIONS).toEqual(DIMENSION_CODES);
    expect(STORED_STAGES).toEqual(STAGES.map((s) => s.code));
  });

  it('refuse text of no known form rather than misread it', () => {
    for (const text of ['[1,0,1]', '[1,3,1]', '[1,1,2]', '[1,null,0,[],[],0]', '[1,2]', '[1,null,0,[1,2,3,4,5],[[1,1],[1,1],[1,1],[1,1]],true]']) {
      expect(() => decodeFigures(text), text).toThrow(/no known form/);
    }
  });
});
