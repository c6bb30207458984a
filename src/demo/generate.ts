import type { Catalog } from '../questionnaires/catalog';
import { newId } from '../domain/ids';
import type { BulkEnterprise } from '../assessments/bulk';
import { composeCreditCode } from '../enterprises/credit-code';
import type { EnterpriseRow } from '../enterprises/repository';
import { sizeClassOf } from '../enterprises/size-class';
import type { VersionRecord } from '../questionnaires/catalog';
import { allCounties, type Region } from '../regions/divisions';
import { evaluate } from '../scoring/evaluate';
import { answersAt } from './answers';
import { DEMO_PERIODS, INDUSTRY_WEIGHTS, PROVINCES, SIZES, nationalLevel, provinceOffsets } from './model';
import { Random } from './random';

export interface DemoOptions {
  seed: number;
  enterprises: number;
}

interface Firm {
  row: EnterpriseRow;
  questionnaire: VersionRecord;
  level: number;
  years: Map<string, { noise: Float64Array; notApplicable: Uint8Array; drift: number }>;
}

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A synthetic, deterministic data set of enterprises and their yearly assessments, calibrated per province-year. */
export function generateDemo(deps: { catalog: Pick<Catalog, 'forIndustry'> }, options: DemoOptions): BulkEnterprise[] {
  const random = new Random(options.seed);
  const counties = new Map<string, Region[]>();
  for (const c of allCounties()) {
    if (!counties.has(c.provinceCode)) counties.set(c.provinceCode, []);
    counties.get(c.provinceCode)!.push(c);
  }
  const provinces = Object.entries(PROVINCES).map(([code, p]) => [code, p.weight] as const);

  const firms: Firm[] = [];
  for (let e = 0; e < options.enterprises; e++) {
    const province = random.weighted(provinces);
    const county = random.pick(counties.get(province)!);
    const industry = random.weighted(INDUSTRY_WEIGHTS);
    const size = random.weighted(SIZES.map((s) => [s, s.weight] as const));
    const employees = random.int(size.employees[0], size.employees[1]);
    const revenue = Math.round((size.revenue[0] + random.next() * (size.revenue[1] - size.revenue[0])) * 10) / 10;
    const questionnaire = deps.catalog.forIndustry(industry)!;
    const serial = Array.from({ length: 6 }, (_, i) => CREDIT_ALPHABET[Math.floor(e / 31 ** i) % 31]).join('');
    const created = new Date(Date.UTC(2016, 0, 1) + e * 60_000).toISOString();
    const row: EnterpriseRow = {
      id: newId(),
      // An enterprise (91) registered in its county, with an organisation code of the MA series given out since 2015.
      creditCode: composeCreditCode(`91${county.code}`, `MA${serial}`),
      name: `【合成数据】${county.name}示例制造企业 ${String(e + 1).padStart(5, '0')}`,
      regionCode: county.code,
      provinceCode: county.provinceCode,
      cityCode: county.cityCode!,
      industryCode: industry,
      sizeClass: sizeClassOf(employees, revenue),
      employees,
      revenueMillionYuan: revenue,
      synthetic: true,
      version: 1,
      createdAt: created,
      updatedAt: created,
    };
    const start = random.weighted([
      ['2016', 6],
      ['2017', 1.5],
      ['2018', 1],
      ['2019', 0.8],
      ['2020', 0.7],
    ] as const);
    const n = questionnaire.definition.indicators.length;
    const years = new Map<string, { noise: Float64Array; notApplicable: Uint8Array; drift: number }>();
    for (const period of DEMO_PERIODS) {
      if (period < start || random.next() < 0.1) continue;
      years.set(period, {
        noise: Float64Array.from({ length: n }, () => random.normal(0, 0.18)),
        notApplicable: Uint8Array.from({ length: n }, () => (random.next() < 0.05 ? 1 : 0)),
        drift: random.normal(0, 0.03),
      });
    }
    firms.push({ row, questionnaire, level: random.normal(0, 0.08) + size.maturity, years });
  }

  const counts: Record<string, number> = {};
  for (const f of firms) if (f.years.has('2019')) counts[f.row.provinceCode] = (counts[f.row.provinceCode] ?? 0) + 1;
  const offsets = provinceOffsets(counts);

  // Calibrate each province-year: the base maturity at which the mean total hits the target level.
  const base = new Map<string, number>();
  for (const [province] of provinces) {
    const members = firms.filter((f) => f.row.provinceCode === province);
    for (const period of DEMO_PERIODS) {
      const cohort = members.filter((f) => f.years.has(period));
      if (cohort.length === 0) continue;
      const target = nationalLevel(Number(period)) + offsets[province]!;
      const meanAt = (b: number) =>
        cohort.reduce((s, f) => {
          const y = f.years.get(period)!;
          return s + evaluate(f.questionnaire.definition, answersAt(f.questionnaire.definition, b + f.level + y.drift, y.noise, y.notApplicable)).totalExact;
        }, 0) / cohort.length;
      let lo = -0.6;
      let hi = 1.6;
      for (let i = 0; i < 16; i++) {
        const mid = (lo + hi) / 2;
        if (meanAt(mid) < target) lo = mid;
        else hi = mid;
      }
      base.set(`${province}|${period}`, (lo + hi) / 2);
    }
  }

  return firms.map((f) => ({
    enterprise: f.row,
    assessments: [...f.years].map(([period, y]) => {
      const def = f.questionnaire.definition;
      const answers = answersAt(def, base.get(`${f.row.provinceCode}|${period}`)! + f.level + y.drift, y.noise, y.notApplicable);
      const submittedAt = new Date(Date.UTC(Number(period) + 1, 2, 1 + (f.row.creditCode.charCodeAt(12) % 28))).toISOString();
      return {
        id: newId(),
        enterpriseId: f.row.id,
        period,
        revision: 1,
        revisionOf: null,
        status: 'submitted' as const,
        questionnaireId: f.questionnaire.questionnaireId,
        questionnaireVersion: f.questionnaire.version,
        answers,
        version: 2,
        submittedAt,
        createdAt: submittedAt,
        updatedAt: submittedAt,
      };
    }),
  }));
}
