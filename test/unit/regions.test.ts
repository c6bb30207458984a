import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as codes from '../../src/regions/codes';
import {
  childLevelOf,
  levelOf,
  NATIONAL_CODE,
  NATIONAL_NAME,
  parentRegion,
  REGION_LEVELS,
  regionContains,
  regionPath,
  regionRange,
  type RegionLevel,
} from '../../src/regions/codes';
import { allCounties, countyRegion, findRegion, indexRegion, NATIONAL, regionAt } from '../../src/regions/divisions';
import { SIZE_CLASSES } from '../../src/enterprises/size-class';
import { DASHBOARD_DOMAIN_MODULE } from '../../src/routes/dashboard';

const inRange = (code: string, [from, to]: [string, string]) => code >= from && code < to;
const counties = allCounties();
const cityCodes = [...new Set(counties.map((c) => c.cityCode!))];
const provinceCodes = [...new Set(counties.map((c) => c.provinceCode))];

describe('the national code and the levels', () => {
  it('000000 is the country, 全国, above the provinces, cities and counties', () => {
    expect(NATIONAL_CODE).toBe('000000');
    expect(NATIONAL_NAME).toBe('全国');
    expect(REGION_LEVELS).toEqual(['country', 'province', 'city', 'county']);
    expect(REGION_LEVELS.map(childLevelOf)).toEqual(['province', 'city', 'county', null]);
    expect(NATIONAL).toEqual({ code: '000000', name: '全国', level: 'country', provinceCode: '000000', cityCode: null, listed: true });
    expect(findRegion('000000')).toBe(NATIONAL);
    expect(regionAt('000000', 'country')).toBe(NATIONAL);
    // The country is not a division: enterprises cannot be filtered by it, nor is it found at another level.
    expect(indexRegion('000000')).toBeUndefined();
    expect(regionAt('000000', 'province')).toBeUndefined();
    expect(regionAt('440000', 'country')).toBeUndefined();
  });

  it('a code names its highest level: 东莞 441900 is a city, a municipality holds a city-level 市辖区', () => {
    expect(levelOf('000000')).toBe('country');
    expect(levelOf('440000')).toBe('province');
    expect(levelOf('440300')).toBe('city');
    expect(levelOf('441900')).toBe('city');
    expect(levelOf('310100')).toBe('city');
    expect(levelOf('310115')).toBe('county');
    expect(indexRegion('441900')).toMatchObject({ name: '东莞市', level: 'city' });
    expect(indexRegion('310100')).toMatchObject({ name: '市辖区', level: 'city', provinceCode: '310000' });
  });

  it('the level read off a code is the level of every division in the list', () => {
    for (const code of [...provinceCodes, ...cityCodes, ...counties.map((c) => c.code)]) expect(levelOf(code), code).toBe(indexRegion(code)!.level);
  });

  it('a code is looked up at a level: 441900 is both the city 东莞 and its county-level unit', () => {
    expect(regionAt('441900', 'city')).toMatchObject({ name: '东莞市', level: 'city', cityCode: '441900' });
    expect(regionAt('441900', 'county')).toMatchObject({ name: '东莞市', level: 'county', cityCode: '441900', provinceCode: '440000' });
    expect(regionAt('441900', 'county')).toBe(countyRegion('441900'));
    expect(regionAt('440000', 'province')).toMatchObject({ name: '广东省' });
    expect(regionAt('440000', 'city')).toBeUndefined();
    expect(regionAt('440300', 'county')).toBeUndefined();
  });
});

describe('parent of a region', () => {
  it('goes county → city → province → country, and stops there', () => {
    expect(parentRegion('440305', 'county')).toEqual({ code: '440300', level: 'city' });
    expect(parentRegion('440300', 'city')).toEqual({ code: '440000', level: 'province' });
    expect(parentRegion('440000', 'province')).toEqual({ code: '000000', level: 'country' });
    expect(parentRegion('000000', 'country')).toBeNull();
  });

  it("puts a municipality's districts under its 市辖区, and 东莞's county-level unit under the city of the same code", () => {
    expect(parentRegion('310115', 'county')).toEqual({ code: '310100', level: 'city' });
    expect(parentRegion('310100', 'city')).toEqual({ code: '310000', level: 'province' });
    expect(parentRegion('441900', 'county')).toEqual({ code: '441900', level: 'city' });
    expect(parentRegion('441900', 'city')).toEqual({ code: '440000', level: 'province' });
  });

  it('is the city and province the division list gives for every county and city', () => {
    for (const c of counties) {
      expect(parentRegion(c.code, 'county'), c.code).toEqual({ code: c.cityCode, level: 'city' });
      expect(parentRegion(c.cityCode!, 'city'), c.cityCode!).toEqual({ code: c.provinceCode, level: 'province' });
    }
  });

  it('chains from the country down to the region a code names', () => {
    expect(regionPath('000000')).toEqual(['000000']);
    expect(regionPath('440000')).toEqual(['000000', '440000']);
    expect(regionPath('440305')).toEqual(['000000', '440000', '440300', '440305']);
    expect(regionPath('310115')).toEqual(['000000', '310000', '310100', '310115']);
    expect(regionPath('441900')).toEqual(['000000', '440000', '441900']);
  });
});

describe('the code range a region spans', () => {
  it('is half-open over the six-digit codes, for the country, a province, a city and a county', () => {
    const national = regionRange('000000', 'country');
    expect(national[0]).toBe('000000');
    for (const code of ['000000', '110101', '999999']) expect(inRange(code, national), code).toBe(true);
    expect(regionRange('440000', 'province')).toEqual(['440000', '450000']);
    expect(regionRange('440300', 'city')).toEqual(['440300', '440400']);
    expect(regionRange('440305', 'county')).toEqual(['440305', '440306']);
  });

  it('for a municipality, its 市辖区 and 东莞 (city and county-level unit)', () => {
    expect(regionRange('310000', 'province')).toEqual(['310000', '320000']);
    expect(regionRange('310100', 'city')).toEqual(['310100', '310200']);
    expect(regionRange('441900', 'city')).toEqual(['441900', '442000']);
    expect(regionRange('441900', 'county')).toEqual(['441900', '441901']);
  });

  it('past a 9, above every code of the same leading digits (省直辖县级行政区划 419000)', () => {
    const [from, to] = regionRange('419000', 'city');
    expect(from).toBe('419000');
    for (const code of ['419000', '419001', '419099']) expect(inRange(code, [from, to]), code).toBe(true);
    expect(inRange('420000', [from, to])).toBe(false);
    expect(inRange('990000', regionRange('990000', 'province'))).toBe(true);
    expect(inRange('999999', regionRange('990000', 'province'))).toBe(true);
  });

  it('holds exactly the counties the division list puts in each province and city', () => {
    const wrong: string[] = [];
    for (const province of provinceCodes) {
      const range = regionRange(province, 'province');
      for (const c of counties) if (inRange(c.code, range) !== (c.provinceCode === province)) wrong.push(`${c.code} in ${province}`);
    }
    for (const city of cityCodes) {
      const range = regionRange(city, 'city');
      for (const c of counties) if (inRange(c.code, range) !== (c.cityCode === city)) wrong.push(`${c.code} in ${city}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('whether a region contains another', () => {
  it('the country contains every region', () => {
    for (const code of ['000000', '440000', '441900', '310115']) expect(regionContains('000000', code)).toBe(true);
  });

  it('a province, city or county contains what lies within it and nothing else', () => {
    expect(regionContains('440000', '440000')).toBe(true);
    expect(regionContains('440000', '441900')).toBe(true);
    expect(regionContains('440000', '440305')).toBe(true);
    expect(regionContains('440000', '450000')).toBe(false);
    expect(regionContains('440000', '000000')).toBe(false);
    expect(regionContains('440300', '440305')).toBe(true);
    expect(regionContains('440300', '440400')).toBe(false);
    expect(regionContains('440300', '440000')).toBe(false);
    expect(regionContains('440305', '440305')).toBe(true);
    expect(regionContains('440305', '440306')).toBe(false);
    expect(regionContains('440305', '440300')).toBe(false);
  });

  it('for a municipality and 东莞', () => {
    expect(regionContains('310000', '310115')).toBe(true);
    expect(regionContains('310100', '310115')).toBe(true);
    expect(regionContains('310115', '310100')).toBe(false);
    expect(regionContains('441900', '441900')).toBe(true);
    expect(regionContains('441900', '442000')).toBe(false);
  });

  it('agrees with the division list for every province and city over every county', () => {
    const wrong: string[] = [];
    for (const c of counties) {
      for (const province of provinceCodes) if (regionContains(province, c.code) !== (c.provinceCode === province)) wrong.push(`${province} ∋ ${c.code}`);
      for (const city of cityCodes) if (regionContains(city, c.code) !== (c.cityCode === city)) wrong.push(`${city} ∋ ${c.code}`);
      if (!regionContains(c.code, c.code)) wrong.push(`${c.code} ∋ itself`);
      if (regionContains(c.code, c.cityCode!) !== (c.code === c.cityCode)) wrong.push(`${c.code} ∋ ${c.cityCode}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe("the dashboard's module", () => {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-regions-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated from the region module and the size classes, and runs as they do', async () => {
    const file = join(dir, 'domain.mjs');
    writeFileSync(file, DASHBOARD_DOMAIN_MODULE);
    const served = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as typeof codes & { SIZE_CLASSES: readonly string[] };
    expect(Object.keys(served).sort()).toEqual([...Object.keys(codes), 'SIZE_CLASSES'].sort());
    expect(served.SIZE_CLASSES).toEqual(SIZE_CLASSES);
    expect(served.NATIONAL_CODE).toBe(NATIONAL_CODE);
    expect(served.NATIONAL_NAME).toBe(NATIONAL_NAME);
    expect(served.REGION_LEVELS).toEqual(REGION_LEVELS);
    const all = ['000000', ...provinceCodes, ...cityCodes, ...counties.map((c) => c.code)];
    const rules = (m: typeof codes) => [
      ...all.map((code) => {
        const level = m.levelOf(code);
        return [code, level, m.regionPath(code), m.parentRegion(code, level), m.regionRange(code, level), m.childLevelOf(level)];
      }),
      ...REGION_LEVELS.map((level: RegionLevel) => m.parentRegion('441900', level)),
      ...['000000', '440000', '441900', '310100', '310115'].map((scope) => all.filter((code) => m.regionContains(scope, code))),
    ];
    expect(rules(served)).toEqual(rules(codes));
  });
});
