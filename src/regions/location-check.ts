import type { Refusal } from '../domain/localized';
import { countyRegion, DIVISIONS_VINTAGE, findRegion, type Region } from './divisions';
import { abolishedCode } from './history';

/**
 * Whether a code names a region of the current GB/T 2260 list, and if not, why, in words a registrant can act on:
 * an abolished code names its successors and the year; a code the list never had (a development zone's statistical
 * code such as 苏州工业园区 320571) says it is not GB/T 2260; a province or a city with counties asks for the
 * county-level unit.
 */
export type RegionCheck = { ok: true; region: Region } | ({ ok: false } & Refusal);

const list = (regions: Region[], sep: string) => regions.map((r) => `${r.code} ${r.name}`).join(sep);

function unknownCode(code: string): { ok: false } & Refusal {
  if (!/^\d{6}$/.test(code)) {
    return { ok: false, code: 'invalid_format', message: { zh: '应为 6 位数字的行政区划代码', en: 'must be a six-digit administrative division code' } };
  }
  const gone = abolishedCode(code);
  if (gone) {
    const { name, year, successors } = gone;
    return {
      ok: false,
      code: 'region_abolished',
      message: successors.length
        ? {
            zh: `${code} ${name}已于 ${year} 年撤销，请改用 ${list(successors, ' 或 ')}`,
            en: `${code} ${name} was abolished in ${year}; use ${list(successors, ' or ')} instead`,
          }
        : { zh: `${code} ${name}已于 ${year} 年撤销`, en: `${code} ${name} was abolished in ${year}` },
    };
  }
  return {
    ok: false,
    code: 'region_not_gbt2260',
    message: {
      zh: `${code} 不是 GB/T 2260 行政区划代码（${DIVISIONS_VINTAGE} 年县级以上行政区划代码）；开发区等统计用代码不是行政区划`,
      en: `${code} is not a GB/T 2260 administrative division code (the ${DIVISIONS_VINTAGE} list); statistical codes such as development zones are not divisions`,
    },
  };
}

/** A region to read or scope by: the country, a province, a city (or a grouping at that level) or a county-level unit. */
export function checkRegion(code: string): RegionCheck {
  const region = findRegion(code);
  return region ? { ok: true, region } : unknownCode(code);
}

/** Where an enterprise is located: a county-level unit, a city without counties (东莞 441900) included. */
export function checkCountyLevel(code: string): RegionCheck {
  const county = countyRegion(code);
  if (county) return { ok: true, region: county };
  const region = findRegion(code);
  if (!region) return unknownCode(code);
  return {
    ok: false,
    code: 'region_not_county_level',
    message: region.listed
      ? {
          zh: `${code} ${region.name}不是县级行政区，请填写其下的县级行政区代码`,
          en: `${code} ${region.name} is not a county-level unit; give the code of the county-level unit within it`,
        }
      : {
          zh: `${code}（${region.name}）是县级行政区的归类，不是行政区划，请填写县级行政区代码`,
          en: `${code} (${region.name}) groups county-level units and is not a division; give the county-level unit's code`,
        },
  };
}
