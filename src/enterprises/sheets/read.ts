import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Refusal } from '../../domain/localized';
import { columnOfHeader, type SheetColumn } from './columns';

/** A data row of a sheet: its line number in the file (1-based, as a spreadsheet program shows it) and its cells. */
export interface SheetRow {
  line: number;
  cells: Map<SheetColumn, unknown>;
}

export type SheetRead = { ok: true; rows: SheetRow[] } | ({ ok: false } & Refusal);

/** At most this many data rows in one file: a registry's county or city is a few thousand firms, a province's tens. */
export const MAX_SHEET_ROWS = 100_000;

/** A cell as read: exceljs gives rich text, formulas and hyperlinks as objects; their shown value is what counts. */
function cellValue(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return value.result ?? null;
  if ('text' in value) return value.text;
  return null;
}

/**
 * Rows of a table whose first row names the columns (in either language, any order); a following row that is the
 * header row again in the other language (as in the template) is skipped, and so are empty rows.
 */
function rowsOf(table: unknown[][]): SheetRead {
  const headerAt = table.findIndex((r) => r.some((v) => v !== null && v !== ''));
  if (headerAt < 0) return { ok: true, rows: [] };
  const header = table[headerAt]!.map((h) => (typeof h === 'string' ? columnOfHeader(h) : undefined));
  const unknown = table[headerAt]!.filter((h, i) => h !== null && h !== '' && !header[i]);
  if (unknown.length) {
    const list = unknown.map((h) => `“${String(h)}”`).join('、');
    return {
      ok: false,
      code: 'unknown_column',
      message: { zh: `未知的列：${list}`, en: `unknown column(s): ${unknown.map((h) => `"${String(h)}"`).join(', ')}` },
    };
  }
  const rows: SheetRow[] = [];
  for (let i = headerAt + 1; i < table.length; i++) {
    const values = table[i]!;
    if (values.every((v) => v === null || v === '')) continue;
    // The template's second header row: every named cell is its own column's header.
    if (values.every((v, j) => v === null || v === '' || (typeof v === 'string' && columnOfHeader(v) === header[j]))) continue;
    const cells = new Map<SheetColumn, unknown>();
    values.forEach((v, j) => header[j] && v !== null && v !== '' && cells.set(header[j]!, v));
    rows.push({ line: i + 1, cells });
  }
  if (rows.length > MAX_SHEET_ROWS) {
    return { ok: false, code: 'too_many_rows', message: { zh: `一个文件最多 ${MAX_SHEET_ROWS} 行`, en: `at most ${MAX_SHEET_ROWS} rows per file` } };
  }
  return { ok: true, rows };
}

/** The first worksheet of an xlsx file. */
export async function readXlsx(data: Buffer): Promise<SheetRead> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as never);
  } catch {
    return { ok: false, code: 'not_xlsx', message: { zh: '文件不是有效的 xlsx 工作簿', en: 'the file is not a valid xlsx workbook' } };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: true, rows: [] };
  const table: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellValue); // exceljs counts columns from 1
    table[number - 1] = values;
  });
  for (let i = 0; i < table.length; i++) table[i] ??= [];
  return rowsOf(table);
}

/** A CSV file in UTF-8 (a byte-order mark allowed), comma-separated. */
export function readCsv(data: Buffer): SheetRead {
  try {
    return rowsOf(parse(data, { bom: true, relax_column_count: true, skip_empty_lines: false }) as unknown[][]);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { ok: false, code: 'not_csv', message: { zh: `文件不是有效的 CSV：${why}`, en: `the file is not valid CSV: ${why}` } };
  }
}
