/** The Definitions sheet every workbook ends with, generated from the KPI catalog. */
import type { Book } from './book';
import { freeze, headerRow, titleBlock, widths } from './book';
import type { KpiDefinition } from '../engine/types';
import { unitLabel } from './cells';
import { GROUP_LABEL, orderedDefs } from './kpi-tables';
import { localeOf } from '../i18n/locale';

const EN = localeOf('en');

export function writeDefinitions(book: Book, catalog: KpiDefinition[], currency: string, company: string): void {
  const ws = book.sheet('Definitions');
  const start = titleBlock(ws, [
    { text: `${company}: KPI definitions`, kind: 'title' },
    { text: 'How every number in this workbook is computed (the measurement framework). Ids match kpis.json and the targets file.' },
  ]);
  widths(ws, [26, 30, 17, 13, 17, 100]);
  const h = headerRow(ws, start, ['KPI id', 'KPI', 'Area', 'Unit', 'Direction', 'Definition']);
  let r = h + 1;
  for (const d of orderedDefs(catalog)) {
    const row = ws.getRow(r);
    row.values = [d.id, d.label, GROUP_LABEL[d.group] ?? d.group, unitLabel(d.unit, currency), EN.betterLabel(d.better), d.formula];
    row.getCell(6).alignment = { wrapText: true, vertical: 'top' };
    for (let c = 1; c <= 5; c++) row.getCell(c).alignment = { vertical: 'top' };
    const lines = Math.ceil(d.formula.length / 110);
    if (lines > 1) row.height = 15 * lines;
    r++;
  }
  ws.autoFilter = { from: { row: h, column: 1 }, to: { row: Math.max(h, r - 1), column: 6 } };
  freeze(ws, h + 1, 3);
}
