import type { LocalizedText } from '../../domain/localized';
import type { EnterpriseCreate } from '../api.schemas';

/**
 * The columns of an enterprise register as a spreadsheet: one per field of a registration (POST /v1/enterprises),
 * headed in both languages. A file may head its columns in either language, in any order; the template has a
 * Chinese header row and an English one under it.
 */
export interface SheetColumn {
  key: keyof EnterpriseCreate;
  header: LocalizedText;
  /** Read as a number (employees, revenue); the others as text, codes included. */
  numeric: boolean;
}

export const SHEET_COLUMNS: readonly SheetColumn[] = [
  { key: 'creditCode', header: { zh: '统一社会信用代码', en: 'Unified social credit code' }, numeric: false },
  { key: 'name', header: { zh: '企业名称', en: 'Enterprise name' }, numeric: false },
  { key: 'regionCode', header: { zh: '所在县级行政区代码', en: 'County-level region code' }, numeric: false },
  { key: 'industryCode', header: { zh: '行业大类代码', en: 'Industry division code' }, numeric: false },
  { key: 'sizeClass', header: { zh: '企业规模', en: 'Size class' }, numeric: false },
  { key: 'employees', header: { zh: '从业人员（人）', en: 'Employees' }, numeric: true },
  { key: 'revenueMillionYuan', header: { zh: '营业收入（百万元）', en: 'Revenue (million yuan)' }, numeric: true },
];

/** The column a header names, in either language (spaces and case aside). */
const BY_HEADER = new Map(SHEET_COLUMNS.flatMap((c) => [c.header.zh, c.header.en, c.key].map((h) => [normalizeHeader(h), c] as const)));

export function normalizeHeader(text: string): string {
  return text.replace(/\s+/g, '').toLowerCase();
}

export const columnOfHeader = (text: string): SheetColumn | undefined => BY_HEADER.get(normalizeHeader(text));
