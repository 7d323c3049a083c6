/**
 * The fiscal calendar (kpis.md "Periods and dates"): the one place that knows what a
 * fiscal quarter, a fiscal year, a finance month, "N months later" and a week are.
 * Made once from the config (`calendar`, `fiscalYearStartMonth`, `weekStartsOn`) by
 * `fiscalCalendar(config)`; everything else asks it.
 *
 * Both calendars share one implementation over *month indexes* (year * 12 + month - 1
 * in the configured calendar); only a small `MonthSystem` differs:
 * - `gregorian`: day numbers <-> y/m/d by H. Hinnant's civil algorithms (fiscal.ts);
 * - `jalali`: the Solar Hijri calendar through jalali.ts (jalaali-js, exact 1350-1450).
 *
 * Rules (identical for both calendars):
 * - A fiscal year is named after the calendar year in which it ends: Gregorian start
 *   month 4 -> `FY2027` = 2026-04-01 .. 2027-03-31; Jalali start month 1 -> `FY1403` =
 *   1403/01/01 .. 1403/12/30 (2024-03-20 .. 2025-03-20). Quarters are three months of
 *   the calendar counted from the start month. Ids stay ASCII; bounds are Gregorian ISO.
 * - Finance month ids are `YYYY-MM` in the calendar (`2026-03`, Jalali `1403-01` = Farvardin).
 * - Adding N months keeps the day of month, clamped to the target month's last day
 *   (Jan 31 + 1 = Feb 28/29; Jalali 1403/06/31 + 1 = 1403/07/30).
 * - Weeks start on `weekStartsOn` (0 = Sunday .. 6 = Saturday) and are named `YYYY-Www`
 *   after the calendar year holding the week's 4th day; week 1 is the first week whose
 *   4th day falls in that year (ISO 8601 for Gregorian Monday weeks). In the Jalali
 *   calendar the year is the Jalali year (`1403-W01` starts on the Saturday nearest Nowruz).
 *
 * Day numbers (days since 1970-01-01) are the unit of the engine's hot loops;
 * `monthShift` memoises "day + N months" per day for them.
 */
import type { IsoDate } from '../model/types';
import { ScorecardError } from '../errors';
import {
  addMonthsDay as gregorianAddMonthsDay,
  civilFromDay,
  dayFromCivil,
  dayOf,
  daysInMonth,
  isIsoDate,
  isoOfDay,
  weekdayOfDay,
  type FiscalPeriod,
  type PeriodKind,
  type Week,
} from './fiscal';
import { addJalaliMonthsDay, dayOfJalali, isValidJalali, JALALI_MAX_YEAR, JALALI_MIN_YEAR, jalaliMonthLength, jalaliOfDay } from './jalali';

export type { FiscalPeriod, PeriodKind, Week } from './fiscal';

export const CALENDARS = ['gregorian', 'jalali'] as const;
export type CalendarKind = (typeof CALENDARS)[number];

/** The config keys the calendar is made from (a Config satisfies it). */
export interface CalendarSettings {
  /** Default `gregorian` (a config parsed by parseConfig always has it). */
  calendar?: CalendarKind;
  fiscalYearStartMonth: number;
  weekStartsOn: number;
}

/** Year, month (1-12), day in one calendar. */
export interface CalendarDate {
  y: number;
  m: number;
  d: number;
}

/** What differs between the calendars: conversion to and from day numbers and month lengths. */
interface MonthSystem {
  readonly kind: CalendarKind;
  /** Years accepted in period ids and month ids (uploads, targets). */
  readonly minYear: number;
  readonly maxYear: number;
  dateOf(day: number): CalendarDate;
  dayOf(y: number, m: number, d: number): number;
  monthLength(y: number, m: number): number;
  addMonthsDay(day: number, n: number): number;
}

const GREGORIAN: MonthSystem = {
  kind: 'gregorian',
  minYear: 1900,
  maxYear: 2999,
  dateOf(day) {
    const [y, m, d] = civilFromDay(day);
    return { y, m, d };
  },
  dayOf: (y, m, d) => dayFromCivil(y, m, d),
  monthLength: (y, m) => daysInMonth(y, m),
  addMonthsDay: (day, n) => gregorianAddMonthsDay(day, n),
};

const JALALI: MonthSystem = {
  kind: 'jalali',
  minYear: JALALI_MIN_YEAR,
  maxYear: JALALI_MAX_YEAR,
  dateOf: (day) => jalaliOfDay(day),
  dayOf: (y, m, d) => dayOfJalali(y, m, d),
  monthLength: (y, m) => jalaliMonthLength(y, m),
  addMonthsDay: (day, n) => addJalaliMonthsDay(day, n),
};

const PERIOD_RE = /^FY(\d{4})(?:-Q([1-4]))?$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

/** Fiscal year number and quarter (null for a year) of a period id (`FY2026-Q3`, `fy1403`); null when not one. */
export function parsePeriodId(id: string): { fy: number; quarter: number | null } | null {
  const m = PERIOD_RE.exec(String(id).trim().toUpperCase());
  if (!m) return null;
  return { fy: +m[1], quarter: m[2] ? +m[2] : null };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return n >= 1000 ? String(n) : String(n).padStart(4, '0');
}

function assertIso(d: IsoDate, what = 'date'): void {
  if (!isIsoDate(d)) throw new ScorecardError(`${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(d)}`);
}

/**
 * `day + n months` for a fixed n, memoised per day in [lo, hi] (other days computed
 * directly). Typed-array backed: one Int32 per day of the range, no allocation per call.
 */
export class MonthShift {
  private static readonly EMPTY = -2147483648;
  private readonly memo: Int32Array;
  constructor(
    private readonly add: (day: number, n: number) => number,
    private readonly n: number,
    private readonly lo: number,
    hi: number,
  ) {
    this.memo = new Int32Array(Math.max(0, hi - lo + 1)).fill(MonthShift.EMPTY);
  }

  at(day: number): number {
    const k = day - this.lo;
    if (k < 0 || k >= this.memo.length) return this.add(day, this.n);
    let v = this.memo[k];
    if (v === MonthShift.EMPTY) v = this.memo[k] = this.add(day, this.n);
    return v;
  }
}

export class FiscalCalendar {
  readonly kind: CalendarKind;
  readonly fiscalYearStartMonth: number;
  readonly weekStartsOn: number;
  private readonly sys: MonthSystem;

  constructor(settings: CalendarSettings) {
    const { calendar = 'gregorian', fiscalYearStartMonth: fy, weekStartsOn: ws } = settings;
    if (!CALENDARS.includes(calendar)) throw new ScorecardError(`calendar must be one of ${CALENDARS.join(', ')}, got ${JSON.stringify(calendar)}`);
    if (!Number.isInteger(fy) || fy < 1 || fy > 12) {
      throw new ScorecardError(`fiscal year start month must be an integer from 1 to 12, got ${JSON.stringify(fy)}`);
    }
    if (!Number.isInteger(ws) || ws < 0 || ws > 6) {
      throw new ScorecardError(`weekStartsOn must be an integer from 0 to 6, got ${JSON.stringify(ws)}`);
    }
    this.kind = calendar;
    this.fiscalYearStartMonth = fy;
    this.weekStartsOn = ws;
    this.sys = calendar === 'jalali' ? JALALI : GREGORIAN;
  }

  /** Years accepted in period ids and finance month ids: 1900-2999 Gregorian, 1300-1499 Jalali. */
  get yearRange(): { min: number; max: number } {
    return { min: this.sys.minYear, max: this.sys.maxYear };
  }

  // ------------------------------------------------------------ days in the calendar

  /** The date in this calendar of a day number. */
  dateOfDay(day: number): CalendarDate {
    return this.sys.dateOf(day);
  }

  /** The date in this calendar of an ISO date. */
  dateOf(date: IsoDate): CalendarDate {
    assertIso(date);
    return this.sys.dateOf(dayOf(date));
  }

  /** Day number of y/m/d in this calendar, or null when there is no such date. */
  dayOfDate(y: number, m: number, d: number): number | null {
    if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1) return null;
    if (this.kind === 'jalali' ? !isValidJalali(y, m, d) : d > daysInMonth(y, m)) return null;
    return this.sys.dayOf(y, m, d);
  }

  /** The fiscal year number (name) of calendar year `y`, month `m`. */
  fiscalYearNumber(y: number, m: number): number {
    return this.fiscalYearStartMonth === 1 || m < this.fiscalYearStartMonth ? y : y + 1;
  }

  /** The months (1-12 of this calendar) in which the fiscal quarters start, Q1 first. */
  quarterStartMonths(): number[] {
    return [0, 3, 6, 9].map((k) => ((this.fiscalYearStartMonth - 1 + k) % 12) + 1);
  }

  /** Month of the fiscal year (1 = the start month .. 12) and day of month of a date. */
  fiscalMonthOf(date: IsoDate): { fiscalMonth: number; day: number } {
    const { m, d } = this.dateOf(date);
    return { fiscalMonth: ((m - this.fiscalYearStartMonth + 12) % 12) + 1, day: d };
  }

  // ------------------------------------------------------------ months

  private monthStartDay(mi: number): number {
    const y = Math.floor(mi / 12);
    return this.sys.dayOf(y, mi - y * 12 + 1, 1);
  }

  private monthEndDay(mi: number): number {
    const y = Math.floor(mi / 12);
    const m = mi - y * 12 + 1;
    return this.sys.dayOf(y, m, this.sys.monthLength(y, m));
  }

  private monthIndexOfDay(day: number): number {
    const { y, m } = this.sys.dateOf(day);
    return y * 12 + m - 1;
  }

  /** Month id `YYYY-MM` in this calendar of a date (`2026-03`; Jalali `1403-01`). */
  monthIdOf(date: IsoDate): string {
    assertIso(date);
    if (this.kind === 'gregorian') return date.slice(0, 7);
    const { y, m } = this.sys.dateOf(dayOf(date));
    return `${pad4(y)}-${pad2(m)}`;
  }

  /**
   * A finance month id `YYYY-MM` of this calendar (year in `yearRange`) with its
   * Gregorian bounds; null when `id` is not one.
   */
  month(id: string): { id: string; start: IsoDate; end: IsoDate } | null {
    const m = MONTH_RE.exec(String(id).trim());
    if (!m) return null;
    const y = +m[1];
    const mo = +m[2];
    if (mo < 1 || mo > 12 || y < this.sys.minYear || y > this.sys.maxYear) return null;
    const mi = y * 12 + mo - 1;
    return { id: `${m[1]}-${m[2]}`, start: isoOfDay(this.monthStartDay(mi)), end: isoOfDay(this.monthEndDay(mi)) };
  }

  /** The fiscal quarter a finance month id lies in; null when it is not a month id. */
  quarterOfMonth(id: string): FiscalPeriod | null {
    const m = this.month(id);
    return m ? this.quarterOf(m.start) : null;
  }

  /** The three month ids of a fiscal quarter, in order. */
  monthsOfQuarter(p: FiscalPeriod): string[] {
    const mi = this.monthIndexOfDay(dayOf(p.start));
    return [0, 1, 2].map((k) => {
      const y = Math.floor((mi + k) / 12);
      return `${pad4(y)}-${pad2(mi + k - y * 12 + 1)}`;
    });
  }

  /** Day number plus `n` months of this calendar, clamped to the target month's end. */
  addMonthsDay(day: number, n: number): number {
    return this.sys.addMonthsDay(day, n);
  }

  /** `date` plus `n` months of this calendar, clamped to the target month's end. */
  addMonths(date: IsoDate, n: number): IsoDate {
    assertIso(date);
    return isoOfDay(this.sys.addMonthsDay(dayOf(date), n));
  }

  /** First day of "the n months ending day `end`": (end - n months) + 1 day (kpis.md). */
  monthsEndingStartDay(end: number, n: number): number {
    return this.sys.addMonthsDay(end, -n) + 1;
  }

  /** `day + n months` memoised per day in [lo, hi], for hot loops. */
  monthShift(n: number, lo: number, hi: number): MonthShift {
    return new MonthShift(this.sys.addMonthsDay, n, lo, hi);
  }

  // ------------------------------------------------------------ fiscal periods

  /** Fiscal quarter `q` (1-4) of fiscal year `fy`. */
  quarter(fy: number, q: number): FiscalPeriod {
    const first = this.firstMonthIndex(fy) + 3 * (q - 1);
    return { id: `FY${pad4(fy)}-Q${q}`, kind: 'quarter', start: isoOfDay(this.monthStartDay(first)), end: isoOfDay(this.monthEndDay(first + 2)) };
  }

  /** Fiscal year `fy`. */
  year(fy: number): FiscalPeriod {
    const first = this.firstMonthIndex(fy);
    return { id: `FY${pad4(fy)}`, kind: 'year', start: isoOfDay(this.monthStartDay(first)), end: isoOfDay(this.monthEndDay(first + 11)) };
  }

  private firstMonthIndex(fy: number): number {
    const y = this.fiscalYearStartMonth === 1 ? fy : fy - 1;
    return y * 12 + this.fiscalYearStartMonth - 1;
  }

  quarterOf(date: IsoDate): FiscalPeriod {
    const { y, m } = this.dateOf(date);
    return this.quarter(this.fiscalYearNumber(y, m), Math.floor(((m - this.fiscalYearStartMonth + 12) % 12) / 3) + 1);
  }

  yearOf(date: IsoDate): FiscalPeriod {
    const { y, m } = this.dateOf(date);
    return this.year(this.fiscalYearNumber(y, m));
  }

  /** Parses `FY2026-Q3` / `FY2026` (case-insensitive, surrounding spaces ignored); null when not a period id. */
  tryPeriodById(id: string): FiscalPeriod | null {
    const p = parsePeriodId(id);
    if (!p) return null;
    return p.quarter ? this.quarter(p.fy, p.quarter) : this.year(p.fy);
  }

  /** Parses `FY2026-Q3` / `FY2026`; throws ScorecardError on anything else. */
  periodById(id: string): FiscalPeriod {
    const p = this.tryPeriodById(id);
    if (!p) throw new ScorecardError(`not a fiscal period id (expected FY2026-Q3 or FY2026): ${JSON.stringify(id)}`);
    return p;
  }

  private requireKind(p: FiscalPeriod, kind: PeriodKind, fn: string): { fy: number; quarter: number | null } {
    const parsed = parsePeriodId(p.id);
    if (!parsed || p.kind !== kind) throw new ScorecardError(`${fn} needs a fiscal ${kind}, got ${JSON.stringify(p.id)}`);
    return parsed;
  }

  /** The quarter `n` quarters after `p` (negative = before). */
  shiftQuarter(p: FiscalPeriod, n: number): FiscalPeriod {
    const { fy, quarter } = this.requireKind(p, 'quarter', 'shiftQuarter');
    const idx = fy * 4 + (quarter! - 1) + n;
    return this.quarter(Math.floor(idx / 4), (((idx % 4) + 4) % 4) + 1);
  }

  /** The year `n` years after `p` (negative = before). */
  shiftYear(p: FiscalPeriod, n: number): FiscalPeriod {
    return this.year(this.requireKind(p, 'year', 'shiftYear').fy + n);
  }

  previousQuarter(p: FiscalPeriod): FiscalPeriod {
    return this.shiftQuarter(p, -1);
  }

  sameQuarterLastYear(p: FiscalPeriod): FiscalPeriod {
    return this.shiftQuarter(p, -4);
  }

  previousYear(p: FiscalPeriod): FiscalPeriod {
    return this.shiftYear(p, -1);
  }

  /** The four quarters of fiscal year `yearId` (`FY2026`). */
  quartersOfYear(yearId: string): FiscalPeriod[] {
    const { fy } = this.requireKind(this.periodById(yearId), 'year', 'quartersOfYear');
    return [1, 2, 3, 4].map((q) => this.quarter(fy, q));
  }

  /** The fiscal year a quarter belongs to. */
  yearOfQuarter(p: FiscalPeriod): FiscalPeriod {
    return this.year(this.requireKind(p, 'quarter', 'yearOfQuarter').fy);
  }

  /** Every fiscal quarter that overlaps [from, to], oldest first (full quarters). */
  quartersBetween(from: IsoDate, to: IsoDate): FiscalPeriod[] {
    assertIso(from);
    assertIso(to);
    if (to < from) return [];
    const out: FiscalPeriod[] = [];
    let q = this.quarterOf(from);
    const last = this.quarterOf(to).id;
    for (;;) {
      out.push(q);
      if (q.id === last) return out;
      q = this.shiftQuarter(q, 1);
    }
  }

  /** Every fiscal year that overlaps [from, to], oldest first (full years). */
  yearsBetween(from: IsoDate, to: IsoDate): FiscalPeriod[] {
    assertIso(from);
    assertIso(to);
    if (to < from) return [];
    const a = parsePeriodId(this.yearOf(from).id)!.fy;
    const b = parsePeriodId(this.yearOf(to).id)!.fy;
    const out: FiscalPeriod[] = [];
    for (let y = a; y <= b; y++) out.push(this.year(y));
    return out;
  }

  // ------------------------------------------------------------ weeks

  /** The week containing `date` (see the header for naming). */
  weekOf(date: IsoDate): Week {
    assertIso(date);
    const n = dayOf(date);
    const start = n - ((weekdayOfDay(n) - this.weekStartsOn + 7) % 7);
    const fourth = start + 3;
    const wy = this.sys.dateOf(fourth).y;
    const wn = Math.floor((fourth - this.sys.dayOf(wy, 1, 1)) / 7) + 1;
    return { id: `${pad4(wy)}-W${pad2(wn)}`, start: isoOfDay(start), end: isoOfDay(start + 6) };
  }

  /** The week `n` weeks after `w` (negative = before). */
  shiftWeek(w: Week, n: number): Week {
    return this.weekOf(isoOfDay(dayOf(w.start) + 7 * n));
  }
}

const made = new Map<string, FiscalCalendar>();

/** The fiscal calendar of a config (made once per distinct setting). */
export function fiscalCalendar(settings: CalendarSettings): FiscalCalendar {
  const key = `${settings.calendar ?? 'gregorian'}|${settings.fiscalYearStartMonth}|${settings.weekStartsOn}`;
  let c = made.get(key);
  if (!c) made.set(key, (c = new FiscalCalendar(settings)));
  return c;
}

/** The Gregorian calendar with a fiscal year starting in `fiscalYearStartMonth` (ISO weeks). */
export function gregorianCalendar(fiscalYearStartMonth: number, weekStartsOn = 1): FiscalCalendar {
  return fiscalCalendar({ calendar: 'gregorian', fiscalYearStartMonth, weekStartsOn });
}
