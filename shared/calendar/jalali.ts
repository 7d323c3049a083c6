/**
 * The Solar Hijri (Jalali) calendar as day numbers (days since 1970-01-01, the unit of
 * fiscal.ts), the one place that converts between it and the Gregorian calendar.
 *
 * Conversion is jalaali-js (Borkowski's algorithm, which follows the astronomical
 * calendar Iran uses; it agrees day by day with ICU's Persian calendar over 1350-1450,
 * checked in jalali.test.ts). Libraries using the 2820-year arithmetic rule get
 * 1403/1404 wrong and must not be used.
 *
 * Months 1-6 have 31 days, 7-11 have 30, month 12 has 29 (30 in a leap year).
 */
import { isLeapJalaaliYear, j2d, d2j, jalaaliMonthLength } from 'jalaali-js';

/** Julian day number of 1970-01-01. */
const JDN_EPOCH = 2440588;

/** Years the upload reader and the fiscal calendar accept as Jalali (data-contract.md). */
export const JALALI_MIN_YEAR = 1300;
export const JALALI_MAX_YEAR = 1499;

/** Month names as transliterated in English (Farvardin = 1); Persian labels belong to the locale kit. */
export const JALALI_MONTH_NAMES = [
  'Farvardin', 'Ordibehesht', 'Khordad', 'Tir', 'Mordad', 'Shahrivar', 'Mehr', 'Aban', 'Azar', 'Dey', 'Bahman', 'Esfand',
] as const;

export interface JalaliDate {
  y: number;
  m: number;
  d: number;
}

export function isJalaliLeapYear(y: number): boolean {
  return isLeapJalaaliYear(y);
}

export function jalaliMonthLength(y: number, m: number): number {
  return jalaaliMonthLength(y, m);
}

/** True when y/m/d is a real Jalali date (1404/12/30 is not: 1404 is not a leap year). */
export function isValidJalali(y: number, m: number, d: number): boolean {
  return (
    Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) &&
    y >= -61 && y <= 3177 && m >= 1 && m <= 12 && d >= 1 && d <= jalaaliMonthLength(y, m)
  );
}

/** Day number (days since 1970-01-01) of a Jalali date; the date must be valid. */
export function dayOfJalali(y: number, m: number, d: number): number {
  return j2d(y, m, d) - JDN_EPOCH;
}

/** The Jalali date of a day number. */
export function jalaliOfDay(day: number): JalaliDate {
  const j = d2j(day + JDN_EPOCH);
  return { y: j.jy, m: j.jm, d: j.jd };
}

/**
 * Day `day` plus `n` Jalali months, the day of month kept and clamped to the target
 * month's last day (kpis.md: 1403/06/31 plus one month is 1403/07/30).
 */
export function addJalaliMonthsDay(day: number, n: number): number {
  const { y, m, d } = jalaliOfDay(day);
  const total = y * 12 + (m - 1) + n;
  const ty = Math.floor(total / 12);
  const tm = total - ty * 12 + 1;
  return dayOfJalali(ty, tm, Math.min(d, jalaaliMonthLength(ty, tm)));
}
