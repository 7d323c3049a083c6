/**
 * The engine's output: the kpis.json document of ../shared/spec/outputs.md, plus the
 * detail lists the workbooks show for the as-of date (stuck deals, top customers...).
 * Values are full precision; null always comes with a reason.
 */
import type { Config } from '../config/config';
import type { Dimension, IsoDate } from '../model/types';

export type Unit = 'count' | 'money' | 'fraction' | 'days' | 'money_per_day' | 'ratio' | 'score';
export type Better = 'higher' | 'lower' | 'neutral';
export type KpiGroup = 'pipeline' | 'customers' | 'loyalty' | 'surveys' | 'finance';

export interface KpiDefinition {
  id: string;
  label: string;
  unit: Unit;
  better: Better;
  group: KpiGroup;
  /** The definition in one plain sentence (definitions sheet, README). */
  formula: string;
  /** Shown on the weekly dashboard's summary sheet. */
  headline?: boolean;
  /** Computed per breakdown dimension (the pipeline and sales KPIs). */
  breakdown?: boolean;
  /**
   * Accumulates over the period (a count or money sum of things dated in it), so a target
   * is paced in a to-date period (kpis.md "Targets"); stocks, rates, means and scores are not.
   */
  accumulates?: boolean;
}

export interface Comparison {
  /** The prior period's value over the compared span. */
  value: number | null;
  /** value - prior; null when either is null. */
  change: number | null;
  /** (value - prior) / |prior|; null when prior is null or 0. */
  changePct: number | null;
  /** Id of the prior period, e.g. `FY2026-Q2`. */
  period: string;
  /** The compared span of the prior period (a to-date period compares the same number of days). */
  start: IsoDate;
  end: IsoDate;
  /** True when only the same span of the prior period was compared (to-date periods). */
  sameSpan: boolean;
  /** Why value (or changePct) is null, e.g. the prior period lies before the earliest data; else null. Added by the engine. */
  reason?: string | null;
}

export type TargetStatus = 'met' | 'at_risk' | 'behind';

export interface TargetResult {
  value: number;
  /**
   * kpis.md "Targets": in a to-date period, the target paced to the days elapsed
   * (as-of included) for KPIs that accumulate (counts, money sums); the target as it
   * is for rates, means and scores and in closed periods. Attainment and status
   * compare the value with this figure.
   */
  expectedToDate?: number;
  /** value/target (higher) or target/value (lower); null when it cannot be computed. */
  attainment: number | null;
  status: TargetStatus | null;
  /** `team=EMEA`, or '' for the whole company. */
  scope?: string;
  /** Why attainment or status is null, else null. Added by the engine. */
  reason?: string | null;
}

export interface KpiValue {
  value: number | null;
  unit: Unit;
  better: Better;
  reason: string | null;
  /** Quarters only. */
  previousQuarter?: Comparison;
  sameQuarterLastYear?: Comparison;
  /** Years only. */
  previousYear?: Comparison;
  target: TargetResult | null;
  /**
   * outputs.md: in the to-date quarter, `bookings` and `deals_won` (and the KPIs derived
   * from them) carry the expected value at quarter end and a 10th-90th percentile range.
   */
  forecast?: Forecast;
}

export interface Forecast {
  value: number;
  /** 10th percentile. */
  low: number;
  /** 90th percentile. */
  high: number;
  /** How it was made, e.g. `stage-history`: one short id, explained on the Definitions sheet. */
  method: string;
  /**
   * The point's parts: closed to date, weighted open pipeline, deals not yet created, and the
   * track-record correction of the still-to-win part: value = closed + (pipeline + newDeals) x correction.
   */
  parts?: { closed: number; pipeline: number; newDeals: number; correction: number };
}

export interface StageRow {
  stage: string;
  entered: number;
  avgDaysInStage: number | null;
  advanceRate: number | null;
  openInStage: number;
  stuck: number;
  /** Set on the stage(s) flagged as bottlenecks. */
  bottleneck: ('lowest_advance_rate' | 'longest_days_in_stage')[];
}

export interface BreakdownValue {
  value: number | null;
  reason?: string | null;
  target?: TargetResult | null;
}

export interface PeriodResult {
  id: string;
  kind: 'quarter' | 'year';
  start: IsoDate;
  end: IsoDate;
  toDate: boolean;
  kpis: Record<string, KpiValue>;
  stages: StageRow[];
  /** dimension -> dimension value (or "(none)") -> breakdown KPI id -> value */
  breakdowns: Record<Dimension, Record<string, Record<string, BreakdownValue>>>;
}

export interface KpiDocument {
  asOf: IsoDate;
  generatedAt: string;
  config: Config;
  periods: PeriodResult[];
}

export interface StuckDeal {
  dealId: string;
  customerId: string;
  customerName?: string;
  stage: string;
  enteredDate: IsoDate;
  daysInStage: number;
  amount: number;
  /** The upload left the amount blank (an open deal): shown blank, not as 0. */
  amountUnknown?: true;
  owner?: string;
  team?: string;
}

export interface OpenDeal {
  dealId: string;
  customerId: string;
  customerName?: string;
  stage: string;
  createdDate: IsoDate;
  amount: number;
  /** The upload left the amount blank (an open deal): shown blank, not as 0. */
  amountUnknown?: true;
  owner?: string;
  team?: string;
}

export interface TopCustomer {
  customerId: string;
  customerName?: string;
  wonAmount: number;
  share: number;
  cumulativeShare: number;
  segment: LoyaltySegment | null;
}

export type LoyaltySegment = 'loyal' | 'somewhat_loyal' | 'disloyal' | 'competitor_loyal';

/** Movement in one week (the as-of week is to date). */
export interface WeekMovement {
  id: string; // 2026-W47
  start: IsoDate;
  end: IsoDate;
  toDate: boolean;
  dealsCreated: number;
  dealsWon: number;
  bookings: number;
  dealsLost: number;
  newCustomers: number;
  surveyResponses: number;
  /** stage -> visits that started in the week */
  stageEntries: Record<string, number>;
  openPipelineValueAtEnd: number;
  openDealsAtEnd: number;
}

export interface Details {
  /** The current (to-date) quarter and year ids. */
  currentQuarter: string;
  currentYear: string;
  /** The week containing the as-of date, e.g. `2026-W47`. */
  currentWeek: string;
  /** This week (to date) and the previous 7 weeks, oldest first. */
  weeks: WeekMovement[];
  /** Deals open at the as-of date, stuck > stuckDays, longest first (full list). */
  stuckDeals: StuckDeal[];
  /** Deals open at the as-of date, largest amount first (full list). */
  openDeals: OpenDeal[];
  /** Customers by won amount over the 12 months ending at the as-of date, largest first. */
  topCustomers: TopCustomer[];
  /** Segment sizes at the as-of date. */
  loyaltySegments: Record<LoyaltySegment, number>;
  /** NPS answers 0..10 counted over the current quarter to date (index = score). */
  npsDistribution: number[];
  /** Finance rows the data-quality sheet must show (conflicts, partly covered quarters). Added by the engine. */
  financeIssues: FinanceIssue[];
  /**
   * Fair weeks: this week to date against the same weekdays (same number of days from
   * the week's start) of the previous week and of the same week last year.
   */
  weekComparison?: WeekComparison;
  /** How the quarter-end forecast did in past quarters (Definitions sheet, bench). */
  forecastBacktest?: ForecastBacktest;
}

export interface WeekComparison {
  /** Days compared from each week's start (1-7; 7 when the week is complete). */
  days: number;
  current: WeekMovement;
  /** The previous week's first `days` days. */
  previousWeek: WeekMovement;
  /** The same week of the previous year, its first `days` days; null before the earliest data. */
  sameWeekLastYear: WeekMovement | null;
}

/** One past quarter's forecast, made at the same day of that quarter as the as-of date. */
export interface ForecastBacktestRow {
  quarter: string;
  kpi: 'bookings' | 'deals_won';
  /** The day of the past quarter the forecast was made as of. */
  asOf: IsoDate;
  actual: number;
  /** Our forecast (point and range). */
  forecast: Forecast;
  /** Baselines: naive run rate, and fixed stage probabilities. */
  runRate: number;
  stageProbability: number;
}

export interface ForecastBacktestSummary {
  kpi: 'bookings' | 'deals_won';
  method: 'forecast' | 'run_rate' | 'stage_probability';
  quarters: number;
  /** Mean absolute percentage error over the quarters (null with none). */
  mape: number | null;
  /** Share of quarters whose actual fell in [low, high] (our method only, else null). */
  coverage: number | null;
}

export interface ForecastBacktest {
  rows: ForecastBacktestRow[];
  summary: ForecastBacktestSummary[];
}

/**
 * - `conflict`: a quarter has a quarter row and month rows; the quarter row is used.
 * - `partial_months`: a quarter has month rows for only some of its months (those
 *   begun by the as-of date) and no quarter row; it is computed from the months present.
 */
export interface FinanceIssue {
  kind: 'conflict' | 'partial_months';
  /** Fiscal quarter id, e.g. `FY2026-Q3`. */
  quarter: string;
  /** Month rows (`2026-07`) present for the quarter. */
  monthsPresent: string[];
  /** Months of the quarter (begun by the as-of date) without a row (partial_months only). */
  monthsMissing: string[];
  /** One sentence for the data-quality sheet. */
  message: string;
}

export interface ScorecardResult {
  document: KpiDocument;
  details: Details;
}
