/**
 * Pipeline stage review (kpis.md): stage visits from stage events, or derived history
 * (data-contract.md) for deals without events; per configured open stage, sorted arrays
 * of visit starts / ends so every period query is a few binary searches.
 */
import type { Config } from '../config/config';
import type { StageEvent } from '../model/types';
import { dayOf, isIsoDate } from '../calendar/fiscal';
import type { PreparedDeals } from './prep';
import { LOST, OPEN, WON } from './prep';
import { countIn, prefix, rangeIn, upperBound } from './util';
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
}

const RANK_OTHER = -1;

export function buildStageIndex(p: PreparedDeals, events: StageEvent[], config: Config): StageIndex {
  const stages = config.stages.map((s) => s.trim().toLowerCase());
  const rankOf = new Map<string, number>(stages.map((s, i) => [s, i]));
  const S = stages.length;
  const RANK_WON = S;
  const RANK_LOST = S + 1;
  rankOf.set('won', RANK_WON);
  rankOf.set('lost', RANK_LOST);
  const A = p.asOfDay;
  const dealIdx = new Map<string, number>();
  for (let i = 0; i < p.n; i++) dealIdx.set(p.deals[i].dealId, i);

  // group events per deal: (day, rank, name) lists
  type Ev = { day: number; rank: number; name: string };
  const perDeal: (Ev[] | undefined)[] = new Array(p.n);
  let ignoredEvents = 0;
  for (const ev of events) {
    const i = dealIdx.get(ev.dealId);
    if (i === undefined || !isIsoDate(ev.enteredDate)) {
      ignoredEvents++;
      continue;
    }
    const day = dayOf(ev.enteredDate);
    if (day > A) {
      ignoredEvents++;
      continue;
    }
    const name = String(ev.stage).trim().toLowerCase();
    const rank = rankOf.get(name) ?? RANK_OTHER;
    (perDeal[i] ??= []).push({ day, rank, name });
  }

  const vStage: number[] = [];
  const vStart: number[] = [];
  const vEnd: number[] = []; // -1 = still open
  const vAdv: number[] = [];
  const currentRank = new Int16Array(p.n).fill(-1);
  const currentStart = new Int32Array(p.n).fill(-1);
  const currentName: (string | undefined)[] = new Array(p.n);
  let derivedDeals = 0;
  const terminalRank = (i: number) => (p.status[i] === WON ? RANK_WON : RANK_LOST);

  for (let i = 0; i < p.n; i++) {
    let evs = perDeal[i];
    const closedAsOfA = p.status[i] !== OPEN;
    if (!evs) {
      derivedDeals++;
      evs = deriveHistory(p, i, stages, rankOf, A);
    } else {
      // a closed deal whose events lack its outcome gets it on its closed date
      const tr = closedAsOfA ? terminalRank(i) : -2;
      if (closedAsOfA && !evs.some((e) => e.rank === tr)) evs.push({ day: p.closed[i], rank: tr, name: tr === RANK_WON ? 'won' : 'lost' });
    }
    // same-day events in pipeline order (unknown stages before won/lost)
    evs.sort((a, b) => a.day - b.day || orderKey(a.rank, S) - orderKey(b.rank, S));
    // consecutive repeats of the same stage continue the visit
    const hist: Ev[] = [];
    for (const e of evs) if (!hist.length || hist[hist.length - 1].name !== e.name) hist.push(e);
    for (let k = 0; k < hist.length; k++) {
      const e = hist[k];
      if (e.rank === RANK_WON || e.rank === RANK_LOST) continue;
      const next = hist[k + 1];
      if (e.rank >= 0) {
        vStage.push(e.rank);
        vStart.push(e.day);
        vEnd.push(next ? next.day : -1);
        vAdv.push(next && (next.rank === RANK_WON || (next.rank >= 0 && next.rank < S && next.rank > e.rank)) ? 1 : 0);
      }
      if (!next && !closedAsOfA) {
        currentRank[i] = e.rank;
        currentStart[i] = e.day;
        currentName[i] = e.name;
      }
    }
  }

  const K = config.stuckDays + 1;
  const starts: Int32Array[] = [];
  const ends: Int32Array[] = [];
  const lenPre: Float64Array[] = [];
  const advPre: Float64Array[] = [];
  const stuckKeys: Int32Array[] = [];
  for (let r = 0; r < S; r++) {
    const st: number[] = [];
    const closedV: { end: number; len: number; adv: number; key: number }[] = [];
    for (let v = 0; v < vStage.length; v++) {
      if (vStage[v] !== r) continue;
      st.push(vStart[v]);
      if (vEnd[v] >= 0) closedV.push({ end: vEnd[v], len: vEnd[v] - vStart[v], adv: vAdv[v], key: Math.max(vEnd[v], vStart[v] + K) });
    }
    starts.push(Int32Array.from(st).sort());
    closedV.sort((a, b) => a.end - b.end);
    ends.push(Int32Array.from(closedV.map((x) => x.end)));
    lenPre.push(prefix(closedV.map((x) => x.len)));
    advPre.push(prefix(closedV.map((x) => x.adv)));
    stuckKeys.push(Int32Array.from(closedV.map((x) => x.key)).sort());
  }
  return { stages, starts, ends, lenPre, advPre, stuckKeys, stuckK: K, currentRank, currentStart, currentName, ignoredEvents, derivedDeals };
}

function orderKey(rank: number, S: number): number {
  return rank === RANK_OTHER ? S - 0.5 : rank;
}

/**
 * data-contract.md: no stage events -> the first configured stage on created_date, the
 * current stage on stage_entered_date (if given), won/lost on closed_date. Without a
 * stage_entered_date an open deal's current stage is taken as entered on created_date
 * (no first-stage visit is invented for it).
 */
function deriveHistory(p: PreparedDeals, i: number, stages: string[], rankOf: Map<string, number>, A: number): { day: number; rank: number; name: string }[] {
  const d = p.deals[i];
  const created = p.created[i];
  const out = [{ day: created, rank: 0, name: stages[0] }];
  const cur = d.stage ? d.stage.trim().toLowerCase() : '';
  if (cur && cur !== 'won' && cur !== 'lost' && cur !== stages[0]) {
    const rank = rankOf.get(cur) ?? RANK_OTHER;
    const entered = d.stageEnteredDate && isIsoDate(d.stageEnteredDate) ? dayOf(d.stageEnteredDate) : null;
    if (entered !== null && entered >= created && entered <= A) out.push({ day: entered, rank, name: cur });
    else if (entered === null) out[0] = { day: created, rank, name: cur };
    // a stage entered after A did not exist yet at A: the deal was still in the first stage
  }
  if (p.status[i] !== OPEN) {
    const won = p.status[i] === WON;
    out.push({ day: p.closed[i], rank: won ? stages.length : stages.length + 1, name: won ? 'won' : 'lost' });
  }
  return out;
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

