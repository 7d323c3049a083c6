/**
 * Date parsing for the engine's hot loops. At 1M deals the engine reads ~5M date strings;
 * calendar/fiscal.ts's `isIsoDate` + `dayOf` allocate a [y, m, d] array per call and run
 * twice per string. `parseDay` does both in one allocation-free pass with the same result.
 * (Month shifts are memoised by the fiscal calendar's `monthShift`.)
 */
import { dayFromCivil, daysInMonth } from '../calendar/fiscal';

/** Returned by `parseDay` for anything that is not a calendar date `YYYY-MM-DD`. */
export const NO_DAY = -2147483648;

/** Digit value of char code c, or -1. */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/**
 * Day number (days since 1970-01-01) of a calendar date `YYYY-MM-DD`, or NO_DAY when `s`
 * is not one: exactly `isIsoDate(s) ? dayOf(s) : NO_DAY`.
 */
export function parseDay(s: unknown): number {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NO_DAY;
  const y0 = digit(s, 0);
  const y1 = digit(s, 1);
  const y2 = digit(s, 2);
  const y3 = digit(s, 3);
  const m0 = digit(s, 5);
  const m1 = digit(s, 6);
  const d0 = digit(s, 8);
  const d1 = digit(s, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return NO_DAY;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NO_DAY;
  return dayFromCivil(y, m, d);
}
