/**
 * Value coercion for uploads: numbers, dates, enums. Pure functions; every failure
 * comes back as a reason a user can act on (never thrown, never guessed).
 */
import { TZDate } from '@date-fns/tz';
import type { DateFormat } from '../config/config';
import { isoOfDay } from '../calendar/fiscal';
import { dayOfJalali, JALALI_MAX_YEAR, JALALI_MIN_YEAR, JALALI_MONTH_NAMES, jalaliMonthLength } from '../calendar/jalali';

export type Coerced<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Coerced<T> => ({ ok: true, value });
const fail = <T>(reason: string): Coerced<T> => ({ ok: false, reason });

/**
 * How a file writes decimals, decided by its separator:
 * - `point`: comma-separated files (`1,234.56`); `1,234` is 1234.
 * - `comma`: semicolon-separated files, the European convention (`1.234,56`); `1.234` is 1234.
 * - `either`: tab-separated files and XLSX text cells: only unambiguous forms are accepted;
 *   `1,234` / `1.234` (one separator followed by exactly three digits) is a row error.
 */
export type NumberConvention = 'point' | 'comma' | 'either';

const PERSIAN_ZERO = 0x06f0;
const ARABIC_ZERO = 0x0660;

/** Persian (۰-۹) and Arabic-Indic (٠-٩) digits to ASCII; Arabic decimal/thousands marks to `.`/`,`; U+2212 minus to `-`. */
export function normalizeDigits(s: string): string {
  if (!/[\u0660-\u066C\u06F0-\u06F9\u2212]/.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= PERSIAN_ZERO && c <= PERSIAN_ZERO + 9) out += String.fromCharCode(48 + c - PERSIAN_ZERO);
    else if (c >= ARABIC_ZERO && c <= ARABIC_ZERO + 9) out += String.fromCharCode(48 + c - ARABIC_ZERO);
    else if (c === 0x066b) out += '.'; // ARABIC DECIMAL SEPARATOR
    else if (c === 0x066c) out += ','; // ARABIC THOUSANDS SEPARATOR
    else if (c === 0x2212) out += '-';
    else out += ch;
  }
  return out;
}

const GROUP_SPACE = /[\s\u00A0\u202F\u2009'\u2019]/;
const GROUP_SPACES = /[\s\u00A0\u202F\u2009'\u2019]+/g;

function groupedInteger(intPart: string, sep: string): string | null {
  if (!intPart.includes(sep)) return /^\d+$/.test(intPart) ? intPart : null;
  const groups = intPart.split(sep);
  if (!/^\d{1,3}$/.test(groups[0])) return null;
  for (let i = 1; i < groups.length; i++) if (!/^\d{3}$/.test(groups[i])) return null;
  return groups.join('');
}

/** One separator followed by exactly three digits, e.g. `1,234` or `12.500`: thousands or decimal? */
function isAmbiguous(s: string, sep: string): boolean {
  const i = s.indexOf(sep);
  return i === s.lastIndexOf(sep) && /^[1-9]\d{0,2}$/.test(s.slice(0, i)) && /^\d{3}$/.test(s.slice(i + 1));
}

export interface NumberOptions {
  convention?: NumberConvention;
  /** Accept `80%` as 0.8 (targets). */
  percent?: boolean;
}

/**
 * Parses a number as users write it: plain decimals, thousands separators, decimal
 * commas where unambiguous (see NumberConvention), Persian/Arabic digits, currency
 * symbols and ISO codes (`$1,200`, `EUR 1.200,50`, `1 200 €`), accounting negatives `(12)`.
 */
const PLAIN_INTEGER = /^-?\d{1,15}$/;
const PLAIN_DECIMAL = /^-?(\d+)\.(\d+)$/;

export function parseNumber(raw: string, opts: NumberOptions = {}): Coerced<number> {
  const original = raw.trim();
  // fast paths: the common plain forms
  if (PLAIN_INTEGER.test(original)) return ok(Number(original) || 0);
  let convention = opts.convention ?? 'point';
  if (convention === 'point') {
    if (PLAIN_DECIMAL.test(original)) return ok(Number(original) || 0);
  } else {
    const plain = PLAIN_DECIMAL.exec(original);
    if (plain && (plain[2].length !== 3 || !/^[1-9]\d{0,2}$/.test(plain[1]))) return ok(Number(original) || 0);
  }
  if (/[\u066B\u066C]/.test(original)) convention = 'point'; // explicit Arabic separators
  let s = normalizeDigits(original);
  let negative = false;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) {
    negative = true;
    s = paren[1].trim();
  }
  s = s.replace(/\p{Sc}/gu, '').trim();
  s = s.replace(/^[A-Z]{3}(?=[\s\d.,+-])/, '').replace(/(?<=[\d\s.])[A-Z]{3}$/, '').trim();
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') negative = !negative;
    s = s.slice(1).trim();
  }
  // currency symbol after the sign: -$12
  s = s.replace(/\p{Sc}/gu, '').trim();
  let percent = false;
  if (s.endsWith('%')) {
    if (!opts.percent) return fail(`"${original}" is a percentage; write the number without %`);
    percent = true;
    s = s.slice(0, -1).trim();
  }
  if (s === '') return fail(`"${original}" is not a number`);

  let value: number;
  if (/^\d+(\.\d+)?[eE][+-]?\d+$/.test(s)) {
    value = Number(s);
  } else {
    // spaces, NBSP, apostrophes are only ever thousands separators
    let spaced = false;
    if (GROUP_SPACE.test(s)) {
      spaced = true;
      const intEnd = s.search(/[.,](?=\d*$)/);
      const intPart = intEnd >= 0 ? s.slice(0, intEnd) : s;
      const joined = groupedInteger(intPart.replace(GROUP_SPACES, ' '), ' ');
      if (joined === null) return fail(`"${original}" is not a number`);
      s = joined + (intEnd >= 0 ? s.slice(intEnd) : '');
    }
    if (!/^[\d.,]+$/.test(s)) return fail(`"${original}" is not a number`);
    const dot = s.lastIndexOf('.');
    const comma = s.lastIndexOf(',');
    let decSep: string | null = null;
    let groupSep: string | null = null;
    if (dot >= 0 && comma >= 0) {
      decSep = dot > comma ? '.' : ',';
      groupSep = dot > comma ? ',' : '.';
    } else if (dot >= 0 || comma >= 0) {
      const sep = dot >= 0 ? '.' : ',';
      const count = s.split(sep).length - 1;
      if (count > 1) groupSep = sep;
      else if (!spaced && isAmbiguous(s, sep)) {
        if (convention === 'either') {
          return fail(
            `"${original}" is ambiguous: "${sep}" could be a thousands or a decimal separator in this file; write the number without thousands separators`,
          );
        }
        const sepIsDecimal = (sep === '.') === (convention === 'point');
        if (sepIsDecimal) decSep = sep;
        else groupSep = sep;
      } else decSep = sep;
    }
    let intPart = s;
    let frac = '';
    if (decSep !== null) {
      const i = s.lastIndexOf(decSep);
      intPart = s.slice(0, i);
      frac = s.slice(i + 1);
      if (!/^\d+$/.test(frac)) return fail(`"${original}" is not a number`);
      if (intPart === '') intPart = '0';
    }
    const digits = groupSep !== null ? groupedInteger(intPart, groupSep) : /^\d+$/.test(intPart) ? intPart : null;
    if (digits === null) return fail(`"${original}" is not a number (thousands separators must group by three digits)`);
    value = Number(frac ? `${digits}.${frac}` : digits);
  }
  if (!Number.isFinite(value)) return fail(`"${original}" is not a finite number`);
  if (percent) value = value / 100;
  if (negative) value = -value;
  if (Object.is(value, -0)) value = 0;
  return ok(value);
}

// ---------------------------------------------------------------------------
// Dates

const MIN_YEAR = 1900;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MAX_YEAR = 2999;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A valid Gregorian calendar date as `YYYY-MM-DD`, or a reason. */
export function makeDate(y: number, m: number, d: number, original: string): Coerced<string> {
  if (y < MIN_YEAR || y > MAX_YEAR) {
    const hijri = y >= JALALI_MIN_YEAR && y <= JALALI_MAX_YEAR ? ' (a Solar Hijri date? write it year first: 1403/01/15)' : '';
    return fail(`"${original}": year ${y} is out of range ${MIN_YEAR}-${MAX_YEAR}${hijri}`);
  }
  if (m < 1 || m > 12) return fail(`"${original}" is not a date: there is no month ${m}`);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const dim = m === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[m - 1];
  if (d < 1 || d > dim) return fail(`"${original}" is not a date: day ${d} does not exist in ${y}-${pad2(m)}`);
  return ok(`${y}-${pad2(m)}-${pad2(d)}`);
}

/** A valid Solar Hijri (Jalali) date as the Gregorian `YYYY-MM-DD` of the same day, or a reason. */
export function makeJalaliDate(y: number, m: number, d: number, original: string): Coerced<string> {
  if (m < 1 || m > 12) return fail(`"${original}" is not a date: there is no month ${m}`);
  const len = jalaliMonthLength(y, m);
  if (d < 1 || d > len) return fail(`"${original}" is not a date: ${JALALI_MONTH_NAMES[m - 1]} ${y} has ${len} days`);
  return ok(isoOfDay(dayOfJalali(y, m, d)));
}

/** The calendar date (`YYYY-MM-DD`) of an instant in an IANA time zone. */
export function dateInZone(epochMs: number, timeZone: string): string {
  const z = new TZDate(epochMs, timeZone);
  return `${z.getFullYear()}-${pad2(z.getMonth() + 1)}-${pad2(z.getDate())}`;
}

/** Excel cells hold wall-clock dates without a zone; exceljs gives them as UTC instants. */
export function dateFromCell(d: Date): Coerced<string> {
  if (Number.isNaN(d.getTime())) return fail('not a valid date cell');
  const iso = d.toISOString();
  return makeDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), iso.slice(0, 10));
}

/** Excel serial day number (1900 date system, or 1904 when the workbook says so) to a date. */
export function dateFromSerial(serial: number, original: string, date1904 = false): Coerced<string> {
  if (!Number.isFinite(serial) || serial < (date1904 ? 0 : 61) || serial > 2958465) {
    return fail(`"${original}" is not an Excel date serial number in the supported range`);
  }
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const d = new Date(epoch + Math.floor(serial + 1e-9) * 86_400_000);
  return makeDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), original);
}

const ISO_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;
/** A year-first date with `/`, `-` or `.`, optionally a wall-clock time: how Jalali dates are written. */
const YEAR_FIRST = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?$/;
/** Invisible direction marks (LRM, RLM, ALM, embeddings/overrides, isolates) that RTL editors put around dates. */
const DIRECTION_MARKS = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;
const HAS_DIRECTION_MARK = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/;
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DAY_MONTH = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)?$/;
const SERIAL = /^\d{1,7}(\.\d+)?$/;

export interface DateOptions {
  dateFormat: DateFormat;
  timeZone: string;
}

/** A year-first text date whose year is 1300-1499 is Jalali (data-contract.md), whatever the config calendar. */
function isJalaliYear(y: number): boolean {
  return y >= JALALI_MIN_YEAR && y <= JALALI_MAX_YEAR;
}

/**
 * Parses a date written as text: `YYYY-MM-DD`; ISO timestamps (with `Z` or an offset:
 * the calendar date in `timeZone`; without: local time, its date part); day-first or
 * month-first strings and Excel serial numbers only when `dateFormat` names them.
 * A year-first date with a year 1300-1499 (`1403/01/15`, `۱۴۰۳-۱-۵`, `1403.01.15 14:30`)
 * is a Solar Hijri date, returned as the Gregorian date of the same day. Persian and
 * Arabic digits are read; invisible direction marks are ignored.
 */
export function parseDate(raw: string, opts: DateOptions): Coerced<string> {
  const original = (HAS_DIRECTION_MARK.test(raw) ? raw.replace(DIRECTION_MARKS, '') : raw).trim();
  const s = normalizeDigits(original);
  let m = ISO_DATE.exec(s);
  if (m) return isJalaliYear(+m[1]) ? makeJalaliDate(+m[1], +m[2], +m[3], original) : makeDate(+m[1], +m[2], +m[3], original);
  const c = s.charCodeAt(0);
  if (c === 49 && (s.charCodeAt(1) === 51 || s.charCodeAt(1) === 52)) {
    // `13..`/`14..`: a Jalali date with a `.` separator or a time
    m = YEAR_FIRST.exec(s);
    if (m && isJalaliYear(+m[1])) {
      if (m[5] !== undefined && (+m[5] > 24 || +m[6] > 59 || (m[7] !== undefined && +m[7] > 60))) return fail(`"${original}" is not a valid time`);
      return makeJalaliDate(+m[1], +m[3], +m[4], original);
    }
  }
  m = ISO_TIMESTAMP.exec(s);
  if (m) {
    const day = makeDate(+m[1], +m[2], +m[3], original);
    if (!day.ok) return day;
    const hh = +m[4];
    const mm = +m[5];
    const ss = m[6] ? +m[6] : 0;
    if (hh > 24 || mm > 59 || ss > 60) return fail(`"${original}" is not a valid timestamp`);
    if (!m[8]) return day; // local wall-clock time: already a calendar date
    let offsetMin = 0;
    if (m[8].toUpperCase() !== 'Z') {
      const sign = m[8][0] === '-' ? -1 : 1;
      const digits = m[8].slice(1).replace(':', '');
      offsetMin = sign * (+digits.slice(0, 2) * 60 + (digits.length > 2 ? +digits.slice(2, 4) : 0));
    }
    const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], hh, mm, ss) - offsetMin * 60_000;
    return ok(dateInZone(ms, opts.timeZone));
  }
  m = DAY_MONTH.exec(s);
  if (m) {
    if (opts.dateFormat === 'DD/MM/YYYY') return makeDate(+m[3], +m[2], +m[1], original);
    if (opts.dateFormat === 'MM/DD/YYYY') return makeDate(+m[3], +m[1], +m[2], original);
    return fail(
      `"${original}" is a day-first or month-first date; write YYYY-MM-DD, or set config key dateFormat to "DD/MM/YYYY" or "MM/DD/YYYY"`,
    );
  }
  if (SERIAL.test(s)) {
    if (opts.dateFormat === 'excel-serial') return dateFromSerial(Number(s), original);
    return fail(`"${original}" looks like an Excel serial date number; write YYYY-MM-DD, or set config key dateFormat to "excel-serial"`);
  }
  return fail(`"${original}" is not a date; write YYYY-MM-DD`);
}

/**
 * `parseDate` with a bounded memo for one file: the few thousand distinct dates of a file are
 * parsed once each, and every row with the same text gets the same result (so the same date
 * string instance). At most `maxEntries` texts are remembered; later new ones are parsed each time.
 */
export function dateParser(opts: DateOptions, maxEntries = 50_000): (raw: string) => Coerced<string> {
  const memo = new Map<string, Coerced<string>>();
  const o: DateOptions = { dateFormat: opts.dateFormat, timeZone: opts.timeZone };
  return (raw) => {
    let r = memo.get(raw);
    if (r === undefined) {
      r = parseDate(raw, o);
      if (memo.size < maxEntries) memo.set(raw, r);
    }
    return r;
  };
}

// ---------------------------------------------------------------------------
// Enums and ids

/** Case, surrounding spaces, and inner spaces/hyphens vs `_` are ignored: ` Cross-Sell ` matches `cross_sell`. */
export function matchEnum<T extends string>(raw: string, values: readonly T[]): T | null {
  // the value from `values` itself (not a copy): records share one instance
  let i = (values as readonly string[]).indexOf(raw);
  if (i >= 0) return values[i];
  const s = raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
  i = (values as readonly string[]).indexOf(s);
  return i >= 0 ? values[i] : null;
}

/** Column-name normalisation of the data contract: case, spaces, `-` and `_` are ignored. */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-_\u200B-\u200F\uFEFF]/g, '');
}
