/** Pipeline: stage review with bottlenecks, the funnel chart, stuck deals (longest in stage first). */
import type { StageRow, StuckDeal } from '../../engine/types';
import { COLORS } from '../book';
import { COUNT_FORMAT, num, PCT_FORMAT, safeText } from '../cells';
import type { SheetModule } from './module';
import type { DashboardContext } from './dashboard-context';
import { dateColumn, dealColumns } from './deal-columns';

export const pipeline: SheetModule<DashboardContext> = {
  name: 'sheet.pipeline',
  render(s, ctx) {
    const { t, quarter, config, details } = ctx;
    s.title([
      { text: t('pipeline.title', { company: ctx.company }), kind: 'title' },
      { text: t('pipeline.subtitle', { quarter: ctx.currentHeader, start: quarter.start, end: quarter.end, asOf: ctx.doc.asOf }) },
    ]);
    s.widths([22, 36, 16, 13, 13, 14, 40, 16, 3]);
    s.section(t('pipeline.stageReview'));
    const stages: StageRow[] = quarter.stages ?? [];
    const st = s.table<StageRow>(
      [
        { header: t('col.stage'), key: 'stage', value: (x) => safeText(ctx.locale.stageLabel(x.stage)) },
        { header: t('pipeline.entered', { period: quarter.toDate ? t('period.qtd') : quarter.id }), key: 'entered', value: (x) => x.entered, format: COUNT_FORMAT },
        { header: t('pipeline.avgDays'), value: (x) => num(x.avgDaysInStage), format: `0.0"${ctx.locale.suffix.days}"` },
        { header: t('pipeline.advanceRate'), value: (x) => num(x.advanceRate), format: PCT_FORMAT },
        { header: t('pipeline.openNow'), key: 'open', value: (x) => x.openInStage, format: COUNT_FORMAT },
        { header: t('pipeline.stuck', { days: config.stuckDays }), value: (x) => x.stuck, format: COUNT_FORMAT },
        {
          header: t('pipeline.bottleneck'),
          value: (x) => (x.bottleneck ?? []).map((b) => t(b === 'lowest_advance_rate' ? 'pipeline.lowestAdvance' : 'pipeline.longestStay')).join(', ') || null,
          style: (c, x) => {
            if (!x.bottleneck?.length) return;
            c.font = { bold: true, color: { argb: COLORS.badFont } };
            c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLORS.badFill } };
          },
        },
      ],
      stages,
      { filter: false },
    );
    s.note(t(stages.length ? 'pipeline.stageNote' : 'pipeline.noStages'));
    if (stages.length) {
      const cats = stages.map((x) => ctx.locale.stageLabel(x.stage));
      s.chart(
        {
          title: t('pipeline.funnel', { period: quarter.toDate ? t('period.quarterToDate') : quarter.id }),
          kind: 'bar',
          series: [
            s.series(st, 'stage', 'entered', { name: t('pipeline.enteredStage'), categories: cats, values: stages.map((x) => x.entered), color: COLORS.chartBlue }),
            s.series(st, 'stage', 'open', { name: t('pipeline.openNow'), categories: cats, values: stages.map((x) => x.openInStage), color: COLORS.chartOrange }),
          ],
          valueFormat: '#,##0',
          legend: 'bottom',
          dataLabels: true,
        },
        { col: 10, row: 4, cols: 7, rows: Math.max(16, st.lastRow - 2) },
      );
    }
    s.row = Math.max(s.row + 2, 22);
    const stuck = details.stuckDeals;
    const shown = stuck.slice(0, ctx.max);
    s.section(t('pipeline.stuckDeals', { days: config.stuckDays }), s.cap(shown.length, stuck.length, t('pipeline.stuckWhat'), t('pipeline.stuckOrder')));
    s.skip();
    s.table(
      dealColumns<StuckDeal>(ctx, [
        dateColumn<StuckDeal>(t('pipeline.inStageSince'), (d) => d.enteredDate),
        { header: t('pipeline.daysInStage'), value: (d) => d.daysInStage, format: `#,##0"${ctx.locale.suffix.days}"` },
      ]),
      shown,
    );
    s.freeze(4);
    s.printArea(16);
  },
};
