import list from './gbt2260.json' with { type: 'json' };
import { LEVEL_DIGITS, NATIONAL_CODE, NATIONAL_NAME, type RegionLevel } from './codes';

/**
 * GB/T 2260 administrative divisions: the civil-affairs ministry's 县级以上行政区划代码 of the vintage in
 * gbt2260.json (rebuilt by scripts/build-regions.ts from its source), as six-digit codes (see codes.ts for what the
 * codes say): their names, and which codes exist at which level.
 *
 * Two kinds of unit are added to the list so that every county-level unit has a city above it, as the levels of the
 * indices need: a city without counties (东莞 441900, 嘉峪关 620200) is also its own county-level unit, under its own
 * code; and where the list has no city above county-level units, a grouping of them stands at the city level under
 * the name older editions of GB/T 2260 gave it (上海 310100 市辖区, 重庆 500200 县, 湖北 429000 省直辖县级行政区划).
 * A grouping is `listed: false`: it is not a division, and an enterprise cannot be located in it.
 */
export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  provinceCode: string;
  cityCode: string | null;
  /** Whether the code is in the ministry's list (a grouping above county-level units is not). */
  listed: boolean;
}

/** The year of the list (as at 31 December), and where it comes from. */
export const DIVISIONS_VINTAGE: number = list.vintage;
export const DIVISIONS_SOURCE: string = list.source;

/** The whole country, as a region of its own. */
export const NATIONAL: Region = { code: NATIONAL_CODE, name: NATIONAL_NAME, level: 'country', provinceCode: NATIONAL_CODE, cityCode: null, listed: true };

const prefixed = (code: string, level: RegionLevel) => code.slice(0, LEVEL_DIGITS[level]).padEnd(6, '0');
const MUNICIPALITIES = new Set(['110000', '120000', '310000', '500000']);

const PROVINCES = new Map<string, Region>();
const CITIES = new Map<string, Region>();
const COUNTIES = new Map<string, Region>();
for (const [code, name] of list.divisions as [string, string][]) {
  const provinceCode = prefixed(code, 'province');
  if (code === provinceCode) PROVINCES.set(code, { code, name, level: 'province', provinceCode, cityCode: null, listed: true });
  else if (code.endsWith('00')) CITIES.set(code, { code, name, level: 'city', provinceCode, cityCode: code, listed: true });
  else COUNTIES.set(code, { code, name, level: 'county', provinceCode, cityCode: prefixed(code, 'city'), listed: true });
}

/** The name older editions gave the grouping of county-level units with no city above them. */
function groupingName(cityCode: string): string {
  const province = prefixed(cityCode, 'province');
  if (MUNICIPALITIES.has(province)) return cityCode.slice(2, 4) === '02' ? '县' : '市辖区';
  return PROVINCES.get(province)!.name.endsWith('自治区') ? '自治区直辖县级行政区划' : '省直辖县级行政区划';
}

for (const county of [...COUNTIES.values()]) {
  const cityCode = county.cityCode!;
  if (!CITIES.has(cityCode)) {
    CITIES.set(cityCode, { code: cityCode, name: groupingName(cityCode), level: 'city', provinceCode: county.provinceCode, cityCode, listed: false });
  }
}
const citiesWithCounties = new Set([...COUNTIES.values()].map((c) => c.cityCode));
for (const city of CITIES.values()) if (!citiesWithCounties.has(city.code)) COUNTIES.set(city.code, { ...city, level: 'county' });

const AT_LEVEL: Record<Exclude<RegionLevel, 'country'>, Map<string, Region>> = { province: PROVINCES, city: CITIES, county: COUNTIES };

/** A code looked up at one level: 441900 is both the city 东莞 and its county-level unit. */
export const regionAt = (code: string, level: RegionLevel): Region | undefined =>
  level === 'country' ? (code === NATIONAL_CODE ? NATIONAL : undefined) : AT_LEVEL[level].get(code);

/** A county-level unit, a city without counties included (东莞 441900). */
export const countyRegion = (code: string): Region | undefined => COUNTIES.get(code);

/** A division (not the country) at the highest level its code names (441900 is the city 东莞, not its county). */
export const indexRegion = (code: string): Region | undefined => PROVINCES.get(code) ?? CITIES.get(code) ?? COUNTIES.get(code);

/** The region a code names at its highest level, the country (000000) included. */
export const findRegion = (code: string): Region | undefined => (code === NATIONAL_CODE ? NATIONAL : indexRegion(code));

export const allCounties = (): Region[] => [...COUNTIES.values()];

/** Every region at a level, in code order. */
export const regionsAt = (level: Exclude<RegionLevel, 'country'>): Region[] => [...AT_LEVEL[level].values()].sort((a, b) => (a.code < b.code ? -1 : 1));

/** The regions one level below a region (the country's provinces, a province's cities, a city's county-level units). */
export function childrenOf(region: Pick<Region, 'code' | 'level'>): Region[] {
  switch (region.level) {
    case 'country':
      return regionsAt('province');
    case 'province':
      return regionsAt('city').filter((c) => c.provinceCode === region.code);
    case 'city':
      return regionsAt('county').filter((c) => c.cityCode === region.code);
    case 'county':
      return [];
  }
}
