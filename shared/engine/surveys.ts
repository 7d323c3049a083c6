/** Survey KPIs (kpis.md "Surveys"): responses sorted by date once, prefix counts per measure. */
import { f64, i32, i8 } from './arena';
import type { SurveyResponse } from '../model/types';
import { countingSort, div, ok, rangeIn, type Val } from './util';

const FIELDS = [
  'n', 'npsN', 'promoters', 'detractors', 'csatN', 'csatGood', 'cesN', 'cesSum', 'cesEasy',
  'gapN', 'gapSum', 'gapPos', 'gapZero', 'gapNeg',
] as const;
type Field = (typeof FIELDS)[number];

export interface SurveyIndex {
  days: Int32Array;
  pre: Record<Field, Float64Array | Int32Array>;
  nps: Int8Array; // -1 = no answer
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * `surveys` must already be limited to responses dated on or before the as-of date;
 * `rawDays` are their day numbers (same order), parsed once by the caller.
 */
export function buildSurveyIndex(surveys: SurveyResponse[], rawDays: Int32Array): SurveyIndex {
  const n = surveys.length;
  let lo = 0;
  let hi = 0;
  for (let k = 0; k < n; k++) {
    const d = rawDays[k];
    if (k === 0 || d < lo) lo = d;
    if (k === 0 || d > hi) hi = d;
  }
  const all = i32(n);
  for (let k = 0; k < n; k++) all[k] = k;
  const order = countingSort(all, (k) => rawDays[k], lo, hi);
  const days = i32(n);
  const nps = i8(n).fill(-1);
  // counts in Int32 (half the memory); the two sums of answers in Float64
  const pre = Object.fromEntries(
    FIELDS.map((f) => [f, f === 'cesSum' || f === 'gapSum' ? f64(n + 1) : i32(n + 1)]),
  ) as Record<Field, Float64Array | Int32Array>;
  const acc = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>;
  for (let k = 0; k < n; k++) {
    const r = surveys[order[k]];
    days[k] = rawDays[order[k]];
    acc.n++;
    if (isNum(r.nps)) {
      nps[k] = r.nps;
      acc.npsN++;
      if (r.nps >= 9) acc.promoters++;
      else if (r.nps <= 6) acc.detractors++;
    }
    if (isNum(r.csat)) {
      acc.csatN++;
      if (r.csat >= 4) acc.csatGood++;
    }
    if (isNum(r.ces)) {
      acc.cesN++;
      acc.cesSum += r.ces;
      if (r.ces >= 5) acc.cesEasy++;
    }
    if (isNum(r.expectation) && isNum(r.performance)) {
      const gap = r.performance - r.expectation;
      acc.gapN++;
      acc.gapSum += gap;
      if (gap > 0) acc.gapPos++;
      else if (gap === 0) acc.gapZero++;
      else acc.gapNeg++;
    }
    for (const f of FIELDS) pre[f][k + 1] = acc[f];
  }
  return { days, pre, nps };
}

export function surveyKpis(ix: SurveyIndex, s: number, e: number): Record<string, Val> {
  const [i, j] = rangeIn(ix.days, s, e);
  const v = (f: Field) => ix.pre[f][j] - ix.pre[f][i];
  const out: Record<string, Val> = {};
  out.survey_responses = ok(v('n'));
  out.nps = div(100 * (v('promoters') - v('detractors')), v('npsN'), 'no NPS answers in period');
  out.csat = div(v('csatGood'), v('csatN'), 'no CSAT answers in period');
  out.ces = div(v('cesSum'), v('cesN'), 'no CES answers in period');
  out.ces_easy_share = div(v('cesEasy'), v('cesN'), 'no CES answers in period');
  const noGap = 'no responses with both expectation and performance in period';
  out.expectation_gap = div(v('gapSum'), v('gapN'), noGap);
  out.delighted_share = div(v('gapPos'), v('gapN'), noGap);
  out.satisfied_share = div(v('gapZero'), v('gapN'), noGap);
  out.dissatisfied_share = div(v('gapNeg'), v('gapN'), noGap);
  return out;
}

/** NPS answers 0..10 counted over [s, e] (index = score). */
export function npsDistribution(ix: SurveyIndex, s: number, e: number): number[] {
  const [i, j] = rangeIn(ix.days, s, e);
  const out = new Array<number>(11).fill(0);
  for (let k = i; k < j; k++) if (ix.nps[k] >= 0 && ix.nps[k] <= 10) out[ix.nps[k]]++;
  return out;
}

export function surveysIn(ix: SurveyIndex, s: number, e: number): number {
  const [i, j] = rangeIn(ix.days, s, e);
  return j - i;
}
