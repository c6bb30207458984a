// The dashboard's own words in zh and en, and locale-aware number formatting. Region names come from the API (zh):
// no maintained package offers English names keyed by GB/T 2260 code, so English shows the zh name with its code.

const TEXT = {
  zh: {
    documentTitle: '区域两化融合发展水平 · 融合',
    title: '区域两化融合发展水平',
    subtitle: '各地区企业两化融合自评估发展水平（0–100）的均值，来自已发布数据',
    period: '评估期',
    industry: '行业',
    size: '企业规模',
    allIndustries: '全部制造业',
    allSizes: '全部规模',
    sizes: { large: '大型', medium: '中型', small: '小型', micro: '微型' },
    language: '语言',
    synthetic: '演示数据：本页数据为合成数据（API 标注 synthetic: true），并非真实企业统计。',
    country: '全国',
    back: '返回上一级',
    provinces: '各省（区、市）发展水平',
    childrenOf: (name) => `${name} · 下级地区`,
    clickHint: '点击地区查看下级地区',
    ranking: '省级排名',
    rankingSince: (p) => `名次变化：与 ${p} 相比`,
    rank: '名次',
    region: '地区',
    value: '发展水平',
    enterprises: '企业数',
    change: '变化',
    up: (n) => `上升 ${n} 位`,
    down: (n) => `下降 ${n} 位`,
    same: '名次不变',
    newEntry: '新进入排名',
    newShort: '新',
    series: '历年发展水平',
    stages: '发展阶段分布',
    enterprisesN: (n) => `${n} 家企业`,
    rankOf: (r, total) => `全国第 ${r} 名（共 ${total} 个）`,
    suppressed: (k) => `已抑制（n < ${k}）`,
    suppressedShort: '已抑制',
    complementary: '已抑制（互补抑制）',
    noData: '无数据',
    legendSuppressed: (k) => `已抑制：企业数少于 k = ${k}，不予公布`,
    legendNoData: '无已提交的评估',
    method: (k) => `口径：地区内各企业最新提交评估的发展水平均值（四舍五入到一位小数）；企业数少于 k = ${k} 的单元格及可被推算的单元格不予公布。`,
    source: (asOf) => `数据来源：已发布数据，冻结于 ${asOf}。`,
    noSnapshots: '尚无已发布的数据。',
    loadFailed: '数据加载失败：',
    retry: '重试',
    stageShare: '占比',
    count: '企业数',
  },
  en: {
    documentTitle: 'Regional integration index · Ronghe',
    title: 'Regional integration index',
    subtitle: "Mean level score (0–100) of enterprises' integration self-assessments by region, from published snapshots",
    period: 'Period',
    industry: 'Industry',
    size: 'Size class',
    allIndustries: 'All manufacturing',
    allSizes: 'All sizes',
    sizes: { large: 'Large', medium: 'Medium', small: 'Small', micro: 'Micro' },
    language: 'Language',
    synthetic: 'Demo data: the figures on this page are synthetic (the API marks them synthetic: true), not statistics of real enterprises.',
    country: 'China',
    back: 'Up one level',
    provinces: 'Provinces by index',
    childrenOf: (name) => `${name} · subdivisions`,
    clickHint: 'Click a region to see its subdivisions',
    ranking: 'Provincial ranking',
    rankingSince: (p) => `Rank change since ${p}`,
    rank: 'Rank',
    region: 'Region',
    value: 'Index',
    enterprises: 'Firms',
    change: 'Change',
    up: (n) => `up ${n}`,
    down: (n) => `down ${n}`,
    same: 'unchanged',
    newEntry: 'newly ranked',
    newShort: 'new',
    series: 'Index over periods',
    stages: 'Stage distribution',
    enterprisesN: (n) => `${n} enterprises`,
    rankOf: (r, total) => `rank ${r} of ${total} provinces`,
    suppressed: (k) => `suppressed (n < ${k})`,
    suppressedShort: 'suppressed',
    complementary: 'suppressed (complementary)',
    noData: 'no data',
    legendSuppressed: (k) => `Suppressed: fewer than k = ${k} enterprises`,
    legendNoData: 'No submitted assessment',
    method: (k) =>
      `Method: mean level score of the latest submitted assessment of each enterprise in the region (one decimal); cells of fewer than k = ${k} enterprises, and cells that would reveal them, are not published.`,
    source: (asOf) => `Source: published snapshot frozen at ${asOf}.`,
    noSnapshots: 'No data has been published yet.',
    loadFailed: 'Could not load the data: ',
    retry: 'Retry',
    stageShare: 'Share',
    count: 'Enterprises',
  },
};

export const LANGUAGES = ['zh', 'en'];

export function textFor(lang) {
  return TEXT[lang] ?? TEXT.zh;
}

/** Formatting in the reader's locale: scores with one decimal (as published), counts grouped, shares as percent. */
export function formatFor(lang) {
  const locale = lang === 'en' ? 'en-GB' : 'zh-CN';
  const score = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    locale,
    score: (n) => score.format(n),
    count: (n) => count.format(n),
    percent: (share) => percent.format(share / 100),
    dateTime: (iso) => dateTime.format(new Date(iso)),
  };
}

/** A region's label: the API's zh name, with its code in English (see the note at the top). */
export function regionLabel(region, lang) {
  if (region.level === 'country') return textFor(lang).country;
  return lang === 'en' ? `${region.name} (${region.code})` : region.name;
}

/**
 * How a withheld figure reads: "suppressed (n < k)" when the cell is small, otherwise complementary suppression. The
 * API says which in reasonCode; a suppressed cell's n is null, so it is never shown.
 */
export function withheldLabel(figures, k, lang) {
  const t = textFor(lang);
  if (figures.reasonCode === 'no_data') return t.noData;
  return figures.reasonCode === 'fewer_than_k' ? t.suppressed(k) : t.complementary;
}

/** A cell's count of enterprises as shown: withheld with its figures when suppressed ("< k", or a dash). */
export function countLabel(figures, k, fmt) {
  if (figures.n !== null) return fmt.count(figures.n);
  return figures.reasonCode === 'fewer_than_k' ? `< ${k}` : '—';
}
