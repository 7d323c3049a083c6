/** Customers: loyalty segments with a doughnut, Pareto shares, top customers with a Pareto chart. */
import type ExcelJS from 'exceljs';
import type { LoyaltySegment, TopCustomer } from '../../engine/types';
import { COLORS, numberCell } from '../book';
import { COUNT_FORMAT, num, PCT_FORMAT, safeText } from '../cells';
import type { SheetModule } from './module';
import type { DashboardContext } from './dashboard-context';
import { segmentLabel, SEGMENTS } from './labels';

/** Top customers on the printed page (the Pareto chart beside them shows the top 20). */
const PRINTED_CUSTOMERS = 25;

export const customers: SheetModule<DashboardContext> = {
  name: 'sheet.customers',
  render(s, ctx) {
    const { t, doc, details, quarter } = ctx;
    s.title([
      { text: t('customers.title', { company: ctx.company }), kind: 'title' },
      { text: t('customers.subtitle', { asOf: doc.asOf }) },
    ]);
    s.widths([36, 14, 18, 12, 14, 22, 3]);
    s.section(t('customers.segments'));
    const segs = details.loyaltySegments;
    const total = SEGMENTS.reduce((a, k) => a + (segs?.[k] ?? 0), 0);
    const seg = s.table<LoyaltySegment>(
      [
        { header: t('customers.segment'), key: 'segment', value: (k) => segmentLabel(ctx, k) },
        { header: t('customers.customers'), key: 'n', value: (k) => segs?.[k] ?? 0, format: COUNT_FORMAT },
        {
          header: t('customers.share'),
          value: (k, at) => {
            const sum = `SUM($B$${at.row - SEGMENTS.indexOf(k)}:$B$${at.row - SEGMENTS.indexOf(k) + SEGMENTS.length - 1})`;
            const na = t('common.na');
            return { formula: `IF(${sum}=0,"${na}",B${at.row}/${sum})`, result: total === 0 ? na : (segs?.[k] ?? 0) / total } as ExcelJS.CellFormulaValue;
          },
          format: PCT_FORMAT,
          style: (c) => (c.alignment = { horizontal: 'right' }),
        },
      ],
      SEGMENTS,
      { filter: false },
    );
    const ws = s.ws;
    ws.getCell(s.row, 1).value = t('customers.total');
    ws.getCell(s.row, 1).font = { bold: true };
    ws.getCell(s.row, 2).value = { formula: `SUM(B${seg.firstRow}:B${seg.lastRow})`, result: total } as ExcelJS.CellFormulaValue;
    ws.getCell(s.row, 2).numFmt = COUNT_FORMAT;
    ws.getCell(s.row, 2).font = { bold: true };
    s.skip(2);
    const pk = (id: string) => num(quarter.kpis[id]?.value ?? null);
    for (const [id, key] of [['pareto_top20_share', 'customers.top20'], ['pareto_80_customer_share', 'customers.bring80']] as const) {
      ws.getCell(s.row, 1).value = t(key);
      numberCell(ws.getCell(s.row, 2), pk(id), PCT_FORMAT);
      if (pk(id) === null) ws.getCell(s.row, 3).value = quarter.kpis[id]?.reason ? ctx.reason(quarter.kpis[id].reason!) : null;
      s.skip();
    }
    s.chart(
      {
        title: t('customers.segmentsChart'),
        kind: 'doughnut',
        series: [s.series(seg, 'segment', 'n', { name: t('customers.customers'), categories: SEGMENTS.map((k) => segmentLabel(ctx, k)), values: SEGMENTS.map((k) => segs?.[k] ?? 0) })],
        varyColors: true,
        holeSize: 55,
        legend: 'right',
        dataLabels: true,
      },
      { col: 5, row: 4, cols: 3, rows: 14 },
    );
    s.row = Math.max(s.row + 2, 20);
    const top = details.topCustomers;
    const shown = top.slice(0, ctx.max);
    s.section(t('customers.top'), s.cap(shown.length, top.length, t('customers.topWhat'), t('customers.topOrder')));
    const printNoteRow = s.row;
    s.skip();
    const tt = s.table<TopCustomer>(
      [
        { header: t('col.customer'), key: 'customer', value: (c) => safeText(c.customerName || c.customerId) },
        { header: t('customers.customerId'), value: (c) => safeText(c.customerId) },
        { header: t('customers.wonAmount'), key: 'won', value: (c) => c.wonAmount, format: ctx.money },
        { header: t('customers.share'), value: (c) => num(c.share), format: PCT_FORMAT },
        { header: t('customers.cumulative'), key: 'cum', value: (c) => num(c.cumulativeShare), format: PCT_FORMAT },
        { header: t('customers.segment'), value: (c) => (c.segment ? segmentLabel(ctx, c.segment) : null), style: (c) => (c.alignment = { horizontal: 'center' }) },
      ],
      shown,
    );
    const n = Math.min(shown.length, 20);
    if (n > 0) {
      const cats = shown.slice(0, n).map((c) => c.customerName || c.customerId);
      s.chart(
        {
          title: t('customers.paretoChart', { n }),
          kind: 'combo',
          series: [
            s.series(tt, 'customer', 'won', { name: t('customers.wonAmountShort'), categories: cats, values: shown.slice(0, n).map((c) => c.wonAmount), type: 'column', color: COLORS.chartBlue }, n),
            s.series(tt, 'customer', 'cum', { name: t('customers.cumulativeAll'), categories: cats, values: shown.slice(0, n).map((c) => num(c.cumulativeShare)), type: 'line', secondaryAxis: true, color: COLORS.chartOrange }, n),
          ],
          valueFormat: ctx.money,
          secondaryValueFormat: '0%',
          legend: 'bottom',
        },
        // below the header row, which repeats on every printed page (a chart over it would print a sliver on each)
        { col: 8, row: tt.firstRow + 1, cols: 9, rows: 20 },
      );
    }
    s.freeze(4);
    // The printout holds the top customers and the Pareto chart (one page); the sheet holds them all.
    const printNote = s.printTop(16, tt, PRINTED_CUSTOMERS, tt.firstRow + 21);
    if (printNote) s.ws.getCell(printNoteRow, 1).value = printNote;
  },
};
