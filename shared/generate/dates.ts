/**
 * Calendar-day arithmetic on ISO dates (`YYYY-MM-DD`) for the generator. Days are
 * integers (days since 1970-01-01) so the simulation can add and compare them.
 * Everything asks the fiscal calendar; the calendar-dependent helpers take one
 * (default: Gregorian, fiscal year = calendar year), so a generator for a Jalali
 * company gets Jalali months, quarters and month arithmetic from the same functions.
 */
import type { IsoDate } from '../model/types';
import { dayOf, daysInMonth as gregorianDaysInMonth, isIsoDate as isCalendarDate, isoOfDay, weekdayOfDay } from '../calendar/fiscal';
import { gregorianCalendar, type FiscalCalendar } from '../calendar/fiscal-calendar';

const CALENDAR_YEAR = gregorianCalendar(1);

export function isIsoDate(s: string): boolean {
  return isCalendarDate(s);
}

export function toDay(iso: IsoDate): number {
  return dayOf(iso);
}

export function fromDay(day: number): IsoDate {
  return isoOfDay(day);
}

/** Days in a Gregorian month (1-12). */
export function daysInMonth(year: number, month: number): number {
  return gregorianDaysInMonth(year, month);
}

/** Adds months of the calendar, clamping the day to the target month's length (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(iso: IsoDate, months: number, cal: FiscalCalendar = CALENDAR_YEAR): IsoDate {
  return cal.addMonths(iso, months);
}

/** Day of week, 0 = Sunday. */
export function weekday(day: number): number {
  return weekdayOfDay(day);
}

/** Month id of a date in the calendar: `YYYY-MM` (Jalali `1403-01`). */
export function monthOf(iso: IsoDate, cal: FiscalCalendar = CALENDAR_YEAR): string {
  return cal.monthIdOf(iso);
}

/** Fiscal quarter id of a date (default: fiscal years equal to calendar years): `FY2026-Q3`. */
export function quarterOf(iso: IsoDate, cal: FiscalCalendar = CALENDAR_YEAR): string {
  return cal.quarterOf(iso).id;
}

/** First day of the fiscal quarter containing the date. */
export function quarterStart(iso: IsoDate, cal: FiscalCalendar = CALENDAR_YEAR): IsoDate {
  return cal.quarterOf(iso).start;
}
