/**
 * The quarterly finance review's own sheets: Quarter (every KPI beside the previous
 * quarter and the same quarter last year), financial Trends, Restatements. Its
 * "Fiscal year" sheet is the shared year comparison.
 */
import type ExcelJS from 'exceljs';
import type { KpiDefinition } from '../../engine/types';
import type { Restatement } from '../../model/types';
import { changeRules, COLORS } from '../book';
import { absChange, addr, changeFormat, changeScale, DATETIME_FORMAT, num, PCT_CHANGE_FORMAT, relChange, timestampCell, valueFormat } from '../cells';
import { changeFormula, lastQuarters, pctFormula, trendSeries, writeTrendTable } from '../kpi-tables';
import type { SheetModule } from './module';
import { priorHeader, priorText, type ReviewContext } from './review-context';
import { comparisonTable, priorYearSpan, yearComparison } from './year-comparison';

export const financeQuarter: SheetModule<ReviewContext> = {
  name: 'sheet.quarter',
  first: true,
  render(s, ctx) {
    const { t, period: q, doc, choice } = ctx;
    const anyKpi = Object.values(q.kpis)[0];
    const pq = anyKpi?.previousQuarter;
    const ly = anyKpi?.sameQuarterLastYear;
    const dates = (c: typeof pq) => (c ? t('span.dates', { start: c.start, end: c.end }) : t('common.na'));
    s.title([
      { text: t(q.toDate ? 'finance.titleToDate' : 'finance.title', { company: ctx.company, quarter: q.id }), kind: 'title' },
      { text: t('finance.subtitle', { quarter: q.id, start: q.start, end: q.end, asOf: doc.asOf, at: ctx.generated }), kind: 'subtitle' },
      ...(choice.note ? [{ text: ctx.reason(choice.note), kind: 'warning' as const }] : []),
      { text: t('finance.compared', { pq: priorText(ctx, pq), pqDates: dates(pq), ly: priorText(ctx, ly), lyDates: dates(ly) }) },
      { text: t('finance.changesNote') },
    ]);
    s.widths([17, 30, 15, 15, 13, 11, 15, 13, 11, 14, 12, 10, 60]);
    comparisonTable(s, ctx, q, [
      { header: priorHeader(ctx, pq, t('col.previousQuarter')), pick: (kv) => kv.previousQuarter },
      { header: priorHeader(ctx, ly, t('col.sameQuarterLastYear')), pick: (kv) => kv.sameQuarterLastYear },
    ]);
  },
};

export const financeYear = yearComparison({
  name: 'sheet.fiscalYear',
  year: (ctx) => {
    const id = ctx.period.id.replace(/-Q\d$/, '');
    return { id, period: ctx.doc.periods.find((p) => p.id === id && p.kind === 'year') };
  },
  lines: (ctx, fy) => {
    const py = Object.values(fy.kpis)[0]?.previousYear;
    return [
      { text: ctx.t(fy.toDate ? 'year.fyTitleToDate' : 'year.fyTitle', { company: ctx.company, year: fy.id, prior: py?.period ?? ctx.t('year.thePrevious') }), kind: 'title' },
      {
        text: ctx.t(fy.toDate ? 'year.fySubtitleToDate' : 'year.fySubtitle', { year: fy.id, start: fy.start, end: fy.end, asOf: ctx.doc.asOf, prior: priorYearSpan(ctx, fy) }),
        kind: 'subtitle',
      },
      { text: ctx.t('year.changesNote') },
    ];
  },
});

const FINANCE_TREND_IDS = [
  'revenue', 'gross_profit', 'gross_margin', 'bookings', 'net_new_revenue', 'expansion_revenue', 'cac', 'cost_to_serve', 'clv', 'clv_to_cac',
  'market_share', 'savings', 'crm_tco_to_date', 'crm_roi_to_date',
];

export function financeTrendDefs(catalog: KpiDefinition[]): KpiDefinition[] {
  const byId = new Map(catalog.map((d) => [d.id, d]));
  const picked = FINANCE_TREND_IDS.map((id) => byId.get(id)).filter((d): d is KpiDefinition => !!d);
  const extra = catalog.filter((d) => d.group === 'finance' && !FINANCE_TREND_IDS.includes(d.id));
  return [...picked, ...extra];
}

export const financeTrends: SheetModule<ReviewContext> = {
  name: 'sheet.trends',
  render(s, ctx) {
    const { t } = ctx;
    const qs = lastQuarters(ctx.doc.periods, ctx.period.id, 8);
    s.title([
      { text: t('finance.trendsTitle', { company: ctx.company, n: qs.length }), kind: 'title' },
      { text: t('finance.trendsSubtitle', { from: qs[0]?.id ?? '', to: qs[qs.length - 1]?.id ?? '' }) },
    ]);
    s.widths([30, ...qs.map(() => 15)]);
    const tt = writeTrendTable(s.ws, s.row, financeTrendDefs(ctx.input.catalog), qs, ctx.currency, t('col.kpi'), ctx);
    s.ws.autoFilter = { from: addr(1, tt.headerRow), to: addr(tt.lastCol, tt.lastRow) };
    s.freeze(tt.headerRow + 1, 2);
    const series = (id: string, type: 'column' | 'line', secondaryAxis: boolean, color: string) =>
      trendSeries(s.name, tt, qs, id, { type, secondaryAxis, color }, ctx);
    const row = tt.lastRow + 3;
    const charts = [
      { title: t('finance.chartRevenue'), series: [series('revenue', 'column', false, COLORS.chartBlue), series('gross_profit', 'column', false, COLORS.chartGrey), series('gross_margin', 'line', true, COLORS.chartOrange)], fmt2: '0%', at: { col: 1, cols: 4 } },
      { title: t('finance.chartBookings'), series: [series('bookings', 'column', false, COLORS.chartBlue), series('cac', 'line', true, COLORS.chartOrange)], fmt2: ctx.money, at: { col: 5, cols: 5 } },
    ];
    for (const c of charts) {
      const list = c.series.filter((x): x is NonNullable<typeof x> => x !== null);
      if (!list.length) continue;
      s.chart({ title: c.title, kind: 'combo', series: list, valueFormat: ctx.money, secondaryValueFormat: c.fmt2, legend: 'bottom' }, { ...c.at, row, rows: 18, advance: true });
    }
    s.printArea(Math.max(9, tt.lastCol), s.row);
  },
};

export const restatements: SheetModule<ReviewContext> = {
  name: 'sheet.restatements',
  render(s, ctx) {
    const { t } = ctx;
    const list = [...ctx.input.restatements].sort((a, b) =>
      a.restatedAt !== b.restatedAt ? (a.restatedAt < b.restatedAt ? 1 : -1) : a.periodId < b.periodId ? 1 : a.periodId > b.periodId ? -1 : a.kpi.localeCompare(b.kpi),
    );
    const shown = list.slice(0, ctx.max);
    s.title([
      { text: t('restatements.title', { company: ctx.company }), kind: 'title' },
      { text: list.length ? `${t('restatements.intro')} ${s.cap(shown.length, list.length, t('restatements.what'), t('restatements.order'))}` : t('restatements.none') },
      { text: t('restatements.changesNote') },
    ]);
    s.widths([13, 30, 15, 15, 13, 11, 21, 21, 40]);
    const defs = new Map(ctx.input.catalog.map((d) => [d.id, d]));
    const fk = (x: Restatement) => ({ unit: defs.get(x.kpi)?.unit ?? 'count', id: x.kpi }) as const;
    const tab = s.table<Restatement>(
      [
        { header: t('restatements.quarter'), value: (x) => x.periodId },
        { header: t('col.kpi'), value: (x) => ctx.label(x.kpi) },
        { header: t('restatements.old'), key: 'old', value: (x) => num(x.oldValue), format: (x) => valueFormat(fk(x), ctx.currency, ctx.locale) },
        { header: t('restatements.new'), key: 'new', value: (x) => num(x.newValue), format: (x) => valueFormat(fk(x), ctx.currency, ctx.locale) },
        {
          header: t('col.change'),
          value: (x, at) => ({
            formula: changeFormula(addr(at.col('new'), at.row), addr(at.col('old'), at.row), changeScale(fk(x).unit), t('common.na')),
            result: absChange(num(x.newValue), num(x.oldValue), fk(x).unit) ?? t('common.na'),
          }) as ExcelJS.CellFormulaValue,
          format: (x) => changeFormat(fk(x), ctx.currency, ctx.locale),
          style: right,
        },
        {
          header: t('col.changePct'),
          value: (x, at) => ({ formula: pctFormula(addr(at.col('new'), at.row), addr(at.col('old'), at.row), t('common.na')), result: relChange(num(x.newValue), num(x.oldValue)) ?? t('common.na') }) as ExcelJS.CellFormulaValue,
          format: PCT_CHANGE_FORMAT,
          style: right,
        },
        { header: t('restatements.firstPublished'), value: (x) => timestampCell(x.firstPublishedAt), format: DATETIME_FORMAT },
        { header: t('restatements.restated'), value: (x) => timestampCell(x.restatedAt), format: DATETIME_FORMAT },
        {
          header: t('col.note'),
          value: (x) => [x.oldValue === null ? t('restatements.oldNull') : '', x.newValue === null ? t('restatements.newNull') : ''].filter(Boolean).join(t('common.noteSeparator')) || null,
          style: (c) => (c.font = { italic: true, color: { argb: COLORS.subtle } }),
        },
      ],
      shown,
    );
    shown.forEach((x, i) => changeRules(s.ws, `${addr(5, tab.firstRow + i)}:${addr(6, tab.firstRow + i)}`, defs.get(x.kpi)?.better ?? 'neutral'));
    s.freeze(tab.firstRow, 3);
    s.printArea(9);
  },
};

const right = (c: { alignment: unknown }) => (c.alignment = { horizontal: 'right' });
