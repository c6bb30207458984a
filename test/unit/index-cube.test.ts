import { describe, expect, it } from 'vitest';
import { Cube, type RollupRow } from '../../src/indices/cube';
import type { RegionLevel } from '../../src/regions/codes';
import { DIMENSION_CODES, type DimensionCode } from '../../src/questionnaires/definition.schema';

/** A rollup row where every dimension was answered by `n` enterprises scoring `mean`, but for the overrides. */
function row(
  level: RegionLevel,
  regionCode: string,
  n: number,
  mean: number,
  overrides: Partial<Record<DimensionCode, { n: number; mean: number }>> = {},
): RollupRow {
  const dims = Object.fromEntries(
    DIMENSION_CODES.map((d) => {
      const o = overrides[d] ?? { n, mean };
      return [d, { n: o.n, tenths: o.n * o.mean * 10 }];
    }),
  ) as RollupRow['dimensions'];
  return { level, regionCode, industryCode: '*', sizeClass: '*', n, nSynthetic: 0, totalTenths: n * mean * 10, dimensions: dims, stages: [0, n, 0, 0] };
}

const dimension = (cube: Cube, level: RegionLevel, regionCode: string, d: DimensionCode) =>
  cube.cell({ level, regionCode, industryCode: '*', sizeClass: '*' })!.dimensions.find((x) => x.dimension === d)!;

describe('index cube: dimension means', () => {
  it('withholds a dimension mean that fewer than k enterprises answered, in a cell that is itself published', () => {
    // Five enterprises in Pudong; only one of them answered 性能 (its questionnaire has no such dimension for the
    // other four). Its mean would be that one enterprise's score.
    const rows = (['country', 'province', 'city', 'county'] as const).map((level, i) =>
      row(level, ['000000', '310000', '310100', '310115'][i]!, 5, 60, { performance: { n: 1, mean: 100 } }),
    );
    const cube = new Cube('2024', rows, 5, '2024-12-31T00:00:00.000Z');
    expect(cube.cell({ level: 'county', regionCode: '310115', industryCode: '*', sizeClass: '*' })!.value).toBe(60);
    expect(dimension(cube, 'county', '310115', 'performance')).toEqual({ dimension: 'performance', value: null, suppressed: 'fewer_than_k' });
    expect(dimension(cube, 'county', '310115', 'readiness')).toEqual({ dimension: 'readiness', value: 60, suppressed: null });
  });

  it('suppresses dimension means complementarily, so a city minus one district does not give the other', () => {
    // Pudong 10 (all answered 性能, mean 50), Xuhui 10 (2 answered 性能, mean 90): Shanghai's 性能 over 12 minus
    // Pudong's over 10 would give those two enterprises' sum.
    const rows = [
      row('country', '000000', 20, 60, { performance: { n: 12, mean: (10 * 50 + 2 * 90) / 12 } }),
      row('province', '310000', 20, 60, { performance: { n: 12, mean: (10 * 50 + 2 * 90) / 12 } }),
      row('city', '310100', 20, 60, { performance: { n: 12, mean: (10 * 50 + 2 * 90) / 12 } }),
      row('county', '310115', 10, 60, { performance: { n: 10, mean: 50 } }),
      row('county', '310104', 10, 60, { performance: { n: 2, mean: 90 } }),
    ];
    const cube = new Cube('2024', rows, 5, '2024-12-31T00:00:00.000Z');
    expect(dimension(cube, 'county', '310104', 'performance').suppressed).toBe('fewer_than_k');
    const city = dimension(cube, 'city', '310100', 'performance');
    const pudong = dimension(cube, 'county', '310115', 'performance');
    expect(city.value === null || pudong.value === null).toBe(true);
    // The cells themselves and the other dimensions stay published.
    expect(dimension(cube, 'county', '310104', 'readiness').value).toBe(60);
    expect(cube.cell({ level: 'county', regionCode: '310104', industryCode: '*', sizeClass: '*' })!.suppressed).toBeNull();
  });
});
