/** What the dashboard's sheet modules share: the to-date quarter, its headline KPIs, the 8 quarters of the trends. */
import { ScorecardError } from '../../errors';
import type { Comparison, KpiDefinition, PeriodResult } from '../../engine/types';
import { lastQuarters, orderedDefs } from '../kpi-tables';
import { renderContext, type RenderContext } from '../render-context';
import type { ReportInput } from '../context';

/** Headline KPIs when the catalog marks none (keeps the summary useful with any catalog). */
const FALLBACK_HEADLINES = [
  'bookings', 'deals_won', 'win_rate', 'avg_deal_size', 'sales_cycle_days', 'open_pipeline_value', 'pipeline_velocity',
  'new_customers', 'active_customers', 'churn_rate', 'nps', 'csat', 'revenue', 'gross_margin',
];

export function headlineDefs(catalog: KpiDefinition[]): KpiDefinition[] {
  const marked = catalog.filter((d) => d.headline);
  if (marked.length) return orderedDefs(marked);
  return orderedDefs(catalog.filter((d) => FALLBACK_HEADLINES.includes(d.id)));
}

export interface DashboardContext extends RenderContext {
  /** The fiscal quarter containing the as-of date (to date). */
  quarter: PeriodResult;
  headlines: KpiDefinition[];
  /** The last 8 quarters ending with `quarter`, oldest first. */
  quarters8: PeriodResult[];
  /** `FY2026-Q4 to date` */
  currentHeader: string;
}

export function dashboardContext(input: ReportInput): DashboardContext {
  const base = renderContext(input);
  const { doc, details } = base;
  const quarter = doc.periods.find((p) => p.id === details.currentQuarter);
  if (!quarter) throw new ScorecardError(`engine result has no period ${details.currentQuarter}`);
  return {
    ...base,
    quarter,
    headlines: headlineDefs(input.catalog),
    quarters8: lastQuarters(doc.periods, quarter.id, 8),
    // English: "FY2026-Q4 to date"; other locales name the span as their reports do ("۲ ماهه منتهی به ...")
    currentHeader: base.locale.id === 'en' ? (quarter.toDate ? base.t('period.toDate', { period: quarter.id }) : quarter.id) : base.locale.periodLabel(quarter),
  };
}

/** `FY2026-Q3 2026-07-01 to 2026-08-22`, or n/a. */
export function spanText(ctx: RenderContext, c: Comparison | undefined): string {
  return c ? ctx.t('span.period', { period: c.period, start: c.start, end: c.end }) : ctx.t('common.na');
}
