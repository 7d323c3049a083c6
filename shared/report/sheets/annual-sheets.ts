/** The annual review's own sheets: Quarters (both years quarter by quarter) and Highlights (chart data + charts). Its "Year" sheet is the shared year comparison. */
import { fiscalCalendar } from '../../calendar/fiscal-calendar';
import type { KpiDefinition, PeriodResult } from '../../engine/types';
import { COLORS } from '../book';
import { num, valueFormat } from '../cells';
import { orderedDefs, periodLabel } from '../kpi-tables';
import type { SheetModule } from './module';
import { priorYearSpan, yearComparison } from './year-comparison';
import type { ReviewContext } from './review-context';
import type { Column } from '../sheet';

const HIGHLIGHTS: { id: string; kind: 'column' | 'line' }[] = [
  { id: 'bookings', kind: 'column' },
  { id: 'revenue', kind: 'column' },
  { id: 'new_customers', kind: 'column' },
  { id: 'nps', kind: 'line' },
];

export const prevYearId = (ctx: ReviewContext) => {
  const cal = fiscalCalendar(ctx.config);
  return cal.previousYear(cal.periodById(ctx.period.id)).id;
};
const find = (ctx: ReviewContext, id: string): PeriodResult | undefined => ctx.doc.periods.find((p) => p.id === id);
const quarterIds = (ctx: ReviewContext, yearId: string) => fiscalCalendar(ctx.config).quartersOfYear(yearId).map((q) => q.id);

export const annualYear = yearComparison({
  name: 'sheet.year',
  first: true,
  year: (ctx) => ({ id: ctx.period.id, period: ctx.period }),
  lines: (ctx, fy) => [
    { text: ctx.t(fy.toDate ? 'annual.titleToDate' : 'annual.title', { company: ctx.company, year: fy.id }), kind: 'title' },
    { text: ctx.t('annual.subtitle', { year: fy.id, start: fy.start, end: fy.end, prior: priorYearSpan(ctx, fy), asOf: ctx.doc.asOf }), kind: 'subtitle' },
    ...(ctx.choice.note ? [{ text: ctx.reason(ctx.choice.note), kind: 'warning' as const }] : []),
    { text: ctx.t('annual.changesNote') },
  ],
});

export const annualQuarters: SheetModule<ReviewContext> = {
  name: 'sheet.quarters',
  render(s, ctx) {
    const { t, period: fy } = ctx;
    const prevId = prevYearId(ctx);
    const py = ctx.doc.periods.find((p) => p.id === prevId && p.kind === 'year');
    const col = (id: string) => ({ header: find(ctx, id) ? periodLabel(find(ctx, id)!, ctx) : id, period: find(ctx, id) });
    const cols = [...quarterIds(ctx, fy.id).map(col), { header: periodLabel(fy, ctx), period: fy }, ...quarterIds(ctx, prevId).map(col), { header: py ? periodLabel(py, ctx) : prevId, period: py }];
    s.title([
      { text: t('annual.quartersTitle', { company: ctx.company, year: fy.id, prior: prevId }), kind: 'title' },
      { text: t('annual.quartersSubtitle') },
    ]);
    s.widths([17, 30, ...cols.map(() => 14)]);
    const defs = orderedDefs(ctx.input.catalog);
    const tab = s.table<KpiDefinition>(
      [
        { header: t('col.area'), value: (d) => ctx.locale.groupLabel(d.group) },
        { header: t('col.kpi'), value: (d) => ctx.label(d.id) },
        ...cols.map((c, i) => ({
          header: c.header,
          value: (d: KpiDefinition) => num(c.period?.kpis[d.id]?.value ?? null),
          format: (d: KpiDefinition) => valueFormat({ unit: d.unit, id: d.id }, ctx.currency, ctx.locale),
          style: (cell: { fill: unknown; font: unknown }) => {
            if (i !== 4 && i !== 9) return;
            cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
            cell.font = { bold: true };
          },
        })),
      ],
      defs,
    );
    s.freeze(tab.firstRow, 3);
    s.printArea(tab.lastCol);
  },
};

export const annualHighlights: SheetModule<ReviewContext> = {
  name: 'sheet.highlights',
  render(s, ctx) {
    const { t, period: fy } = ctx;
    const prevId = prevYearId(ctx);
    const present = HIGHLIGHTS.filter((x) => ctx.input.catalog.some((d) => d.id === x.id));
    s.title([
      { text: t('annual.highlightsTitle', { company: ctx.company, year: fy.id, prior: prevId }), kind: 'title' },
      { text: t('annual.highlightsSubtitle') },
    ]);
    const cur = quarterIds(ctx, fy.id);
    const prev = quarterIds(ctx, prevId);
    const quarters = [0, 1, 2, 3];
    const qLabel = (i: number) => t('annual.q', { n: i + 1 });
    const columns: Column<number>[] = [{ header: t('annual.quarter'), key: 'q', value: qLabel }];
    const fmtOf = (id: string) => {
      const def = ctx.input.catalog.find((d) => d.id === id)!;
      return valueFormat({ unit: def.unit, id: def.id }, ctx.currency, ctx.locale);
    };
    for (const x of present) {
      for (const [year, ids] of [[fy.id, cur], [prevId, prev]] as const) {
        columns.push({ header: `${ctx.label(x.id)} ${year}`, key: `${x.id}:${year}`, value: (i) => num(find(ctx, ids[i])?.kpis[x.id]?.value ?? null), format: fmtOf(x.id) });
      }
    }
    s.widths([12, ...columns.slice(1).map(() => 17)]);
    const tab = s.table<number>(columns, quarters);
    s.freeze(tab.firstRow, 2);
    const top = s.row + 2;
    present.forEach((x, j) => {
      const mk = (year: string, ids: string[], color: string) =>
        s.series(tab, 'q', `${x.id}:${year}`, { name: year, categories: quarters.map(qLabel), values: ids.map((id) => num(find(ctx, id)?.kpis[x.id]?.value ?? null)), color });
      s.chart(
        {
          title: t('annual.highlightChart', { kpi: ctx.label(x.id), year: fy.id, prior: prevId }),
          kind: x.kind,
          series: [mk(fy.id, cur, COLORS.chartBlue), mk(prevId, prev, COLORS.chartGrey)],
          valueFormat: fmtOf(x.id).replace(/0\.0+/, '0'),
          legend: 'bottom',
        },
        // two by two, small enough that the table and all four charts print on one page
        { col: 1 + (j % 2) * 5, row: top + Math.floor(j / 2) * 15, cols: j % 2 === 0 ? 4 : 5, rows: 14, advance: true },
      );
    });
    s.printArea(Math.max(10, tab.lastCol), s.row);
  },
};
