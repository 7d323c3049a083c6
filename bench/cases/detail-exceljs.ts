/**
 * Our long-sheet writer on the 100k-row detail sheet: exceljs's streaming
 * WorkbookWriter (inline strings, styles on; each row committed as written), the way
 * shared/report writes long sheets. Same cells, formats, widths, frozen header and
 * filter as bench/py/detail_xlsxwriter.py.
 * Args: --rows N --out FILE
 */
import ExcelJS from 'exceljs';
import { DETAIL_HEADER, DETAIL_WIDTHS, detailRow } from '../lib/detail-cells';
import { args, emit, now, required } from '../lib/mem';

const a = args();
const rows = Number(a.rows ?? 100_000);
const out = required(a, 'out');

const t0 = now();
const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
const ws = wb.addWorksheet('Deals', { views: [{ state: 'frozen', ySplit: 1 }] });
ws.columns = DETAIL_HEADER.map((header, i) => ({
  header,
  width: DETAIL_WIDTHS[i],
  style: i === 3 || i === 4 ? { numFmt: 'yyyy-mm-dd' } : i === 5 ? { numFmt: '#,##0.00' } : i === 9 ? { numFmt: '0%' } : {},
}));
ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows + 1, column: DETAIL_HEADER.length } };
ws.getRow(1).font = { bold: true };
ws.getRow(1).commit();
for (let i = 1; i <= rows; i++) ws.addRow(detailRow(i)).commit();
ws.commit();
await wb.commit();
const ms = now() - t0;
emit({ rows, ms, rowsPerSec: rows / (ms / 1000) });
