/**
 * GB/T 2260 region codes and what can be read off them: the national code, the levels, parent, contains and the
 * code range a region spans. The one definition: access control, enterprises, indices and the dashboard use these
 * (the dashboard gets them as /dashboard/domain.js, generated from this module at startup: see routes/dashboard.ts).
 *
 * Six digits: a province is XX0000, a prefecture-level city XXXX00, a county or district anything else. The
 * municipalities (北京 110000, 上海 310000 …) hold one city-level unit 市辖区 (310100) with their districts under it;
 * a few cities without counties (东莞 441900) share their code with their single county-level unit, so a code alone
 * names its highest level (the city 441900) and a county-level unit is named by code and level.
 *
 * The functions are sent to the browser as their own source text: keep them self-contained (no imports, no
 * closures), referring only to the exports of this module.
 */

export const NATIONAL_CODE = '000000';
export const NATIONAL_NAME = '全国';

/** From the whole country down; each level's regions lie within one region of the level above. */
export const REGION_LEVELS = ['country', 'province', 'city', 'county'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** The leading digits that name a region of each level; the others are zeros (a county uses all six). */
export const LEVEL_DIGITS: Readonly<Record<RegionLevel, number>> = { country: 0, province: 2, city: 4, county: 6 };

/** A region as a code at a level: a county-level code can equal its city's (东莞 441900). */
export interface RegionKey {
  code: string;
  level: RegionLevel;
}

/** The highest level a code names: 000000 the country, XX0000 a province, XXXX00 a city (东莞 441900 too), else a county. */
export function levelOf(code: string): RegionLevel {
  if (code === NATIONAL_CODE) return 'country';
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The level below `level`; null below a county. */
export function childLevelOf(level: RegionLevel): RegionLevel | null {
  return REGION_LEVELS[REGION_LEVELS.indexOf(level) + 1] ?? null;
}

/**
 * The region one level up: a county's city XXXX00 (a municipality's 市辖区; 东莞's county-level 441900 is under
 * the city 441900), a city's province XX0000, a province's the country; none above the country.
 */
export function parentRegion(code: string, level: RegionLevel): RegionKey | null {
  const up = REGION_LEVELS[REGION_LEVELS.indexOf(level) - 1];
  if (up === undefined) return null;
  return { code: code.slice(0, LEVEL_DIGITS[up]).padEnd(6, '0'), level: up };
}

/** The codes from the country down to the region `code` names at its highest level (levelOf), both included. */
export function regionPath(code: string): string[] {
  const path = [code];
  for (let up = parentRegion(code, levelOf(code)); up !== null; up = parentRegion(up.code, up.level)) path.unshift(up.code);
  return path;
}

/**
 * The half-open range [from, to) of the six-digit codes within a region, for range queries (which use an index;
 * LIKE would not): from its leading digits padded with zeros to the next such digits (4419 → 4420). Past the last
 * (99, or the country's empty prefix) the bound is ':', which sorts above every digit.
 */
export function regionRange(code: string, level: RegionLevel): [string, string] {
  const prefix = code.slice(0, LEVEL_DIGITS[level]);
  const next = String(Number(prefix) + 1).padStart(prefix.length, '0');
  return [prefix.padEnd(6, '0'), (next.length === prefix.length ? next : ':').padEnd(6, '0')];
}

/** Whether the region `scope` names (000000, a province, city or county code, at its highest level) contains `code`. */
export function regionContains(scope: string, code: string): boolean {
  const [from, to] = regionRange(scope, levelOf(scope));
  return code >= from && code < to;
}
