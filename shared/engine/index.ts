/**
 * The measurement-framework engine: data in, as-of date in, every KPI of every fiscal
 * quarter and year out (kpis.md, outputs.md). Plain TypeScript, no I/O.
 *
 * Design for scale: the data is indexed once (columns of day numbers sorted by date,
 * prefix sums, merged coverage intervals, loyalty timelines); every period, comparison
 * span and breakdown value is then a handful of binary searches, and only the few
 * range-walking KPIs (median, distinct customers, 12-month windows) touch the deals of
 * the span itself.
 */
import { parseConfig, type Config } from '../config/config';
import type { Dataset, IsoDate, SurveyResponse, Target } from '../model/types';
import { DIMENSIONS } from '../model/types';
import { ScorecardError } from '../errors';
import { dayOf, isIsoDate, isoOfDay, sameSpan, toDate, type FiscalPeriod } from '../calendar/fiscal';
import { fiscalCalendar, type FiscalCalendar } from '../calendar/fiscal-calendar';
import { BREAKDOWN_KPI_IDS, KPI_CATALOG, kpiDefinition } from './catalog';
import { prepareDeals, sortedColumns, OPEN, type PreparedDeals, type SortedColumns } from './prep';
import { NO_DAY, parseDay } from './days';
import { withArena } from './arena';
import { buildPipelineIndex, CustomerStamp, openAt, pipelineKpis, wonIn, type PipelineIndex } from './pipeline';
import { BreakdownEngine, buildDimensionSlots, type DimensionSlots } from './breakdowns';
import {
  activeOn,
  activeOnBoth,
  buildCustomerModel,
  loyaltyAt,
  newCustomersIn,
  pareto,
  ranked,
  renewalsIn,
  SEGMENTS,
  WindowScratch,
  windowStats,
  type CustomerModel,
  type WindowStats,
} from './customers';
import { buildSurveyIndex, npsDistribution, surveyKpis, surveysIn } from './surveys';
import { buildStageIndex, stageEntries, stageRows } from './stages';
import { buildFinanceIndex, financeFor, missingReason, type FinanceIndex, type FinanceSpan } from './finance';
import { countIn, div, nul, ok, rangeIn, relativeChange, type Val } from './util';
import { judgeTarget, paceOf } from './targets';
import { buildForecastHistory, forecastWithBacktest, type LiveForecast } from './forecast';
import type {
  BreakdownValue,
  Comparison,
  Details,
  KpiDocument,
  KpiValue,
  OpenDeal,
  PeriodResult,
  ScorecardResult,
  StuckDeal,
  TopCustomer,
  WeekComparison,
  WeekMovement,
} from './types';

export { KPI_CATALOG } from './catalog';
export type * from './types';

export { NONE_VALUE } from './breakdowns';

/** A span of days: a (to-date) period or the compared span of a prior one. */
interface Span {
  start: IsoDate;
  end: IsoDate;
  kind: 'quarter' | 'year';
  /** The fiscal period the span belongs to. */
  periodId: string;
  /** Elapsed share of that period at the span's end (targets are paced by it); 1 when complete. */
  pace?: number;
}

/** A target the engine could not place, for the data-quality sheet. */
export interface IgnoredTarget {
  target: Target;
  reason: string;
}

/** Extra details beyond the shared Details type (engine diagnostics). */
export interface EngineDetails extends Details {
  ignoredTargets: IgnoredTarget[];
  diagnostics: {
    dealsAfterAsOf: number;
    dealsInvalid: number;
    stageEventsIgnored: number;
    dealsWithDerivedHistory: number;
    /** Survey responses dated after the as-of date or without a valid date. */
    surveysAfterAsOf: number;
    financeUnreadablePeriods: string[];
    /** Deals open at the as-of date whose upload left the amount blank (counted as 0 in pipeline sums). */
    openDealsAmountUnknown: number;
  };
}

export interface EngineResult extends ScorecardResult {
  details: EngineDetails;
}

/**
 * Typed-array bytes the indexes take per record (measured: ~495 MB at 1M deals, 2.09M stage
 * events, 0.5M surveys; ~50 MB at a tenth of that), with a little margin: the arena's chunk
 * is sized from them so one chunk usually holds everything (one full GC; see arena.ts).
 * Unused chunk space is never touched, so it costs address space, not memory.
 * The forecast adds ~34 bytes per stage visit (the stage index's per-deal visits, their
 * per-stage copy and its sort order) and ~16 per deal (visit offsets, derived visits).
 */
const ARENA_BYTES_PER = { deal: 336, stageEvent: 104, survey: 120 };

export function computeScorecard(data: Dataset, asOf: IsoDate, configIn: Config, generatedAt: string): EngineResult {
  const bytes = ARENA_BYTES_PER.deal * data.deals.length + ARENA_BYTES_PER.stageEvent * data.stageEvents.length + ARENA_BYTES_PER.survey * data.surveys.length;
  return withArena(bytes, () => compute(data, asOf, configIn, generatedAt));
}

function compute(data: Dataset, asOf: IsoDate, configIn: Config, generatedAt: string): EngineResult {
  if (!isIsoDate(asOf)) throw new ScorecardError(`as-of date must be YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
  // re-validated (cheap): a hand-built Config with e.g. fiscalYearStartMonth 13 fails here with a ConfigError
  const config = parseConfig(configIn);
  const cal = fiscalCalendar(config);
  const A = dayOf(asOf);
  const engine = new Engine(data, asOf, config);

  // ---- periods: every fiscal quarter and year from the earliest data through A
  const earliest = engine.earliestDate();
  const quarters = cal.quartersBetween(earliest, asOf);
  const years = cal.yearsBetween(earliest, asOf);
  const firstQuarterStart = quarters[0].start;
  const firstYearStart = years[0].start;
  const ordered: FiscalPeriod[] = [];
  for (const y of years) {
    for (const q of quarters) if (q.start >= y.start && q.end <= y.end) ordered.push(q);
    ordered.push(y);
  }

  const targets = engine.placeTargets(new Set(ordered.map((p) => p.id)));
  const spans: Span[] = ordered.map((period) => {
    const cut = toDate(period, asOf);
    return { start: cut.start, end: cut.end, kind: period.kind, periodId: period.id, pace: paceOf(period, cut.end) };
  });
  const breakdowns = engine.breakdowns(spans, targets.scoped);
  const periods: PeriodResult[] = ordered.map((period, k) => {
    const cut = toDate(period, asOf);
    const span = spans[k];
    const vals = engine.kpis(span);
    const kpis: Record<string, KpiValue> = {};
    for (const def of KPI_CATALOG) {
      const v = vals[def.id];
      const kv: KpiValue = { value: v.value, unit: def.unit, better: def.better, reason: v.reason, target: null };
      if (period.kind === 'quarter') {
        kv.previousQuarter = engine.compare(def.id, v, cut, cal.previousQuarter(period), 'quarter', firstQuarterStart);
        kv.sameQuarterLastYear = engine.compare(def.id, v, cut, cal.sameQuarterLastYear(period), 'quarter', firstQuarterStart);
      } else {
        kv.previousYear = engine.compare(def.id, v, cut, cal.previousYear(period), 'year', firstYearStart);
      }
      const t = targets.company.get(`${def.id}|${period.id}`);
      if (t !== undefined) kv.target = judgeTarget(v.value, t, def, '', span.pace);
      kpis[def.id] = kv;
    }
    return {
      id: period.id,
      kind: period.kind,
      start: cut.start,
      end: cut.end,
      toDate: cut.toDate,
      kpis,
      stages: engine.stages(span),
      breakdowns: breakdowns[k],
    };
  });

  const document: KpiDocument = { asOf, generatedAt, config, periods };
  const details = engine.details(A, targets.ignored, earliest);
  const fc = engine.forecast(quarters);
  if (fc) {
    const current = periods.find((p) => p.id === quarters[quarters.length - 1].id)!;
    current.kpis.bookings.forecast = fc.bookings;
    current.kpis.deals_won.forecast = fc.dealsWon;
    details.forecastBacktest = fc.backtest;
  }
  return { document, details };
}

export { attainment } from './targets';

// ===================================================================== engine

class Engine {
  readonly cal: FiscalCalendar;
  readonly A: number;
  readonly p: PreparedDeals;
  readonly cm: CustomerModel;
  readonly cols: SortedColumns;
  readonly global: PipelineIndex;
  readonly stamp: CustomerStamp;
  readonly scratch: WindowScratch;
  readonly surveysIx;
  readonly stageIx;
  readonly fin: FinanceIndex;
  readonly surveysAfterAsOf: number;
  readonly dims: DimensionSlots[];
  private breakdownEngine: BreakdownEngine | null = null;
  private readonly cache = new Map<string, Record<string, Val>>();
  private readonly windowCache = new Map<number, WindowStats>();
  private readonly goLiveQuarter: FiscalPeriod | null;

  constructor(
    readonly data: Dataset,
    readonly asOf: IsoDate,
    readonly config: Config,
  ) {
    this.cal = fiscalCalendar(config);
    this.A = dayOf(asOf);
    this.p = prepareDeals(data.deals, asOf, config);
    const { surveys, days: surveyDays } = surveysThrough(data.surveys, this.A);
    this.surveysAfterAsOf = data.surveys.length - surveys.length;
    this.cm = buildCustomerModel(this.p, surveys, surveyDays, config);
    this.cols = sortedColumns(this.p);
    this.global = buildPipelineIndex(this.cols);
    this.stamp = new CustomerStamp(this.p.customerIds.length);
    this.scratch = new WindowScratch(this.p.customerIds.length);
    this.surveysIx = buildSurveyIndex(surveys, surveyDays);
    this.stageIx = buildStageIndex(this.p, data.stageEvents, config);
    this.fin = buildFinanceIndex(data.finance, this.cal, asOf);
    this.dims = DIMENSIONS.map((dim) => buildDimensionSlots(this.p, dim));
    this.goLiveQuarter = config.crmGoLive ? this.cal.quarterOf(config.crmGoLive) : null;
  }

  earliestDate(): IsoDate {
    let min = this.A;
    if (this.p.n) min = Math.min(min, this.p.minDay);
    if (this.surveysIx.days.length) min = Math.min(min, this.surveysIx.days[0]);
    if (this.stageIx.minEventDay !== NO_DAY) min = Math.min(min, this.stageIx.minEventDay);
    for (const r of this.fin.rows) if (r.startDay <= this.A) min = Math.min(min, r.startDay);
    for (const id of this.fin.years.keys()) {
      const y = this.cal.tryPeriodById(id)!;
      if (y.start <= this.asOf) min = Math.min(min, dayOf(y.start));
    }
    return isoOfDay(min);
  }

  // ------------------------------------------------------------------ KPIs of a span

  kpis(span: Span): Record<string, Val> {
    const key = `${span.kind}|${span.periodId}|${span.start}|${span.end}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const s = dayOf(span.start);
    const e = dayOf(span.end);
    const out: Record<string, Val> = {
      ...pipelineKpis(this.global, s, e, this.stamp),
      ...this.customerKpis(span, s, e),
      ...this.loyaltyKpis(e),
      ...surveyKpis(this.surveysIx, s, e),
      ...this.financeKpis(span, s, e),
    };
    this.cache.set(key, out);
    return out;
  }

  private finance(span: Span, s: number, e: number): FinanceSpan {
    return financeFor(this.fin, s, e, span.kind === 'year' ? this.cal.yearOf(span.start).id : undefined);
  }

  private window(e: number): WindowStats {
    let w = this.windowCache.get(e);
    if (!w) {
      const ws = this.cal.monthsEndingStartDay(e, 12);
      const [i, j] = rangeIn(this.global.wonDays, ws, e);
      w = windowStats(this.global.wonCust, this.global.wonAmt, i, j, this.scratch);
      this.windowCache.set(e, w);
    }
    return w;
  }

  /** |S|, |E| and customers in both, for [s, e]. */
  private startEnd(s: number, e: number): { S: number; E: number; both: number } {
    const S = activeOn(this.cm, s - 1);
    const E = activeOn(this.cm, e);
    return { S, E, both: activeOnBoth(this.cm, s - 1, e) };
  }

  private customerKpis(span: Span, s: number, e: number): Record<string, Val> {
    const { S, E, both } = this.startEnd(s, e);
    const out: Record<string, Val> = {};
    const noStart = 'no customers active on the day before the period';
    const newCustomers = newCustomersIn(this.cm, s, e);
    out.new_customers = ok(newCustomers);
    out.active_customers = ok(E);
    out.churned_customers = ok(S - both);
    out.churn_rate = div(S - both, S, noStart);
    out.retention_rate = div(both, S, noStart);
    out.customer_growth_rate = div(E - S, S, noStart);
    const ren = renewalsIn(this.cm, s, e);
    out.renewal_rate = div(ren.renewed, ren.terms, 'no subscription terms end in period');
    const w = this.window(e);
    out.repeat_purchase_rate = div(w.repeatBuyers, w.buyers, 'no customers with a won deal in the 12 months ending at the period end');
    const par = pareto(w);
    const noPareto = 'no won amount in the 12 months ending at the period end';
    out.pareto_top20_share = par.top20 === null ? nul(noPareto) : ok(par.top20);
    out.pareto_80_customer_share = par.customersFor80 === null ? nul(noPareto) : ok(par.customersFor80);

    const fin = this.finance(span, s, e);
    const smc = fin.values.salesMarketingCost;
    out.cac = smc === null ? nul(missingReason(fin, 'salesMarketingCost')) : div(smc, newCustomers, 'no new customers in period');
    out.cost_to_serve = this.costToServe(fin, S, E);
    out.clv = this.clv(e, E);
    out.clv_to_cac = out.clv.value === null ? nul(`CLV unavailable: ${out.clv.reason}`) : out.cac.value === null ? nul(`CAC unavailable: ${out.cac.reason}`) : div(out.clv.value, out.cac.value, 'CAC is 0');
    return out;
  }

  private costToServe(fin: FinanceSpan, S: number, E: number): Val {
    const sc = fin.values.serviceCost;
    if (sc === null) return nul(missingReason(fin, 'serviceCost'));
    return div(sc, (S + E) / 2, 'no active customers before or at the end of the period');
  }

  private clv(e: number, E: number): Val {
    const ws = this.cal.monthsEndingStartDay(e, 12);
    const bookingsW = wonIn(this.global, ws, e).bookings;
    if (E === 0) return nul('no active customers at the period end');
    const startActive = activeOn(this.cm, ws - 1);
    if (startActive === 0) return nul('no customers active at the start of the 12 months ending at the period end');
    const lost = startActive - activeOnBoth(this.cm, ws - 1, e);
    const annualChurn = lost / startActive;
    if (annualChurn === 0) return nul('annual churn is 0 (lifetime unbounded)');
    // gross margin over the 12 months: finance rows starting in W
    const fin = financeFor(this.fin, ws, e);
    const rev = fin.values.revenue;
    const cor = fin.values.costOfRevenue;
    let gm: number;
    let note: string | null = null;
    if (rev === null && cor === null) {
      gm = 1;
      note = 'gross margin taken as 1: no finance revenue or cost of revenue for the 12 months';
    } else if (rev === null || cor === null) {
      return nul(`gross margin unavailable: ${rev === null ? 'revenue' : 'cost_of_revenue'} missing for the 12 months`);
    } else if (rev === 0) {
      return nul('gross margin unavailable: revenue is 0 for the 12 months');
    } else {
      gm = (rev - cor) / rev;
    }
    const v = ok(((bookingsW / E) * gm) / annualChurn);
    return note && v.value !== null ? { value: v.value, reason: note } : v;
  }

  private loyaltyKpis(e: number): Record<string, Val> {
    const counts = loyaltyAt(this.cm, e);
    const total = SEGMENTS.reduce((a, s) => a + counts[s], 0);
    const r = 'no segmented customers at the period end';
    return {
      loyal_share: div(counts.loyal, total, r),
      somewhat_loyal_share: div(counts.somewhat_loyal, total, r),
      disloyal_share: div(counts.disloyal, total, r),
      competitor_loyal_share: div(counts.competitor_loyal, total, r),
    };
  }

  // ------------------------------------------------------------------ finance KPIs

  private financeKpis(span: Span, s: number, e: number): Record<string, Val> {
    const fin = this.finance(span, s, e);
    const { revenue, marketRevenue } = fin.values;
    const out: Record<string, Val> = {};
    out.revenue = revenue === null ? nul(missingReason(fin, 'revenue')) : ok(revenue);
    out.gross_profit = grossProfit(fin);
    out.gross_margin = out.gross_profit.value === null ? nul(out.gross_profit.reason!) : div(out.gross_profit.value, revenue!, 'revenue is 0');
    out.market_share =
      revenue === null ? nul(missingReason(fin, 'revenue')) : marketRevenue === null ? nul(missingReason(fin, 'marketRevenue')) : div(revenue, marketRevenue, 'market revenue is 0');
    out.crm_tco_to_date = this.tcoToDate(e);
    out.crm_tco_3y = this.tco3y();
    out.savings = span.kind === 'quarter' ? this.savingsQuarter(s, e) : this.savingsYear(s, e);
    out.crm_roi_to_date = this.roi(e, out.crm_tco_to_date);
    return out;
  }

  private goLive(): FiscalPeriod | Val {
    return this.goLiveQuarter ?? nul('config crmGoLive is not set');
  }

  private tcoToDate(e: number): Val {
    const g = this.goLive();
    if ('value' in g) return g;
    const gs = dayOf(g.start);
    if (e < gs) return nul(`period ends before the CRM go-live quarter ${g.id}`);
    const fin = financeFor(this.fin, gs, e);
    return fin.values.crmCost === null ? nul(`no crm_cost in finance data since ${g.id}`) : ok(fin.values.crmCost);
  }

  private tco3y(): Val {
    const g = this.goLive();
    if ('value' in g) return g;
    const last = this.cal.shiftQuarter(g, 11);
    let sum: number | null = null;
    let covered = 0;
    for (let k = 0; k < 12; k++) {
      const q = this.cal.shiftQuarter(g, k);
      const v = financeFor(this.fin, dayOf(q.start), dayOf(q.end)).values.crmCost;
      if (v !== null) {
        sum = (sum ?? 0) + v;
        covered++;
      }
    }
    if (sum === null) return nul(`no crm_cost in finance data for ${g.id}..${last.id}`);
    return covered < 12 ? { value: sum, reason: `crm_cost present for ${covered} of the 12 quarters ${g.id}..${last.id}` } : ok(sum);
  }

  /** Baseline (mean over the 4 full quarters before go-live) of a quarterly figure. */
  private baseline(what: 'cost_to_serve' | 'gross_profit'): Val {
    const g = this.goLive();
    if ('value' in g) return g;
    let sum = 0;
    const ids: string[] = [];
    for (let k = 4; k >= 1; k--) {
      const q = this.cal.shiftQuarter(g, -k);
      ids.push(q.id);
      const s = dayOf(q.start);
      const e = dayOf(q.end);
      const fin = financeFor(this.fin, s, e);
      let v: Val;
      if (what === 'gross_profit') v = grossProfit(fin);
      else {
        const { S, E } = this.startEnd(s, e);
        v = this.costToServe(fin, S, E);
      }
      if (v.value === null) return nul(`baseline ${what} needs the 4 quarters before go-live (${q.id}: ${v.reason})`);
      sum += v.value;
    }
    return ok(sum / 4);
  }

  /** savings of a span inside one quarter (on or after the go-live quarter). */
  private savingsQuarter(s: number, e: number): Val {
    const g = this.goLive();
    if ('value' in g) return g;
    if (s < dayOf(g.start)) return nul(`period before the CRM go-live quarter ${g.id}`);
    const base = this.baseline('cost_to_serve');
    if (base.value === null) return base;
    const fin = financeFor(this.fin, s, e);
    const { S, E } = this.startEnd(s, e);
    const cts = this.costToServe(fin, S, E);
    if (cts.value === null) return nul(`cost to serve unavailable: ${cts.reason}`);
    return ok((base.value - cts.value) * ((S + E) / 2));
  }

  /** The quarters of [s, e] from go-live on, the last cut at e. */
  private quarterSpans(s: number, e: number): { s: number; e: number; id: string }[] | Val {
    const g = this.goLive();
    if ('value' in g) return g;
    const from = Math.max(s, dayOf(g.start));
    if (from > e) return nul(`period ends before the CRM go-live quarter ${g.id}`);
    return this.cal.quartersBetween(isoOfDay(from), isoOfDay(e)).map((q) => ({ s: dayOf(q.start), e: Math.min(dayOf(q.end), e), id: q.id }));
  }

  /** A year's savings: the sum of its quarters' savings from go-live on. */
  private savingsYear(s: number, e: number): Val {
    const qs = this.quarterSpans(s, e);
    if (!Array.isArray(qs)) return qs;
    let sum = 0;
    for (const q of qs) {
      const v = this.savingsQuarter(q.s, q.e);
      if (v.value === null) return nul(`${q.id}: ${v.reason}`);
      sum += v.value;
    }
    return ok(sum);
  }

  private roi(e: number, tco: Val): Val {
    const g = this.goLive();
    if ('value' in g) return g;
    if (tco.value === null) return nul(`CRM TCO to date unavailable: ${tco.reason}`);
    if (tco.value === 0) return nul('CRM TCO to date is 0');
    const qs = this.quarterSpans(dayOf(g.start), e);
    if (!Array.isArray(qs)) return qs;
    const baseGp = this.baseline('gross_profit');
    if (baseGp.value === null) return baseGp;
    let benefit = 0;
    for (const q of qs) {
      const sv = this.savingsQuarter(q.s, q.e);
      if (sv.value === null) return nul(`${q.id} savings: ${sv.reason}`);
      const gp = grossProfit(financeFor(this.fin, q.s, q.e));
      if (gp.value === null) return nul(`${q.id} gross profit: ${gp.reason}`);
      benefit += sv.value + gp.value - baseGp.value;
    }
    return ok((benefit - tco.value) / tco.value);
  }

  // ------------------------------------------------------------------ comparisons

  compare(kpi: string, current: Val, cut: { start: IsoDate; end: IsoDate; toDate: boolean }, prior: FiscalPeriod, kind: 'quarter' | 'year', firstStart: IsoDate): Comparison {
    const span = cut.toDate ? sameSpan(cut, prior) : { start: prior.start, end: prior.end };
    const base = { period: prior.id, start: span.start, end: span.end, sameSpan: cut.toDate };
    if (prior.start < firstStart) {
      return { ...base, value: null, change: null, changePct: null, reason: `no data before ${firstStart}: ${prior.id} is not covered` };
    }
    const pv = this.kpis({ ...span, kind, periodId: prior.id })[kpi];
    const v = current.value;
    const pr = pv.value;
    const change = v !== null && pr !== null ? v - pr : null;
    const changePct = relativeChange(v, pr);
    const reason = pr === null ? pv.reason : pr <= 0 && v !== null ? (pr === 0 ? 'prior value is 0: relative change n/a' : 'prior value is negative: relative change n/a') : null;
    return { ...base, value: pr, change, changePct, reason };
  }

  // ------------------------------------------------------------------ stages, breakdowns

  stages(span: Span) {
    return stageRows(this.stageIx, dayOf(span.start), dayOf(span.end));
  }

  /** Breakdowns of all spans at once (one sweep), with scoped targets placed on their values. */
  breakdowns(spans: Span[], scoped: Map<string, number>): PeriodResult['breakdowns'][] {
    this.breakdownEngine ??= new BreakdownEngine(this.p, this.cols, this.dims);
    const all = this.breakdownEngine.compute(spans.map((x) => ({ s: dayOf(x.start), e: dayOf(x.end) })));
    return all.map((b, k) => {
      const span = spans[k];
      const out = {} as PeriodResult['breakdowns'];
      for (const d of this.dims) {
        const byValue: Record<string, Record<string, BreakdownValue>> = {};
        for (const value of d.values) {
          const vals = b[d.dim][value];
          const rec: Record<string, BreakdownValue> = {};
          for (const id of BREAKDOWN_KPI_IDS) {
            const bv: BreakdownValue = { value: vals[id].value, reason: vals[id].reason };
            const t = scoped.get(`${id}|${span.periodId}|${d.dim}=${value}`);
            if (t !== undefined) bv.target = judgeTarget(vals[id].value, t, kpiDefinition(id)!, `${d.dim}=${value}`, span.pace);
            rec[id] = bv;
          }
          byValue[value] = rec;
        }
        out[d.dim] = byValue;
      }
      return out;
    });
  }

  placeTargets(periodIds: Set<string>): { company: Map<string, number>; scoped: Map<string, number>; ignored: IgnoredTarget[] } {
    const company = new Map<string, number>();
    const scoped = new Map<string, number>();
    const ignored: IgnoredTarget[] = [];
    const valuesOf = new Map(this.dims.map((d) => [d.dim as string, new Map(d.values.map((v) => [v.toLowerCase(), v]))]));
    for (const t of this.data.targets) {
      const def = kpiDefinition(String(t.kpi).trim().toLowerCase());
      if (!def) {
        ignored.push({ target: t, reason: `unknown KPI id "${t.kpi}"` });
        continue;
      }
      if (!Number.isFinite(t.target)) {
        ignored.push({ target: t, reason: 'target is not a number' });
        continue;
      }
      const p = this.cal.tryPeriodById(t.period);
      if (!p || !periodIds.has(p.id)) {
        ignored.push({ target: t, reason: p ? `period ${p.id} is not reported (outside the data through the as-of date)` : `not a fiscal period id "${t.period}"` });
        continue;
      }
      const scope = (t.scope ?? '').trim();
      if (!scope) {
        company.set(`${def.id}|${p.id}`, t.target);
        continue;
      }
      const m = /^([a-z_]+)\s*=\s*(.+)$/i.exec(scope);
      const dim = m?.[1].toLowerCase();
      const values = dim ? valuesOf.get(dim) : undefined;
      if (!m || !values) {
        ignored.push({ target: t, reason: `scope "${scope}" is not dimension=value with a dimension of ${DIMENSIONS.join(', ')}` });
        continue;
      }
      if (!def.breakdown) {
        ignored.push({ target: t, reason: `${def.id} is not computed per ${dim} (only the pipeline and sales KPIs are)` });
        continue;
      }
      const value = values.get(m[2].trim().toLowerCase());
      if (!value) {
        ignored.push({ target: t, reason: `no deals with ${dim}=${m[2].trim()}` });
        continue;
      }
      scoped.set(`${def.id}|${p.id}|${dim}=${value}`, t.target);
    }
    return { company, scoped, ignored };
  }

  // ------------------------------------------------------------------ forecast

  /**
   * The to-date quarter's quarter-end forecast of bookings and deals won, and the backtest
   * of the same forecast at the same day of every past quarter with 4 quarters of data
   * before it (forecast.ts). Null when the as-of date is a quarter's last day.
   */
  forecast(quarters: FiscalPeriod[]): LiveForecast | null {
    const cur = quarters[quarters.length - 1];
    if (this.asOf >= cur.end) return null;
    const first = this.p.minDay; // the earliest deal: the forecast learns from deals only
    const priorOf = (q: FiscalPeriod) =>
      [1, 2, 3, 4]
        .map((k) => this.cal.shiftQuarter(q, -k))
        .filter((x) => dayOf(x.start) >= first)
        .map((x) => ({ s: dayOf(x.start), e: dayOf(x.end) }));
    const h = buildForecastHistory(this.p, this.global, this.stageIx.visits, this.stageIx.stages);
    const past = quarters
      .slice(0, -1)
      .filter((q) => dayOf(this.cal.shiftQuarter(q, -4).start) >= first)
      .map((q) => ({ id: q.id, qs: dayOf(q.start), qe: dayOf(q.end), prior: priorOf(q) }));
    const live = { qs: dayOf(cur.start), qe: dayOf(cur.end), C: this.A, prior: priorOf(cur), expectedCloseDates: true };
    return forecastWithBacktest(h, live, past);
  }

  // ------------------------------------------------------------------ details

  /** A week's movement over its days from the start through day e (the whole week or its first days). */
  private movement(w: { id: string; start: IsoDate; end: IsoDate }, e: number): WeekMovement {
    const s = dayOf(w.start);
    const won = wonIn(this.global, s, e);
    const open = openAt(this.global, e);
    return {
      id: w.id,
      start: w.start,
      end: isoOfDay(e),
      toDate: e < dayOf(w.end),
      dealsCreated: countIn(this.global.createdDays, s, e),
      dealsWon: won.count,
      bookings: won.bookings,
      dealsLost: countIn(this.global.lostDays, s, e),
      newCustomers: newCustomersIn(this.cm, s, e),
      surveyResponses: surveysIn(this.surveysIx, s, e),
      stageEntries: stageEntries(this.stageIx, s, e),
      openPipelineValueAtEnd: open.value,
      openDealsAtEnd: open.count,
    };
  }

  /**
   * Fair weeks: this week to date against the same number of days from the start of the
   * previous week and of the same week last year (same week number of the previous
   * week-year, or its last week when it has no such number); null before the earliest data.
   */
  weekComparison(current: WeekMovement, A: number, earliest: IsoDate): WeekComparison {
    const days = A - dayOf(current.start) + 1;
    const cut = (w: { id: string; start: IsoDate; end: IsoDate }) => this.movement(w, dayOf(w.start) + days - 1);
    const wk = this.cal.weekOf(current.start);
    const [year, num] = [Number(wk.id.slice(0, 4)), wk.id.slice(6)];
    const back52 = this.cal.shiftWeek(wk, -52);
    const back53 = this.cal.shiftWeek(wk, -53);
    const lastYear = back53.id === `${year - 1}-W${num}` || !back52.id.startsWith(`${year - 1}-`) ? back53 : back52;
    return {
      days,
      current,
      previousWeek: cut(this.cal.shiftWeek(wk, -1)),
      sameWeekLastYear: lastYear.start < earliest ? null : cut(lastYear),
    };
  }

  details(A: number, ignoredTargets: IgnoredTarget[], earliest: IsoDate): EngineDetails {
    const asOf = this.asOf;
    const cq = toDate(this.cal.quarterOf(asOf), asOf);
    const cy = this.cal.yearOf(asOf);
    const wk = this.cal.weekOf(asOf);
    const weeks: WeekMovement[] = [];
    for (let k = 7; k >= 0; k--) {
      const w = this.cal.shiftWeek(wk, -k);
      weeks.push(this.movement(w, Math.min(dayOf(w.end), A)));
    }
    const p = this.p;
    const st = this.stageIx;
    const stuckDeals: StuckDeal[] = [];
    const openDeals: OpenDeal[] = [];
    let openDealsAmountUnknown = 0;
    for (let i = 0; i < p.n; i++) {
      if (p.status[i] !== OPEN) continue;
      const d = p.deals[i];
      const stage = st.currentName[i] ?? d.stage ?? st.stages[0];
      const unknown = d.amountUnknown ? ({ amountUnknown: true } as const) : {};
      if (d.amountUnknown) openDealsAmountUnknown++;
      openDeals.push({ dealId: d.dealId, customerId: d.customerId, customerName: d.customerName, stage, createdDate: d.createdDate, amount: d.amount, owner: d.owner, team: d.team, ...unknown });
      if (st.currentRank[i] >= 0 && A - st.currentStart[i] > this.config.stuckDays) {
        stuckDeals.push({
          dealId: d.dealId, customerId: d.customerId, customerName: d.customerName, stage, enteredDate: isoOfDay(st.currentStart[i]),
          daysInStage: A - st.currentStart[i], amount: d.amount, owner: d.owner, team: d.team, ...unknown,
        });
      }
    }
    stuckDeals.sort((a, b) => b.daysInStage - a.daysInStage || b.amount - a.amount || a.dealId.localeCompare(b.dealId));
    openDeals.sort((a, b) => b.amount - a.amount || a.dealId.localeCompare(b.dealId));
    const w = this.window(A);
    let cum = 0;
    const topCustomers: TopCustomer[] = ranked(w).map((r) => {
      cum += r.amount;
      const seg = this.cm.segmentAtAsOf[r.customer];
      return {
        customerId: p.customerIds[r.customer],
        customerName: p.customerNames[r.customer],
        wonAmount: r.amount,
        share: w.total > 0 ? r.amount / w.total : 0,
        cumulativeShare: w.total > 0 ? cum / w.total : 0,
        segment: seg >= 0 ? SEGMENTS[seg] : null,
      };
    });
    return {
      weekComparison: this.weekComparison(weeks[weeks.length - 1], A, earliest),
      currentQuarter: cq.id,
      currentYear: cy.id,
      currentWeek: wk.id,
      weeks,
      stuckDeals,
      openDeals,
      topCustomers,
      loyaltySegments: loyaltyAt(this.cm, A),
      npsDistribution: npsDistribution(this.surveysIx, dayOf(cq.start), A),
      financeIssues: this.fin.issues,
      ignoredTargets,
      diagnostics: {
        dealsAfterAsOf: p.excludedAfterAsOf,
        dealsInvalid: p.excludedInvalid,
        stageEventsIgnored: st.ignoredEvents,
        dealsWithDerivedHistory: st.derivedDeals,
        surveysAfterAsOf: this.surveysAfterAsOf,
        financeUnreadablePeriods: this.fin.unreadable,
        openDealsAmountUnknown,
      },
    };
  }
}

/** The survey responses with a valid date on or before day A, and their day numbers (each date parsed once). */
function surveysThrough(all: SurveyResponse[], A: number): { surveys: SurveyResponse[]; days: Int32Array } {
  const surveys: SurveyResponse[] = [];
  const days = new Int32Array(all.length);
  for (const r of all) {
    const d = parseDay(r.respondedDate);
    if (d === NO_DAY || d > A) continue;
    days[surveys.length] = d;
    surveys.push(r);
  }
  return { surveys, days: days.subarray(0, surveys.length) };
}

function grossProfit(fin: FinanceSpan): Val {
  const { revenue, costOfRevenue } = fin.values;
  if (revenue === null) return nul(missingReason(fin, 'revenue'));
  if (costOfRevenue === null) return nul(missingReason(fin, 'costOfRevenue'));
  return ok(revenue - costOfRevenue);
}
