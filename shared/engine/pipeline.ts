/**
 * Pipeline and sales KPIs (kpis.md) over any span [s, e] of day numbers, for all deals
 * or for one breakdown value. Everything is a binary search over arrays sorted by day
 * plus prefix sums, built once per deal subset; the median and the distinct-customer
 * counts walk only the deals won in the span.
 */
import { f64, i32, u8 } from './arena';
import type { SortedColumns } from './prep';
import { LOST, WON } from './prep';
import { countIn, div, lowerBound, medianOf, nul, ok, prefix, rangeIn, upperBound, type Val } from './util';

export interface PipelineIndex {
  createdDays: Int32Array;
  createdAmtPre: Float64Array;
  /** Created days of the deals won as of A (sorted). */
  createdWonDays: Int32Array;
  closedDays: Int32Array;
  closedAmtPre: Float64Array;
  wonDays: Int32Array;
  wonAmtPre: Float64Array;
  wonCycle: Float64Array;
  wonFyv: Float64Array;
  wonExpAmt: Float64Array;
  wonCust: Int32Array;
  wonExp: Uint8Array;
  wonAmt: Float64Array;
  lostDays: Int32Array;
}

/** Builds the index from the sorted columns (sequential passes only). */
export function buildPipelineIndex(c: SortedColumns): PipelineIndex {
  const nCr = c.cDay.length;
  let nWonCreated = 0;
  for (let k = 0; k < nCr; k++) nWonCreated += c.cWon[k];
  const createdWonDays = i32(nWonCreated);
  for (let k = 0, w = 0; k < nCr; k++) if (c.cWon[k]) createdWonDays[w++] = c.cDay[k];

  const nCl = c.xDay.length;
  let nWon = 0;
  let nLost = 0;
  for (let k = 0; k < nCl; k++) {
    if (c.xStatus[k] === WON) nWon++;
    else if (c.xStatus[k] === LOST) nLost++;
  }
  const wonDays = i32(nWon);
  const wonAmt = f64(nWon);
  const wonCycle = f64(nWon);
  const wonFyv = f64(nWon);
  const wonExpAmt = f64(nWon);
  const wonCust = i32(nWon);
  const wonExp = u8(nWon);
  const lostDays = i32(nLost);
  for (let k = 0, w = 0, l = 0; k < nCl; k++) {
    if (c.xStatus[k] === WON) {
      wonDays[w] = c.xDay[k];
      wonAmt[w] = c.xAmt[k];
      wonCycle[w] = c.xCycle[k];
      wonFyv[w] = c.xFyv[k];
      wonExp[w] = c.xExp[k];
      wonExpAmt[w] = c.xExp[k] ? c.xAmt[k] : 0;
      wonCust[w] = c.xCust[k];
      w++;
    } else {
      lostDays[l++] = c.xDay[k];
    }
  }
  return {
    createdDays: c.cDay,
    createdAmtPre: prefix(c.cAmt),
    createdWonDays,
    closedDays: c.xDay,
    closedAmtPre: prefix(c.xAmt),
    wonDays,
    wonAmtPre: prefix(wonAmt),
    wonCycle,
    wonFyv,
    wonExpAmt,
    wonCust,
    wonExp,
    wonAmt,
    lostDays,
  };
}

/** Scratch space for distinct-customer counts (one slot per customer). */
export class CustomerStamp {
  private readonly stamp: Int32Array;
  private readonly flags: Uint8Array;
  private gen = 0;
  constructor(customers: number) {
    this.stamp = i32(Math.max(1, customers));
    this.flags = u8(Math.max(1, customers));
  }
  /** Distinct customers among won deals [i, j), and those of them with an expansion deal. */
  distinct(ix: PipelineIndex, i: number, j: number): { all: number; expansion: number } {
    const g = ++this.gen;
    let all = 0;
    let exp = 0;
    for (let k = i; k < j; k++) {
      const c = ix.wonCust[k];
      if (this.stamp[c] !== g) {
        this.stamp[c] = g;
        this.flags[c] = 0;
        all++;
      }
      if (ix.wonExp[k] && !this.flags[c]) {
        this.flags[c] = 1;
        exp++;
      }
    }
    return { all, expansion: exp };
  }
}

export interface OpenAt {
  count: number;
  value: number;
}

/** Deals open at the end of day e: created <= e and not closed on or before e. */
export function openAt(ix: PipelineIndex, e: number): OpenAt {
  const c = upperBound(ix.createdDays, e);
  const x = upperBound(ix.closedDays, e);
  return { count: c - x, value: ix.createdAmtPre[c] - ix.closedAmtPre[x] };
}

export interface WonRange {
  i: number;
  j: number;
  count: number;
  bookings: number;
}

export function wonIn(ix: PipelineIndex, s: number, e: number): WonRange {
  const [i, j] = rangeIn(ix.wonDays, s, e);
  return { i, j, count: j - i, bookings: ix.wonAmtPre[j] - ix.wonAmtPre[i] };
}

/** The counts and sums the pipeline-and-sales KPIs of a span are computed from. */
export interface PipelineAggregates {
  won: number;
  lost: number;
  bookings: number;
  cycleSum: number;
  cycleMedian: number | null;
  /** created <= e and not closed before s */
  pipelineDeals: number;
  createdInP: number;
  createdWonInP: number;
  openCount: number;
  openValue: number;
  fyv: number;
  expansion: number;
  buyers: number;
  expansionBuyers: number;
}

/** Every pipeline-and-sales KPI of kpis.md over [s, e]. */
export function pipelineKpis(ix: PipelineIndex, s: number, e: number, stamp: CustomerStamp): Record<string, Val> {
  const won = wonIn(ix, s, e);
  const open = openAt(ix, e);
  const d = stamp.distinct(ix, won.i, won.j);
  // sums over the won deals of the span are added directly (not as prefix differences),
  // so they carry only the rounding of an ordinary sum
  let bookings = 0;
  let cycleSum = 0;
  let fyv = 0;
  let expansion = 0;
  for (let k = won.i; k < won.j; k++) {
    bookings += ix.wonAmt[k];
    cycleSum += ix.wonCycle[k];
    fyv += ix.wonFyv[k];
    expansion += ix.wonExpAmt[k];
  }
  return pipelineFormulas({
    won: won.count,
    lost: countIn(ix.lostDays, s, e),
    bookings,
    cycleSum,
    cycleMedian: medianOf(ix.wonCycle, won.i, won.j),
    // a deal closed before s was created before s <= e
    pipelineDeals: upperBound(ix.createdDays, e) - lowerBound(ix.closedDays, s),
    createdInP: countIn(ix.createdDays, s, e),
    createdWonInP: countIn(ix.createdWonDays, s, e),
    openCount: open.count,
    openValue: open.value,
    fyv,
    expansion,
    buyers: d.all,
    expansionBuyers: d.expansion,
  });
}

/** The formulas of kpis.md "Pipeline and sales" over a span's aggregates. */
export function pipelineFormulas(a: PipelineAggregates): Record<string, Val> {
  const noWon = 'no deals won in period';
  const out: Record<string, Val> = {};
  out.deals_won = ok(a.won);
  out.deals_lost = ok(a.lost);
  out.bookings = ok(a.bookings);
  out.avg_deal_size = div(a.bookings, a.won, noWon);
  out.win_rate = div(a.won, a.won + a.lost, 'no deals closed in period');
  out.close_rate = div(a.won, a.pipelineDeals, 'no pipeline deals in period');
  out.conversion_rate = div(a.createdWonInP, a.createdInP, 'no deals created in period');
  out.sales_cycle_days = div(a.cycleSum, a.won, noWon);
  out.sales_cycle_days_median = a.cycleMedian === null ? nul(noWon) : ok(a.cycleMedian);
  out.open_pipeline_value = ok(a.openValue);
  out.open_deals = ok(a.openCount);
  out.pipeline_velocity = velocity(a.openCount, out.win_rate, out.avg_deal_size, out.sales_cycle_days);
  out.net_new_revenue = ok(a.fyv);
  out.expansion_revenue = ok(a.expansion);
  out.upsell_rate = div(a.expansionBuyers, a.buyers, noWon);
  return out;
}

function velocity(openDeals: number, winRate: Val, avgDeal: Val, cycle: Val): Val {
  if (winRate.value === null) return nul(`win rate unavailable: ${winRate.reason}`);
  if (avgDeal.value === null) return nul(`average deal size unavailable: ${avgDeal.reason}`);
  if (cycle.value === null) return nul(`sales cycle unavailable: ${cycle.reason}`);
  if (cycle.value === 0) return nul('mean sales cycle is 0 days');
  return ok((openDeals * winRate.value * avgDeal.value) / cycle.value);
}
