import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { SHEET_COLUMNS } from './columns';

/** One example row, so that a registrant sees each column's form (a real enterprise: 比亚迪). */
const EXAMPLE = ['91440300192317458F', '比亚迪股份有限公司', '440310', '36', 'large', 570000, 777102];

/**
 * The template to fill in: a Chinese header row, an English one under it and an example row. In xlsx the code
 * columns are text cells, so that a spreadsheet program keeps leading zeros and all 18 characters of a credit code
 * (as a number, 914403001922038216 would lose its last digits).
 */
export async function enterpriseTemplateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('企业 Enterprises');
  sheet.columns = SHEET_COLUMNS.map((c) => ({ key: c.key, width: 24, style: c.numeric ? {} : { numFmt: '@' } }));
  sheet.addRow(SHEET_COLUMNS.map((c) => c.header.zh)).font = { bold: true };
  sheet.addRow(SHEET_COLUMNS.map((c) => c.header.en)).font = { italic: true };
  sheet.addRow(EXAMPLE);
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The same template as CSV (UTF-8 with a byte-order mark, which spreadsheet programs need to read Chinese). */
export function enterpriseTemplateCsv(): Buffer {
  const text = stringify([SHEET_COLUMNS.map((c) => c.header.zh), SHEET_COLUMNS.map((c) => c.header.en), EXAMPLE]);
  return Buffer.from(`\uFEFF${text}`, 'utf8');
}
