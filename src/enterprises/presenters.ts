import type { Catalog } from '../questionnaires/catalog';
import { regionNameAt } from '../regions/history';
import type { Enterprise } from './api.schemas';
import type { EnterpriseRow } from './repository';

/** An enterprise as the API presents it: its row, the region's name and the questionnaire its industry maps to. */
export function toEnterprise(deps: { catalog: Pick<Catalog, 'forIndustry'> }, row: EnterpriseRow): Enterprise {
  return {
    id: row.id,
    creditCode: row.creditCode,
    name: row.name,
    regionCode: row.regionCode,
    regionName: regionNameAt(row.regionCode, 'county'),
    provinceCode: row.provinceCode,
    cityCode: row.cityCode,
    industryCode: row.industryCode,
    sizeClass: row.sizeClass,
    employees: row.employees,
    revenueMillionYuan: row.revenueMillionYuan,
    questionnaireId: deps.catalog.forIndustry(row.industryCode)?.questionnaireId ?? null,
    synthetic: row.synthetic,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
