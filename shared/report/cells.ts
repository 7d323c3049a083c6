/**
 * Cell-level helpers shared by the three workbooks: number formats by KPI unit,
 * text that cannot start a formula, real date cells, cell references for charts.
 * Pure functions (no exceljs objects) so they are easy to test.
 */
import { columnLetters } from './charts/refs';
import type { Unit } from '../engine/types';
import type { IsoDate } from '../model/types';
import { localeOf, type Locale, type LocaleMoney } from '../i18n/locale';
import { appendLiteral, moneyDigits, moneyScale, withSymbol, type MoneyScale } from '../i18n/money';

const EN = localeOf('en');

/**
 * Text that came from uploads (customer names, owners, deal ids, file names...)
 * must never be read as a formula when a workbook (or a CSV saved from it) is
 * opened: OWASP "CSV injection" — a leading `=` `+` `-` `@`, tab or carriage
 * return gets a leading apostrophe. Every upload-derived string goes through this.
 */
export function safeText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** Positive;negative;zero sections with an explicit sign (changes). */
function signed(body: string): string {
  return `+${body};-${body};${body}`;
}

/** An amount per day, before the locale's digit tag: `"$"#,##0" / day"`, `#,##0" CHF / day"`. */
function perDay(m: LocaleMoney, loc: Locale, scale: MoneyScale): string {
  return appendLiteral(withSymbol(m, moneyDigits(m, { scale }), scale), loc.suffix.perDay);
}

export interface FormatKey {
  unit: Unit;
  /** KPI id: a few scores with a small range get two decimals. */
  id?: string;
  /**
   * The largest absolute amount the format will show (e.g. of a table row or column):
   * money then shows in thousands/millions/billions when it would not fit at default
   * widths (rial totals in millions, as Iranian reports do). Omitted: whole units.
   */
  maxAbs?: number | null;
}

const TWO_DECIMAL_SCORES = new Set(['ces', 'expectation_gap']);

/** The number format of a KPI value, in the locale's digits and words (default English). */
export function valueFormat(k: FormatKey, currency: string, loc: Locale = EN): string {
  const money = loc.money(currency);
  const w = loc.suffix;
  const scale = moneyScale(k.maxAbs);
  switch (k.unit) {
    case 'fraction':
      return loc.numFmt('0.0%');
    case 'money':
      return money.numFmt({ scale });
    case 'money_per_day':
      return loc.numFmt(perDay(money, loc, scale));
    case 'days':
      return loc.numFmt(`0.0"${w.days}"`);
    case 'ratio':
      return loc.numFmt(`0.0"${w.ratio}"`);
    case 'score':
      return loc.numFmt(k.id && TWO_DECIMAL_SCORES.has(k.id) ? '0.00' : '0.0');
    case 'count':
    default:
      return loc.numFmt('#,##0');
  }
}

/**
 * The number format of an absolute change. Fractions change in percentage points:
 * the change cell holds (value - prior) x 100 (see docs/decisions/report.md).
 */
export function changeFormat(k: FormatKey, currency: string, loc: Locale = EN): string {
  const money = loc.money(currency);
  const w = loc.suffix;
  const scale = moneyScale(k.maxAbs);
  switch (k.unit) {
    case 'fraction':
      return loc.numFmt(signed(`0.0"${w.pp}"`));
    case 'money':
      return money.numFmt({ signed: true, scale });
    case 'money_per_day':
      return loc.numFmt(signed(perDay(money, loc, scale)));
    case 'days':
      return loc.numFmt(signed(`0.0"${w.days}"`));
    case 'ratio':
      return loc.numFmt(signed(`0.0"${w.ratio}"`));
    case 'score':
      return loc.numFmt(signed(k.id && TWO_DECIMAL_SCORES.has(k.id) ? '0.00' : '0.0'));
    case 'count':
    default:
      return loc.numFmt('+#,##0;-#,##0;0');
  }
}

/** Multiplier applied to (value - prior) in change cells: 100 for fractions (pp). */
export function changeScale(unit: Unit): number {
  return unit === 'fraction' ? 100 : 1;
}

export const PCT_CHANGE_FORMAT = '+0.0%;-0.0%;0.0%';
export const PCT_FORMAT = '0.0%';
export const COUNT_FORMAT = '#,##0';
export const DATE_FORMAT = 'yyyy-mm-dd';
export const DATETIME_FORMAT = 'yyyy-mm-dd hh:mm "UTC"';

/** A calendar date as a Date at UTC midnight (exceljs writes it as the Excel serial of that day). */
export function dateCell(d: IsoDate | null | undefined): Date | null {
  if (!d) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d);
  if (!m) return null;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
}

/** An ISO timestamp as a Date (UTC wall clock in the workbook); null when unreadable. */
export function timestampCell(ts: string | null | undefined): Date | null {
  if (!ts) return null;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? null : new Date(t);
}

/** A finite number or null (never NaN/Infinity in a cell). */
export function num(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** 1-based column number -> letters (1 -> A, 27 -> AA). */
export const colLetter = columnLetters;

/** `C5` from 1-based column and row. */
export function addr(col: number, row: number): string {
  return `${colLetter(col)}${row}`;
}

/** Absolute range reference on a sheet for chart series: `'Trends'!$C$2:$C$9`. */
export function sheetRef(sheet: string, c1: number, r1: number, c2: number, r2: number): string {
  const q = `'${sheet.replace(/'/g, "''")}'`;
  return `${q}!$${colLetter(c1)}$${r1}:$${colLetter(c2)}$${r2}`;
}

/** Human labels of KPI units, for the definitions sheet. */
export function unitLabel(unit: Unit, currency: string, loc: Locale = EN): string {
  return loc.unitLabel(unit, currency);
}

/** Relative change as the workbook shows it: null when either side is missing or the prior is 0 or negative. */
export function relChange(value: number | null, prior: number | null): number | null {
  if (value === null || prior === null || prior <= 0) return null;
  return (value - prior) / prior;
}

/** Absolute change as the workbook shows it (scaled to pp for fractions). */
export function absChange(value: number | null, prior: number | null, unit: Unit): number | null {
  if (value === null || prior === null) return null;
  return (value - prior) * changeScale(unit);
}
