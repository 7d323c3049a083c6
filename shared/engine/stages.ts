/**
 * Pipeline stage review (kpis.md): stage visits from stage events, or derived history
 * (data-contract.md) for deals without events; per configured open stage, sorted arrays
 * of visit starts / ends so every period query is a few binary searches.
 */
import { f64, i16, i32, u8, tmp, withScratch } from './arena';
import type { Config } from '../config/config';
import type { StageEvent } from '../model/types';
import { NO_DAY, parseDay } from './days';
import { StringIndex } from './string-index';
import type { PreparedDeals } from './prep';
import { OPEN, WON } from './prep';
import { countIn, rangeIn, upperBound } from './util';
import type { StageRow } from './types';

export interface StageIndex {
  stages: string[];
  /** per stage: sorted visit start days */
  starts: Int32Array[];
  /** per stage: closed visits sorted by end day, with prefix sums of lengths and of advances */
  ends: Int32Array[];
  lenPre: Float64Array[];
  advPre: Float64Array[];
  /** per stage: sorted max(end, start + stuckDays + 1) of closed visits */
  stuckKeys: Int32Array[];
  stuckK: number;
  /** Current open visit per deal at A: stage rank (-1 none/unknown) and start day. */
  currentRank: Int16Array;
  currentStart: Int32Array;
  /** Current stage name per deal at A (configured or not); undefined when closed. */
  currentName: (string | undefined)[];
  /** Stage events ignored: unknown deal, dated after A or before 1970, invalid date. */
  ignoredEvents: number;
  /** Deals whose history was derived (no stage events). */
  derivedDeals: number;
  /** Earliest valid entered day on or before A over all events, known deal or not (NO_DAY: none). */
  minEventDay: number;
  /** Every deal's visits to configured stages, in day order (the forecast replays them as of past days). */
  visits: DealVisits;
}

/** Visits grouped by deal: deal i's visits are [from[i], from[i + 1]). */
export interface DealVisits {
  from: Int32Array;
  /** Configured stage rank. */
  stage: Int16Array;
  start: Int32Array;
  /** Day the visit ended (next stage event, won or lost); -1 when still open at A. */
  end: Int32Array;
}

const RANK_OTHER = -1;

/**
 * Builds the visits. Memory-lean for millions of events: events are grouped per deal by a
 * counting sort into typed arrays, each deal's few events are insertion-sorted in place,
 * and visits go straight into typed arrays.
 */
export function buildStageIndex(p: PreparedDeals, events: StageEvent[], config: Config): StageIndex {
  return withScratch(() => build(p, events, config));
}

function build(p: PreparedDeals, events: StageEvent[], config: Config): StageIndex {
  const stages = config.stages.map((s) => s.trim().toLowerCase());
  const S = stages.length;
  const RANK_WON = S;
  const RANK_LOST = S + 1;
  // stage names -> ids; ids 0..S-1 are the configured stages, S = won, S+1 = lost, then unknown names
  const nameId = new Map<string, number>(stages.map((s, i) => [s, i]));
  nameId.set('won', RANK_WON);
  nameId.set('lost', RANK_LOST);
  const names = [...stages, 'won', 'lost'];
  const rawId = new Map<string, number>(); // raw spelling -> id, so each spelling is normalised once
  // the few spellings seen first are compared directly (cheaper than hashing millions of strings)
  const hotRaw: string[] = [];
  const hotId: number[] = [];
  const idOf = (raw: string): number => {
    for (let h = 0; h < hotRaw.length; h++) if (hotRaw[h] === raw) return hotId[h];
    let id = rawId.get(raw);
    if (id !== undefined) return id;
    const name = raw.trim().toLowerCase();
    id = nameId.get(name);
    if (id === undefined) {
      id = names.length;
      nameId.set(name, id);
      names.push(name);
    }
    rawId.set(raw, id);
    if (hotRaw.length < 16) {
      hotRaw.push(raw);
      hotId.push(id);
    }
    return id;
  };
  const rankOfId = (id: number) => (id < S + 2 ? id : RANK_OTHER);
  // same-day order: pipeline order, unknown stages after the open stages, won/lost last
  const orderOfId = (id: number) => (id < S ? id : id >= S + 2 ? S : S + 1 + (id - S));
  const A = p.asOfDay;

  // ---- group events by deal (counting sort on the deal index); each date is parsed once
  const evDeal = tmp.i32(events.length);
  const evDay = tmp.i32(events.length);
  const evName = tmp.i32(events.length);
  let ignoredEvents = 0;
  let minEventDay = NO_DAY;
  const perDealCount = tmp.i32(p.n + 1);
  const dealOf = new DealLookup(p);
  for (let k = 0; k < events.length; k++) {
    const ev = events[k];
    const day = parseDay(ev.enteredDate);
    const valid = day !== NO_DAY && day <= A;
    if (valid && (minEventDay === NO_DAY || day < minEventDay)) minEventDay = day;
    const i = dealOf.index(ev.dealId);
    if (i < 0 || !valid) {
      evDeal[k] = -1;
      ignoredEvents++;
      continue;
    }
    evDeal[k] = i;
    evDay[k] = day;
    evName[k] = idOf(String(ev.stage)); // read now: each event object is visited once
    perDealCount[i + 1]++;
  }
  for (let i = 0; i < p.n; i++) perDealCount[i + 1] += perDealCount[i];
  const total = perDealCount[p.n];
  const gDay = tmp.i32(total);
  const gName = tmp.i32(total);
  const fill = tmp.i32(p.n);
  fill.set(perDealCount.subarray(0, p.n));
  for (let k = 0; k < events.length; k++) {
    const i = evDeal[k];
    if (i < 0) continue;
    const at = fill[i]++;
    gDay[at] = evDay[k];
    gName[at] = evName[k];
  }

  // ---- visits
  // visits <= events + (3 for a derived history, else 1 for an added outcome) per deal
  let cap = total;
  for (let i = 0; i < p.n; i++) cap += perDealCount[i + 1] === perDealCount[i] ? 3 : 1;
  const vStage = tmp.i16(cap);
  const vStart = tmp.i32(cap);
  const vEnd = tmp.i32(cap);
  const vAdv = tmp.u8(cap);
  let nv = 0;
  const currentRank = i16(p.n).fill(-1);
  const currentStart = i32(p.n).fill(-1);
  const currentName: (string | undefined)[] = new Array(p.n);
  let derivedDeals = 0;
  // per-deal scratch (grows when a deal has many events)
  let hDay = i32(64);
  let hName = i32(64);
  const visitFrom = i32(p.n + 1);

  for (let i = 0; i < p.n; i++) {
    visitFrom[i] = nv;
    const from = perDealCount[i];
    const to = perDealCount[i + 1];
    let len = 0;
    const closedAsOfA = p.status[i] !== OPEN;
    const terminal = p.status[i] === WON ? RANK_WON : RANK_LOST;
    if (to - from + 3 > hDay.length) {
      hDay = i32(2 * (to - from + 3));
      hName = i32(2 * (to - from + 3));
    }
    if (to === from) {
      derivedDeals++;
      len = deriveHistory(p, i, idOf, A, hDay, hName, S);
    } else {
      let hasTerminal = false;
      for (let k = from; k < to; k++) {
        hDay[len] = gDay[k];
        hName[len] = gName[k];
        if (closedAsOfA && gName[k] === terminal) hasTerminal = true;
        len++;
      }
      // a closed deal whose events lack its outcome gets it on its closed date
      if (closedAsOfA && !hasTerminal) {
        hDay[len] = p.closed[i];
        hName[len] = terminal;
        len++;
      }
    }
    // insertion sort by (day, pipeline order): deals have few events
    for (let a = 1; a < len; a++) {
      const d = hDay[a];
      const nm = hName[a];
      const o = orderOfId(nm);
      let b = a - 1;
      while (b >= 0 && (hDay[b] > d || (hDay[b] === d && orderOfId(hName[b]) > o))) {
        hDay[b + 1] = hDay[b];
        hName[b + 1] = hName[b];
        b--;
      }
      hDay[b + 1] = d;
      hName[b + 1] = nm;
    }
    // consecutive repeats of the same stage continue the visit
    let m = 0;
    for (let a = 0; a < len; a++) {
      if (m > 0 && hName[m - 1] === hName[a]) continue;
      hDay[m] = hDay[a];
      hName[m] = hName[a];
      m++;
    }
    for (let a = 0; a < m; a++) {
      const id = hName[a];
      if (id === RANK_WON || id === RANK_LOST) continue;
      const rank = rankOfId(id);
      const hasNext = a + 1 < m;
      if (rank >= 0) {
        vStage[nv] = rank;
        vStart[nv] = hDay[a];
        vEnd[nv] = hasNext ? hDay[a + 1] : -1;
        const nr = hasNext ? rankOfId(hName[a + 1]) : -2;
        vAdv[nv] = hasNext && (nr === RANK_WON || (nr >= 0 && nr < S && nr > rank)) ? 1 : 0;
        nv++;
      }
      if (!hasNext && !closedAsOfA) {
        currentRank[i] = rank;
        currentStart[i] = hDay[a];
        currentName[i] = names[id];
      }
    }
  }

  visitFrom[p.n] = nv;
  const visits: DealVisits = { from: visitFrom, stage: i16(nv), start: i32(nv), end: i32(nv) };
  visits.stage.set(vStage.subarray(0, nv));
  visits.start.set(vStart.subarray(0, nv));
  visits.end.set(vEnd.subarray(0, nv));

  // ---- per stage sorted arrays
  const K = config.stuckDays + 1;
  const counts = i32(S);
  const closedCounts = i32(S);
  for (let v = 0; v < nv; v++) {
    counts[vStage[v]]++;
    if (vEnd[v] >= 0) closedCounts[vStage[v]]++;
  }
  const starts = Array.from(counts, (c) => i32(c));
  const endKeys = Array.from(closedCounts, (c) => tmp.f64(c));
  const stuckKeys = Array.from(closedCounts, (c) => i32(c));
  const fs = i32(S);
  const fc = i32(S);
  // packed (end day, length, advanced) so one numeric sort orders the closed visits by end day
  const LEN = 1 << 16;
  let base = 0;
  for (let v = 0; v < nv; v++) if (vStart[v] < base) base = vStart[v]; // days before 1970 are negative
  for (let v = 0; v < nv; v++) {
    const r = vStage[v];
    starts[r][fs[r]++] = vStart[v];
    if (vEnd[v] >= 0) {
      const lenDays = Math.min(vEnd[v] - vStart[v], LEN - 1);
      endKeys[r][fc[r]] = ((vEnd[v] - base) * LEN + lenDays) * 2 + vAdv[v];
      stuckKeys[r][fc[r]] = Math.max(vEnd[v], vStart[v] + K);
      fc[r]++;
    }
  }
  const ends: Int32Array[] = [];
  const lenPre: Float64Array[] = [];
  const advPre: Float64Array[] = [];
  for (let r = 0; r < S; r++) {
    starts[r].sort();
    stuckKeys[r].sort();
    const keys = endKeys[r].sort();
    const e = i32(keys.length);
    const lp = f64(keys.length + 1);
    const ap = f64(keys.length + 1);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      const adv = key % 2;
      const rest = (key - adv) / 2;
      const lenDays = rest % LEN;
      e[k] = (rest - lenDays) / LEN + base;
      lp[k + 1] = lp[k] + lenDays;
      ap[k + 1] = ap[k] + adv;
    }
    ends.push(e);
    lenPre.push(lp);
    advPre.push(ap);
  }
  return { stages, starts, ends, lenPre, advPre, stuckKeys, stuckK: K, currentRank, currentStart, currentName, ignoredEvents, derivedDeals, minEventDay, visits };
}

/**
 * data-contract.md: no stage events -> the first configured stage on created_date, the
 * current stage on stage_entered_date (if given), won/lost on closed_date. Without a
 * stage_entered_date an open deal's current stage is taken as entered on created_date
 * (no first-stage visit is invented for it). Writes into the scratch arrays; returns the count.
 */
function deriveHistory(p: PreparedDeals, i: number, idOf: (name: string) => number, A: number, hDay: Int32Array, hName: Int32Array, S: number): number {
  const d = p.deals[i];
  const created = p.created[i];
  let len = 1;
  hDay[0] = created;
  hName[0] = 0;
  // the current stage, unless empty, the first stage itself, or won/lost (added below from the status)
  const id = d.stage && d.stage.trim() ? idOf(d.stage) : -1;
  if (id > 0 && id !== S && id !== S + 1) {
    const parsed = d.stageEnteredDate ? parseDay(d.stageEnteredDate) : NO_DAY;
    const entered = parsed === NO_DAY ? null : parsed;
    if (entered !== null && entered >= created && entered <= A) {
      hDay[len] = entered;
      hName[len] = id;
      len++;
    } else if (entered === null || entered < created) {
      hName[0] = id; // no usable date: the current stage from created_date
    }
    // a stage entered after A did not exist yet at A: the deal was still in the first stage
  }
  if (p.status[i] !== OPEN) {
    hDay[len] = p.closed[i];
    hName[len] = p.status[i] === WON ? S : S + 1;
    len++;
  }
  return len;
}

/** Stage rows over [s, e] (openInStage and stuck at e), with bottleneck flags. */
export function stageRows(ix: StageIndex, s: number, e: number): StageRow[] {
  const rows: StageRow[] = ix.stages.map((stage, r) => {
    const [i, j] = rangeIn(ix.ends[r], s, e);
    const ended = j - i;
    const open = upperBound(ix.starts[r], e) - upperBound(ix.ends[r], e);
    const X = e - ix.stuckK;
    const stuck = upperBound(ix.starts[r], X) - upperBound(ix.stuckKeys[r], e);
    return {
      stage,
      entered: countIn(ix.starts[r], s, e),
      avgDaysInStage: ended > 0 ? (ix.lenPre[r][j] - ix.lenPre[r][i]) / ended : null,
      advanceRate: ended > 0 ? (ix.advPre[r][j] - ix.advPre[r][i]) / ended : null,
      openInStage: open,
      stuck,
      bottleneck: [],
    };
  });
  flag(rows, (r) => r.advanceRate, 'min', 'lowest_advance_rate');
  flag(rows, (r) => r.avgDaysInStage, 'max', 'longest_days_in_stage');
  return rows;
}

function flag(rows: StageRow[], get: (r: StageRow) => number | null, dir: 'min' | 'max', name: StageRow['bottleneck'][number]): void {
  const vals = rows.map(get).filter((v): v is number => v !== null);
  if (vals.length < 2) return; // one stage with data is not a bottleneck among others
  const best = dir === 'min' ? Math.min(...vals) : Math.max(...vals);
  if (vals.every((v) => v === best)) return; // all equal: nothing stands out
  for (const r of rows) if (get(r) === best) r.bottleneck.push(name);
}

/** Visits into each configured stage that start in [s, e]. */
export function stageEntries(ix: StageIndex, s: number, e: number): Record<string, number> {
  const out: Record<string, number> = {};
  ix.stages.forEach((st, r) => (out[st] = countIn(ix.starts[r], s, e)));
  return out;
}


/**
 * Deal id -> index of the kept deal (the last one, should an id repeat), -1 when unknown.
 * CRM exports list a deal's events together, so a repeated id skips the map lookup (each
 * lookup hashes a fresh string from the parser).
 */
class DealLookup {
  private readonly map: StringIndex;
  private lastId: string | null = null;
  private lastIdx = -1;
  constructor(p: PreparedDeals) {
    this.map = new StringIndex(p.n);
    for (let i = 0; i < p.n; i++) this.map.set(p.deals[i].dealId, i);
  }
  index(id: string): number {
    if (id !== this.lastId) {
      this.lastId = id;
      this.lastIdx = this.map.get(id);
    }
    return this.lastIdx;
  }
}
