/** Surveys: NPS, CSAT, CES and expectation gap by quarter with a chart; the NPS answer distribution. */
import { COLORS } from '../book';
import { COUNT_FORMAT, num } from '../cells';
import { orderedDefs, periodLabel, writeTrendTable } from '../kpi-tables';
import type { SheetModule } from './module';
import type { DashboardContext } from './dashboard-context';

export const surveys: SheetModule<DashboardContext> = {
  name: 'sheet.surveys',
  render(s, ctx) {
    const { t, quarters8, details } = ctx;
    const defs = orderedDefs(ctx.input.catalog.filter((d) => d.group === 'surveys'));
    s.title([
      { text: t('surveys.title', { company: ctx.company }), kind: 'title' },
      { text: t('surveys.subtitle', { quarter: ctx.currentHeader }) },
    ]);
    s.widths([30, ...quarters8.map(() => 15)]);
    const tt = writeTrendTable(s.ws, s.row, defs, quarters8, ctx.currency, t('surveys.kpi'), ctx);
    s.row = tt.lastRow + 2;
    const cats = quarters8.map((p) => periodLabel(p, ctx));
    const catRef = s.ref(tt.firstCol, tt.headerRow, tt.lastCol, tt.headerRow);
    const line = (id: string, secondary: boolean, color: string) => {
      const row = tt.rowOf.get(id);
      return row
        ? {
            name: ctx.label(id),
            categoriesRef: catRef,
            valuesRef: s.ref(tt.firstCol, row, tt.lastCol, row),
            categories: cats,
            values: quarters8.map((p) => num(p.kpis[id]?.value ?? null)),
            type: 'line' as const,
            ...(secondary ? { secondaryAxis: true } : {}),
            color,
          }
        : null;
    };
    const series = [line('nps', false, COLORS.chartBlue), line('csat', true, COLORS.chartOrange)].filter((x): x is NonNullable<typeof x> => x !== null);
    if (series.length) {
      s.chart(
        { title: t('surveys.chart'), kind: series.length > 1 ? 'combo' : 'line', series, valueFormat: '0', secondaryValueFormat: '0%', legend: 'bottom' },
        { col: 1, cols: 5, rows: 16 },
      );
    }
    // the answers table and its chart start a page: they would not fit under the trend chart
    s.breakBefore(s.row);
    s.section(t('surveys.answers', { quarter: ctx.currentHeader }));
    const dist = details.npsDistribution ?? [];
    const scores = Array.from({ length: 11 }, (_, i) => i);
    const dt = s.table<number>(
      [
        { header: t('surveys.score'), key: 'score', value: (x) => x, format: '0', style: (c) => (c.alignment = { horizontal: 'center' }) },
        { header: t('surveys.responses'), key: 'n', value: (x) => dist[x] ?? 0, format: COUNT_FORMAT },
        { header: t('surveys.group'), value: (x) => t(x <= 6 ? 'surveys.detractor' : x <= 8 ? 'surveys.passive' : 'surveys.promoter') },
      ],
      scores,
    );
    s.chart(
      {
        title: t('surveys.answersChart', { quarter: ctx.currentHeader }),
        kind: 'column',
        series: [s.series(dt, 'score', 'n', { name: t('surveys.responses'), categories: scores.map(String), values: scores.map((x) => dist[x] ?? 0), color: COLORS.chartNavy })],
        valueFormat: '#,##0',
        legend: 'none',
      },
      { col: 5, row: dt.headerRow, cols: 5, rows: 14 },
    );
    s.freeze(tt.headerRow + 1, 2);
    s.printArea(Math.max(9, tt.lastCol), Math.max(s.row, dt.headerRow + 15));
  },
};
