import type { LocalizedText } from '../../domain/localized';
import { issueText, unknownField } from '../../domain/issue-text';
import { EnterpriseCreate } from '../api.schemas';
import { SHEET_COLUMNS, type SheetColumn } from './columns';
import type { SheetRow } from './read';

/** A refused cell: the row's line in the file, its column (both headers), a code and the reason in both languages. */
export interface RowProblem {
  line: number;
  column: LocalizedText | null;
  code: string;
  message: LocalizedText;
}

export interface CheckedRows {
  /** The registrations of the rows that pass, in file order, each with its line. */
  valid: { line: number; enterprise: EnterpriseCreate }[];
  problems: RowProblem[];
}

const COLUMN_OF_KEY = new Map(SHEET_COLUMNS.map((c) => [c.key as string, c]));

/** A cell as the registration's field: text trimmed (codes typed as numbers back to text), numbers as numbers. */
function fieldValue(column: SheetColumn, value: unknown): unknown {
  if (column.numeric) {
    if (typeof value === 'number') return value;
    const text = String(value).trim().replace(/[,，]/g, '');
    return text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  }
  return typeof value === 'number' ? String(value) : String(value).trim();
}

/**
 * Each row checked as a single POST /v1/enterprises would check it (the same schema: credit code, region, industry,
 * size), and the file against itself: a credit code on two rows is refused on the second. Nothing is written here;
 * what to do with a file that has problems (all or none) is the importer's decision.
 */
export function checkRows(rows: readonly SheetRow[]): CheckedRows {
  const valid: CheckedRows['valid'] = [];
  const problems: RowProblem[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    const input: Record<string, unknown> = {};
    const rowProblems: RowProblem[] = [];
    for (const [column, value] of row.cells) {
      // More than 15 digits as a number cell: the spreadsheet program rounded it, and the code is lost.
      if (column.key === 'creditCode' && typeof value === 'number' && value >= 1e15) {
        rowProblems.push({
          line: row.line,
          column: column.header,
          code: 'credit_code_as_number',
          message: {
            zh: '统一社会信用代码被存成了数字，末几位已丢失；请将该列设为文本后重新填写',
            en: 'the credit code was stored as a number and lost its last digits; format the column as text and enter it again',
          },
        });
        continue;
      }
      input[column.key] = fieldValue(column, value);
    }
    const parsed = EnterpriseCreate.safeParse(input, { reportInput: true });
    if (!parsed.success) {
      // A cell refused above is not refused again as missing.
      const reported = new Set(rowProblems.map((p) => p.column));
      for (const issue of parsed.error.issues) {
        const text = issueText(issue);
        const column = COLUMN_OF_KEY.get(String(issue.path[0] ?? ''))?.header ?? null;
        if (issue.code === 'unrecognized_keys')
          for (const key of issue.keys) rowProblems.push({ line: row.line, column: null, code: 'unknown_field', message: unknownField(key) });
        else if (!reported.has(column)) rowProblems.push({ line: row.line, column, code: text.code, message: { en: text.en, zh: text.zh ?? text.en } });
      }
    }
    if (parsed.success && rowProblems.length === 0) {
      const first = firstLineOf.get(parsed.data.creditCode);
      if (first !== undefined) {
        rowProblems.push({
          line: row.line,
          column: COLUMN_OF_KEY.get('creditCode')!.header,
          code: 'duplicate_in_file',
          message: { zh: `与第 ${first} 行的统一社会信用代码相同`, en: `the same credit code as line ${first}` },
        });
      } else {
        firstLineOf.set(parsed.data.creditCode, row.line);
        valid.push({ line: row.line, enterprise: parsed.data });
      }
    }
    problems.push(...rowProblems);
  }
  return { valid, problems };
}
