/**
 * A fiscal year beside the previous one (changes as live formulas): the finance
 * review's "Fiscal year" sheet and the annual review's "Year" sheet are this one module.
 */
import type { MessageKey } from '../../i18n/messages-en';
import type { PeriodResult } from '../../engine/types';
import { orderedDefs, periodLabel, writeComparisonTable, type ComparisonTableOptions } from '../kpi-tables';
import type { SheetModule } from './module';
import { priorHeader, priorText, type ReviewContext } from './review-context';
import type { TitleLine } from '../book';

export function yearComparison(o: {
  name: MessageKey;
  first?: boolean;
  /** The year shown: the annual review's year, or the year containing the finance review's quarter. */
  year: (ctx: ReviewContext) => { id: string; period: PeriodResult | undefined };
  /** Title block above the table (the annual review adds its choice note). */
  lines: (ctx: ReviewContext, fy: PeriodResult) => TitleLine[];
}): SheetModule<ReviewContext> {
  return {
    name: o.name,
    first: o.first,
    render(s, ctx) {
      const { t } = ctx;
      const { id, period: fy } = o.year(ctx);
      if (!fy) {
        s.title([
          { text: t('year.title', { company: ctx.company, year: id }), kind: 'title' },
          { text: t('year.noResults', { year: id }), kind: 'warning' },
        ]);
        s.freeze(3);
        return;
      }
      const py = Object.values(fy.kpis)[0]?.previousYear;
      s.title(o.lines(ctx, fy));
      s.widths([17, 30, 15, 15, 13, 11, 14, 12, 10, 60]);
      comparisonTable(s, ctx, fy, [{ header: priorHeader(ctx, py, t('col.previousYear')), pick: (kv) => kv.previousYear }]);
    },
  };
}

/**
 * Every KPI of `period` beside its priors (changes as live formulas), at the sheet's row
 * cursor, with the header frozen and the print area set to the table: the finance review's
 * quarter sheet and the year sheets.
 */
export function comparisonTable(
  s: Parameters<SheetModule<ReviewContext>['render']>[0],
  ctx: ReviewContext,
  period: PeriodResult,
  priors: ComparisonTableOptions['priors'],
): void {
  const tab = writeComparisonTable(s.ws, {
    defs: orderedDefs(ctx.input.catalog),
    period,
    currentHeader: periodLabel(period, ctx),
    priors,
    currency: ctx.currency,
    headerRowNumber: s.row,
    ctx,
  });
  s.row = tab.lastRow + 1;
  s.freeze(tab.headerRow + 1, 3);
  s.printArea(tab.lastCol);
}

/** `FY2025-Q1 2025-01-01 to ...` style span of the prior year for subtitles. */
export function priorYearSpan(ctx: ReviewContext, fy: PeriodResult): string {
  const py = Object.values(fy.kpis)[0]?.previousYear;
  return py ? ctx.t('span.priorWithDates', { prior: priorText(ctx, py), start: py.start, end: py.end }) : ctx.t('year.noPrevious');
}
