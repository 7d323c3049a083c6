/**
 * The locale kit: everything a workbook (or the terminal) needs to speak `en` or
 * `fa-IR` (config `locale`, outputs.md). Plain data in, strings out; no clock, no I/O.
 *
 * - `rtl`, `font`: sheet direction and a font that has the script's glyphs (for fa-IR a
 *   Debian-packaged font, so LibreOffice on a fresh machine renders the same: .ci/run).
 * - `numFmt(fmt)`: en leaves a number format alone; fa-IR prefixes every section with
 *   `[$-3000429]` (LCID 0x0429 fa-IR, 0x03 = native digits), so the cell stays a real
 *   number and Excel and LibreOffice draw it with Persian digits.
 * - `money(currency)`: the currency's symbol, placement and minor unit from Intl
 *   (money.ts), as Excel formats and as text.
 * - `dateText`, `periodLabel`: Jalali dates and the period names Iranian reports use.
 * - `kpiLabel`, `kpiFormula`, `statusLabel`, ...: the catalog in the locale's words
 *   (English: shared/engine/catalog.ts; Persian: catalog-fa.ts).
 * - `dir(text)`: direction marks so a label mixing digits, Latin and Persian renders in
 *   reading order.
 */
import { kpiDefinition } from '../engine/catalog';
import type { Better, KpiGroup, LoyaltySegment, TargetStatus, Unit } from '../engine/types';
import type { IsoDate } from '../model/types';
import { dayOf, isIsoDate, toCalendarDate } from '../calendar/fiscal';
import { jalaliMonthLength, jalaliOfDay } from '../calendar/jalali';
import { BETTER_FA, GROUP_FA, KPI_FA, SEGMENT_FA, STAGE_FA, STATUS_FA, UNIT_FA } from './catalog-fa';
import { latinDigits, moneyNumFmt, moneyStyle, moneyText, type MoneyFormatOptions, type MoneyStyle } from './money';

import { type LocaleId } from './ids';

export { LOCALE_IDS, isLocaleId, type LocaleId } from './ids';

/** A period as the engine and the calendar describe it (PeriodResult and FiscalPeriod fit). */
export interface PeriodLike {
  /** `FY2026-Q3`, `FY1403`, ... (the year is Jalali when config `calendar` is `jalali`). */
  id: string;
  kind: 'quarter' | 'year';
  start: IsoDate;
  /** For a to-date period, the as-of date. */
  end: IsoDate;
  toDate?: boolean;
}

/** A currency in a locale: Excel formats and text built from one description. */
export interface LocaleMoney extends MoneyStyle {
  /** Excel number format (locale digits applied): `"$"#,##0`, `[$-3000429]#,##0" ریال"`. */
  numFmt(o?: MoneyFormatOptions): string;
  /** The amount as text in the locale's digits: `$1,200`, `۱٬۲۰۰ ریال`. */
  text(v: number, o?: MoneyFormatOptions): string;
}

/** Words that go inside number formats after a value. */
export interface UnitSuffixes {
  /** `" d"` / `" روز"` */
  days: string;
  /** `" / day"` / `" در روز"` */
  perDay: string;
  /** `"x"` / `" برابر"` */
  ratio: string;
  /** `" pp"` / `" واحد درصد"` */
  pp: string;
}

export interface Locale {
  id: LocaleId;
  /** BCP 47 tag for Intl. */
  intl: 'en-US' | 'fa-IR';
  /** Right-to-left sheets (worksheet view rightToLeft, charts mirrored). */
  rtl: boolean;
  /** The font the workbook names; it has this script's glyphs. */
  font: string;
  /** Suffix words used inside number formats. */
  suffix: UnitSuffixes;
  /** A number format with the locale's digits. */
  numFmt(fmt: string): string;
  money(currency: string): LocaleMoney;
  /** Latin digits to the locale's digits (fa-IR: ۰-۹, decimal ٫, grouping ٬). */
  digits(text: string): string;
  /** A number as text with `decimals` decimals and grouping, in the locale's digits. */
  number(v: number, decimals?: number): string;
  /** A calendar date as readers of this locale write it: `2026-11-22`, `۱۴۰۵/۰۹/۰۱`. */
  dateText(iso: IsoDate): string;
  /**
   * An instant as a wall-clock date and time in a time zone (the "Generated" line):
   * `2026-12-01 17:31`, `۱۴۰۵/۰۹/۱۰ ۱۷:۳۱`. An unreadable timestamp is returned as it is.
   */
  timestampText(instant: string, timeZone: string): string;
  /** Column and chart label of a period. */
  periodLabel(p: PeriodLike): string;
  kpiLabel(id: string): string;
  kpiFormula(id: string): string;
  unitLabel(unit: Unit, currency: string): string;
  betterLabel(b: Better): string;
  statusLabel(s: TargetStatus): string;
  segmentLabel(s: LoyaltySegment): string;
  groupLabel(g: KpiGroup): string;
  /** A pipeline stage name: the default stages translated, a company's own stage names as they are. */
  stageLabel(stage: string): string;
  /** The text wrapped in the direction marks it needs to render in reading order. */
  dir(text: string): string;
}

// ---------------------------------------------------------------- shared helpers

const LRM = '\u200e';
const RLM = '\u200f';
/** Strong right-to-left letters (Hebrew, Arabic, Syriac, Thaana, NKo, Arabic presentation forms). */
const RTL_LETTER = /[\u0590-\u05ff\u0600-\u06ef\u06fa-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
const STRONG_LTR = /[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]/;

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
/** Latin digits to Persian; `.` between digits to the Persian decimal ٫ and `,` between digits to ٬. */
export function persianDigits(text: string): string {
  return text
    .replace(/(?<=\d)\.(?=\d)/g, '٫')
    .replace(/(?<=\d),(?=\d)/g, '٬')
    .replace(/\d/g, (d) => PERSIAN_DIGITS[+d])
    .replace(/%/g, '٪');
}

/**
 * Splits a number format into its sections at the `;` that are not inside quotes,
 * brackets or escaped.
 */
export function formatSections(fmt: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let bracket = false;
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch === '\\' && !quoted && i + 1 < fmt.length) {
      cur += ch + fmt[++i];
      continue;
    }
    if (ch === '"' && !bracket) quoted = !quoted;
    else if (ch === '[' && !quoted) bracket = true;
    else if (ch === ']' && !quoted) bracket = false;
    if (ch === ';' && !quoted && !bracket) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

/** `FY2026-Q3` -> { year: 2026, quarter: 3 }; `FY1403` -> { year: 1403, quarter: null }. */
function parseId(id: string): { year: number; quarter: number | null } | null {
  const m = /^FY(\d{4})(?:-Q([1-4]))?$/.exec(id);
  return m ? { year: +m[1], quarter: m[2] ? +m[2] : null } : null;
}

function spanDays(p: PeriodLike): number {
  return dayOf(p.end) - dayOf(p.start) + 1;
}

/** A closed quarter (89-93 days: Jalali Q1 has 93, Q4 89 or 90) or year that is not cut short. */
function isStandardSpan(p: PeriodLike): boolean {
  if (p.toDate) return false;
  const n = spanDays(p);
  return p.kind === 'quarter' ? n >= 89 && n <= 93 : n === 365 || n === 366;
}

/**
 * Whole months from start to end, when start is the 1st of a month and end the last day
 * of one, in the Jalali or the Gregorian calendar; else null.
 */
function wholeMonths(p: PeriodLike): number | null {
  const s = dayOf(p.start);
  const e = dayOf(p.end);
  const js = jalaliOfDay(s);
  const je = jalaliOfDay(e);
  if (js.d === 1 && je.d === jalaliMonthLength(je.y, je.m)) return (je.y - js.y) * 12 + (je.m - js.m) + 1;
  const [gy1, gm1, gd1] = p.start.split('-').map(Number);
  const [gy2, gm2, gd2] = p.end.split('-').map(Number);
  const last = new Date(Date.UTC(gy2, gm2, 0)).getUTCDate();
  if (gd1 === 1 && gd2 === last) return (gy2 - gy1) * 12 + (gm2 - gm1) + 1;
  return null;
}

/** Date and `HH:mm` of an instant in a zone; null when the timestamp cannot be read. */
function wallClock(instant: string, timeZone: string): { date: IsoDate; time: string } | null {
  const t = Date.parse(instant);
  if (Number.isNaN(t)) return null;
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t);
  return { date: toCalendarDate(new Date(t), timeZone), time };
}

// ---------------------------------------------------------------- en

const EN_BETTER: Record<Better, string> = { higher: 'Higher is better', lower: 'Lower is better', neutral: 'Informational' };
const EN_STATUS: Record<TargetStatus, string> = { met: 'Met', at_risk: 'At risk', behind: 'Behind' };
const EN_SEGMENT: Record<LoyaltySegment, string> = {
  loyal: 'Loyal',
  somewhat_loyal: 'Somewhat loyal',
  disloyal: 'Disloyal',
  competitor_loyal: 'Competitor-loyal',
};
const EN_GROUP: Record<KpiGroup, string> = {
  pipeline: 'Pipeline & sales',
  customers: 'Customers',
  loyalty: 'Loyalty',
  surveys: 'Surveys',
  finance: 'Finance',
};

function localeMoney(currency: string, intl: 'en-US' | 'fa-IR', numFmt: (f: string) => string, digits: (t: string) => string): LocaleMoney {
  const style = moneyStyle(currency, intl);
  return {
    ...style,
    numFmt: (o) => numFmt(moneyNumFmt(style, o)),
    text: (v, o) => moneyText(style, v, { ...o, digits: (n, d) => digits(latinDigits(n, d)) }),
  };
}

const EN: Locale = {
  id: 'en',
  intl: 'en-US',
  rtl: false,
  font: 'Calibri',
  suffix: { days: ' d', perDay: ' / day', ratio: 'x', pp: ' pp' },
  numFmt: (fmt) => fmt,
  money: (currency) => localeMoney(currency, 'en-US', (f) => f, (t) => t),
  digits: (t) => t,
  number: (v, decimals = 0) => latinDigits(v, decimals),
  dateText: (iso) => iso,
  timestampText: (instant, timeZone) => {
    const w = wallClock(instant, timeZone);
    return w ? `${w.date} ${w.time}` : instant;
  },
  periodLabel: (p) => (p.toDate ? `${p.id} (${p.kind === 'quarter' ? 'QTD' : 'YTD'})` : p.id),
  kpiLabel: (id) => kpiDefinition(id)?.label ?? id,
  kpiFormula: (id) => kpiDefinition(id)?.formula ?? '',
  unitLabel: (unit, currency) => {
    switch (unit) {
      case 'fraction':
        return 'percent';
      case 'money':
        return currency;
      case 'money_per_day':
        return `${currency} per day`;
      case 'days':
        return 'days';
      case 'ratio':
        return 'ratio (x)';
      case 'score':
        return 'score';
      default:
        return 'count';
    }
  },
  betterLabel: (b) => EN_BETTER[b],
  statusLabel: (s) => EN_STATUS[s],
  segmentLabel: (s) => EN_SEGMENT[s],
  groupLabel: (g) => EN_GROUP[g],
  stageLabel: (s) => s,
  dir: (text) => (RTL_LETTER.test(text) ? `${LRM}${text}${LRM}` : text),
};

// ---------------------------------------------------------------- fa-IR

/** LCID 0x0429 (fa-IR) with 0x03 in the high byte: native (Persian) digits. */
export const PERSIAN_DIGITS_TAG = '[$-3000429]';

const QUARTER_FA = ['اول', 'دوم', 'سوم', 'چهارم'];
/** `سه‌ماههٔ` (three-month period) with its zero-width non-joiner and hamza, as Iranian reports write it. */
const QUARTER_WORD = 'سه\u200cماههٔ';

/** Every section of a number format drawn with Persian digits (a section already tagged is left alone). */
function persianNumFmt(fmt: string): string {
  return formatSections(fmt)
    .map((s) => (s.startsWith('[$-') ? s : `${PERSIAN_DIGITS_TAG}${s}`))
    .join(';');
}

function faDate(iso: IsoDate): string {
  if (!isIsoDate(iso)) return persianDigits(String(iso));
  const j = jalaliOfDay(dayOf(iso));
  return persianDigits(`${j.y}/${String(j.m).padStart(2, '0')}/${String(j.d).padStart(2, '0')}`);
}

function faPeriodLabel(p: PeriodLike): string {
  const id = parseId(p.id);
  if (id && isStandardSpan(p)) {
    return id.quarter ? `${QUARTER_WORD} ${QUARTER_FA[id.quarter - 1]} ${persianDigits(String(id.year))}` : `سال مالی ${persianDigits(String(id.year))}`;
  }
  // A to-date or non-standard span: "۳ ماهه منتهی به ۱۴۰۳/۰۳/۳۱", or in days when it is not whole months.
  const months = wholeMonths(p);
  const span = months !== null ? `${persianDigits(String(months))} ماهه` : `${persianDigits(String(spanDays(p)))} روزه`;
  return `${span} منتهی به ${faDate(p.end)}`;
}

const FA: Locale = {
  id: 'fa-IR',
  intl: 'fa-IR',
  rtl: true,
  font: 'Noto Sans Arabic',
  suffix: { days: ` ${UNIT_FA.days}`, perDay: ` ${UNIT_FA.perDay}`, ratio: ` ${UNIT_FA.ratioSuffix}`, pp: ` ${UNIT_FA.pp}` },
  numFmt: persianNumFmt,
  money: (currency) => localeMoney(currency, 'fa-IR', persianNumFmt, persianDigits),
  digits: persianDigits,
  number: (v, decimals = 0) => persianDigits(latinDigits(v, decimals)),
  dateText: faDate,
  timestampText: (instant, timeZone) => {
    const w = wallClock(instant, timeZone);
    return w ? `${faDate(w.date)} ${persianDigits(w.time)}` : instant;
  },
  periodLabel: faPeriodLabel,
  kpiLabel: (id) => KPI_FA[id]?.label ?? id,
  kpiFormula: (id) => KPI_FA[id]?.formula ?? '',
  unitLabel: (unit, currency) => {
    const cur = moneyStyle(currency, 'fa-IR').symbol;
    switch (unit) {
      case 'fraction':
        return UNIT_FA.fraction;
      case 'money':
        return cur;
      case 'money_per_day':
        return `${cur} ${UNIT_FA.perDay}`;
      case 'days':
        return UNIT_FA.days;
      case 'ratio':
        return UNIT_FA.ratio;
      case 'score':
        return UNIT_FA.score;
      default:
        return UNIT_FA.count;
    }
  },
  betterLabel: (b) => BETTER_FA[b],
  statusLabel: (s) => STATUS_FA[s],
  segmentLabel: (s) => SEGMENT_FA[s],
  groupLabel: (g) => GROUP_FA[g],
  stageLabel: (s) => STAGE_FA[s.toLowerCase()] ?? s,
  dir: (text) => {
    if (RTL_LETTER.test(text)) return `${RLM}${text}${RLM}`;
    if (STRONG_LTR.test(text)) return `${LRM}${text}${LRM}`;
    return text;
  },
};

const LOCALES: Record<LocaleId, Locale> = { en: EN, 'fa-IR': FA };

/** The locale kit of a config `locale` value. */
export function localeOf(id: LocaleId = 'en'): Locale {
  return LOCALES[id];
}
