import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { composeCreditCode } from '../../src/enterprises/credit-code';
import { checkRows } from '../../src/enterprises/sheets/check';
import { SHEET_COLUMNS } from '../../src/enterprises/sheets/columns';
import { readCsv, readXlsx, type SheetRead } from '../../src/enterprises/sheets/read';
import { enterpriseTemplateCsv, enterpriseTemplateXlsx } from '../../src/enterprises/sheets/template';

async function xlsxOf(rows: unknown[][], textColumns: number[] = []): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('register');
  for (const i of textColumns) sheet.getColumn(i + 1).numFmt = '@';
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const rowsOf = (read: SheetRead) => {
  if (!read.ok) throw new Error(read.message.en);
  return read.rows;
};

describe('the template', () => {
  it('has both languages’ headers and an example row that passes, as xlsx and as CSV', async () => {
    for (const read of [await readXlsx(await enterpriseTemplateXlsx()), readCsv(enterpriseTemplateCsv())]) {
      const rows = rowsOf(read);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.line).toBe(3);
      const checked = checkRows(rows);
      expect(checked.problems).toEqual([]);
      expect(checked.valid[0]!.enterprise).toMatchObject({ creditCode: '91440300192317458F', regionCode: '440310', industryCode: '36', employees: 570000 });
    }
    const csv = enterpriseTemplateCsv().toString('utf8');
    expect(csv.startsWith('\uFEFF统一社会信用代码,企业名称')).toBe(true);
    expect(csv.split('\n')[1]).toBe(SHEET_COLUMNS.map((c) => c.header.en).join(','));
  });
});

describe('reading and checking a register', () => {
  it('checks every row as a registration would, naming line, column and reason in both languages', async () => {
    const byd = '91440300192317458F';
    const file = await xlsxOf(
      [
        ['企业名称', '统一社会信用代码', '所在县级行政区代码', '行业大类代码', '企业规模'], // columns in another order
        ['比亚迪股份有限公司', byd, 440310, 36, 'large'],
        ['渝北某厂', composeCreditCode('91500112', 'MA000001'), '500112', '36', 'small'], // abolished region
        ['错码企业', '000000000000000000', '310115', '31', 'small'],
        [],
        ['重复企业', ' ９１４４０３００１９２３１７４５８ｆ ', '440310', '36', 'large'], // the same code, typed full-width
        // A credit code typed into a number cell: the program keeps 15 significant digits of it.
        ['数字代码', Number('914403001922038216'), '440310', '36', 'huge'],
      ],
      [],
    );
    const rows = rowsOf(await readXlsx(file));
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 6, 7]);
    const { valid, problems } = checkRows(rows);
    expect(valid.map((v) => [v.line, v.enterprise.creditCode])).toEqual([[2, byd]]);
    const brief = problems.map((p) => [p.line, p.column?.zh ?? null, p.code]);
    expect(brief).toEqual([
      [3, '所在县级行政区代码', 'region_abolished'],
      [4, '统一社会信用代码', 'credit_code_authority'],
      [6, '统一社会信用代码', 'duplicate_in_file'],
      [7, '统一社会信用代码', 'credit_code_as_number'],
      [7, '企业规模', 'invalid_value'],
    ]);
    expect(problems[0]!.message).toEqual({
      zh: '500112 渝北区已于 2025 年撤销，请改用 500109 北碚区 或 500157 两江新区',
      en: '500112 渝北区 was abolished in 2025; use 500109 北碚区 or 500157 两江新区 instead',
    });
    expect(problems[2]!.message).toEqual({ zh: '与第 2 行的统一社会信用代码相同', en: 'the same credit code as line 2' });
    expect(problems[4]!.column).toEqual({ zh: '企业规模', en: 'Size class' });
  });

  it('reads English headers and CSV with a byte-order mark, numbers with thousands separators', () => {
    const csv = Buffer.from(
      '\uFEFFUnified social credit code,Enterprise name,County-level region code,Industry division code,Employees,Revenue (million yuan)\n' +
        '91310000631696382C,宝山钢铁股份有限公司,310113,31,"38,000","300,000"\n',
    );
    const { valid, problems } = checkRows(rowsOf(readCsv(csv)));
    expect(problems).toEqual([]);
    expect(valid[0]!.enterprise).toMatchObject({ creditCode: '91310000631696382C', employees: 38000, revenueMillionYuan: 300000 });
  });

  it('refuses a file with a column it does not know, or one that is not a workbook', async () => {
    expect(readCsv(Buffer.from('统一社会信用代码,备注\n91310000631696382C,x\n'))).toEqual({
      ok: false,
      code: 'unknown_column',
      message: { zh: '未知的列：“备注”', en: 'unknown column(s): "备注"' },
    });
    expect(await readXlsx(Buffer.from('not a zip'))).toMatchObject({ ok: false, code: 'not_xlsx' });
  });

  it('round-trips 10,000 rows through xlsx: written, read and checked', async () => {
    const header = SHEET_COLUMNS.map((c) => c.header.zh);
    const data = Array.from({ length: 10_000 }, (_, i) => [
      composeCreditCode('91310115', `MA${String(i).padStart(6, '0')}`),
      `测试制造企业 ${i}`,
      '310115',
      String(13 + (i % 31)),
      null,
      20 + (i % 2000),
      3 + (i % 900),
    ]);
    const started = performance.now();
    const file = await xlsxOf([header, ...data], [0, 2, 3]);
    const written = performance.now();
    const rows = rowsOf(await readXlsx(file));
    const read = performance.now();
    const { valid, problems } = checkRows(rows);
    const checked = performance.now();
    expect(problems).toEqual([]);
    expect(valid).toHaveLength(10_000);
    expect(valid[9_999]!.enterprise.creditCode).toBe(data[9_999]![0]);
    console.log(
      `10,000 rows: xlsx ${(file.length / 1024).toFixed(0)} KB, write ${(written - started).toFixed(0)} ms, read ${(read - written).toFixed(0)} ms, check ${(checked - read).toFixed(0)} ms`,
    );
  }, 60_000);
});
