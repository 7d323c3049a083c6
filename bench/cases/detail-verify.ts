/**
 * Not timed: checks that the two detail-sheet files hold the same cells (values of every
 * row of the first sheet, read back with exceljs's streaming reader; dates compared as
 * instants, numbers within 1e-9).
 * Args: --a FILE.xlsx --b FILE.xlsx
 */
import ExcelJS from 'exceljs';
import { args, emit, required } from '../lib/mem';

async function* rowsOf(file: string): AsyncGenerator<unknown[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit', hyperlinks: 'ignore' });
  for await (const ws of reader) {
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) yield (row.values as unknown[]).slice(1);
    return;
  }
}

const norm = (v: unknown) => (v instanceof Date ? `date:${v.getTime()}` : typeof v === 'number' ? `num:${v}` : v === undefined || v === null ? '' : `str:${String(v)}`);
function same(x: unknown, y: unknown): boolean {
  if (typeof x === 'number' && typeof y === 'number') return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));
  return norm(x) === norm(y);
}

const a = args();
const ra = rowsOf(required(a, 'a'));
const rb = rowsOf(required(a, 'b'));
let rows = 0;
let cells = 0;
const mismatches: string[] = [];
for (;;) {
  const [x, y] = await Promise.all([ra.next(), rb.next()]);
  if (x.done || y.done) {
    if (!x.done || !y.done) mismatches.push(`row counts differ after ${rows} rows`);
    break;
  }
  rows++;
  const n = Math.max(x.value.length, y.value.length);
  for (let i = 0; i < n; i++) {
    cells++;
    if (!same(x.value[i], y.value[i]) && mismatches.length < 10) mismatches.push(`row ${rows} col ${i + 1}: ${norm(x.value[i])} vs ${norm(y.value[i])}`);
  }
}
emit({ ok: mismatches.length === 0 && rows > 1, rows, cells, mismatches });
