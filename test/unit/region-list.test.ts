import { describe, expect, it } from 'vitest';
import { levelOf } from '../../src/regions/codes';
import { allCounties, countyRegion, DIVISIONS_VINTAGE, findRegion, indexRegion, regionsAt } from '../../src/regions/divisions';
import list from '../../src/regions/gbt2260.json' with { type: 'json' };
import { abolishedCode, regionNameAt } from '../../src/regions/history';
import { checkCountyLevel, checkRegion } from '../../src/regions/location-check';

const refusal = (code: string) => {
  const r = checkCountyLevel(code);
  if (r.ok) throw new Error(`${code} was accepted`);
  return r;
};

describe('the GB/T 2260 list (民政部 县级以上行政区划代码)', () => {
  it('is the 2025 list: 34 provincial units, each code once, every county-level unit under a listed province', () => {
    expect(DIVISIONS_VINTAGE).toBe(2025);
    expect(regionsAt('province')).toHaveLength(34);
    const codes = (list.divisions as [string, string][]).map(([code]) => code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of allCounties()) expect(findRegion(c.provinceCode)?.level, c.code).toBe('province');
  });

  it('has the changes of 2024 and 2025: 和康县, 和安县 and 两江新区 in, 江北区 and 渝北区 out', () => {
    expect(countyRegion('653228')?.name).toBe('和康县');
    expect(countyRegion('653229')?.name).toBe('和安县');
    expect(countyRegion('500157')).toMatchObject({ name: '两江新区', cityCode: '500100', provinceCode: '500000' });
    expect(countyRegion('500105')).toBeUndefined();
    expect(countyRegion('500112')).toBeUndefined();
  });

  it('holds no statistical-use code: development zones and the statistics sub-codes of cities without counties are not divisions', () => {
    for (const code of ['320571', '340171', '220171', '441900003', '620201']) expect(findRegion(code), code).toBeUndefined();
  });
});

describe('where an enterprise may be located', () => {
  it.each([
    ['620200', '嘉峪关市'],
    ['441900', '东莞市'],
    ['442000', '中山市'],
    ['460400', '儋州市'],
  ])('a city without counties, %s %s, under its own code', (code, name) => {
    expect(checkCountyLevel(code)).toEqual({
      ok: true,
      region: { code, name, level: 'county', provinceCode: `${code.slice(0, 2)}0000`, cityCode: code, listed: true },
    });
    expect(indexRegion(code)?.level).toBe('city');
  });

  it('county-level units: districts, counties, county-level cities, those directly under a province', () => {
    for (const [code, name] of [
      ['310115', '浦东新区'],
      ['320583', '昆山市'],
      ['429004', '仙桃市'],
      ['659001', '石河子市'],
      ['500229', '城口县'],
      ['500157', '两江新区'],
    ] as const)
      expect(checkCountyLevel(code), code).toMatchObject({ ok: true, region: { code, name, level: 'county' } });
  });

  it('refuses a development zone (苏州工业园区 320571) as not GB/T 2260, saying so in both languages', () => {
    expect(refusal('320571')).toEqual({
      ok: false,
      code: 'region_not_gbt2260',
      message: {
        zh: '320571 不是 GB/T 2260 行政区划代码（2025 年县级以上行政区划代码）；开发区等统计用代码不是行政区划',
        en: '320571 is not a GB/T 2260 administrative division code (the 2025 list); statistical codes such as development zones are not divisions',
      },
    });
  });

  it('refuses an abolished code naming its successors and the year', () => {
    expect(refusal('500112')).toEqual({
      ok: false,
      code: 'region_abolished',
      message: {
        zh: '500112 渝北区已于 2025 年撤销，请改用 500109 北碚区 或 500157 两江新区',
        en: '500112 渝北区 was abolished in 2025; use 500109 北碚区 or 500157 两江新区 instead',
      },
    });
    expect(refusal('110103').message.en).toBe('110103 崇文区 was abolished in 2010; use 110101 东城区 instead');
    expect(refusal('130182').message.en).toBe('130182 藁城市 was abolished in 2014; use 130109 藁城区 instead');
  });

  it('follows a successor abolished later to the codes in use now (高要县 → 高要市 → 高要区)', () => {
    expect(abolishedCode('441221')).toMatchObject({ year: 1993, successors: [{ code: '441204', name: '高要区' }] });
  });

  it('refuses provinces, cities with counties and groupings as not county-level', () => {
    expect(refusal('320500')).toMatchObject({
      code: 'region_not_county_level',
      message: { en: expect.stringContaining('320500 苏州市 is not a county-level unit') },
    });
    expect(refusal('310000').code).toBe('region_not_county_level');
    expect(refusal('310100')).toMatchObject({ code: 'region_not_county_level', message: { zh: expect.stringContaining('县级行政区的归类') } });
    expect(refusal('31011').code).toBe('invalid_format');
  });

  it('names stored rows under an abolished code by the name they had', () => {
    expect(regionNameAt('500112', 'county')).toBe('渝北区');
    expect(regionNameAt('310115', 'county')).toBe('浦东新区');
    expect(regionNameAt('441900', 'city')).toBe('东莞市');
  });
});

describe('regions to read or scope by', () => {
  it('the country, provinces, cities and the city-level groupings of municipalities and of units under a province', () => {
    for (const code of ['000000', '310000', '310100', '500200', '429000', '441900', '310115']) expect(checkRegion(code).ok, code).toBe(true);
    expect(findRegion('310100')).toMatchObject({ name: '市辖区', listed: false });
    expect(findRegion('429000')).toMatchObject({ name: '省直辖县级行政区划', listed: false });
    expect(findRegion('659000')).toMatchObject({ name: '自治区直辖县级行政区划', listed: false });
    expect(checkRegion('320571')).toMatchObject({ ok: false, code: 'region_not_gbt2260' });
  });

  it('every code of the list is at the level its digits say, and every county-level unit has a city', () => {
    for (const [code] of list.divisions as [string, string][]) expect(indexRegion(code)?.level, code).toBe(levelOf(code));
    for (const c of allCounties()) expect(findRegion(c.cityCode!)?.level, c.code).toBe('city');
  });
});
