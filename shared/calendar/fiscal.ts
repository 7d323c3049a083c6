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
 * Naming:
 * - A fiscal year is named after the calendar year in which it ends: with start
 *   month 4, `FY2027` = 2026-04-01 .. 2027-03-31; quarters count from the start
 *   month (`FY2027-Q1` = April-June 2026).
 * - Weeks: `YYYY-Www`. With weekStartsOn = 1 these are ISO 8601 weeks. For any other
 *   start day the same rule is generalised: a week belongs to the calendar year that
 *   holds its 4th day (i.e. the majority of its days), and week 1 is the first week
 *   whose 4th day falls in that year (date-fns `getWeek` with firstWeekContainsDate 4).
 */
import { addMonths, format } from 'date-fns';
import { TZDate, tz } from '@date-fns/tz';
import type { IsoDate } from '../model/types';
import { ScorecardError } from '../errors';

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

function assertFyStart(fy: number): void {
  if (!Number.isInteger(fy) || fy < 1 || fy > 12) {
    throw new ScorecardError(`fiscal year start month must be an integer from 1 to 12, got ${JSON.stringify(fy)}`);
  }
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

// ---------------------------------------------------------------- fiscal periods

/** The fiscal year (name) a calendar year/month belongs to. */
export function fiscalYearNumber(year: number, month: number, fyStartMonth: number): number {
  return fyStartMonth === 1 || month < fyStartMonth ? year : year + 1;
}

/** First calendar year/month of fiscal year `fyNumber`. */
function fyStart(fyNumber: number, fyStartMonth: number): [number, number] {
  return [fyStartMonth === 1 ? fyNumber : fyNumber - 1, fyStartMonth];
}

function monthStartIso(y: number, m: number): IsoDate {
  // normalise month overflow
  const yy = y + Math.floor((m - 1) / 12);
  const mm = ((((m - 1) % 12) + 12) % 12) + 1;
  return `${pad4(yy)}-${pad2(mm)}-01`;
}

function monthEndIso(y: number, m: number): IsoDate {
  const yy = y + Math.floor((m - 1) / 12);
  const mm = ((((m - 1) % 12) + 12) % 12) + 1;
  return `${pad4(yy)}-${pad2(mm)}-${pad2(daysInMonth(yy, mm))}`;
}

/** Fiscal quarter `q` (1-4) of fiscal year `fyNumber`. */
export function fiscalQuarter(fyNumber: number, q: number, fyStartMonth: number): FiscalPeriod {
  assertFyStart(fyStartMonth);
  const [y, m] = fyStart(fyNumber, fyStartMonth);
  const sm = m + 3 * (q - 1);
  return { id: `FY${pad4(fyNumber)}-Q${q}`, kind: 'quarter', start: monthStartIso(y, sm), end: monthEndIso(y, sm + 2) };
}

/** Fiscal year `fyNumber`. */
export function fiscalYear(fyNumber: number, fyStartMonth: number): FiscalPeriod {
  assertFyStart(fyStartMonth);
  const [y, m] = fyStart(fyNumber, fyStartMonth);
  return { id: `FY${pad4(fyNumber)}`, kind: 'year', start: monthStartIso(y, m), end: monthEndIso(y, m + 11) };
}

export function fiscalQuarterOf(date: IsoDate, fyStartMonth: number): FiscalPeriod {
  assertIso(date);
  assertFyStart(fyStartMonth);
  const [y, m] = splitIso(date);
  const fyn = fiscalYearNumber(y, m, fyStartMonth);
  const q = Math.floor((((m - fyStartMonth) % 12) + 12) % 12 / 3) + 1;
  return fiscalQuarter(fyn, q, fyStartMonth);
}

export function fiscalYearOf(date: IsoDate, fyStartMonth: number): FiscalPeriod {
  assertIso(date);
  assertFyStart(fyStartMonth);
  const [y, m] = splitIso(date);
  return fiscalYear(fiscalYearNumber(y, m, fyStartMonth), fyStartMonth);
}

const PERIOD_RE = /^FY(\d{4})(?:-Q([1-4]))?$/;

/** Parses `FY2026-Q3` / `FY2026` (case-insensitive, surrounding spaces ignored); null when not a period id. */
export function tryPeriodById(id: string, fyStartMonth: number): FiscalPeriod | null {
  const m = PERIOD_RE.exec(String(id).trim().toUpperCase());
  if (!m) return null;
  const fyn = +m[1];
  return m[2] ? fiscalQuarter(fyn, +m[2], fyStartMonth) : fiscalYear(fyn, fyStartMonth);
}

/** Parses `FY2026-Q3` / `FY2026`; throws ScorecardError on anything else. */
export function periodById(id: string, fyStartMonth: number): FiscalPeriod {
  const p = tryPeriodById(id, fyStartMonth);
  if (!p) throw new ScorecardError(`not a fiscal period id (expected FY2026-Q3 or FY2026): ${JSON.stringify(id)}`);
  return p;
}

/** Fiscal year number and quarter (null for a year) of a period id. */
export function parsePeriodId(id: string): { fy: number; quarter: number | null } | null {
  const m = PERIOD_RE.exec(String(id).trim().toUpperCase());
  if (!m) return null;
  return { fy: +m[1], quarter: m[2] ? +m[2] : null };
}

function requireKind(p: FiscalPeriod, kind: PeriodKind, fn: string): { fy: number; quarter: number | null } {
  const parsed = parsePeriodId(p.id);
  if (!parsed || p.kind !== kind) throw new ScorecardError(`${fn} needs a fiscal ${kind}, got ${JSON.stringify(p.id)}`);
  return parsed;
}

/** The quarter `n` quarters after `p` (negative = before). */
export function shiftQuarter(p: FiscalPeriod, n: number, fyStartMonth: number): FiscalPeriod {
  const { fy, quarter } = requireKind(p, 'quarter', 'shiftQuarter');
  const idx = fy * 4 + (quarter! - 1) + n;
  return fiscalQuarter(Math.floor(idx / 4), (idx % 4) + 1, fyStartMonth);
}

export function previousQuarter(p: FiscalPeriod, fyStartMonth: number): FiscalPeriod {
  return shiftQuarter(p, -1, fyStartMonth);
}

export function sameQuarterLastYear(p: FiscalPeriod, fyStartMonth: number): FiscalPeriod {
  return shiftQuarter(p, -4, fyStartMonth);
}

export function previousYear(p: FiscalPeriod, fyStartMonth: number): FiscalPeriod {
  const { fy } = requireKind(p, 'year', 'previousYear');
  return fiscalYear(fy - 1, fyStartMonth);
}

/** The four quarters of fiscal year `yearId` (`FY2026`). */
export function quartersOfYear(yearId: string, fyStartMonth: number): FiscalPeriod[] {
  const p = periodById(yearId, fyStartMonth);
  const { fy } = requireKind(p, 'year', 'quartersOfYear');
  return [1, 2, 3, 4].map((q) => fiscalQuarter(fy, q, fyStartMonth));
}

/** The fiscal year a quarter belongs to. */
export function yearOfQuarter(p: FiscalPeriod, fyStartMonth: number): FiscalPeriod {
  const { fy } = requireKind(p, 'quarter', 'yearOfQuarter');
  return fiscalYear(fy, fyStartMonth);
}

/** Every fiscal quarter that overlaps [from, to], oldest first (full quarters). */
export function quartersBetween(from: IsoDate, to: IsoDate, fyStartMonth: number): FiscalPeriod[] {
  assertIso(from);
  assertIso(to);
  if (to < from) return [];
  const out: FiscalPeriod[] = [];
  let q = fiscalQuarterOf(from, fyStartMonth);
  const last = fiscalQuarterOf(to, fyStartMonth).id;
  for (;;) {
    out.push(q);
    if (q.id === last) return out;
    q = shiftQuarter(q, 1, fyStartMonth);
  }
}

/** Every fiscal year that overlaps [from, to], oldest first (full years). */
export function yearsBetween(from: IsoDate, to: IsoDate, fyStartMonth: number): FiscalPeriod[] {
  assertIso(from);
  assertIso(to);
  if (to < from) return [];
  const a = parsePeriodId(fiscalYearOf(from, fyStartMonth).id)!.fy;
  const b = parsePeriodId(fiscalYearOf(to, fyStartMonth).id)!.fy;
  const out: FiscalPeriod[] = [];
  for (let y = a; y <= b; y++) out.push(fiscalYear(y, fyStartMonth));
  return out;
}

/** The fiscal quarter/year a calendar month `YYYY-MM` lies in. */
export function fiscalQuarterOfMonth(month: string, fyStartMonth: number): FiscalPeriod {
  return fiscalQuarterOf(`${month}-01`, fyStartMonth);
}

/** The three calendar months `YYYY-MM` of a fiscal quarter. */
export function monthsOfQuarter(p: FiscalPeriod): string[] {
  const [y, m] = splitIso(p.start);
  return [0, 1, 2].map((i) => monthStartIso(y, m + i).slice(0, 7));
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
 * The week containing `date`. weekStartsOn: 0 = Sunday .. 6 = Saturday; 1 gives ISO
 * 8601 weeks. Named `YYYY-Www` after the calendar year holding the week's 4th day.
 */
export function weekOf(date: IsoDate, weekStartsOn: number): Week {
  assertIso(date);
  if (!Number.isInteger(weekStartsOn) || weekStartsOn < 0 || weekStartsOn > 6) {
    throw new ScorecardError(`weekStartsOn must be an integer from 0 to 6, got ${JSON.stringify(weekStartsOn)}`);
  }
  const n = dayOf(date);
  const start = n - ((weekdayOfDay(n) - weekStartsOn + 7) % 7);
  // The week belongs to the calendar year of its 4th day; its number counts the weeks whose
  // 4th day falls in that year (= date-fns getWeek with firstWeekContainsDate 4; ISO for Monday).
  const fourth = start + 3;
  const wy = civilFromDay(fourth)[0];
  const wn = Math.floor((fourth - dayFromCivil(wy, 1, 1)) / 7) + 1;
  return { id: `${pad4(wy)}-W${pad2(wn)}`, start: isoOfDay(start), end: isoOfDay(start + 6) };
}

/** The week `n` weeks after `w` (negative = before). */
export function shiftWeek(w: Week, n: number, weekStartsOn: number): Week {
  return weekOf(addDays(w.start, 7 * n), weekStartsOn);
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
