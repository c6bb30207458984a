import type { SizeClass } from '../enterprises/size-class';

/**
 * The synthetic demo data set's model: how many enterprises each province has, how its level compares with the
 * nation's, and what industries and sizes look like. Calibrated to the published figures in domain.md:
 * national level 54.5 in 2019 rising 2.5 % a year; Jiangsu first every year (66.4 in 2022); Shanghai 58.5 in 2018,
 * second. These are modelling choices for a clearly synthetic data set, not statistics.
 */

export const DEMO_PERIODS = ['2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024'] as const;

export const nationalLevel = (year: number) => 54.5 * 1.025 ** (year - 2019);

/** Fixed by the published figures: Jiangsu 66.4 in 2022, Shanghai 58.5 in 2018. */
export const ANCHORED_OFFSETS: Record<string, number> = {
  '320000': 66.4 - nationalLevel(2022),
  '310000': 58.5 - nationalLevel(2018),
};

/** Share of enterprises (weight) and a preliminary offset from the national level, by province. */
export const PROVINCES: Record<string, { weight: number; offset: number }> = {
  '110000': { weight: 2.0, offset: 3.6 },
  '120000': { weight: 1.8, offset: 2.2 },
  '130000': { weight: 4.5, offset: -1.0 },
  '140000': { weight: 1.8, offset: -3.2 },
  '150000': { weight: 1.2, offset: -4.0 },
  '210000': { weight: 3.0, offset: -0.5 },
  '220000': { weight: 1.2, offset: -3.0 },
  '230000': { weight: 1.2, offset: -4.0 },
  '310000': { weight: 3.0, offset: 0 },
  '320000': { weight: 10.0, offset: 0 },
  '330000': { weight: 9.0, offset: 4.4 },
  '340000': { weight: 4.0, offset: 1.5 },
  '350000': { weight: 4.0, offset: 2.6 },
  '360000': { weight: 2.8, offset: -1.2 },
  '370000': { weight: 8.0, offset: 3.9 },
  '410000': { weight: 4.5, offset: 0 },
  '420000': { weight: 3.5, offset: 1.0 },
  '430000': { weight: 3.2, offset: 0.3 },
  '440000': { weight: 10.0, offset: 4.2 },
  '450000': { weight: 1.8, offset: -3.0 },
  '460000': { weight: 0.5, offset: -5.0 },
  '500000': { weight: 2.2, offset: 1.2 },
  '510000': { weight: 3.5, offset: 0.6 },
  '520000': { weight: 1.2, offset: -3.5 },
  '530000': { weight: 1.2, offset: -4.5 },
  '540000': { weight: 0.3, offset: -9.0 },
  '610000': { weight: 2.0, offset: -1.5 },
  '620000': { weight: 0.8, offset: -6.0 },
  '630000': { weight: 0.4, offset: -7.0 },
  '640000': { weight: 0.5, offset: -4.5 },
  '650000': { weight: 1.0, offset: -5.5 },
};

/** Industry mix of manufacturing enterprises (weights by GB/T 4754 division). */
export const INDUSTRY_WEIGHTS: [string, number][] = [
  ['13', 4],
  ['14', 2.5],
  ['15', 1.5],
  ['16', 0.2],
  ['17', 4],
  ['18', 3],
  ['19', 1.5],
  ['20', 1.5],
  ['21', 1.2],
  ['22', 1.5],
  ['23', 1.2],
  ['24', 1.5],
  ['25', 1],
  ['26', 7],
  ['27', 2.5],
  ['28', 0.8],
  ['29', 4.5],
  ['30', 6],
  ['31', 1.5],
  ['32', 2],
  ['33', 6],
  ['34', 8],
  ['35', 7],
  ['36', 4],
  ['37', 1.8],
  ['38', 7],
  ['39', 6],
  ['40', 2],
  ['41', 0.5],
  ['42', 0.6],
  ['43', 0.4],
];

/** Size mix with typical employees and revenue (million yuan) ranges consistent with each class. */
export const SIZES: {
  size: SizeClass;
  weight: number;
  employees: [number, number];
  revenue: [number, number];
  maturity: number;
}[] = [
  { size: 'large', weight: 6, employees: [1000, 20000], revenue: [400, 40000], maturity: 0.08 },
  { size: 'medium', weight: 18, employees: [300, 999], revenue: [20, 399], maturity: 0.03 },
  { size: 'small', weight: 52, employees: [20, 299], revenue: [3, 19.9], maturity: 0 },
  { size: 'micro', weight: 24, employees: [3, 19], revenue: [0.3, 2.9], maturity: -0.05 },
];

/**
 * Offsets by province with the anchored ones fixed and the others shifted alike so the mean offset, weighted by
 * the enterprises each province actually has, is zero — the national mean then is the national level — and no
 * other province passes Shanghai in 2018.
 */
export function provinceOffsets(
  counts: Record<string, number> = Object.fromEntries(Object.entries(PROVINCES).map(([c, p]) => [c, p.weight])),
): Record<string, number> {
  const entries = Object.entries(PROVINCES);
  const weight = (code: string) => counts[code] ?? 0;
  const total = entries.reduce((s, [code]) => s + weight(code), 0);
  const anchored = Object.entries(ANCHORED_OFFSETS).reduce((s, [code, off]) => s + (weight(code) / total) * off, 0);
  const others = entries.filter(([code]) => !(code in ANCHORED_OFFSETS));
  const othersMean = others.reduce((s, [code, p]) => s + (weight(code) / total) * p.offset, 0);
  const othersWeight = others.reduce((s, [code]) => s + weight(code) / total, 0);
  const shift = -(anchored + othersMean) / othersWeight;
  const ceiling = ANCHORED_OFFSETS['310000']! - 0.6;
  return Object.fromEntries(entries.map(([code, p]) => [code, ANCHORED_OFFSETS[code] ?? Math.min(p.offset + shift, ceiling)]));
}
