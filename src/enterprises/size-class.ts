/**
 * 统计上大中小微型企业划分办法 (2017), industry: a class needs both its employee and its revenue lower bound, otherwise
 * the firm drops a class. Revenue in million yuan.
 */
export const SIZE_CLASSES = ['large', 'medium', 'small', 'micro'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

const BOUNDS: { size: SizeClass; employees: number; revenueMillionYuan: number }[] = [
  { size: 'large', employees: 1000, revenueMillionYuan: 400 },
  { size: 'medium', employees: 300, revenueMillionYuan: 20 },
  { size: 'small', employees: 20, revenueMillionYuan: 3 },
];

export function sizeClassOf(employees: number, revenueMillionYuan: number): SizeClass {
  return BOUNDS.find((b) => employees >= b.employees && revenueMillionYuan >= b.revenueMillionYuan)?.size ?? 'micro';
}
