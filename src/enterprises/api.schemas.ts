import { z } from 'zod';
import { IndustryCode, QuestionnaireId } from '../questionnaires/definition.schema';
import { freeText, notFreeText } from '../domain/free-text';
import { refusalIssue } from '../domain/localized';
import { checkCountyLevel, checkRegion, type RegionCheck } from '../regions/location-check';
import { checkCreditCode, normalizeCreditCode } from './credit-code';
import { SIZE_CLASSES } from './size-class';

export const SizeClass = z.enum(SIZE_CLASSES).describe('统计上大中小微型企业划分办法 (2017): large, medium, small, micro.');
// Not free text: checked character by character against the code's alphabet (credit-code.ts).
export const CreditCode = notFreeText(
  z
    .string()
    .max(100)
    .overwrite(normalizeCreditCode)
    .superRefine((code, ctx) => {
      const check = checkCreditCode(code);
      if (!check.ok) ctx.addIssue(refusalIssue(check));
    })
    .describe(
      '统一社会信用代码 (GB 32100-2015), checked in full: registration authority, entity type, division, the GB 11714 organisation code with its check character, and the check character. Surrounding spaces, full-width characters and lower case are normalised first; the normalised form is stored and returned.',
    ),
);
export const RegionCode = z
  .string()
  .regex(/^\d{6}$/, { abort: true })
  .describe('GB/T 2260 six-digit code.');

const byCheck = (check: (code: string) => RegionCheck) => (code: string, ctx: z.RefinementCtx) => {
  const result = check(code);
  if (!result.ok) ctx.addIssue(refusalIssue(result));
};
const CountyCode = RegionCode.superRefine(byCheck(checkCountyLevel));
export const IndexRegionCode = RegionCode.superRefine(byCheck(checkRegion));
export const EnterpriseId = z.uuid();

const fields = {
  name: freeText('single', { trim: true }).min(1).max(200).describe('The registered name (one line; surrounding spaces trimmed).'),
  regionCode: CountyCode.describe('GB/T 2260 county-level code (区县) where the enterprise is located.'),
  industryCode: IndustryCode.describe('GB/T 4754-2017 manufacturing division.'),
  sizeClass: SizeClass.optional().describe('Derived from employees and revenue when both are given; required otherwise.'),
  employees: z.int().min(0).max(10_000_000).optional(),
  revenueMillionYuan: z.number().min(0).max(100_000_000).optional().describe('Annual operating revenue, million yuan.'),
};

export const EnterpriseCreate = z.strictObject({ creditCode: CreditCode, ...fields }).meta({ id: 'EnterpriseCreate' });
export type EnterpriseCreate = z.infer<typeof EnterpriseCreate>;

export const EnterprisePatch = z
  .strictObject({
    name: fields.name.optional(),
    regionCode: fields.regionCode.optional(),
    industryCode: fields.industryCode.optional(),
    sizeClass: fields.sizeClass,
    employees: fields.employees.nullable(),
    revenueMillionYuan: fields.revenueMillionYuan.nullable(),
  })
  .meta({ id: 'EnterprisePatch', description: 'Fields to change; null clears employees or revenue. The credit code cannot change.' });
export type EnterprisePatch = z.infer<typeof EnterprisePatch>;

export const Enterprise = z
  .strictObject({
    id: EnterpriseId,
    creditCode: z.string(),
    name: z.string(),
    regionCode: RegionCode,
    regionName: z.string(),
    provinceCode: RegionCode,
    cityCode: RegionCode,
    industryCode: IndustryCode,
    sizeClass: SizeClass,
    employees: z.int().nullable(),
    revenueMillionYuan: z.number().nullable(),
    questionnaireId: QuestionnaireId.nullable().describe('The questionnaire its industry maps to.'),
    synthetic: z.boolean().describe('True for generated demo data.'),
    version: z.int().describe('Also sent as the ETag; PATCH needs it in If-Match.'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Enterprise' });
export type Enterprise = z.infer<typeof Enterprise>;

export const EnterpriseListQuery = z.strictObject({
  region: IndexRegionCode.optional().describe('A province, city or county code: enterprises located within it.'),
  industry: IndustryCode.optional(),
  size: SizeClass.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page.'),
});

export const EnterprisePage = z.strictObject({ items: z.array(Enterprise), nextCursor: z.string().nullable() }).meta({ id: 'EnterprisePage' });

export const EnterpriseParams = z.strictObject({ enterpriseId: EnterpriseId });
