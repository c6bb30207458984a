import type { Refusal } from '../domain/localized';
import { findRegion } from '../regions/divisions';
import { abolishedCode } from '../regions/history';

/**
 * 统一社会信用代码 (GB 32100-2015), checked in full: 18 characters over an alphabet without I, O, S, V, Z —
 * position 1 the registration authority (登记管理部门), 2 an entity type (机构类别) of that authority, 3–8 the
 * division code of the registering office (GB/T 2260), 9–17 the organisation code (GB 11714) with its own check
 * character, 18 the check character over the first 17. Each failure is refused with a code of its own.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** GB 11714: weights over the first eight characters of the organisation code, digits as themselves, A = 10 … Z = 35. */
const ORGANISATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The standard's table of registration authorities and the entity types each assigns (with amendments A and N). */
export const REGISTRATION_AUTHORITIES: Readonly<Record<string, { zh: string; en: string; types: Readonly<Record<string, string>> }>> = {
  '1': { zh: '机构编制', en: 'institutional establishment', types: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' } },
  '2': { zh: '外交', en: 'foreign affairs', types: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    zh: '司法行政',
    en: 'justice administration',
    types: { '1': '律师执业机构', '2': '公证处', '3': '基层法律服务所', '4': '司法鉴定机构', '5': '仲裁委员会', '9': '其他' },
  },
  '4': { zh: '文化', en: 'culture', types: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { zh: '民政', en: 'civil affairs', types: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': { zh: '旅游', en: 'tourism', types: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地（大陆）代表机构', '9': '其他' } },
  '7': { zh: '宗教', en: 'religious affairs', types: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { zh: '工会', en: 'trade unions', types: { '1': '基层工会', '9': '其他' } },
  '9': { zh: '工商', en: 'market regulation', types: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { zh: '中央军委改革和编制办公室', en: 'military establishment', types: { '1': '军队事业单位', '9': '其他' } },
  N: { zh: '农业', en: 'agriculture', types: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' } },
  Y: { zh: '其他', en: 'other', types: { '1': '其他' } },
};

/** The code of the national registration offices in positions 3–8 (国家级登记管理机关), beside the provinces'. */
const NATIONAL_OFFICE = '100000';

function checkCharacter(first17: string): string {
  const sum = WEIGHTS.reduce((s, w, i) => s + w * ALPHABET.indexOf(first17[i]!), 0);
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** GB 11714's check character over an organisation code's first eight characters: 11 − Σ mod 11, 10 → X, 11 → 0. */
function organisationCheck(body8: string): string {
  const sum = ORGANISATION_WEIGHTS.reduce((s, w, i) => s + w * parseInt(body8[i]!, 36), 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Completes 17 valid characters with their GB 32100 check character. */
export const withCheckCharacter = (first17: string) => first17 + checkCharacter(first17);

/**
 * A fully valid code from its first eight characters (authority, type, division) and the first eight of its
 * organisation code: both check characters computed (for generated data).
 */
export const composeCreditCode = (head8: string, organisation8: string) => withCheckCharacter(head8 + organisation8 + organisationCheck(organisation8));

/**
 * The form a code is stored and compared in: surrounding spaces dropped, full-width characters (as typed with a
 * Chinese input method, Ｕ+FF01–FF5E and the ideographic space) made half-width, letters upper-case.
 */
export function normalizeCreditCode(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .trim()
    .toUpperCase();
}

export type CreditCodeCheck = { ok: true } | ({ ok: false } & Refusal);

const refuse = (code: string, zh: string, en: string): CreditCodeCheck => ({ ok: false, code, message: { zh, en } });

/** Checks a normalised code position by position, refusing at the first failure with its own code and message. */
export function checkCreditCode(code: string): CreditCodeCheck {
  if (code.length !== 18) return refuse('credit_code_length', `应为 18 位，实际 ${code.length} 位`, `must be 18 characters, got ${code.length}`);
  const bad = [...code].findIndex((c) => !ALPHABET.includes(c));
  if (bad >= 0) {
    return refuse(
      'credit_code_character',
      `第 ${bad + 1} 位“${code[bad]}”不允许（只用数字和除 I、O、S、V、Z 外的大写字母）`,
      `position ${bad + 1}: "${code[bad]}" is not allowed (digits and upper-case letters except I, O, S, V, Z)`,
    );
  }
  const authority = REGISTRATION_AUTHORITIES[code[0]!];
  if (!authority) {
    return refuse(
      'credit_code_authority',
      `第 1 位“${code[0]}”不是 GB 32100 的登记管理部门代码（1–9、A、N、Y）`,
      `position 1: "${code[0]}" is not a registration-authority code of GB 32100 (1–9, A, N, Y)`,
    );
  }
  if (!authority.types[code[1]!]) {
    const types = Object.entries(authority.types).map(([t, name]) => `${t} ${name}`);
    return refuse(
      'credit_code_entity_type',
      `第 2 位“${code[1]}”不是登记管理部门 ${code[0]}（${authority.zh}）的机构类别（${types.join('、')}）`,
      `position 2: "${code[1]}" is not an entity type of registration authority ${code[0]} (${authority.en}: ${types.join(', ')})`,
    );
  }
  const division = code.slice(2, 8);
  const province = `${division.slice(0, 2)}0000`;
  if (!/^\d{6}$/.test(division) || (division !== NATIONAL_OFFICE && !findRegion(province) && !abolishedCode(province))) {
    return refuse(
      'credit_code_division',
      `第 3–8 位“${division}”不是行政区划代码（省级代码 ${province} 不存在）`,
      `positions 3–8: "${division}" is not an administrative division code (no province ${province})`,
    );
  }
  const organisation = code.slice(8, 17);
  const expectedOrganisation = organisationCheck(organisation);
  if (organisation[8] !== expectedOrganisation) {
    return refuse(
      'credit_code_organisation_check',
      `第 9–17 位组织机构代码 ${organisation} 的校验码（第 17 位）应为 ${expectedOrganisation}，而不是 ${organisation[8]}（GB 11714）`,
      `positions 9–17: the organisation code ${organisation} should end in the check character ${expectedOrganisation}, not ${organisation[8]} (GB 11714)`,
    );
  }
  const expected = checkCharacter(code.slice(0, 17));
  if (code[17] !== expected) {
    return refuse(
      'credit_code_check',
      `第 18 位校验码应为 ${expected}，而不是 ${code[17]}`,
      `position 18: the check character should be ${expected}, not ${code[17]}`,
    );
  }
  return { ok: true };
}
