/**
 * Calendar-day arithmetic on ISO dates (`YYYY-MM-DD`) for the generator. Days are
 * integers (days since 1970-01-01) so the simulation can add and compare them.
 */
import type { IsoDate } from '../model/types';

const MS_PER_DAY = 86_400_000;

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function toDay(iso: IsoDate): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY);
}

export function fromDay(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds calendar months, clamping the day to the target month's length (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(iso: IsoDate, months: number): IsoDate {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const d = Number(iso.slice(8, 10));
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  const day = Math.min(d, daysInMonth(ty, tm + 1));
  return `${String(ty).padStart(4, '0')}-${String(tm + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Day of week, 0 = Sunday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** `YYYY-MM` of a date. */
export function monthOf(iso: IsoDate): string {
  return iso.slice(0, 7);
}

/** Calendar quarter id with fiscal years equal to calendar years (fiscalYearStartMonth 1): `FY2026-Q3`. */
export function quarterOf(iso: IsoDate): string {
  return `FY${iso.slice(0, 4)}-Q${Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1}`;
}

/** First day of the calendar quarter containing the date. */
export function quarterStart(iso: IsoDate): IsoDate {
  const m = Math.floor((Number(iso.slice(5, 7)) - 1) / 3) * 3 + 1;
  return `${iso.slice(0, 4)}-${String(m).padStart(2, '0')}-01`;
}
