/**
 * The Chinese wording of the English texts the layers below the edge put in their errors: services' domain errors,
 * their field issues and the scoring engine's answer problems. The services keep one language (their English is
 * also what the logs say), and the edge words a problem in the caller's: each rule matches one English template
 * and writes its Chinese with the same facts. A text no rule matches is sent as it is, in English.
 */
type Rule = [RegExp, (...facts: string[]) => string];

/** What a message is about ("enterprise 0190…", "questionnaire steel version 2026.1"), in Chinese. */
const SUBJECTS: Rule[] = [
  [/^questionnaire (\S+) version (\S+)$/, (id, v) => `评估问卷 ${id} 版本 ${v}`],
  [/^questionnaire (\S+)$/, (id) => `评估问卷 ${id}`],
  [/^enterprise (\S+)$/, (id) => `企业 ${id}`],
  [/^assessment (\S+)$/, (id) => `自评估 ${id}`],
  [/^API key (\S+)$/, (id) => `API 密钥 ${id}`],
  [/^live figures of region (\S+)$/, (code) => `区域 ${code} 的实时数据`],
  [/^region (\S+)$/, (code) => `区域 ${code}`],
  [/^snapshot (\S+) of (\S+)$/, (id, period) => `${period} 的发布数据 ${id}`],
  [/^snapshot$/, () => '发布数据'],
];
/** What a message is about, in Chinese ("assessment 0190…" → "自评估 0190…"). */
export const zhSubject = (what: string) => apply(SUBJECTS, what) ?? what;
const subject = zhSubject;

const RULES: Rule[] = [
  // Not found, and identity
  [/^(.+) does not exist$/, (what) => `${subject(what)}不存在`],
  [/^no published snapshot for (\S+); authorities publish one$/, (p) => `${p} 尚无发布数据；由主管部门发布`],
  [/^malformed API key$/, () => 'API 密钥格式不正确'],
  [/^unknown API key$/, () => 'API 密钥无效'],
  [/^this API key was revoked$/, () => '此 API 密钥已被吊销'],
  [/^this API key has expired$/, () => '此 API 密钥已过期'],
  [/^live figures need an authority key; published figures need none$/, () => '实时数据需要主管部门的密钥；发布数据无需密钥'],
  [/^live figures are for authorities$/, () => '实时数据仅供主管部门查看'],
  [/^the live figures wait for a database transaction that has not ended after (\d+) ms$/, (ms) => `实时数据在等待一个 ${ms} 毫秒后仍未结束的数据库事务`],
  [/^the national authority \(region 000000\) publishes snapshots$/, () => '发布数据由全国主管部门（区域 000000）发布'],
  [/^region (\S+) is outside the region this key may register enterprises in$/, (c) => `区域 ${c} 不在此密钥可登记企业的区域内`],
  [/^Idempotency-Key "(.+)" was first used for a different request$/, (k) => `Idempotency-Key“${k}”首次用于另一个请求`],
  // Conflicts
  [/^an enterprise with credit code (\S+) already exists$/, (c) => `统一社会信用代码为 ${c} 的企业已存在`],
  [/^assessment (\S+) is submitted and cannot change; correct it by opening one of its revisions$/, (id) => `自评估 ${id} 已提交，不能修改；请新建修订来更正`],
  [/^no published questionnaire covers division (\S+)$/, (d) => `尚无已发布的评估问卷覆盖行业大类 ${d}`],
  [/^a draft for (\S+) is already open$/, (p) => `${p} 已有一份未提交的草稿`],
  [/^(\S+) is already submitted; correct it by opening one of the revisions of assessment (\S+)$/, (p, id) => `${p} 已提交；请为自评估 ${id} 新建修订来更正`],
  [/^assessment (\S+) is still a draft; edit it instead$/, (id) => `自评估 ${id} 仍是草稿，请直接编辑`],
  [/^a revision of (\S+) is already open$/, (p) => `${p} 已有一份未提交的修订`],
  [/^revise the latest submitted revision of (\S+)$/, (p) => `请修订 ${p} 最新提交的版本`],
  [/^only a submitted assessment has a benchmark$/, () => '只有已提交的自评估才有对标结果'],
  [
    /^(\S+) was published at (\S+); published figures are final, since a second publication could be subtracted from the first$/,
    (p, at) => `${p} 已于 ${at} 发布；发布数据不再更改，因为第二次发布与第一次相减会暴露个别企业`,
  ],
  [/^no submitted assessment for (\S+) yet; nothing to publish$/, (p) => `${p} 尚无已提交的自评估，无可发布`],
  [/^assessment (\S+) is a draft; a report exists once it is submitted$/, (id) => `自评估 ${id} 是草稿；提交后才有报告`],
  [/^(\S+) (\S+) is published with other content; publish a new version$/, (id, v) => `${id} ${v} 已以不同内容发布；请发布新版本`],
  [/^retiring (\S+) (\S+) is refused: (.+)$/, (id, v, why) => `拒绝停用 ${id} ${v}：${why}`],
  // Field issues of the services
  [/^an enterprise key is bound to one enterprise$/, () => '企业密钥须绑定一家企业'],
  [/^no enterprise (\S+)$/, (id) => `没有企业 ${id}`],
  [/^a (\S+) key is not bound to an enterprise$/, (role) => `${role} 密钥不绑定企业`],
  [/^an authority key is bound to a region$/, () => '主管部门密钥须绑定一个区域'],
  [/^a (\S+) key is not bound to a region$/, (role) => `${role} 密钥不绑定区域`],
  [/^must be in the future$/, () => '须晚于当前时间'],
  [/^must be a year \(2024\) or a half-year \(2024-H1, 2024-H2\)$/, () => '应为年度（2024）或半年度（2024-H1、2024-H2）'],
  [/^the programme began in (\d+)$/, (y) => `两化融合评估自 ${y} 年开始`],
  [/^the period has not begun yet$/, () => '该期间尚未开始'],
  [/^division (\S+) is assessed with (\S+), not (\S+)$/, (d, q, not) => `行业大类 ${d} 使用评估问卷 ${q}，而不是 ${not}`],
  [/^(\S+) has no version (.+)$/, (id, v) => `${id} 没有版本 ${v === '(published)' ? '（已发布）' : v}`],
  [/^(\S+) (\S+) is retired$/, (id, v) => `${id} ${v} 已停用`],
  [/^sizeClass should be (\S+) for (\S+) employees and (\S+) million yuan$/, (c, e, r) => `从业人员 ${e} 人、营业收入 ${r} 百万元应为规模 ${c}`],
  [/^should be (\S+) for (\S+) employees and (\S+) million yuan revenue$/, (c, e, r) => `从业人员 ${e} 人、营业收入 ${r} 百万元应为 ${c}`],
  [/^sizeClass is required unless employees and revenueMillionYuan are both given$/, () => '未同时给出 employees 和 revenueMillionYuan 时须填写 sizeClass'],
  [/^required unless employees and revenueMillionYuan are both given$/, () => '未同时给出 employees 和 revenueMillionYuan 时必填'],
  [/^cursor is not one this service issued$/, () => 'cursor 不是本服务签发的'],
  [/^use nextCursor from the previous page$/, () => '请使用上一页返回的 nextCursor'],
  [/^(\S+) is a county-level region and has no child regions$/, (c) => `${c} 是县级区域，没有下级区域`],
  [/^must be (\S+), as in the path$/, (id) => `应为 ${id}，与路径一致`],
  [/^the definition's id is (\S+), the path's (\S+)$/, (a, b) => `定义的 id 是 ${a}，路径中的是 ${b}`],
  [/^(\d+) problem\(s\) in the definition$/, (n) => `定义中有 ${n} 处问题`],
  // The scoring engine's answer problems
  [/^(\d+) required indicator\(s\) unanswered: (.+)$/, (n, list) => `${n} 个必答指标未作答：${list}`],
  [/^(\d+) answer problem\(s\): (.+)$/, (n, list) => `${n} 处答案问题：${list}`],
  [/^this required indicator is unanswered$/, () => '此必答指标未作答'],
  [/^no indicator "(.+)" in (\S+) (\S+)$/, (code, id, v) => `${id} ${v} 中没有指标“${code}”`],
  [/^this indicator cannot be answered "not applicable"$/, () => '此指标不能答“不适用”'],
  [/^expected one option code \(a string\)$/, () => '应为一个选项代码（字符串）'],
  [/^"(.+)" is not an option; expected one of (.+)$/, (v, list) => `“${v}”不是选项；应为 ${list} 之一`],
  [/^expected an array of option codes$/, () => '应为选项代码的数组'],
  [/^select at least one option \(or the "none" option\)$/, () => '请至少选择一项（或“以上都没有”）'],
  [/^(.+) not among (.+)$/, (v, list) => `${v} 不在 ${list} 之中`],
  [/^an option is selected twice$/, () => '有选项被重复选择'],
  [/^"(.+)" excludes every other option$/, (v) => `“${v}”与其他选项互斥`],
  [/^expected a percentage \(a number 0–100\)$/, () => '应为百分比（0–100 的数）'],
  [/^(\S+) is outside 0–100$/, (v) => `${v} 不在 0–100 之间`],
  [/^expected a number$/, () => '应为数字'],
  [/^(\S+) is not a whole number$/, (v) => `${v} 不是整数`],
  [/^(\S+) is below the minimum (\S+)$/, (v, min) => `${v} 小于最小值 ${min}`],
  [/^(\S+) is above the maximum (\S+)$/, (v, max) => `${v} 大于最大值 ${max}`],
  [/^expected true or false$/, () => '应为 true 或 false'],
];

function apply(rules: Rule[], text: string): string | undefined {
  for (const [pattern, write] of rules) {
    const m = pattern.exec(text);
    if (m) return write(...m.slice(1));
  }
  return undefined;
}

/** The Chinese of an English text from below the edge; undefined when no rule knows it. */
export const zhOf = (text: string): string | undefined => apply(RULES, text);
