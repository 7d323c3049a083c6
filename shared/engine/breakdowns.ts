/**
 * Breakdowns of the pipeline-and-sales KPIs by team, region, product, owner and source.
 *
 * Rather than one full index per dimension value (memory x values), every deal carries a
 * slot number per dimension and all spans are computed in one batch: a single sweep over
 * the created-order and closed-order columns snapshots per-slot running counts at the
 * span boundaries (open pipeline, pipeline deals), and each span walks only its own
 * created and closed deals once for all dimensions.
 */
import { f64, i32, u8, tmp, withScratch } from './arena';
import type { Dimension } from '../model/types';
import type { PreparedDeals, SortedColumns } from './prep';
import { LOST, WON } from './prep';
import { pipelineFormulas } from './pipeline';
import { rangeIn, type Val } from './util';

export const NONE_VALUE = '(none)';

export interface DimensionSlots {
  dim: Dimension;
  /** "(none)" first when some deal has no value, then the values in alphabetical order. */
  values: string[];
  /** Per deal: index into values. */
  slot: Int32Array;
}

/**
 * Slots of one dimension. Each distinct raw spelling is trimmed and looked up once; per deal
 * it costs one Map lookup of the raw string (the strings come fresh from the parser, so
 * nothing cheaper identifies them).
 */
export function buildDimensionSlots(p: PreparedDeals, dim: Dimension): DimensionSlots {
  return withScratch(() => dimensionSlots(p, dim));
}

function dimensionSlots(p: PreparedDeals, dim: Dimension): DimensionSlots {
  const firstSeen = new Map<string, number>([[NONE_VALUE, 0]]); // trimmed value -> first-seen number
  const rawSeen = new Map<string, number>(); // raw spelling -> first-seen number of its trimmed value
  const raw = tmp.i32(p.n); // first-seen numbers, ranked into `slot` below
  const deals = p.deals;
  let withoutValue = 0;
  for (let i = 0; i < p.n; i++) {
    const v0 = valueOf(deals[i], dim);
    if (typeof v0 !== 'string') {
      withoutValue++; // 0 = (none)
      continue;
    }
    let s = rawSeen.get(v0);
    if (s === undefined) {
      const v = v0.trim() || NONE_VALUE;
      s = firstSeen.get(v);
      if (s === undefined) {
        s = firstSeen.size;
        firstSeen.set(v, s);
      }
      rawSeen.set(v0, s);
    }
    raw[i] = s;
    if (s === 0) withoutValue++;
  }
  const seen = [...firstSeen.keys()];
  // "(none)" (first-seen 0) only when some deal lacks a value: no all-zero row otherwise
  const order = seen
    .map((_, i) => i)
    .filter((i) => i > 0 || withoutValue > 0)
    .sort((a, b) => (a === 0 ? -1 : b === 0 ? 1 : seen[a].localeCompare(seen[b])));
  const rank = i32(seen.length);
  order.forEach((old, k) => (rank[old] = k));
  const slot = i32(p.n);
  for (let i = 0; i < p.n; i++) slot[i] = rank[raw[i]];
  return { dim, values: order.map((i) => seen[i]), slot };
}

/** A deal's dimension field by a constant property name (a keyed read by variable name is slower). */
function valueOf(d: PreparedDeals['deals'][number], dim: Dimension): unknown {
  switch (dim) {
    case 'team':
      return d.team;
    case 'region':
      return d.region;
    case 'product':
      return d.product;
    case 'owner':
      return d.owner;
    case 'source':
      return d.source;
  }
}

/** Every deal's slot per dimension in created order (c) and closed order (x). */
function gatherSlots(p: PreparedDeals, dims: DimensionSlots[], offset: number[], n: number, m: number): { cSlot: Int32Array[]; xSlot: Int32Array[] } {
  // all dimension slots of a deal side by side (temporary), so each gather reads one cache line per deal
  const D = dims.length;
  const slotAll = tmp.i32(p.n * D);
  for (let d = 0; d < D; d++) {
    const sl = dims[d].slot;
    const off = offset[d];
    for (let i = 0; i < p.n; i++) slotAll[i * D + d] = off + sl[i];
  }
  const cSlot = dims.map(() => i32(n));
  for (let k = 0; k < n; k++) {
    const o = p.byCreated[k] * D;
    for (let d = 0; d < D; d++) cSlot[d][k] = slotAll[o + d];
  }
  const xSlot = dims.map(() => i32(m));
  for (let k = 0; k < m; k++) {
    const o = p.byClosed[k] * D;
    for (let d = 0; d < D; d++) xSlot[d][k] = slotAll[o + d];
  }
  return { cSlot, xSlot };
}

/** dimension -> value -> KPI id -> value, for one span. */
export type SpanBreakdown = Record<Dimension, Record<string, Record<string, Val>>>;

export class BreakdownEngine {
  private readonly D: number;
  private readonly T: number;
  private readonly offset: number[];
  // created order
  private readonly cDay: Int32Array;
  private readonly cAmt: Float64Array;
  private readonly cWon: Uint8Array;
  private readonly cSlot: Int32Array[];
  // closed order
  private readonly xDay: Int32Array;
  private readonly xStatus: Uint8Array;
  private readonly xAmt: Float64Array;
  private readonly xCycle: Float64Array;
  private readonly xFyv: Float64Array;
  private readonly xExp: Uint8Array;
  private readonly xCust: Int32Array;
  private readonly xSlot: Int32Array[];
  private readonly stamp: Int32Array;
  private gen = 0;
  /** Reused per-span buffers (won deals of the span x dimensions), grown on demand. */
  private cyc = f64(0);
  private cust = i32(0);
  private isExp = u8(0);

  constructor(
    p: PreparedDeals,
    cols: SortedColumns,
    private readonly dims: DimensionSlots[],
  ) {
    this.D = dims.length;
    this.offset = [];
    let T = 0;
    for (const d of dims) {
      this.offset.push(T);
      T += d.values.length;
    }
    this.T = T;
    const n = cols.cDay.length;
    const m = cols.xDay.length;
    this.cDay = cols.cDay;
    this.cAmt = cols.cAmt;
    this.cWon = cols.cWon;
    this.xDay = cols.xDay;
    this.xStatus = cols.xStatus;
    this.xAmt = cols.xAmt;
    this.xCycle = cols.xCycle;
    this.xFyv = cols.xFyv;
    this.xExp = cols.xExp;
    this.xCust = cols.xCust;
    const { cSlot, xSlot } = withScratch(() => gatherSlots(p, dims, this.offset, n, m));
    this.cSlot = cSlot;
    this.xSlot = xSlot;
    this.stamp = i32(Math.max(1, p.customerIds.length));
  }

  /** Per-slot running counts (created / closed, count and amount) at the end of each query day. */
  private snapshots(days: number[]): Map<number, { cc: Float64Array; ca: Float64Array; xc: Float64Array; xa: Float64Array }> {
    const sorted = [...new Set(days)].sort((a, b) => a - b);
    const T = this.T;
    const cc = f64(T);
    const ca = f64(T);
    const xc = f64(T);
    const xa = f64(T);
    const out = new Map<number, { cc: Float64Array; ca: Float64Array; xc: Float64Array; xa: Float64Array }>();
    let pc = 0;
    let px = 0;
    for (const day of sorted) {
      for (; pc < this.cDay.length && this.cDay[pc] <= day; pc++) {
        for (let d = 0; d < this.D; d++) {
          const s = this.cSlot[d][pc];
          cc[s]++;
          ca[s] += this.cAmt[pc];
        }
      }
      for (; px < this.xDay.length && this.xDay[px] <= day; px++) {
        for (let d = 0; d < this.D; d++) {
          const s = this.xSlot[d][px];
          xc[s]++;
          xa[s] += this.xAmt[px];
        }
      }
      out.set(day, { cc: cc.slice(), ca: ca.slice(), xc: xc.slice(), xa: xa.slice() });
    }
    return out;
  }

  /** Breakdowns for every span [s, e] (day numbers), in the given order. */
  compute(spans: { s: number; e: number }[]): SpanBreakdown[] {
    const snaps = this.snapshots(spans.flatMap((x) => [x.e, x.s - 1]));
    return spans.map(({ s, e }) => this.span(s, e, snaps.get(e)!, snaps.get(s - 1)!));
  }

  private span(
    s: number,
    e: number,
    atE: { cc: Float64Array; ca: Float64Array; xc: Float64Array; xa: Float64Array },
    beforeS: { xc: Float64Array },
  ): SpanBreakdown {
    const T = this.T;
    const D = this.D;
    const createdIn = f64(T);
    const createdWon = f64(T);
    const [ci, cj] = rangeIn(this.cDay, s, e);
    for (let k = ci; k < cj; k++) {
      for (let d = 0; d < D; d++) {
        const sl = this.cSlot[d][k];
        createdIn[sl]++;
        if (this.cWon[k]) createdWon[sl]++;
      }
    }
    const won = f64(T);
    const lost = f64(T);
    const bookings = f64(T);
    const cycleSum = f64(T);
    const fyv = f64(T);
    const exp = f64(T);
    const [xi, xj] = rangeIn(this.xDay, s, e);
    for (let k = xi; k < xj; k++) {
      const st = this.xStatus[k];
      for (let d = 0; d < D; d++) {
        const sl = this.xSlot[d][k];
        if (st === LOST) lost[sl]++;
        else if (st === WON) {
          won[sl]++;
          bookings[sl] += this.xAmt[k];
          cycleSum[sl] += this.xCycle[k];
          fyv[sl] += this.xFyv[k];
          if (this.xExp[k]) exp[sl] += this.xAmt[k];
        }
      }
    }
    // won deals of the span grouped by slot (counting sort), for medians and distinct customers
    const start = i32(T + 1);
    for (let sl = 0; sl < T; sl++) start[sl + 1] = start[sl] + won[sl];
    const fill = start.slice(0, T);
    const total = start[T];
    if (this.cyc.length < total) {
      const size = Math.max(total, 2 * this.cyc.length);
      this.cyc = f64(size);
      this.cust = i32(size);
      this.isExp = u8(size);
    }
    const { cyc, cust, isExp } = this;
    for (let k = xi; k < xj; k++) {
      if (this.xStatus[k] !== WON) continue;
      for (let d = 0; d < D; d++) {
        const at = fill[this.xSlot[d][k]]++;
        cyc[at] = this.xCycle[k];
        cust[at] = this.xCust[k];
        isExp[at] = this.xExp[k];
      }
    }
    const out = {} as SpanBreakdown;
    for (let d = 0; d < D; d++) {
      const dim = this.dims[d];
      const byValue: Record<string, Record<string, Val>> = {};
      dim.values.forEach((value, v) => {
        const sl = this.offset[d] + v;
        const a = start[sl];
        const b = start[sl + 1];
        let median: number | null = null;
        if (b > a) {
          const seg = cyc.subarray(a, b).sort();
          const len = b - a;
          median = len % 2 ? seg[(len - 1) / 2] : (seg[len / 2 - 1] + seg[len / 2]) / 2;
        }
        // distinct customers, and those with an expansion deal (two stamp generations)
        const gAll = ++this.gen;
        const gExp = ++this.gen;
        let buyers = 0;
        let expBuyers = 0;
        for (let k = a; k < b; k++) {
          const c = cust[k];
          if (this.stamp[c] !== gAll && this.stamp[c] !== gExp) {
            this.stamp[c] = gAll;
            buyers++;
          }
          if (isExp[k] && this.stamp[c] !== gExp) {
            this.stamp[c] = gExp;
            expBuyers++;
          }
        }
        byValue[value] = pipelineFormulas({
          won: won[sl],
          lost: lost[sl],
          bookings: bookings[sl],
          cycleSum: cycleSum[sl],
          cycleMedian: median,
          pipelineDeals: atE.cc[sl] - beforeS.xc[sl],
          createdInP: createdIn[sl],
          createdWonInP: createdWon[sl],
          openCount: atE.cc[sl] - atE.xc[sl],
          openValue: atE.ca[sl] - atE.xa[sl],
          fyv: fyv[sl],
          expansion: exp[sl],
          buyers,
          expansionBuyers: expBuyers,
        });
      });
      out[dim.dim] = byValue;
    }
    return out;
  }
}
