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
 * percentile range is their spread (an 80% prediction interval, Student's t). Before that,
 * no correction and a normal approximation of the variance of the weighted deals (Bernoulli)
 * and of the run rate.
 */
import { f64, i32, tmp, withScratch } from './arena';
import type { PreparedDeals } from './prep';
import { OPEN, WON } from './prep';
import type { PipelineIndex } from './pipeline';
import type { DealVisits } from './stages';
import { NO_DAY, parseDay } from './days';
import { countIn, countingSort, lowerBound, rangeIn } from './util';
import { isoOfDay } from '../calendar/fiscal';
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
/** 90th percentile of Student's t with 1..10 degrees of freedom (index = df - 1). */
const T90 = [3.078, 1.886, 1.638, 1.533, 1.476, 1.44, 1.415, 1.397, 1.383, 1.372];

/**
 * Half-width multiplier of an 80% prediction interval for one more observation from n past
 * errors: t(0.9, n - 1) x sqrt(1 + 1/n) (a few quarters say little about the spread).
 */
export function predictionMultiplier(n: number): number {
  const t = n - 1 <= T90.length ? T90[n - 2] : n - 1 <= 15 ? 1.341 : n - 1 <= 30 ? 1.31 : Z90;
  return t * Math.sqrt(1 + 1 / n);
}
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
  /**
   * Per stage: its visits sorted by start day: start, end (-1: open at A), the deal's won day
   * (-1: not won as of A) and amount (copied, so the hot loops read sequentially).
   */
  byStage: { start: Int32Array; end: Int32Array; won: Int32Array; amount: Float64Array }[];
}

export function buildForecastHistory(p: PreparedDeals, global: PipelineIndex, visits: DealVisits, stages: string[]): ForecastHistory {
  return withScratch(() => history(p, global, visits, stages));
}

function history(p: PreparedDeals, global: PipelineIndex, visits: DealVisits, stages: string[]): ForecastHistory {
  const nv = visits.start.length;
  let lo = 0;
  let hi = 0;
  for (let v = 0; v < nv; v++) {
    if (v === 0 || visits.start[v] < lo) lo = visits.start[v];
    if (v === 0 || visits.start[v] > hi) hi = visits.start[v];
  }

  const deal = tmp.i32(nv); // temporaries from the engine's scratch space
  const { from, start, stage } = visits;
  const { status, closed, amount } = p;
  for (let i = 0; i < p.n; i++) for (let v = from[i]; v < from[i + 1]; v++) deal[v] = i;
  const all = tmp.i32(nv);
  for (let v = 0; v < nv; v++) all[v] = v;
  const order = countingSort(all, (v) => start[v], lo, hi);
  const counts = new Array<number>(stages.length).fill(0);
  for (let v = 0; v < nv; v++) counts[stage[v]]++;
  const byStage = counts.map((c) => ({ start: i32(c), end: i32(c), won: i32(c), amount: f64(c) }));
  const fill = new Array<number>(stages.length).fill(0);
  for (let k = 0; k < nv; k++) {
    const v = order[k];
    const s = byStage[stage[v]];
    const at = fill[stage[v]]++;
    s.start[at] = start[v];
    s.end[at] = visits.end[v];
    const i = deal[v];
    s.won[at] = status[i] === WON ? closed[i] : -1;
    s.amount[at] = amount[i];
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
  const atRisk = new Float64Array(D + 1);
  const wins = new Float64Array(D + 1);
  for (let r = 0; r < h.byStage.length; r++) {
    atRisk.fill(0);
    wins.fill(0);
    const { start, end, won, amount } = h.byStage[r]; // locals: the loop runs over every visit of the year
    const [i, j] = rangeIn(start, C - LOOKBACK_DAYS, C - H);
    for (let k = i; k < j; k++) {
      const st = start[k];
      const en = end[k];
      // at risk at ages 0 .. last: still in the stage (left at age en - st), window ended by C
      const last = Math.min(en === -1 ? MAX_AGE : en - st - 1, C - H - st, MAX_AGE);
      if (last < 0) continue;
      const weight = byAmount ? Math.max(0, amount[k]) : 1;
      atRisk[0] += weight;
      atRisk[last + 1] -= weight;
      if (won[k] < 0) continue;
      const w = won[k] - st; // won at age w: counted at ages d with d < w <= d + H
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
  }
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

/** One forecast (see forecastQuarters). */
export function forecastQuarter(h: ForecastHistory, q: ForecastQuery): QuarterForecast {
  return forecastQuarters(h, [q])[0];
}

/**
 * Forecasts for several (quarter, day) queries at once: one pass over the deals finds, for
 * each deal, the forecast days at which it was open (a binary search over the few days), so
 * the work is the deals open at those days, not every deal once per forecast.
 */
export function forecastQuarters(h: ForecastHistory, queries: ForecastQuery[]): QuarterForecast[] {
  const Q = queries.length;
  const D = MAX_AGE + 1;
  const { p, global: g, visits } = h;
  const fixed = fixedStageProbabilities(h.stages);
  // forecast days ascending, so a deal's visits are walked once across them
  const order = queries.map((_, k) => k).sort((a, b) => queries[a].C - queries[b].C);
  const days = order.map((k) => queries[k].C);
  // deals won counted by deals, bookings weighted by amount (larger deals may win more or less
  // often than small ones: renewals, say); deals with an expected close date: won at all
  const tables = order.map((k) => {
    const q = queries[k];
    const H = q.qe - q.C;
    const eventual = { byCount: null as Float64Array | null, byAmount: null as Float64Array | null };
    return { q, byCount: winWithin(h, q.C, H), byAmount: winWithin(h, q.C, H, true), eventual };
  });
  const pipeB = new Float64Array(Q);
  const varB = new Float64Array(Q);
  const pipeN = new Float64Array(Q);
  const varN = new Float64Array(Q);
  const fixedB = new Float64Array(Q);
  const fixedN = new Float64Array(Q);

  // open pipeline at each day C: created <= C and not closed on or before C
  // (locals: property reads on p are slow in a loop over every deal)
  const { created, status, closed, amount } = p;
  const { from: vFrom, start: vStart, stage: vStage } = visits;
  for (let i = 0; i < p.n; i++) {
    const lo = lowerBound(days, created[i]);
    const hi = status[i] === OPEN ? Q : lowerBound(days, closed[i]);
    if (lo >= hi) continue;
    const a = amount[i];
    let v = vFrom[i];
    const vEnd = vFrom[i + 1];
    let r = 0;
    let since = created[i];
    for (let t = lo; t < hi; t++) {
      const C = days[t];
      for (; v < vEnd && vStart[v] <= C; v++) {
        r = vStage[v];
        since = vStart[v];
      }
      const tb = tables[t];
      const age = r * D + Math.min(C - since, MAX_AGE);
      let wn = tb.byCount[age];
      let wa = tb.byAmount[age];
      if (tb.q.expectedCloseDates) {
        const ecd = expectedCloseDay(p.deals[i]);
        if (ecd !== NO_DAY && ecd > C) {
          const ev = tb.eventual;
          ev.byCount ??= winWithin(h, C, EVENTUAL_DAYS);
          ev.byAmount ??= winWithin(h, C, EVENTUAL_DAYS, true);
          wn = ecd <= tb.q.qe ? ev.byCount[age] : 0;
          wa = ecd <= tb.q.qe ? ev.byAmount[age] : 0;
        }
      }
      pipeB[t] += wa * a;
      varB[t] += wa * (1 - wa) * a * a;
      pipeN[t] += wn;
      varN[t] += wn * (1 - wn);
      fixedB[t] += fixed[r] * a;
      fixedN[t] += fixed[r];
    }
  }

  const out = new Array<QuarterForecast>(Q);
  order.forEach((k, t) => {
    const q = queries[k];
    const { qs, qe, C } = q;
    const [wi, wj] = rangeIn(g.wonDays, qs, C);
    const bookings: ForecastParts = { closed: g.wonAmtPre[wj] - g.wonAmtPre[wi], pipeline: pipeB[t], newDeals: 0, variance: varB[t] };
    const dealsWon: ForecastParts = { closed: wj - wi, pipeline: pipeN[t], newDeals: 0, variance: varN[t] };
    newDeals(g, q, bookings, dealsWon);
    const len = qe - qs + 1;
    const elapsed = C - qs + 1;
    out[k] = {
      bookings,
      dealsWon,
      runRate: { bookings: (bookings.closed * len) / elapsed, dealsWon: (dealsWon.closed * len) / elapsed },
      stageProbability: { bookings: bookings.closed + fixedB[t], dealsWon: dealsWon.closed + fixedN[t] },
    };
  });
  return out;
}

/**
 * Deals not yet created: the previous quarters' wins from deals created after the same day
 * of the quarter, scaled by the deals created in the RECENT_DAYS up to C against those up to
 * that same day (the current inflow).
 */
function newDeals(g: PipelineIndex, q: ForecastQuery, bookings: ForecastParts, dealsWon: ForecastParts): void {
  const offset = q.C - q.qs;
  const prior = q.prior.slice(0, RUN_RATE_QUARTERS);
  if (!prior.length) return;
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
  const leadsNow = countIn(g.createdDays, q.C - RECENT_DAYS + 1, q.C);
  const scale = leadsBefore > 0 ? leadsNow / (leadsBefore / prior.length) : 1;
  bookings.newDeals = mean(amounts) * scale;
  bookings.variance += sampleVariance(amounts) * scale * scale;
  dealsWon.newDeals = mean(counts) * scale;
  dealsWon.variance += sampleVariance(counts) * scale * scale;
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
 * The spread of n errors gives an 80% prediction interval with Student's t (predictionMultiplier).
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
    const k = predictionMultiplier(n);
    correction = Math.exp(m);
    value = x.closed + rem * correction;
    low = x.closed + rem * Math.exp(m - k * sd);
    high = x.closed + rem * Math.exp(m + k * sd);
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

export interface LiveForecast {
  bookings: Forecast;
  dealsWon: Forecast;
  backtest: ForecastBacktest;
}

/**
 * The live forecast (as of C in the to-date quarter) and its backtest: for every past quarter
 * (oldest first), the forecast made as of the same day of that quarter (as many days after its
 * start, clamped to its end) with what was known then, against what was won by its end. Each
 * forecast's correction and range use the errors of the quarters before it.
 */
export function forecastWithBacktest(h: ForecastHistory, live: ForecastQuery, past: BacktestQuarter[]): LiveForecast {
  const offset = live.C - live.qs;
  const queries: ForecastQuery[] = past.map((q) => ({ qs: q.qs, qe: q.qe, C: Math.min(q.qs + offset, q.qe), prior: q.prior, expectedCloseDates: false }));
  const made = forecastQuarters(h, [...queries, live]);
  const rows: ForecastBacktestRow[] = [];
  const errors = { bookings: [] as number[], deals_won: [] as number[] };
  past.forEach((q, k) => {
    const f = made[k];
    const [i, j] = rangeIn(h.global.wonDays, q.qs, q.qe);
    const actual = { bookings: h.global.wonAmtPre[j] - h.global.wonAmtPre[i], deals_won: j - i };
    const kpis: [ForecastBacktestRow['kpi'], 'bookings' | 'dealsWon'][] = [
      ['bookings', 'bookings'],
      ['deals_won', 'dealsWon'],
    ];
    for (const [kpi, key] of kpis) {
      const forecast = forecastRange(f[key], errors[kpi]);
      rows.push({ quarter: q.id, kpi, asOf: isoOfDay(queries[k].C), actual: actual[kpi], forecast, runRate: f.runRate[key], stageProbability: f.stageProbability[key] });
      const e = remainderError(f[key], actual[kpi]);
      if (e !== null) errors[kpi].push(e);
    }
  });
  const now = made[past.length];
  return {
    bookings: forecastRange(now.bookings, errors.bookings),
    dealsWon: forecastRange(now.dealsWon, errors.deals_won),
    backtest: { rows, summary: summarize(rows) },
  };
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

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

function sampleVariance(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
}
