/**
 * Trends: headline KPIs over the last 8 quarters with three combo charts, then the
 * quarter-end forecast (actual to date, forecast point and 10th-90th percentile range,
 * quarter target) as a table and one chart per forecast KPI.
 */
import type { KpiDefinition, KpiValue } from '../../engine/types';
import { fiscalCalendar } from '../../calendar/fiscal-calendar';
import { COLORS } from '../book';
import { num, valueFormat } from '../cells';
import { orderedDefs, trendSeries, writeTrendTable } from '../kpi-tables';
import type { SheetModule } from './module';
import type { DashboardContext } from './dashboard-context';

const CHART_IDS = ['bookings', 'win_rate', 'new_customers', 'churn_rate', 'open_pipeline_value', 'nps'];

export const trends: SheetModule<DashboardContext> = {
  name: 'sheet.trends',
  render(s, ctx) {
    const { t, quarters8, quarter } = ctx;
    const ids = new Set(ctx.headlines.map((d) => d.id));
    const defs = [...ctx.headlines, ...orderedDefs(ctx.input.catalog.filter((d) => CHART_IDS.includes(d.id) && !ids.has(d.id)))];
    s.title([
      { text: t('trends.title', { company: ctx.company, n: quarters8.length }), kind: 'title' },
      { text: t('trends.subtitle', { from: quarters8[0]?.id ?? '', to: quarters8[quarters8.length - 1]?.id ?? '' }) },
    ]);
    s.widths([30, ...quarters8.map(() => 15)]);
    const tt = writeTrendTable(s.ws, s.row, defs, quarters8, ctx.currency, t('col.kpi'), ctx);
    s.ws.autoFilter = { from: { row: tt.headerRow, column: 1 }, to: { row: tt.lastRow, column: tt.lastCol } };
    s.freeze(tt.headerRow + 1, 2);
    s.row = tt.lastRow + 3;
    const seriesOf = (id: string, type: 'column' | 'line', secondaryAxis: boolean, color: string) =>
      trendSeries(s.name, tt, quarters8, id, { type, secondaryAxis, color }, ctx);
    const charts: { title: string; a: [string, string]; fmt: [string, string] }[] = [
      { title: t('trends.chartBookings'), a: ['bookings', 'win_rate'], fmt: [ctx.money, '0%'] },
      { title: t('trends.chartCustomers'), a: ['new_customers', 'churn_rate'], fmt: ['#,##0', '0.0%'] },
      { title: t('trends.chartPipeline'), a: ['open_pipeline_value', 'nps'], fmt: [ctx.money, '0'] },
    ];
    const chartRow = s.row;
    charts.forEach((c, i) => {
      const series = [seriesOf(c.a[0], 'column', false, COLORS.chartBlue), seriesOf(c.a[1], 'line', true, COLORS.chartOrange)].filter(
        (x): x is NonNullable<typeof x> => x !== null,
      );
      if (!series.length) return;
      s.chart(
        { title: c.title, kind: 'combo', series, valueFormat: c.fmt[0], secondaryValueFormat: c.fmt[1], legend: 'bottom' },
        i === 0 ? { col: 1, row: chartRow, cols: 3, rows: 18, advance: true } : { col: 4 + (i - 1) * 3, row: chartRow, cols: 3, rows: 18, advance: true },
      );
    });
    forecastBlock(s, ctx, quarter.kpis);
    s.printArea(Math.max(9, tt.lastCol), s.row);
  },
};

/** The forecast table and charts; nothing when the engine made no forecast. */
function forecastBlock(s: Parameters<SheetModule<DashboardContext>['render']>[0], ctx: DashboardContext, kpis: Record<string, KpiValue>): void {
  const { t } = ctx;
  const defs = ctx.input.catalog.filter((d) => kpis[d.id]?.forecast);
  if (!defs.length) return;
  // A new page for the forecast block: the trend charts above fill the first one.
  s.breakBefore(s.row);
  s.section(t('forecast.section', { quarter: ctx.quarter.id }), t('forecast.sectionNote', { asOf: ctx.doc.asOf, end: fiscalCalendar(ctx.config).quarterOf(ctx.doc.asOf).end }));
  const measures: { key: string; label: string; get: (kv: KpiValue) => number | null }[] = [
    { key: 'actual', label: t('forecast.actualToDate'), get: (kv) => num(kv.value) },
    { key: 'low', label: t('col.forecastLow'), get: (kv) => num(kv.forecast?.low ?? null) },
    { key: 'point', label: t('col.forecast'), get: (kv) => num(kv.forecast?.value ?? null) },
    { key: 'high', label: t('col.forecastHigh'), get: (kv) => num(kv.forecast?.high ?? null) },
    { key: 'target', label: t('col.targetQuarter'), get: (kv) => num(kv.target?.value ?? null) },
  ];
  const fmt = (d: KpiDefinition) => valueFormat({ unit: d.unit, id: d.id }, ctx.currency, ctx.locale);
  const ft = s.table(
    [
      { header: t('forecast.measure'), key: 'measure', value: (m) => m.label },
      ...defs.map((d) => ({ header: ctx.label(d.id), key: d.id, value: (m: (typeof measures)[number]) => m.get(kpis[d.id]), format: fmt(d) })),
    ],
    measures,
    { filter: false },
  );
  s.note(t('forecast.method', { method: [...new Set(defs.map((d) => kpis[d.id].forecast!.method))].join(', ') }));
  s.skip();
  const top = s.row;
  defs.forEach((d, i) => {
    s.chart(
      {
        title: t('forecast.chart', { kpi: ctx.label(d.id), quarter: ctx.quarter.id }),
        kind: 'column',
        series: [
          s.series(ft, 'measure', d.id, {
            name: ctx.label(d.id),
            categories: measures.map((m) => m.label),
            values: measures.map((m) => m.get(kpis[d.id])),
            color: COLORS.chartBlue,
          }),
        ],
        valueFormat: fmt(d),
        legend: 'none',
        dataLabels: true,
      },
      { col: 1 + i * 4, row: top, cols: i === 0 ? 3 : 4, rows: 16, advance: true },
    );
  });
}
