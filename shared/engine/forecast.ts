/**
 * The quarter-end forecast of bookings and deals won (outputs.md `forecast`), and its
 * backtest against what happened in past quarters. Plain functions over the engine's
 * indexes; nothing here reads a clock. Explained in docs/decisions/forecast-and-pacing.md.
 *
 * Forecast made as of day C for a quarter [qs, qe] (horizon H = qe - C days):
 *
 *   closed to date   deals won in [qs, C]
 * + open pipeline    every deal open at C, weighted by the company's own probability that a
 *                    deal in its stage, there for about as long (age bucket), is won within
 *                    the next H days. Learnt from the stage visits that started in the year
 *                    before C whose H-day window had ended by C (only what was known at C),
 *                    for each number of days in the stage.
 *                    A deal carrying an expected close date (live forecast only): probability
 *                    of being won at all (180-day horizon), if that date is in the quarter.
 * + deals not yet created: what deals created after the same day of each of the 4 previous
 *                    quarters won before their quarter's end, on average, scaled by the deals
 *                    created in the 30 days up to C against the 30 days up to that same day.
 *
 * Track record: the backtest forecasts every past quarter (with 4 quarters of deals before
 * it) as of the same day, in order; from 3 such quarters on, the still-to-win part (pipeline
 * + new deals) is corrected by the mean log error of the quarters before, and the 10th-90th
 * percentile range is their spread. Before that, no correction and a normal approximation
 * of the variance of the weighted deals (Bernoulli) and of the run rate.
 */
import { f64, i32 } from './arena';
import type { PreparedDeals } from './prep';
import { OPEN, WON } from './prep';
import type { PipelineIndex } from './pipeline';
import type { DealVisits } from './stages';
import { NO_DAY, parseDay } from './days';
import { countIn, countingSort, rangeIn } from './util';
import type { Forecast, ForecastBacktest, ForecastBacktestRow, ForecastBacktestSummary } from './types';

export const FORECAST_METHOD = 'stage-history';

/** Days in the current stage told apart; older deals count as this old. */
export const MAX_AGE = 365;
/** Stage visits that started this many days before the forecast day teach the probabilities. */
export const LOOKBACK_DAYS = 365;
/** Horizon of "won at all" for deals with an expected close date. */
export const EVENTUAL_DAYS = 180;
/** Pseudo-visits pulling a thin age bucket towards its stage's rate. */
const SHRINK = 5;
/** z of the 90th percentile of the normal distribution. */
const Z90 = 1.2815515655446004;
/** Past quarters averaged for the deals not yet created. */
const RUN_RATE_QUARTERS = 4;
/** The deals created in this many days up to the forecast day measure the current inflow. */
const RECENT_DAYS = 30;

/**
 * Salesforce's default opportunity stage probabilities (Prospecting 10%, Qualification 10%,
 * Proposal/Price Quote 75%, Negotiation/Review 90%) for the default stage names; other
 * configured stages get 10%..90% by their position in the pipeline.
 */
const FIXED_STAGE_PROBABILITY: Record<string, number> = { lead: 0.1, prospecting: 0.1, qualified: 0.1, qualification: 0.1, proposal: 0.75, negotiation: 0.9 };

export function fixedStageProbabilities(stages: string[]): number[] {
  const S = stages.length;
  return stages.map((s, r) => FIXED_STAGE_PROBABILITY[s] ?? (S > 1 ? 0.1 + (0.8 * r) / (S - 1) : 0.5));
}

/** What the forecast reads: the engine's indexes as of its as-of date A. */
export interface ForecastHistory {
  p: PreparedDeals;
  global: PipelineIndex;
  visits: DealVisits;
  stages: string[];
  /** Per stage: its visits sorted by start day (start, end or -1, deal). */
  byStage: { start: Int32Array; end: Int32Array; deal: Int32Array }[];
}

export function buildForecastHistory(p: PreparedDeals, global: PipelineIndex, visits: DealVisits, stages: string[]): ForecastHistory {
  const nv = visits.start.length;
  let lo = 0;
  let hi = 0;
  for (let v = 0; v < nv; v++) {
    if (v === 0 || visits.start[v] < lo) lo = visits.start[v];
    if (v === 0 || visits.start[v] > hi) hi = visits.start[v];
  }
  const deal = i32(nv);
  for (let i = 0; i < p.n; i++) for (let v = visits.from[i]; v < visits.from[i + 1]; v++) deal[v] = i;
  const all = i32(nv);
  for (let v = 0; v < nv; v++) all[v] = v;
  const order = countingSort(all, (v) => visits.start[v], lo, hi);
  const counts = new Array<number>(stages.length).fill(0);
  for (let v = 0; v < nv; v++) counts[visits.stage[v]]++;
  const byStage = counts.map((c) => ({ start: i32(c), end: i32(c), deal: i32(c) }));
  const fill = new Array<number>(stages.length).fill(0);
  for (let k = 0; k < nv; k++) {
    const v = order[k];
    const s = byStage[visits.stage[v]];
    const at = fill[visits.stage[v]]++;
    s.start[at] = visits.start[v];
    s.end[at] = visits.end[v];
    s.deal[at] = deal[v];
  }
  return { p, global, visits, stages, byStage };
}

/**
 * P(won within the next H days | in stage r for d days), per stage r (index r * (MAX_AGE + 1)
 * + d; ages past MAX_AGE count as MAX_AGE), from the visits to r that started in the year
 * before C, were still in r at age d and whose window (d, d + H] had ended by C (start <=
 * C - H - d): only what was known at C. One pass per stage: each visit adds to the days of
 * age it was at risk and to those at which its win (if any) lay within H days (difference
 * arrays), so every age has its exact rate. A thin age is pulled towards the stage's rate
 * at age 0 by SHRINK pseudo-visits.
 */
export function winWithin(h: ForecastHistory, C: number, H: number, byAmount = false): Float64Array {
  const D = MAX_AGE + 1;
  const out = f64(h.stages.length * D);
  const { closed, status, amount } = h.p;
  const atRisk = new Float64Array(D + 1);
  const wins = new Float64Array(D + 1);
  h.byStage.forEach((s, r) => {
    atRisk.fill(0);
    wins.fill(0);
    const [i, j] = rangeIn(s.start, C - LOOKBACK_DAYS, C - H);
    for (let k = i; k < j; k++) {
      const st = s.start[k];
      const en = s.end[k];
      // at risk at ages 0 .. last: still in the stage (left at age en - st), window ended by C
      const last = Math.min(en === -1 ? MAX_AGE : en - st - 1, C - H - st, MAX_AGE);
      if (last < 0) continue;
      const deal = s.deal[k];
      const weight = byAmount ? Math.max(0, amount[deal]) : 1;
      atRisk[0] += weight;
      atRisk[last + 1] -= weight;
      if (status[deal] !== WON) continue;
      const w = closed[deal] - st; // won at age w: counted at ages d with d < w <= d + H
      const lo = Math.max(0, w - H);
      const hi = Math.min(last, w - 1);
      if (lo > hi) continue;
      wins[lo] += weight;
      wins[hi + 1] -= weight;
    }
    let n = 0;
    let x = 0;
    let base = 0;
    // SHRINK pseudo-visits of the stage's mean amount when weighting by amount
    const shrink = byAmount ? (SHRINK * atRisk[0]) / Math.max(1, j - i) : SHRINK;
    for (let d = 0; d < D; d++) {
      n += atRisk[d];
      x += wins[d];
      if (d === 0) base = n > 0 ? x / n : 0;
      out[r * D + d] = (x + shrink * base) / (n + shrink);
    }
  });
  return out;
}

/** A forecast's parts, for bookings (amounts) and deals won (counts). */
export interface ForecastParts {
  closed: number;
  pipeline: number;
  newDeals: number;
  /** Variance of the weighted pipeline (independent Bernoulli deals) and of the run rate. */
  variance: number;
}

export interface QuarterForecast {
  bookings: ForecastParts;
  dealsWon: ForecastParts;
  /** Baselines: run rate of the quarter to date, and fixed stage probabilities (no timing). */
  runRate: { bookings: number; dealsWon: number };
  stageProbability: { bookings: number; dealsWon: number };
}

export interface ForecastQuery {
  /** The quarter forecast: first and last day. */
  qs: number;
  qe: number;
  /** The forecast day (qs <= C < qe). */
  C: number;
  /** The previous quarters (most recent first), for the deals not yet created. */
  prior: { s: number; e: number }[];
  /** Use the deals' expected close dates (the live forecast: the dates are as exported today). */
  expectedCloseDates: boolean;
}

const parts = (): ForecastParts => ({ closed: 0, pipeline: 0, newDeals: 0, variance: 0 });

export function forecastQuarter(h: ForecastHistory, q: ForecastQuery): QuarterForecast {
  const { qs, qe, C } = q;
  const { p, global: g, visits } = h;
  const H = qe - C;
  const D = MAX_AGE + 1;
  const bookings = parts();
  const dealsWon = parts();
  const fixed = fixedStageProbabilities(h.stages);
  const stageProbability = { bookings: 0, dealsWon: 0 };

  // closed to date
  const [wi, wj] = rangeIn(g.wonDays, qs, C);
  bookings.closed = g.wonAmtPre[wj] - g.wonAmtPre[wi];
  dealsWon.closed = wj - wi;

  // open pipeline at C: deals won counted by deals, bookings weighted by amount (larger deals
  // may win more or less often than small ones: renewals, say)
  const byCount = winWithin(h, C, H);
  const byAmount = winWithin(h, C, H, true);
  let eventual: { byCount: Float64Array; byAmount: Float64Array } | null = null;
  for (let k = 0; k < p.n; k++) {
    const i = p.byCreated[k];
    if (p.created[i] > C) break;
    if (p.status[i] !== OPEN && p.closed[i] <= C) continue;
    let r = 0;
    let since = p.created[i];
    for (let v = visits.from[i]; v < visits.from[i + 1] && visits.start[v] <= C; v++) {
      r = visits.stage[v];
      since = visits.start[v];
    }
    const age = r * D + Math.min(C - since, MAX_AGE);
    let wn = byCount[age];
    let wa = byAmount[age];
    if (q.expectedCloseDates) {
      const ecd = expectedCloseDay(p.deals[i]);
      if (ecd !== NO_DAY && ecd > C) {
        eventual ??= { byCount: winWithin(h, C, EVENTUAL_DAYS), byAmount: winWithin(h, C, EVENTUAL_DAYS, true) };
        wn = ecd <= qe ? eventual.byCount[age] : 0;
        wa = ecd <= qe ? eventual.byAmount[age] : 0;
      }
    }
    const a = p.amount[i];
    bookings.pipeline += wa * a;
    bookings.variance += wa * (1 - wa) * a * a;
    dealsWon.pipeline += wn;
    dealsWon.variance += wn * (1 - wn);
    stageProbability.bookings += fixed[r] * a;
    stageProbability.dealsWon += fixed[r];
  }
  stageProbability.bookings += bookings.closed;
  stageProbability.dealsWon += dealsWon.closed;

  // deals not yet created: the previous quarters' wins from deals created after the same day
  const offset = C - qs;
  const prior = q.prior.slice(0, RUN_RATE_QUARTERS);
  if (prior.length) {
    const amounts: number[] = [];
    const counts: number[] = [];
    let leadsBefore = 0;
    for (const x of prior) {
      const cut = Math.min(x.s + offset, x.e);
      const [i, j] = rangeIn(g.wonDays, cut + 1, x.e);
      let amt = 0;
      let n = 0;
      for (let k = i; k < j; k++) {
        if (g.wonDays[k] - g.wonCycle[k] <= cut) continue; // created on or before the same day
        amt += g.wonAmt[k];
        n++;
      }
      amounts.push(amt);
      counts.push(n);
      leadsBefore += countIn(g.createdDays, cut - RECENT_DAYS + 1, cut);
    }
    const leadsNow = countIn(g.createdDays, C - RECENT_DAYS + 1, C);
    const scale = leadsBefore > 0 ? leadsNow / (leadsBefore / prior.length) : 1;
    bookings.newDeals = mean(amounts) * scale;
    bookings.variance += sampleVariance(amounts) * scale * scale;
    dealsWon.newDeals = mean(counts) * scale;
    dealsWon.variance += sampleVariance(counts) * scale * scale;
  }

  const days = qe - qs + 1;
  const elapsed = C - qs + 1;
  return {
    bookings,
    dealsWon,
    runRate: { bookings: (bookings.closed * days) / elapsed, dealsWon: (dealsWon.closed * days) / elapsed },
    stageProbability,
  };
}

/** The optional `expected_close_date` of a deal (data contract, added by ingestion), as a day number. */
function expectedCloseDay(d: object): number {
  return parseDay((d as { expectedCloseDate?: unknown }).expectedCloseDate);
}

export const pointOf = (x: ForecastParts): number => x.closed + x.pipeline + x.newDeals;

/**
 * The forecast from its parts and the track record: `pastErrors` are log(actual remainder /
 * forecast remainder) of earlier quarters (remainder = what was still to be won after the
 * forecast day). With 3 or more, the remainder is corrected by their mean (the model's own
 * bias, measured out of sample) and the range is 10th-90th percentile of a normal spread of
 * their standard deviation; with fewer, no correction and a normal approximation of the
 * model's variance. The closed part is known: it is never corrected, and low >= closed.
 */
export function forecastRange(x: ForecastParts, pastErrors: number[]): Forecast {
  const rem = x.pipeline + x.newDeals;
  let value: number;
  let low: number;
  let high: number;
  let correction = 1;
  const n = pastErrors.length;
  if (n >= 3) {
    const m = mean(pastErrors);
    const sd = Math.sqrt(pastErrors.reduce((a, e) => a + (e - m) ** 2, 0) / (n - 1));
    correction = Math.exp(m);
    value = x.closed + rem * correction;
    low = x.closed + rem * Math.exp(m - Z90 * sd);
    high = x.closed + rem * Math.exp(m + Z90 * sd);
  } else {
    const sd = Math.sqrt(x.variance);
    value = x.closed + rem;
    low = value - Z90 * sd;
    high = value + Z90 * sd;
  }
  low = Math.max(low, x.closed);
  return { value, low, high: Math.max(high, low), method: FORECAST_METHOD, parts: { closed: x.closed, pipeline: x.pipeline, newDeals: x.newDeals, correction } };
}

/** log(actual remainder / forecast remainder), or null when either is not positive. */
export function remainderError(x: ForecastParts, actual: number): number | null {
  const rem = x.pipeline + x.newDeals;
  const got = actual - x.closed;
  return rem > 0 && got > 0 ? Math.log(got / rem) : null;
}

export interface BacktestQuarter {
  id: string;
  qs: number;
  qe: number;
  prior: { s: number; e: number }[];
}

/**
 * For every past quarter (oldest first), the forecast made as of the same day of that
 * quarter (`offset` days after its start, clamped to its end) with what was known then,
 * against what was won by its end.
 */
export function backtest(h: ForecastHistory, quarters: BacktestQuarter[], offset: number, isoOfDay: (d: number) => string): ForecastBacktest {
  const rows: ForecastBacktestRow[] = [];
  const errors = { bookings: [] as number[], deals_won: [] as number[] };
  for (const q of quarters) {
    const C = Math.min(q.qs + offset, q.qe);
    const f = forecastQuarter(h, { qs: q.qs, qe: q.qe, C, prior: q.prior, expectedCloseDates: false });
    const [i, j] = rangeIn(h.global.wonDays, q.qs, q.qe);
    const actual = { bookings: h.global.wonAmtPre[j] - h.global.wonAmtPre[i], deals_won: j - i };
    const made: [ForecastBacktestRow['kpi'], ForecastParts, 'bookings' | 'dealsWon'][] = [
      ['bookings', f.bookings, 'bookings'],
      ['deals_won', f.dealsWon, 'dealsWon'],
    ];
    for (const [kpi, x, key] of made) {
      const forecast = forecastRange(x, errors[kpi]);
      rows.push({ quarter: q.id, kpi, asOf: isoOfDay(C), actual: actual[kpi], forecast, runRate: f.runRate[key], stageProbability: f.stageProbability[key] });
      const e = remainderError(x, actual[kpi]);
      if (e !== null) errors[kpi].push(e);
    }
  }
  return { rows, summary: summarize(rows) };
}

export function summarize(rows: ForecastBacktestRow[]): ForecastBacktestSummary[] {
  const out: ForecastBacktestSummary[] = [];
  for (const kpi of ['bookings', 'deals_won'] as const) {
    const mine = rows.filter((r) => r.kpi === kpi);
    const methods: [ForecastBacktestSummary['method'], (r: ForecastBacktestRow) => number][] = [
      ['forecast', (r) => r.forecast.value],
      ['run_rate', (r) => r.runRate],
      ['stage_probability', (r) => r.stageProbability],
    ];
    for (const [method, get] of methods) {
      const scored = mine.filter((r) => r.actual > 0);
      const mape = scored.length ? mean(scored.map((r) => Math.abs(get(r) - r.actual) / r.actual)) : null;
      const coverage = method === 'forecast' && mine.length ? mine.filter((r) => r.actual >= r.forecast.low && r.actual <= r.forecast.high).length / mine.length : null;
      out.push({ kpi, method, quarters: mine.length, mape, coverage });
    }
  }
  return out;
}

/** The errors of the backtest rows of one KPI (for the live forecast). */
export function pastErrors(bt: ForecastBacktest, kpi: ForecastBacktestRow['kpi']): number[] {
  const out: number[] = [];
  for (const r of bt.rows) {
    if (r.kpi !== kpi || !r.forecast.parts) continue;
    const e = remainderError({ ...r.forecast.parts, variance: 0 }, r.actual);
    if (e !== null) out.push(e);
  }
  return out;
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

function sampleVariance(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
}
