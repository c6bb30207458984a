import fc from 'fast-check';
import { figuresOf, type CellFigures, type RollupRow } from '../../src/indices/cube';
import type { Suppression } from '../../src/indices/suppression';
import { DIMENSION_CODES, type DimensionCode } from '../../src/questionnaires/definition.schema';
import { roundScore } from '../../src/scoring/rounding';

/**
 * Cell figures of every shape snapshots have held: what the cube makes today (figuresOf on a rollup row, with
 * decisions as suppression makes them), what it made before dimensions were suppressed on their own counts (no
 * per-dimension `suppressed`), and shapes it never made (for the encoding's fallback to the object).
 */

const row = fc
  .record({
    stages: fc.tuple(fc.nat(40), fc.nat(40), fc.nat(40), fc.nat(40)).filter((s) => s.some((c) => c > 0)),
    synthetic: fc.double({ min: 0, max: 1, noNaN: true }),
    mean: fc.integer({ min: 0, max: 1000 }),
    answered: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: DIMENSION_CODES.length, maxLength: DIMENSION_CODES.length }),
    means: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: DIMENSION_CODES.length, maxLength: DIMENSION_CODES.length }),
  })
  .map(({ stages, synthetic, mean, answered, means }): RollupRow => {
    const n = stages.reduce((a, b) => a + b, 0);
    const dimensions = Object.fromEntries(
      DIMENSION_CODES.map((d, i) => {
        // Every enterprise answered the dimension, most of the time; otherwise some, or none.
        const dn = answered[i]! < 0.6 ? n : Math.floor(answered[i]! * n);
        return [d, { n: dn, tenths: dn * means[i]! }];
      }),
    ) as Record<DimensionCode, { tenths: number; n: number }>;
    return {
      level: 'city',
      regionCode: '310100',
      industryCode: '*',
      sizeClass: '*',
      n,
      nSynthetic: Math.floor(synthetic * (n + 1)),
      totalTenths: n * mean,
      dimensions,
      stages: stages as [number, number, number, number],
    };
  });

/** A decision as suppression makes it: fewer than k is primary; a cell of k or more may be withheld as a complement. */
const decision = (n: number, k: number, complementary: boolean): Suppression => (n < k ? 'fewer_than_k' : complementary ? 'complementary' : null);

/** Figures as the cube makes them. */
export const cubeFigures: fc.Arbitrary<CellFigures> = fc
  .record({ row, k: fc.integer({ min: 1, max: 10 }), complementary: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }) })
  .map(({ row, k, complementary }) =>
    figuresOf(
      row,
      decision(row.n, k, complementary[0]!),
      DIMENSION_CODES.map((d, i) => decision(row.dimensions[d].n, k, complementary[i + 1]!)),
    ),
  );

/** Figures as the cube made them before dimensions were suppressed on their own counts. */
export const legacyFigures: fc.Arbitrary<CellFigures> = fc
  .record({ row, k: fc.integer({ min: 1, max: 10 }), complementary: fc.boolean() })
  .map(({ row: r, k, complementary }) => {
    const suppressed = decision(r.n, k, complementary);
    const hidden = suppressed !== null;
    const f = figuresOf(
      r,
      suppressed,
      DIMENSION_CODES.map(() => suppressed),
    );
    return {
      ...f,
      dimensions: DIMENSION_CODES.map((d) => ({
        dimension: d,
        value: hidden || r.dimensions[d].n === 0 ? null : roundScore(r.dimensions[d].tenths / r.dimensions[d].n / 10),
      })),
    };
  });

/** Any JSON number but -0 (which JSON writes as 0): the stored forms keep numbers as JSON writes them. */
const anyNumber = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
  fc.integer(),
  fc.constantFrom(0, 1e-7, 1e21, 123456.789, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE),
);
const anyInteger = fc.oneof(fc.integer(), fc.constantFrom(0, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER));

/** Figures of the cube's shapes whose numbers are any JSON numbers (exactness, not plausibility). */
export const extremeFigures: fc.Arbitrary<CellFigures> = fc
  .record({
    f: fc.oneof(cubeFigures, legacyFigures),
    n: anyInteger,
    values: fc.array(fc.option(anyNumber), { minLength: 15, maxLength: 15 }),
    counts: fc.array(fc.option(anyInteger), { minLength: 4, maxLength: 4 }),
  })
  .map(({ f, n, values, counts }) => ({
    ...f,
    n,
    value: f.value === null ? null : (values[0] ?? null),
    dimensions: f.dimensions.map((d, i) => ({ ...d, value: values[1 + i] ?? null })),
    stages: f.stages.map((s, i) => ({ ...s, count: counts[i] ?? null, sharePercent: values[6 + i] ?? null })),
  }));

/** Shapes the cube never made: each must be kept as it is. */
export const oddFigures: fc.Arbitrary<CellFigures> = fc
  .record({ f: fc.oneof(cubeFigures, legacyFigures), change: fc.nat(9), at: fc.nat(4), text: fc.string({ maxLength: 12 }) })
  .map(({ f, change, at, text }) => {
    const o = structuredClone(f) as unknown as Record<string, any>;
    switch (change) {
      case 0: // keys in another order
        return { synthetic: o.synthetic, ...o } as unknown as CellFigures;
      case 1: // a key more
        return { ...o, [text || 'extra']: 1 } as unknown as CellFigures;
      case 2: // a dimension less
        o.dimensions.splice(at, 1);
        break;
      case 3: // another dimension
        o.dimensions[at].dimension = text;
        break;
      case 4: // a reason the encoding does not know
        o.suppressed = text;
        break;
      case 5: // one dimension with a decision of its own, the others without, or the reverse
        if ('suppressed' in o.dimensions[at]) delete o.dimensions[at].suppressed;
        else o.dimensions[at].suppressed = null;
        break;
      case 6: // a count that is no integer
        o.stages[at % 4].count = 2.5;
        break;
      case 7: // synthetic as a number
        o.synthetic = o.synthetic ? 1 : 0;
        break;
      case 8: // stages in another order
        o.stages.reverse();
        break;
      default: // a dimension's keys in another order
        o.dimensions[at] = { value: o.dimensions[at].value, ...o.dimensions[at] };
    }
    return o as unknown as CellFigures;
  });

export const anyFigures = fc.oneof(cubeFigures, legacyFigures, extremeFigures, oddFigures);
