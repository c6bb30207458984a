// npm run bench -- sheets: an enterprise register of 10,000 rows through xlsx and CSV — written (exceljs, csv-stringify),
// read back and every row checked as a registration would be (src/enterprises/sheets/), each step timed; the
// baseline is JSON.stringify/parse of the same rows, so that the figures travel between machines as ratios.
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { composeCreditCode } from '../src/enterprises/credit-code';
import { checkRows } from '../src/enterprises/sheets/check';
import { SHEET_COLUMNS } from '../src/enterprises/sheets/columns';
import { readCsv, readXlsx } from '../src/enterprises/sheets/read';

const ROWS = 10_000;

export async function benchSheets(): Promise<void> {
  const header = SHEET_COLUMNS.map((c) => c.header.zh);
  const data = Array.from({ length: ROWS }, (_, i) => [
    composeCreditCode('91310115', `MA${String(i).padStart(6, '0')}`),
    `基准制造企业 ${i}`,
    '310115',
    String(13 + (i % 31)),
    null,
    20 + (i % 2000),
    3 + (i % 900),
  ]);
  const time = async <T>(work: () => T | Promise<T>): Promise<[T, number]> => {
    const start = performance.now();
    const out = await work();
    return [out, performance.now() - start];
  };

  const [json, jsonMs] = await time(() => JSON.parse(JSON.stringify(data)) as unknown[]);
  const [xlsx, writeMs] = await time(async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('register');
    for (const i of [1, 3, 4]) sheet.getColumn(i).numFmt = '@';
    sheet.addRow(header);
    for (const r of data) sheet.addRow(r);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  });
  const [read, readMs] = await time(() => readXlsx(xlsx));
  if (!read.ok) throw new Error(read.message.en);
  const [checked, checkMs] = await time(() => checkRows(read.rows));
  if (checked.valid.length !== ROWS) throw new Error(`${checked.problems.length} problems in the bench's own rows`);
  const csv = Buffer.from(stringify([header, ...data]));
  const [csvRead, csvMs] = await time(() => readCsv(csv));
  if (!csvRead.ok || csvRead.rows.length !== ROWS) throw new Error('CSV round trip lost rows');

  const r = (ms: number) => `${ms.toFixed(0)} ms (${(ms / jsonMs).toFixed(0)}× JSON)`;
  console.log(`${ROWS.toLocaleString('en')} rows (JSON round trip ${jsonMs.toFixed(1)} ms, ${json.length} rows)`);
  console.log(`  xlsx ${(xlsx.length / 1024).toFixed(0)} KB: write ${r(writeMs)}, read ${r(readMs)}; check ${r(checkMs)}; CSV read ${r(csvMs)}`);
}
