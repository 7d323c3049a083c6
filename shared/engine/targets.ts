/**
 * Targets (kpis.md "Targets"): attainment and status of a KPI value against its target,
 * paced in a to-date period for the KPIs that accumulate over the period.
 */
import { dayOf } from '../calendar/fiscal';
import type { IsoDate } from '../model/types';
import type { KpiDefinition, TargetResult } from './types';

/**
 * The share of a period elapsed at the end of its (to-date) span: days from the period's
 * start through `spanEnd` (the as-of date included) over the days of the whole period;
 * 1 for a complete period.
 */
export function paceOf(period: { start: IsoDate; end: IsoDate }, spanEnd: IsoDate): number {
  const s = dayOf(period.start);
  const total = dayOf(period.end) - s + 1;
  const elapsed = Math.min(total, dayOf(spanEnd) - s + 1);
  return elapsed / total;
}

/**
 * A target judged as kpis.md says: accumulating KPIs (counts and money sums) against the
 * target paced to the elapsed share of the period (`expectedToDate` = target x pace);
 * rates, means, scores and stocks against the target as it is.
 */
export function judgeTarget(value: number | null, target: number, def: Pick<KpiDefinition, 'better' | 'accumulates'>, scope: string, pace = 1): TargetResult {
  const expected = def.accumulates ? target * pace : target;
  return { ...attainment(value, expected, def, scope), value: target, expectedToDate: expected };
}

/** Attainment and status of `value` against `target` (already paced, if it is to be). */
export function attainment(value: number | null, target: number, def: Pick<KpiDefinition, 'better'>, scope: string): TargetResult {
  const base = { value: target, scope };
  if (value === null) return { ...base, attainment: null, status: null, reason: 'no KPI value to compare with the target' };
  if (def.better === 'neutral') {
    return { ...base, attainment: target !== 0 ? value / target : null, status: null, reason: 'informational KPI: no status' };
  }
  let att: number | null = null;
  if (def.better === 'higher' && target > 0 && value >= 0) att = value / target;
  if (def.better === 'lower' && value > 0 && target >= 0) att = target / value;
  if (att !== null) return { ...base, attainment: att, status: att >= 1 ? 'met' : att >= 0.9 ? 'at_risk' : 'behind', reason: null };
  // ratio undefined (zero or negative operands): judge by comparing directly
  const met = def.better === 'higher' ? value >= target : value <= target;
  return {
    ...base,
    attainment: null,
    status: met ? 'met' : 'behind',
    reason: def.better === 'lower' && value === 0 ? 'value is 0: attainment n/a, at or below the target' : 'attainment n/a for zero or negative values; status by direct comparison',
  };
}
