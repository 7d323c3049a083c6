/**
 * The customer activity model of kpis.md, from coverage intervals merged per customer
 * (never day by day): active counts by binary search, S(P)/E(P) overlap by one pass over
 * the merged intervals, renewals, the 12-month windows (repeat purchase, Pareto, CLV
 * inputs) and loyalty segments as piecewise-constant timelines per customer.
 */
import { f64, i32, i8, tmp, withScratch } from './arena';
import type { Config } from '../config/config';
import type { SurveyResponse } from '../model/types';
import { fiscalCalendar, type FiscalCalendar, type MonthShift } from '../calendar/fiscal-calendar';
import type { PreparedDeals } from './prep';
import { OPEN, WON } from './prep';
import { countIn, countingSort, lowerBound, prefix, upperBound } from './util';
import type { LoyaltySegment, LoyaltySegment as Seg } from './types';

export const SEGMENTS: readonly Seg[] = ['loyal', 'somewhat_loyal', 'disloyal', 'competitor_loyal'];

export interface CustomerModel {
  customers: number;
  /** Merged coverage intervals grouped by customer (custOff[c]..custOff[c+1]), sorted by start. */
  custOff: Int32Array;
  mStart: Int32Array;
  mEnd: Int32Array;
  /** Interval starts and ends, each sorted, for active counts. */
  sortedStarts: Int32Array;
  sortedEnds: Int32Array;
  /** Acquisition days (first won closed day per customer), sorted. */
  acquisitions: Int32Array;
  /** Subscription terms: end days sorted, and prefix count of renewed ones. */
  termEnds: Int32Array;
  termRenewedPre: Float64Array;
  /** Loyalty: counts[seg][day - baseDay] for days baseDay..asOfDay. */
  loyaltyBase: number;
  loyaltyCounts: Int32Array[];
  /** Segment of each customer at A (-1 = not segmented). */
  segmentAtAsOf: Int8Array;
  bothCache: Map<string, number>;
}

/** Last day covered by a won deal closed on day c (kpis.md: closed + N months - 1 day, months of the configured calendar). */
export function coverageEnd(closedDay: number, contractMonths: number, config: Config): number {
  const n = contractMonths > 0 ? contractMonths : config.activityWindowMonths;
  return fiscalCalendar(config).addMonthsDay(closedDay, n) - 1;
}

/**
 * `surveys` are the responses dated on or before A and `surveyDays` their day numbers
 * (same order), parsed once by the caller.
 */
export function buildCustomerModel(p: PreparedDeals, surveys: SurveyResponse[], surveyDays: Int32Array, config: Config): CustomerModel {
  const C = p.customerIds.length;
  const cal = fiscalCalendar(config);
  // "closed + N months" per closed day, memoised per term length (a few distinct lengths, ~1.5k days)
  const shifts = new Map<number, MonthShift>();
  const endOfMonths = (day: number, months: number): number => {
    let sh = shifts.get(months);
    if (!sh) shifts.set(months, (sh = cal.monthShift(months, p.minDay, p.asOfDay)));
    return sh.at(day) - 1;
  };
  // won deals grouped by customer, closed order within the customer
  let nWon = 0;
  for (let k = 0; k < p.byClosed.length; k++) if (p.status[p.byClosed[k]] === WON) nWon++;
  const wonByClosed = i32(nWon);
  for (let k = 0, w = 0; k < p.byClosed.length; k++) if (p.status[p.byClosed[k]] === WON) wonByClosed[w++] = p.byClosed[k];
  const wonByCust = countingSort(wonByClosed, (i) => p.customer[i], 0, Math.max(0, C - 1));

  // merge coverage intervals per customer
  const custOff = i32(C + 1);
  const ms: number[] = [];
  const me: number[] = [];
  const acq: number[] = [];
  const termEnd: number[] = [];
  const termRenewed: number[] = [];
  const grace = config.renewalGraceDays;
  let k = 0;
  for (let c = 0; c < C; c++) {
    custOff[c] = ms.length;
    const from = k;
    while (k < wonByCust.length && p.customer[wonByCust[k]] === c) k++;
    if (from === k) continue;
    acq.push(p.closed[wonByCust[from]]);
    // intervals are sorted by start (closed day); merge overlapping or adjacent ones
    let cs = -1;
    let ce = -1;
    for (let t = from; t < k; t++) {
      const i = wonByCust[t];
      const s = p.closed[i];
      const cmi = p.contractMonths[i];
      const e = endOfMonths(s, cmi > 0 ? cmi : config.activityWindowMonths); // = coverageEnd(s, cmi, config)
      if (cs < 0) {
        cs = s;
        ce = e;
      } else if (s <= ce + 1) {
        if (e > ce) ce = e;
      } else {
        ms.push(cs);
        me.push(ce);
        cs = s;
        ce = e;
      }
    }
    ms.push(cs);
    me.push(ce);
    // renewals: subscription deals of this customer
    for (let t = from; t < k; t++) {
      const i = wonByCust[t];
      const cm = p.contractMonths[i];
      if (cm <= 0) continue;
      const end = endOfMonths(p.closed[i], cm);
      let renewed = 0;
      for (let u = t + 1; u < k; u++) {
        const j = wonByCust[u];
        if (p.contractMonths[j] <= 0 || p.closed[j] <= p.closed[i]) continue;
        // the first subscription deal closed strictly after the original decides
        renewed = p.closed[j] <= end + grace ? 1 : 0;
        break;
      }
      termEnd.push(end);
      termRenewed.push(renewed);
    }
  }
  custOff[C] = ms.length;
  const mStart = Int32Array.from(ms);
  const mEnd = Int32Array.from(me);
  const sortedStarts = Int32Array.from(ms).sort();
  const sortedEnds = Int32Array.from(me).sort();
  const acquisitions = Int32Array.from(acq).sort();
  const termOrder = termEnd.map((_, i) => i).sort((a, b) => termEnd[a] - termEnd[b]);
  const termEnds = Int32Array.from(termOrder.map((i) => termEnd[i]));
  const termRenewedPre = prefix(termOrder.map((i) => termRenewed[i]));

  const loyalty = withScratch(() => buildLoyalty(p, surveys, surveyDays, custOff, mStart, mEnd, cal));
  return {
    customers: C, custOff, mStart, mEnd, sortedStarts, sortedEnds, acquisitions, termEnds, termRenewedPre,
    loyaltyBase: loyalty.base, loyaltyCounts: loyalty.counts, segmentAtAsOf: loyalty.atAsOf, bothCache: new Map(),
  };
}

/** Customers active on day d. */
export function activeOn(m: CustomerModel, d: number): number {
  return upperBound(m.sortedStarts, d) - lowerBound(m.sortedEnds, d);
}

/** Customers active on both day x and day y (x <= y): one pass over the merged intervals, cached. */
export function activeOnBoth(m: CustomerModel, x: number, y: number): number {
  const key = `${x}:${y}`;
  const hit = m.bothCache.get(key);
  if (hit !== undefined) return hit;
  let n = 0;
  const { custOff, mStart, mEnd } = m;
  for (let c = 0; c < m.customers; c++) {
    let ax = false;
    let ay = false;
    for (let t = custOff[c], u = custOff[c + 1]; t < u; t++) {
      const s = mStart[t];
      if (s > y) break;
      const e = mEnd[t];
      if (s <= x && x <= e) ax = true;
      if (y <= e) ay = true; // s <= y here
    }
    if (ax && ay) n++;
  }
  m.bothCache.set(key, n);
  return n;
}

export function newCustomersIn(m: CustomerModel, s: number, e: number): number {
  return countIn(m.acquisitions, s, e);
}

export function renewalsIn(m: CustomerModel, s: number, e: number): { terms: number; renewed: number } {
  const i = lowerBound(m.termEnds, s);
  const j = upperBound(m.termEnds, e);
  return { terms: Math.max(0, j - i), renewed: j > i ? m.termRenewedPre[j] - m.termRenewedPre[i] : 0 };
}

/** Segment counts at the end of day d. */
export function loyaltyAt(m: CustomerModel, d: number): Record<LoyaltySegment, number> {
  const out = { loyal: 0, somewhat_loyal: 0, disloyal: 0, competitor_loyal: 0 } as Record<LoyaltySegment, number>;
  const idx = d - m.loyaltyBase;
  if (idx < 0) return out;
  SEGMENTS.forEach((s, k) => {
    const arr = m.loyaltyCounts[k];
    out[s] = arr[Math.min(idx, arr.length - 1)];
  });
  return out;
}

// ------------------------------------------------------------------ loyalty timelines

// event codes, processed in this order within a day (then the segment is evaluated)
const EV_COVER_END = 0; // day after a merged coverage interval
const EV_WINDOW_OUT = 1; // a won deal leaves the 24-month window
const EV_COVER_START = 2;
const EV_LOST_OTHER = 3;
const EV_LOST_COMPETITOR = 4;
const EV_WON = 5; // after lost: a won and a lost deal closed the same day -> the won one is "latest"
const EV_NPS = 6; // + score 0..10 -> 6..16

/** First day on which a deal closed on day c is no longer in "the 24 months ending d" (months of `cal`). */
export function windowOut(c: number, cal: FiscalCalendar): number {
  // d is in the window iff addMonths(d, -24) + 1 <= c, i.e. addMonths(d, -24) < c
  let d = cal.addMonthsDay(c, 24) - 1;
  while (cal.addMonthsDay(d + 1, -24) < c) d++;
  while (d >= c && cal.addMonthsDay(d, -24) >= c) d--;
  return d + 1;
}

function buildLoyalty(
  p: PreparedDeals,
  surveys: SurveyResponse[],
  surveyDays: Int32Array,
  custOff: Int32Array,
  mStart: Int32Array,
  mEnd: Int32Array,
  cal: FiscalCalendar,
): { base: number; counts: Int32Array[]; atAsOf: Int8Array } {
  const C = p.customerIds.length;
  const A = p.asOfDay;
  const custIndex = p.customerIndex;
  let base = p.minDay;
  let nSurveyKeys = 0;
  for (let k = 0; k < surveys.length; k++) {
    const r = surveys[k];
    if (r.nps === undefined || r.nps === null || !r.customerId) continue;
    nSurveyKeys++;
    if (surveyDays[k] < base) base = surveyDays[k];
  }
  const range = A - base + 1;
  // windowOut per closed day, memoised (days in [base, A])
  const outOf = i32(range).fill(-1);
  const windowOutMemo = (d: number): number => {
    const k = d - base;
    if (k < 0 || k >= range) return windowOut(d, cal);
    if (outOf[k] === -1) outOf[k] = windowOut(d, cal) - base;
    return outOf[k] + base;
  };
  const keys = tmp.f64(2 * p.n + 2 * mStart.length + nSurveyKeys); // temporary: only the counts are kept
  let nk = 0;
  const push = (c: number, day: number, code: number) => {
    if (day > A || day < base) return;
    keys[nk++] = (c * range + (day - base)) * 32 + code;
  };
  for (let i = 0; i < p.n; i++) {
    const st = p.status[i];
    if (st === OPEN) continue;
    const c = p.customer[i];
    const d = p.closed[i];
    if (st === WON) {
      push(c, d, EV_WON);
      push(c, windowOutMemo(d), EV_WINDOW_OUT);
    } else {
      push(c, d, p.competitorLoss[i] ? EV_LOST_COMPETITOR : EV_LOST_OTHER);
    }
  }
  for (let c = 0; c < C; c++) {
    for (let t = custOff[c]; t < custOff[c + 1]; t++) {
      push(c, mStart[t], EV_COVER_START);
      push(c, mEnd[t] + 1, EV_COVER_END);
    }
  }
  for (let k = 0; k < surveys.length; k++) {
    const r = surveys[k];
    if (r.nps === undefined || r.nps === null || !r.customerId) continue;
    const c = custIndex.get(r.customerId);
    if (c < 0) continue;
    push(c, surveyDays[k], EV_NPS + Math.max(0, Math.min(10, Math.round(r.nps))));
  }
  const sorted = keys.subarray(0, nk).sort();
  const diff = SEGMENTS.map(() => i32(range + 1));
  const atAsOf = i8(C).fill(-1);
  let q = 0;
  while (q < sorted.length) {
    const c = Math.floor(sorted[q] / 32 / range);
    let active = 0;
    let won24 = 0;
    let hasWon = false;
    let lastCompetitor = false;
    let latestNps = -1;
    let seg = -1;
    while (q < sorted.length) {
      const key = sorted[q];
      const cc = Math.floor(key / 32 / range);
      if (cc !== c) break;
      const dayOff = Math.floor(key / 32) - cc * range;
      // apply all events of this day
      while (q < sorted.length && Math.floor(sorted[q] / 32) === cc * range + dayOff) {
        const code = sorted[q] % 32;
        if (code === EV_COVER_END) active--;
        else if (code === EV_WINDOW_OUT) won24--;
        else if (code === EV_COVER_START) active++;
        else if (code === EV_LOST_OTHER) lastCompetitor = false;
        else if (code === EV_LOST_COMPETITOR) lastCompetitor = true;
        else if (code === EV_WON) {
          won24++;
          hasWon = true;
          lastCompetitor = false;
        } else latestNps = code - EV_NPS;
        q++;
      }
      let next: number;
      if (active > 0) next = won24 >= 2 && (latestNps < 0 || latestNps >= 7) ? 0 : 1;
      else if (lastCompetitor) next = 3;
      else if (hasWon) next = 2;
      else next = -1;
      if (next !== seg) {
        if (seg >= 0) diff[seg][dayOff]--;
        if (next >= 0) diff[next][dayOff]++;
        seg = next;
      }
    }
    atAsOf[c] = seg;
  }
  const counts = diff.map((d) => {
    const out = i32(range);
    let s = 0;
    for (let i = 0; i < range; i++) {
      s += d[i];
      out[i] = s;
    }
    return out;
  });
  return { base, counts, atAsOf };
}

// ------------------------------------------------------------------ 12-month windows

export interface WindowStats {
  /** Customers with >= 1 / >= 2 won deals in the window. */
  buyers: number;
  repeatBuyers: number;
  /** The buying customers, and their won amounts in the window (same order, unsorted). */
  customers: Int32Array;
  amounts: Float64Array;
  total: number;
}

/** Per-customer won counts and amounts over won deals [i, j) of a won-by-closed-day index. */
export function windowStats(wonCust: Int32Array, wonAmt: Float64Array, i: number, j: number, scratch: WindowScratch): WindowStats {
  const g = ++scratch.gen;
  let buyers = 0;
  for (let k = i; k < j; k++) {
    const c = wonCust[k];
    if (scratch.stamp[c] !== g) {
      scratch.stamp[c] = g;
      scratch.count[c] = 0;
      scratch.amount[c] = 0;
      scratch.touched[buyers++] = c;
    }
    scratch.count[c]++;
    scratch.amount[c] += wonAmt[k];
  }
  let repeat = 0;
  let total = 0;
  const customers = scratch.touched.slice(0, buyers);
  const amounts = f64(buyers);
  for (let k = 0; k < buyers; k++) {
    const c = customers[k];
    if (scratch.count[c] >= 2) repeat++;
    amounts[k] = scratch.amount[c];
    total += amounts[k];
  }
  return { buyers, repeatBuyers: repeat, customers, amounts, total };
}

/** Customers of a window ranked by won amount, largest first (ties by customer number). */
export function ranked(w: WindowStats): { customer: number; amount: number }[] {
  const out = Array.from(w.customers, (customer, k) => ({ customer, amount: w.amounts[k] }));
  return out.sort((a, b) => b.amount - a.amount || a.customer - b.customer);
}

export class WindowScratch {
  readonly stamp: Int32Array;
  readonly count: Int32Array;
  readonly amount: Float64Array;
  readonly touched: Int32Array;
  gen = 0;
  constructor(customers: number) {
    const n = Math.max(1, customers);
    this.stamp = i32(n);
    this.count = i32(n);
    this.amount = f64(n);
    this.touched = i32(n);
  }
}

/** Pareto shares of a window; null when the total won amount is 0. */
export function pareto(w: WindowStats): { top20: number | null; customersFor80: number | null } {
  if (w.buyers === 0 || w.total <= 0) return { top20: null, customersFor80: null };
  const desc = w.amounts.slice().sort().reverse();
  const top = Math.ceil(0.2 * w.buyers);
  let sTop = 0;
  for (let k = 0; k < top; k++) sTop += desc[k];
  let cum = 0;
  let k80 = w.buyers;
  const goal = 0.8 * w.total;
  for (let k = 0; k < desc.length; k++) {
    cum += desc[k];
    // tolerance for floating-point sums that should reach the goal exactly
    if (cum >= goal - 1e-9 * Math.abs(w.total)) {
      k80 = k + 1;
      break;
    }
  }
  return { top20: sTop / w.total, customersFor80: k80 / w.buyers };
}
