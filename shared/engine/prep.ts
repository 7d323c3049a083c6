/**
 * Prepares the dataset once: deals as columns of day numbers (see calendar/fiscal.ts),
 * as of the as-of date A (nothing dated after A exists: deals created after A are left
 * out, a deal closed after A is still open at A), with the global orders the sweeps use.
 */
import { f64, i32, u8 } from './arena';
import type { Config } from '../config/config';
import type { Deal, IsoDate } from '../model/types';
import { dayOf } from '../calendar/fiscal';
import { NO_DAY, parseDay } from './days';
import { StringIndex } from './string-index';
import { countingSort } from './util';

export const OPEN = 0;
export const WON = 1;
export const LOST = 2;

export interface PreparedDeals {
  asOfDay: number;
  /** Deals kept (created on or before A), in input order. */
  deals: Deal[];
  n: number;
  created: Int32Array;
  /** Closed day (as of A); -1 for deals open at A. */
  closed: Int32Array;
  /** OPEN / WON / LOST as of A. */
  status: Uint8Array;
  amount: Float64Array;
  /** closed - created in days (closed deals). */
  cycle: Float64Array;
  /** First-year value of deal_type `new` (kpis.md net_new_revenue); 0 for other types. */
  fyv: Float64Array;
  /** 1 for upsell / cross_sell. */
  expansion: Uint8Array;
  /** Subscription term in months (0 = one-time). */
  contractMonths: Int32Array;
  /** 1 when lost and lost_reason contains "competitor". */
  competitorLoss: Uint8Array;
  customer: Int32Array;
  /** customer id -> customer number (shared by every builder, so each id is hashed once more at most). */
  customerIndex: StringIndex;
  customerIds: string[];
  customerNames: (string | undefined)[];
  /** Earliest created day (or A when there are no deals). */
  minDay: number;
  /** All deal indices sorted by created day. */
  byCreated: Int32Array;
  /** Indices of deals closed as of A, sorted by closed day. */
  byClosed: Int32Array;
  /** Deals dropped because they are dated after A or lack a valid date. */
  excludedAfterAsOf: number;
  excludedInvalid: number;
}

export function prepareDeals(input: Deal[], asOf: IsoDate, _config: Config): PreparedDeals {
  const asOfDay = dayOf(asOf);
  const deals: Deal[] = [];
  // One pass over the records: at 1M deals reading the objects (spread over a ~1 GB heap)
  // costs more than the arithmetic, so each is visited once and each date parsed once.
  // Columns are sized for every input record and cut to the kept ones at the end.
  const N = input.length;
  const created = i32(N);
  const closed = i32(N);
  const status = u8(N);
  const amount = f64(N);
  const cycle = f64(N);
  const fyv = f64(N);
  const expansion = u8(N);
  const contractMonths = i32(N);
  const competitorLoss = u8(N);
  const customer = i32(N);
  const custIndex = new StringIndex(N);
  const customerIds: string[] = [];
  const customerNames: (string | undefined)[] = [];
  let minDay = asOfDay;
  let excludedAfterAsOf = 0;
  let excludedInvalid = 0;
  for (const d of input) {
    const c = parseDay(d.createdDate);
    if (c === NO_DAY || !Number.isFinite(d.amount)) {
      excludedInvalid++;
      continue;
    }
    if (c > asOfDay) {
      excludedAfterAsOf++;
      continue;
    }
    // Ingestion rejects won/lost deals without a closed date (data contract); should one
    // reach the engine anyway it is left out rather than guessed.
    const isClosed = d.status === 'won' || d.status === 'lost';
    const x = isClosed ? parseDay(d.closedDate) : NO_DAY;
    if (isClosed && x === NO_DAY) {
      excludedInvalid++;
      continue;
    }
    const i = deals.length;
    deals.push(d);
    created[i] = c;
    if (c < minDay) minDay = c;
    amount[i] = d.amount;
    const cm = d.contractMonths && d.contractMonths > 0 ? Math.floor(d.contractMonths) : 0;
    contractMonths[i] = cm;
    // closed as of A only: a deal closed after A is still open at A
    if (isClosed && x <= asOfDay) {
      closed[i] = x;
      status[i] = d.status === 'won' ? WON : LOST;
      if (x < minDay) minDay = x; // closed before created: rejected by ingestion, tolerated here
      cycle[i] = x - c;
      if (status[i] === LOST && d.lostReason && /competitor/i.test(d.lostReason)) competitorLoss[i] = 1;
    } else {
      closed[i] = -1;
    }
    const type = d.dealType ?? 'new';
    if (type === 'new') fyv[i] = cm <= 12 ? d.amount : (d.amount * 12) / cm;
    if (type === 'upsell' || type === 'cross_sell') expansion[i] = 1;
    let ci = custIndex.get(d.customerId);
    if (ci < 0) {
      ci = customerIds.length;
      custIndex.set(d.customerId, ci);
      customerIds.push(d.customerId);
      customerNames.push(d.customerName);
    } else if (d.customerName && !customerNames[ci]) {
      customerNames[ci] = d.customerName;
    }
    customer[i] = ci;
  }
  const n = deals.length;
  const cols = {
    created: created.subarray(0, n), closed: closed.subarray(0, n), status: status.subarray(0, n), amount: amount.subarray(0, n),
    cycle: cycle.subarray(0, n), fyv: fyv.subarray(0, n), expansion: expansion.subarray(0, n),
    contractMonths: contractMonths.subarray(0, n), competitorLoss: competitorLoss.subarray(0, n), customer: customer.subarray(0, n),
  };
  const all = i32(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const byCreated = countingSort(all, (i) => cols.created[i], minDay, asOfDay);
  let nc = 0;
  for (let i = 0; i < n; i++) if (status[i] !== OPEN) nc++;
  const closedIdx = i32(nc);
  for (let i = 0, k = 0; i < n; i++) if (status[i] !== OPEN) closedIdx[k++] = i;
  const byClosed = countingSort(closedIdx, (i) => closed[i], minDay, asOfDay);
  return {
    asOfDay, deals, n, ...cols, customerIndex: custIndex, customerIds, customerNames, minDay, byCreated, byClosed, excludedAfterAsOf, excludedInvalid,
  };
}

/**
 * The deal attributes in created order (c*) and in closed order (x*), gathered once so that
 * every later pass (global index, breakdown sweep) reads them sequentially and shares them.
 */
export interface SortedColumns {
  cDay: Int32Array;
  cAmt: Float64Array;
  cWon: Uint8Array;
  xDay: Int32Array;
  xStatus: Uint8Array;
  xAmt: Float64Array;
  xCycle: Float64Array;
  xFyv: Float64Array;
  xExp: Uint8Array;
  xCust: Int32Array;
}

export function sortedColumns(p: PreparedDeals): SortedColumns {
  const n = p.byCreated.length;
  const cDay = i32(n);
  const cAmt = f64(n);
  const cWon = u8(n);
  for (let k = 0; k < n; k++) {
    const i = p.byCreated[k];
    cDay[k] = p.created[i];
    cAmt[k] = p.amount[i];
    cWon[k] = p.status[i] === WON ? 1 : 0;
  }
  const m = p.byClosed.length;
  const xDay = i32(m);
  const xStatus = u8(m);
  const xAmt = f64(m);
  const xCycle = f64(m);
  const xFyv = f64(m);
  const xExp = u8(m);
  const xCust = i32(m);
  for (let k = 0; k < m; k++) {
    const i = p.byClosed[k];
    xDay[k] = p.closed[i];
    xStatus[k] = p.status[i];
    xAmt[k] = p.amount[i];
    xCycle[k] = p.cycle[i];
    xFyv[k] = p.fyv[i];
    xExp[k] = p.expansion[i];
    xCust[k] = p.customer[i];
  }
  return { cDay, cAmt, cWon, xDay, xStatus, xAmt, xCycle, xFyv, xExp, xCust };
}
