/**
 * This week: the week to date against the same weekdays of the previous week and of
 * the same week last year (fair weeks, `details.weekComparison`), or against the whole
 * previous week when the engine gives no fair comparison (the header says which);
 * the last 8 weeks with a chart.
 */
import type ExcelJS from 'exceljs';
import type { WeekMovement } from '../../engine/types';
import { changeRules, COLORS } from '../book';
import { addr, changeFormat, COUNT_FORMAT, DATE_FORMAT, dateCell, num } from '../cells';
import type { SheetModule } from './module';
import type { DashboardContext } from './dashboard-context';
import type { Column } from '../sheet';

interface Measure {
  label: string;
  get: (w: WeekMovement) => number;
  unit: 'count' | 'money';
  better: 'higher' | 'lower';
}

export const thisWeek: SheetModule<DashboardContext> = {
  name: 'sheet.thisWeek',
  render(s, ctx) {
    const { t, details, config } = ctx;
    const weeks = details.weeks;
    const fair = details.weekComparison;
    const cur = fair?.current ?? weeks[weeks.length - 1];
    const prev = fair?.previousWeek ?? (weeks.length > 1 ? weeks[weeks.length - 2] : undefined);
    const lastYear = fair?.sameWeekLastYear ?? null;
    const weekText = (w: WeekMovement) => t('week.span', { week: w.id, start: w.start, end: w.end });
    let header: string;
    if (!cur) header = t('week.none');
    else if (fair) {
      header = t(lastYear ? 'week.fairHeader' : 'week.fairHeaderNoLy', {
        days: fair.days,
        current: weekText(cur),
        previous: prev ? weekText(prev) : t('common.na'),
        lastYear: lastYear ? weekText(lastYear) : t('common.na'),
      });
    } else header = t('week.wholeHeader', { current: weekText(cur), previous: prev ? weekText(prev) : t('common.na') });
    s.title([
      { text: t('week.title', { company: ctx.company }), kind: 'title' },
      { text: header },
    ]);
    s.widths([30, 15, 15, 13, 15, 13, 13, 13, 13, 16, 13]);
    s.wrapLine(2, 11);
    s.section(t(fair ? 'week.sectionFair' : 'week.section'));
    const money = ctx.money;
    const measures: Measure[] = [
      { label: t('week.dealsCreated'), get: (w) => w.dealsCreated, unit: 'count', better: 'higher' },
      { label: t('week.dealsWon'), get: (w) => w.dealsWon, unit: 'count', better: 'higher' },
      { label: t('week.bookings'), get: (w) => w.bookings, unit: 'money', better: 'higher' },
      { label: t('week.dealsLost'), get: (w) => w.dealsLost, unit: 'count', better: 'lower' },
      { label: t('week.newCustomers'), get: (w) => w.newCustomers, unit: 'count', better: 'higher' },
      { label: t('week.surveyResponses'), get: (w) => w.surveyResponses, unit: 'count', better: 'higher' },
      { label: t('week.openValueAtEnd'), get: (w) => w.openPipelineValueAtEnd, unit: 'money', better: 'higher' },
      { label: t('week.openDealsAtEnd'), get: (w) => w.openDealsAtEnd, unit: 'count', better: 'higher' },
      ...config.stages.map((st): Measure => ({ label: t('week.enteredStage', { stage: ctx.locale.stageLabel(st) }), get: (w) => w.stageEntries?.[st] ?? 0, unit: 'count', better: 'higher' })),
    ];
    const diff = (a: string, b: string): Column<Measure> => ({
      header: t('col.change'),
      key: `${a}-${b}`,
      value: (m, at) => {
        const x = at.col(a);
        const y = at.col(b);
        const cx = addr(x, at.row);
        const cy = addr(y, at.row);
        const va = valueOf(m, a);
        const vb = valueOf(m, b);
        const na = t('common.na');
        return { formula: `IF(OR(${cx}="",${cy}=""),"${na}",${cx}-${cy})`, result: va === null || vb === null ? na : va - vb } as ExcelJS.CellFormulaValue;
      },
      format: (m) => changeFormat({ unit: m.unit }, ctx.currency, ctx.locale),
      style: (c) => (c.alignment = { horizontal: 'right' }),
    });
    const valueOf = (m: Measure, key: string): number | null => {
      const w = key === 'cur' ? cur : key === 'prev' ? prev : lastYear;
      return w ? num(m.get(w)) : null;
    };
    const cols: Column<Measure>[] = [
      { header: t('week.measure'), value: (m) => m.label },
      { header: cur ? t(fair && !cur.toDate ? 'week.colCurrent' : cur.toDate ? 'week.colToDate' : 'week.colCurrent', { week: cur.id }) : t('week.thisWeek'), key: 'cur', value: (m) => valueOf(m, 'cur'), format: (m) => ctx.fmt({ unit: m.unit }) },
      { header: prev ? t(fair ? 'week.colSameDays' : 'week.colCurrent', { week: prev.id, days: fair?.days ?? 7 }) : t('week.lastWeek'), key: 'prev', value: (m) => valueOf(m, 'prev'), format: (m) => ctx.fmt({ unit: m.unit }) },
      diff('cur', 'prev'),
    ];
    if (fair) {
      cols.push(
        { header: lastYear ? t('week.colSameDays', { week: lastYear.id, days: fair.days }) : t('week.sameWeekLastYear'), key: 'ly', value: (m) => valueOf(m, 'ly'), format: (m) => ctx.fmt({ unit: m.unit }) },
        diff('cur', 'ly'),
      );
    }
    const measuresTop = s.row;
    const mt = s.table(cols, measures, { filter: false });
    for (let r = mt.firstRow; r <= mt.lastRow; r++) {
      const m = measures[r - mt.firstRow];
      changeRules(s.ws, mt.cell('cur-prev', r), m.better);
      if (fair) changeRules(s.ws, mt.cell('cur-ly', r), m.better);
    }
    s.skip(2);
    s.section(t('week.last8'));
    const label = (w: WeekMovement) => (w.toDate ? t('week.toDateLabel', { week: w.id }) : w.id);
    const wt = s.table<WeekMovement>(
      [
        { header: t('week.week'), key: 'week', value: label },
        { header: t('week.start'), value: (w) => dateCell(w.start), format: DATE_FORMAT },
        { header: t('week.end'), value: (w) => dateCell(w.end), format: DATE_FORMAT },
        { header: t('week.dealsCreated'), value: (w) => w.dealsCreated, format: COUNT_FORMAT },
        { header: t('week.dealsWon'), key: 'won', value: (w) => w.dealsWon, format: COUNT_FORMAT },
        { header: t('week.bookings'), key: 'bookings', value: (w) => w.bookings, format: money },
        { header: t('week.dealsLost'), value: (w) => w.dealsLost, format: COUNT_FORMAT },
        { header: t('week.newCustomers'), value: (w) => w.newCustomers, format: COUNT_FORMAT },
        { header: t('week.surveyResponses'), value: (w) => w.surveyResponses, format: COUNT_FORMAT },
        { header: t('week.openAtEnd'), value: (w) => w.openPipelineValueAtEnd, format: money },
        { header: t('week.openDealsAtEnd'), value: (w) => w.openDealsAtEnd, format: COUNT_FORMAT },
      ],
      weeks,
    );
    if (weeks.length) {
      const cats = weeks.map(label);
      s.chart(
        {
          title: t('week.chart'),
          kind: 'combo',
          series: [
            s.series(wt, 'week', 'bookings', { name: t('week.bookings'), categories: cats, values: weeks.map((w) => w.bookings), type: 'column', color: COLORS.chartBlue }),
            s.series(wt, 'week', 'won', { name: t('week.dealsWon'), categories: cats, values: weeks.map((w) => w.dealsWon), type: 'line', secondaryAxis: true, color: COLORS.chartOrange }),
          ],
          valueFormat: money,
          secondaryValueFormat: '#,##0',
          legend: 'bottom',
        },
        // beside the measures, so the sheet stays one page even with taller (Persian) rows
        { col: cols.length + 2, row: measuresTop, cols: Math.max(4, 11 - cols.length - 1), rows: Math.max(16, mt.lastRow - measuresTop + 1) },
      );
    }
    s.freeze(4);
    s.printArea(11, s.row);
  },
};
