import { describe, expect, it } from 'vitest';
import { checkCreditCode, composeCreditCode, normalizeCreditCode, withCheckCharacter } from '../../src/enterprises/credit-code';
import { newCreditCode } from '../helpers/api';

/**
 * Real enterprises' codes as they publish them. Each was found quoted in public material by exact search (company
 * registers' API documentation, invoice details an enterprise publishes, listed-company tables); a code typed wrong
 * would fail one of the two check characters (a random 18 characters pass both about once in 341).
 */
const REAL: [string, string, string][] = [
  ['91520000214434146R', '中航重机股份有限公司', '天眼查 open-API documentation, sample record (注册号 520000000005018)'],
  ['91440300192317458F', '比亚迪股份有限公司', 'company-register records quoted in public supplier tables (established 1995-02-10)'],
  ['91310000631696382C', '宝山钢铁股份有限公司', 'Shanghai emissions tables of listed enterprises (宝山区)'],
  ['91440606722473344C', '美的集团股份有限公司', 'listed-company register table (佛山市顺德区北滘镇美的大道6号)'],
  ['91440400192548256N', '珠海格力电器股份有限公司', 'Alibaba Cloud SDK documentation, example uc_code; listed-company table'],
  ['91370200264574251E', '海尔智家股份有限公司', 'supplier-portal documentation example (companyOrgName 海尔智家)'],
  ['91350900587527783P', '宁德时代新能源科技股份有限公司', '天眼查 records quoted with its 2011-12-16 establishment'],
  ['91310000132260250X', '上海汽车集团股份有限公司', 'invoice details (上海市静安区威海路489号)'],
  ['914403001922038216', '华为技术有限公司', 'company-register records (established 1987-09-15, 深圳市龙岗区坂田华为总部办公楼)'],
  ['91330000733796106P', '杭州海康威视数字技术股份有限公司', 'invoice details the company gives (杭州市滨江区阡陌路555号)'],
  ['91110000710926094P', '中国中铁股份有限公司', 'WeChat Pay API documentation, merchant identifier example; listed-company table (601390)'],
  ['91350200776049653A', '(厦门)', 'docs/domain.md of this project'],
];

describe('统一社会信用代码, GB 32100-2015 in full', () => {
  it.each(REAL)('accepts %s (%s; source: %s)', (code) => {
    expect(checkCreditCode(code)).toEqual({ ok: true });
  });

  it('accepts the new MA-series organisation codes and the national registration offices (100000)', () => {
    expect(checkCreditCode('91440101MA5CJQ4N59')).toEqual({ ok: true });
    expect(checkCreditCode(composeCreditCode('91100000', 'MA000001'))).toEqual({ ok: true });
  });

  const refused = (code: string) => {
    const r = checkCreditCode(code);
    if (r.ok) throw new Error(`${code} was accepted`);
    return r;
  };

  it('refuses a wrong length', () => {
    expect(refused('9135010')).toEqual({ ok: false, code: 'credit_code_length', message: { zh: '应为 18 位，实际 7 位', en: 'must be 18 characters, got 7' } });
  });

  it('refuses letters the alphabet lacks, naming the position', () => {
    expect(refused('91350100M000100I43')).toMatchObject({
      code: 'credit_code_character',
      message: { en: expect.stringContaining('position 16: "I" is not allowed') },
    });
  });

  it('refuses a registration authority the standard does not have: 000000000000000000', () => {
    expect(refused('000000000000000000')).toMatchObject({ code: 'credit_code_authority', message: { en: expect.stringContaining('position 1: "0"') } });
    expect(refused(composeCreditCode('B1350100', 'M000100Y')).code).toBe('credit_code_authority');
  });

  it('refuses an entity type the authority does not assign (9 工商: 1, 2, 3 only), every other part right', () => {
    expect(refused(composeCreditCode('94350100', 'M000100Y'))).toEqual({
      ok: false,
      code: 'credit_code_entity_type',
      message: {
        zh: '第 2 位“4”不是登记管理部门 9（工商）的机构类别（1 企业、2 个体工商户、3 农民专业合作社）',
        en: 'position 2: "4" is not an entity type of registration authority 9 (market regulation: 1 企业, 2 个体工商户, 3 农民专业合作社)',
      },
    });
    expect(checkCreditCode(composeCreditCode('51350100', 'M000100Y'))).toEqual({ ok: true }); // 5 民政, 1 社会团体
    expect(refused(composeCreditCode('Y2350100', 'M000100Y')).code).toBe('credit_code_entity_type');
  });

  it('refuses a division with letters or whose province does not exist', () => {
    expect(refused(composeCreditCode('9135A100', 'M000100Y'))).toMatchObject({
      code: 'credit_code_division',
      message: { en: expect.stringContaining('"35A100"') },
    });
    expect(refused(composeCreditCode('91990100', 'M000100Y'))).toMatchObject({
      code: 'credit_code_division',
      message: { en: 'positions 3–8: "990100" is not an administrative division code (no province 990000)' },
    });
  });

  it('refuses an organisation code whose GB 11714 check character is wrong, though the last character fits', () => {
    // 比亚迪's code with the organisation check 8 changed to 9 and the GB 32100 check recomputed.
    const code = withCheckCharacter('91440300192317459');
    expect(refused(code)).toEqual({
      ok: false,
      code: 'credit_code_organisation_check',
      message: {
        zh: '第 9–17 位组织机构代码 192317459 的校验码（第 17 位）应为 8，而不是 9（GB 11714）',
        en: 'positions 9–17: the organisation code 192317459 should end in the check character 8, not 9 (GB 11714)',
      },
    });
  });

  it('computes the GB 11714 check with 10 → X and 11 → 0', () => {
    expect(checkCreditCode('91310000132260250X')).toEqual({ ok: true }); // 上汽: organisation code 13226025-0 (11 → 0)
    expect(checkCreditCode('9144030071526726XG')).toEqual({ ok: true }); // 腾讯: organisation code 71526726-X (10 → X)
  });

  it('refuses a wrong last check character', () => {
    expect(refused('91350100M000100Y4B')).toEqual({
      ok: false,
      code: 'credit_code_check',
      message: { zh: '第 18 位校验码应为 3，而不是 B', en: 'position 18: the check character should be 3, not B' },
    });
  });
});

describe('the normaliser', () => {
  it('trims, makes full-width characters half-width and letters upper-case', () => {
    expect(normalizeCreditCode('  91350100m000100y43\t')).toBe('91350100M000100Y43');
    expect(normalizeCreditCode('９１３５０１００Ｍ０００１００Ｙ４３')).toBe('91350100M000100Y43');
    expect(normalizeCreditCode('\u3000９１３５０１００ｍ０００１００ｙ４３\u3000')).toBe('91350100M000100Y43');
    expect(normalizeCreditCode('91350100M000100Y43')).toBe('91350100M000100Y43');
  });
});

describe('generated codes', () => {
  it('composeCreditCode gives codes that pass every check', () => {
    for (const [head, org] of [
      ['91350100', 'M0000001'],
      ['91310115', 'MA7XQ2TT'],
      ['92440300', 'L1234567'],
    ])
      expect(checkCreditCode(composeCreditCode(head!, org!)), head! + org!).toEqual({ ok: true });
  });

  it("the test helpers' codes pass every check too, and differ", () => {
    const codes = Array.from({ length: 50 }, newCreditCode);
    for (const code of codes) expect(checkCreditCode(code), code).toEqual({ ok: true });
    expect(new Set(codes).size).toBe(50);
  });
});
