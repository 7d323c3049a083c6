/**
 * Fiscal calendar (kpis.md "Periods and dates").
 *
 * Dates are calendar dates as `YYYY-MM-DD` strings (IsoDate). Internally they are
 * converted to *day numbers* (days since 1970-01-01, i.e. UTC-midnight / 86 400 000),
 * so no arithmetic ever touches the host's local time zone. Month arithmetic uses
 * date-fns `addMonths` in an explicit UTC context (`in: tz('UTC')`), which clamps to
 * the month's end (Jan 31 + 1 month = Feb 28/29). The engine's hot loops use the
 * equivalent pure-arithmetic functions at the bottom of this file (`dayOf`,
 * `isoOfDay`, `addMonthsDay`), which the tests check against date-fns.
 *
 * Fiscal periods, finance months, month arithmetic and weeks in the configured
 * calendar (Gregorian or Jalali) are the FiscalCalendar's (fiscal-calendar.ts); the
 * period functions below that take a start month are its Gregorian shorthands.
 */
import { addMonths, format } from 'date-fns';
import { TZDate, tz } from '@date-fns/tz';
import type { IsoDate } from '../model/types';
import { ScorecardError } from '../errors';
import { gregorianCalendar } from './fiscal-calendar';

export type PeriodKind = 'quarter' | 'year';

export interface FiscalPeriod {
  /** `FY2027-Q1` or `FY2027`. */
  id: string;
  kind: PeriodKind;
  start: IsoDate;
  end: IsoDate;
}

export interface Week {
  /** `2026-W47` */
  id: string;
  start: IsoDate;
  end: IsoDate;
}

const DIGIT_POS = [0, 1, 2, 3, 5, 6, 8, 9];
const utc = tz('UTC');

/** True when `s` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  for (const i of DIGIT_POS) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const [y, mo, d] = splitIso(s);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function assertIso(d: IsoDate, what = 'date'): void {
  if (!isIsoDate(d)) throw new ScorecardError(`${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(d)}`);
}

function utcDateOf(d: IsoDate): TZDate {
  const [y, m, day] = splitIso(d);
  return new TZDate(y, m - 1, day, 'UTC');
}

function isoOfDate(d: Date): IsoDate {
  return format(d, 'yyyy-MM-dd', { in: utc });
}

/** `d` plus `n` days (n may be negative). */
export function addDays(d: IsoDate, n: number): IsoDate {
  assertIso(d);
  return isoOfDay(dayOf(d) + n);
}

/** `d` plus `n` calendar months, clamped to the end of the target month (Jan 31 + 1 = Feb 28/29). */
export function addMonthsClamped(d: IsoDate, n: number): IsoDate {
  assertIso(d);
  return isoOfDate(addMonths(utcDateOf(d), n, { in: utc }));
}

/** Whole days from `a` to `b` (b - a; negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  assertIso(a);
  assertIso(b);
  return dayOf(b) - dayOf(a);
}

/** Calendar month `YYYY-MM` of a date. */
export function monthOf(d: IsoDate): string {
  assertIso(d);
  return d.slice(0, 7);
}

/**
 * The calendar date of an instant in an IANA time zone. A `YYYY-MM-DD` string is
 * already a calendar date and is returned unchanged; a timestamp without a zone
 * designator (`2026-03-01T23:30:00`) is a wall-clock time in the reporting time zone,
 * so its date part is returned; a timestamp with `Z` or an offset is converted.
 */
export function toCalendarDate(instant: Date | string, timeZone: string): IsoDate {
  if (typeof instant === 'string') {
    const s = instant.trim();
    if (isIsoDate(s)) return s;
    const local = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.exec(s);
    if (local && isIsoDate(local[1])) return local[1];
    const t = Date.parse(s);
    if (Number.isNaN(t)) throw new ScorecardError(`not a date or timestamp: ${JSON.stringify(instant)}`);
    return format(new TZDate(t, timeZone), 'yyyy-MM-dd');
  }
  if (Number.isNaN(instant.getTime())) throw new ScorecardError('not a valid Date');
  return format(new TZDate(instant.getTime(), timeZone), 'yyyy-MM-dd');
}

// ---------------------------------------------------------------- fiscal periods (Gregorian)
//
// Gregorian-only shorthands of fiscal-calendar.ts, kept for callers that only know a
// start month. New code asks `fiscalCalendar(config)`, which also knows the Jalali calendar.

const greg = (fyStartMonth: number) => gregorianCalendar(fyStartMonth);

/** The fiscal year (name) a calendar year/month belongs to. */
export function fiscalYearNumber(year: number, month: number, fyStartMonth: number): number {
  return greg(fyStartMonth).fiscalYearNumber(year, month);
}

/** Fiscal quarter `q` (1-4) of fiscal year `fyNumber`. @deprecated Gregorian only: use FiscalCalendar.quarter */
export function fiscalQuarter(fyNumber: number, q: number, fyStartMonth: number): FiscalPeriod {
  return greg(fyStartMonth).quarter(fyNumber, q);
}

/** Fiscal year `fyNumber`. @deprecated Gregorian only: use FiscalCalendar.year */
export function fiscalYear(fyNumber: number, fyStartMonth: number): FiscalPeriod {
  return greg(fyStartMonth).year(fyNumber);
}

/** @deprecated Gregorian only: use FiscalCalendar.quarterOf */
export function fiscalQuarterOf(date: IsoDate, fyStartMonth: number): FiscalPeriod {
  return greg(fyStartMonth).quarterOf(date);
}

/** @deprecated Gregorian only: use FiscalCalendar.yearOf */
export function fiscalYearOf(date: IsoDate, fyStartMonth: number): FiscalPeriod {
  return greg(fyStartMonth).yearOf(date);
}

/** Parses `FY2026-Q3` / `FY2026`; null when not a period id. @deprecated Gregorian only: use FiscalCalendar.tryPeriodById */
export function tryPeriodById(id: string, fyStartMonth: number): FiscalPeriod | null {
  return greg(fyStartMonth).tryPeriodById(id);
}

/** Parses `FY2026-Q3` / `FY2026`; throws ScorecardError on anything else. @deprecated Gregorian only: use FiscalCalendar.periodById */
export function periodById(id: string, fyStartMonth: number): FiscalPeriod {
  return greg(fyStartMonth).periodById(id);
}

export { parsePeriodId } from './fiscal-calendar';

/** @deprecated Gregorian only: use FiscalCalendar.shiftQuarter */
export function shiftQuarter(p: FiscalPeriod, n: number, fyStartMonth: number): FiscalPeriod {
  return greg(fyStartMonth).shiftQuarter(p, n);
}

/** @deprecated Gregorian only: use FiscalCalendar.previousQuarter */
export function previousQuarter(p: FiscalPeriod, fyStartMonth: number): FiscalPeriod {
  return greg(fyStartMonth).previousQuarter(p);
}

/** @deprecated Gregorian only: use FiscalCalendar.sameQuarterLastYear */
export function sameQuarterLastYear(p: FiscalPeriod, fyStartMonth: number): FiscalPeriod {
  return greg(fyStartMonth).sameQuarterLastYear(p);
}

/** @deprecated Gregorian only: use FiscalCalendar.previousYear */
export function previousYear(p: FiscalPeriod, fyStartMonth: number): FiscalPeriod {
  return greg(fyStartMonth).previousYear(p);
}

/** @deprecated Gregorian only: use FiscalCalendar.quartersOfYear */
export function quartersOfYear(yearId: string, fyStartMonth: number): FiscalPeriod[] {
  return greg(fyStartMonth).quartersOfYear(yearId);
}

/** @deprecated Gregorian only: use FiscalCalendar.yearOfQuarter */
export function yearOfQuarter(p: FiscalPeriod, fyStartMonth: number): FiscalPeriod {
  return greg(fyStartMonth).yearOfQuarter(p);
}

/** @deprecated Gregorian only: use FiscalCalendar.quartersBetween */
export function quartersBetween(from: IsoDate, to: IsoDate, fyStartMonth: number): FiscalPeriod[] {
  return greg(fyStartMonth).quartersBetween(from, to);
}

/** @deprecated Gregorian only: use FiscalCalendar.yearsBetween */
export function yearsBetween(from: IsoDate, to: IsoDate, fyStartMonth: number): FiscalPeriod[] {
  return greg(fyStartMonth).yearsBetween(from, to);
}

/** @deprecated Gregorian only: use FiscalCalendar.quarterOfMonth */
export function fiscalQuarterOfMonth(month: string, fyStartMonth: number): FiscalPeriod {
  return fiscalQuarterOf(`${month}-01`, fyStartMonth);
}

/** @deprecated Gregorian only: use FiscalCalendar.monthsOfQuarter */
export function monthsOfQuarter(p: FiscalPeriod): string[] {
  return greg(1).monthsOfQuarter(p);
}

// ---------------------------------------------------------------- to-date spans

/** A period cut at the as-of date: end = min(end, asOf); toDate when it was cut. */
export function toDate<P extends { start: IsoDate; end: IsoDate }>(p: P, asOf: IsoDate): P & { toDate: boolean } {
  return asOf < p.end ? { ...p, end: asOf, toDate: true } : { ...p, toDate: false };
}

/**
 * The span of `prior` to compare a to-date period with: the same number of days from
 * the prior period's start (current end - current start), clamped to the prior
 * period's end. E.g. QTD 2026-10-01..2026-11-22 (53 days) against 2026-07-01..2026-08-22.
 */
export function sameSpan(current: { start: IsoDate; end: IsoDate }, prior: { start: IsoDate; end: IsoDate }): { start: IsoDate; end: IsoDate } {
  const len = dayOf(current.end) - dayOf(current.start);
  const end = isoOfDay(Math.min(dayOf(prior.start) + len, dayOf(prior.end)));
  return { start: prior.start, end };
}

// ---------------------------------------------------------------- weeks

/**
 * The Gregorian week containing `date`. weekStartsOn: 0 = Sunday .. 6 = Saturday; 1 gives
 * ISO 8601 weeks. @deprecated Gregorian only: use FiscalCalendar.weekOf
 */
export function weekOf(date: IsoDate, weekStartsOn: number): Week {
  return gregorianCalendar(1, weekStartsOn).weekOf(date);
}

/** The week `n` weeks after `w` (negative = before). @deprecated Gregorian only: use FiscalCalendar.shiftWeek */
export function shiftWeek(w: Week, n: number, weekStartsOn: number): Week {
  return gregorianCalendar(1, weekStartsOn).shiftWeek(w, n);
}

// ---------------------------------------------------------------- fast day numbers

/** `YYYY-MM-DD` -> [year, month 1-12, day]. No validation. */
export function splitIso(d: IsoDate): [number, number, number] {
  return [
    (d.charCodeAt(0) - 48) * 1000 + (d.charCodeAt(1) - 48) * 100 + (d.charCodeAt(2) - 48) * 10 + (d.charCodeAt(3) - 48),
    (d.charCodeAt(5) - 48) * 10 + (d.charCodeAt(6) - 48),
    (d.charCodeAt(8) - 48) * 10 + (d.charCodeAt(9) - 48),
  ];
}

/** Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's days_from_civil). */
export function dayFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Day number -> [year, month, day]. */
export function civilFromDay(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** `YYYY-MM-DD` -> day number (days since 1970-01-01). No validation: call on validated dates. */
export function dayOf(d: IsoDate): number {
  const [y, m, day] = splitIso(d);
  return dayFromCivil(y, m, day);
}

/** Day number -> `YYYY-MM-DD`. */
export function isoOfDay(n: number): IsoDate {
  const [y, m, d] = civilFromDay(n);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

/** 0 = Sunday .. 6 = Saturday. */
export function weekdayOfDay(n: number): number {
  return (((n + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Day number plus `n` months, clamped to month end (same rule as addMonthsClamped). */
export function addMonthsDay(day: number, n: number): number {
  const [y, m, d] = civilFromDay(day);
  const idx = y * 12 + (m - 1) + n;
  const ny = Math.floor(idx / 12);
  const nm = idx - ny * 12 + 1;
  return dayFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return n >= 1000 ? String(n) : String(n).padStart(4, '0');
}
