/** Small numeric helpers shared by the engine: nullable values, sorted-array search, counting sort. */

import { f64, i32, tmp, withScratch } from './arena';

export interface Val {
  value: number | null;
  reason: string | null;
}

export function ok(value: number): Val {
  return Number.isFinite(value) ? { value, reason: null } : { value: null, reason: 'not a finite number' };
}

export function nul(reason: string): Val {
  return { value: null, reason };
}

/** num / den; null with `zeroReason` when den is 0, with the input's reason when one is null. */
export function div(num: Val | number, den: Val | number, zeroReason: string): Val {
  const n = typeof num === 'number' ? ok(num) : num;
  const d = typeof den === 'number' ? ok(den) : den;
  if (n.value === null) return nul(n.reason ?? 'missing input');
  if (d.value === null) return nul(d.reason ?? 'missing input');
  if (d.value === 0) return nul(zeroReason);
  return ok(n.value / d.value);
}

/**
 * Relative change (value - prior) / prior, null when either is missing or the prior is zero
 * or negative: a percentage across a sign change (ROI from -38.7% to 315.7%) means nothing
 * to a reader (docs/decisions/forecast-and-pacing.md).
 */
export function relativeChange(value: number | null, prior: number | null): number | null {
  return value === null || prior === null || prior <= 0 ? null : (value - prior) / prior;
}

/** Number of elements < x in a sorted array. */
export function lowerBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of elements <= x in a sorted array. */
export function upperBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Count of elements in [lo, hi] of a sorted array. */
export function countIn(a: ArrayLike<number>, lo: number, hi: number): number {
  return hi < lo ? 0 : upperBound(a, hi) - lowerBound(a, lo);
}

/** Index range [i, j) of the elements in [lo, hi] of a sorted array. */
export function rangeIn(a: ArrayLike<number>, lo: number, hi: number): [number, number] {
  if (hi < lo) return [0, 0];
  return [lowerBound(a, lo), upperBound(a, hi)];
}

/** Prefix sums: out[i] = sum of values[0..i-1]. */
export function prefix(values: ArrayLike<number>): Float64Array {
  const out = f64(values.length + 1);
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    s += values[i];
    out[i + 1] = s;
  }
  return out;
}

/**
 * Stable counting sort of `items` (indices) by an integer key in [minKey, maxKey].
 * O(n + range): used once per dataset on day numbers.
 */
export function countingSort(items: Int32Array, key: (i: number) => number, minKey: number, maxKey: number): Int32Array {
  const out = i32(items.length);
  withScratch(() => countingSortInto(out, items, key, minKey, maxKey));
  return out;
}

function countingSortInto(out: Int32Array, items: Int32Array, key: (i: number) => number, minKey: number, maxKey: number): void {
  const range = maxKey - minKey + 1;
  const counts = tmp.i32(range + 1);
  const keys = tmp.i32(items.length);
  for (let k = 0; k < items.length; k++) {
    const v = key(items[k]) - minKey;
    keys[k] = v;
    counts[v + 1]++;
  }
  for (let r = 0; r < range; r++) counts[r + 1] += counts[r];
  for (let k = 0; k < items.length; k++) out[counts[keys[k]]++] = items[k];
}

/** Median of values[i..j) (copied; the input is not reordered); null when empty. */
export function medianOf(values: Float64Array, i: number, j: number): number | null {
  const n = j - i;
  if (n <= 0) return null;
  const a = values.slice(i, j).sort();
  return n % 2 === 1 ? a[(n - 1) / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
}
