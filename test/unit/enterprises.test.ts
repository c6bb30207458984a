import { describe, expect, it } from 'vitest';
import { periodProblem } from '../../src/assessments/period';
import { comparePeriods } from '../../src/domain/periods';
import { sizeClassOf } from '../../src/enterprises/size-class';
import { countyRegion, indexRegion } from '../../src/regions/divisions';

describe('size class (统计上大中小微型企业划分办法 2017, industry)', () => {
  it('needs both lower bounds for a class, else drops one', () => {
    expect(sizeClassOf(1000, 400)).toBe('large');
    expect(sizeClassOf(5000, 399)).toBe('medium'); // revenue short of large
    expect(sizeClassOf(300, 20)).toBe('medium');
    expect(sizeClassOf(299, 1000)).toBe('small');
    expect(sizeClassOf(20, 3)).toBe('small');
    expect(sizeClassOf(19, 3)).toBe('micro');
    expect(sizeClassOf(500, 2.9)).toBe('micro');
  });
});

describe('periods', () => {
  const now = new Date('2026-11-23T00:00:00Z');
  it('accepts years and half-years since 2013 that have begun', () => {
    expect(periodProblem('2024', now)).toBeNull();
    expect(periodProblem('2026-H2', now)).toBeNull();
    expect(periodProblem('2012', now)).toMatch(/2013/);
    expect(periodProblem('2027', now)).toMatch(/not begun/);
    expect(periodProblem('2024-H3', now)).toMatch(/half-year/);
  });

  it('orders by end date, a year just after its second half', () => {
    expect(['2024', '2023', '2024-H2', '2024-H1'].sort(comparePeriods)).toEqual(['2023', '2024-H1', '2024-H2', '2024']);
  });
});

describe('GB/T 2260 regions (民政部 list)', () => {
  it('knows districts, cities and provinces, municipalities included', () => {
    expect(countyRegion('310115')).toMatchObject({ name: '浦东新区', level: 'county', cityCode: '310100', provinceCode: '310000' });
    expect(indexRegion('310000')).toMatchObject({ name: '上海市', level: 'province' });
    expect(indexRegion('320500')).toMatchObject({ name: '苏州市', level: 'city' });
    expect(indexRegion('441900')?.level).toBe('city'); // 东莞: a city whose only county-level unit shares its code
    expect(countyRegion('310000')).toBeUndefined();
    expect(countyRegion('999999')).toBeUndefined();
  });
});
