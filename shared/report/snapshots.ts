/**
 * Snapshots of closed quarters and restatements (outputs.md "restatements: any
 * closed quarter whose value changed since it was first published").
 *
 * - The first time a run sees a closed quarter's KPI, its value is published (kept).
 * - A later run whose value differs from the latest known value (the last
 *   restatement's new value, else the first-published value) records a restatement:
 *   old value, new value, when first published, when restated. Comparing with the
 *   latest known value (not the first one) records each change once, not again on
 *   every later run.
 * - Each restatement carries its sequence number for the period and KPI (1, 2, ...) and is
 *   stored under it only if absent, so two runs that see the same change (the quarterly and
 *   annual schedules firing together) record it once.
 * - Values are compared with a relative tolerance so float noise (summing in a
 *   different order) is not a restatement.
 */
import type { KpiDocument } from '../engine/types';
import type { PublishedValue, Restatement } from '../model/types';

export const RESTATEMENT_TOLERANCE = 1e-9;

/** True when two published values are the same number (within tolerance) or both null. */
export function sameValue(a: number | null, b: number | null, tolerance = RESTATEMENT_TOLERANCE): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

export interface SnapshotDiff {
  /** Closed-quarter values published for the first time in this run. */
  toPublish: PublishedValue[];
  /** Values that changed since they were last published. */
  restatements: Restatement[];
}

const keyOf = (periodId: string, kpi: string): string => `${periodId}\u0000${kpi}`;

export function diffSnapshots(
  doc: KpiDocument,
  published: PublishedValue[],
  previous: Restatement[],
  now: string,
  tolerance = RESTATEMENT_TOLERANCE,
): SnapshotDiff {
  const first = new Map<string, PublishedValue>();
  for (const p of published) first.set(keyOf(p.periodId, p.kpi), p);
  const latestRestated = new Map<string, Restatement>();
  const count = new Map<string, number>();
  for (const r of previous) {
    const k = keyOf(r.periodId, r.kpi);
    count.set(k, (count.get(k) ?? 0) + 1);
    const cur = latestRestated.get(k);
    if (!cur || (cur.sequence ?? 0) < (r.sequence ?? 0) || ((cur.sequence ?? 0) === (r.sequence ?? 0) && cur.restatedAt <= r.restatedAt)) latestRestated.set(k, r);
  }
  const toPublish: PublishedValue[] = [];
  const restatements: Restatement[] = [];
  for (const period of doc.periods) {
    if (period.kind !== 'quarter' || period.toDate) continue;
    for (const [kpi, v] of Object.entries(period.kpis)) {
      const value = typeof v.value === 'number' && Number.isFinite(v.value) ? v.value : null;
      const k = keyOf(period.id, kpi);
      const pub = first.get(k);
      if (!pub) {
        toPublish.push({ periodId: period.id, kpi, value, publishedAt: doc.generatedAt });
        continue;
      }
      const latest = latestRestated.get(k);
      const known = latest ? latest.newValue : pub.value;
      if (!sameValue(known, value, tolerance)) {
        restatements.push({
          periodId: period.id,
          kpi,
          oldValue: known,
          newValue: value,
          firstPublishedAt: pub.publishedAt,
          restatedAt: now,
          sequence: Math.max(count.get(k) ?? 0, latest?.sequence ?? 0) + 1,
        });
      }
    }
  }
  return { toPublish, restatements };
}
