import { describe, expect, it } from 'vitest';
import { zhOf, zhSubject } from '../../src/http/texts-zh';

// The English texts the services and the scoring engine write (as in their source), each with its Chinese.
const TEXTS: [string, string][] = [
  ['enterprise 0190 does not exist', '企业 0190不存在'],
  ['questionnaire steel version 2026.1 does not exist', '评估问卷 steel 版本 2026.1不存在'],
  ['live figures of region 310000 does not exist', '区域 310000 的实时数据不存在'],
  ['no published snapshot for 2022; authorities publish one', '2022 尚无发布数据；由主管部门发布'],
  ['this API key was revoked', '此 API 密钥已被吊销'],
  ['live figures are for authorities', '实时数据仅供主管部门查看'],
  ['region 320000 is outside the region this key may register enterprises in', '区域 320000 不在此密钥可登记企业的区域内'],
  ['a draft for 2024 is already open', '2024 已有一份未提交的草稿'],
  ['no submitted assessment for 2024 yet; nothing to publish', '2024 尚无已提交的自评估，无可发布'],
  ['division 31 is assessed with steel, not general', '行业大类 31 使用评估问卷 steel，而不是 general'],
  ['steel has no version 2030.1', 'steel 没有版本 2030.1'],
  ['must be in the future', '须晚于当前时间'],
  ['sizeClass is required unless employees and revenueMillionYuan are both given', '未同时给出 employees 和 revenueMillionYuan 时须填写 sizeClass'],
  ['310115 is a county-level region and has no child regions', '310115 是县级区域，没有下级区域'],
  ['3 required indicator(s) unanswered: RD-01, RD-02, CO-01', '3 个必答指标未作答：RD-01, RD-02, CO-01'],
  ['"Q" is not an option; expected one of A, B, C, D', '“Q”不是选项；应为 A, B, C, D 之一'],
  ['120 is outside 0–100', '120 不在 0–100 之间'],
  ['5 is below the minimum 10', '5 小于最小值 10'],
  ['Idempotency-Key "k1" was first used for a different request', 'Idempotency-Key“k1”首次用于另一个请求'],
];

describe('the Chinese of the texts from below the edge', () => {
  it.each(TEXTS)('%s', (en, zh) => expect(zhOf(en)).toBe(zh));

  it('names subjects, and leaves an unknown text to the caller (sent in English)', () => {
    expect(zhSubject('assessment 01a2')).toBe('自评估 01a2');
    expect(zhSubject('snapshot s1 of 2023')).toBe('2023 的发布数据 s1');
    expect(zhOf('something no rule knows')).toBeUndefined();
  });
});
