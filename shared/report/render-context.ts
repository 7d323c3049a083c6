/**
 * What every sheet module gets: the report input, the locale (messages, direction,
 * font, number formats) and the few facts derived once per workbook (currency
 * format, list cap, how to name a stored file, the generated time in the config's
 * time zone).
 */
import type { Config } from '../config/config';
import type { Details, KpiDocument } from '../engine/types';
import { MESSAGES_EN, type MessageKey, type Messages } from '../i18n/messages-en';
import { MESSAGES_FA } from '../i18n/messages-fa';
import { localeOf, type Locale, type LocaleId } from '../i18n/locale';
import { reasonText } from '../i18n/reasons-fa';
import type { FormatKey } from './cells';
import { DEFAULT_MAX_LIST_ROWS, type ReportInput } from './context';
import { valueFormat } from './cells';

/**
 * The locale of a workbook: the locale kit (shared/i18n/locale.ts: direction, font,
 * digits in number formats, money, Jalali dates, period and KPI labels) plus the
 * workbook's message table in that language.
 */
export type RenderLocale = Locale & { messages: Messages };

/** The message table of each locale; the Persian one mirrors the English keys (a missing key is a type error). */
const MESSAGES: Record<LocaleId, Messages> = { en: MESSAGES_EN, 'fa-IR': MESSAGES_FA };

export function renderLocale(id: LocaleId = 'en'): RenderLocale {
  return { ...localeOf(id), messages: MESSAGES[id] };
}

export const ENGLISH: RenderLocale = renderLocale('en');

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Message lookup with `{name}` placeholders. Outside English a value is written as
 * that locale's reader expects it: numbers in its digits, ISO dates in its calendar
 * (Jalali), other text wrapped in the direction marks it needs (a Latin id such as
 * `FY2026-Q3` inside a Persian sentence keeps its order).
 */
export function translator(locale: RenderLocale): Translate {
  const english = locale.id === 'en';
  const value = (v: string | number): string => {
    if (typeof v === 'number') return english ? v.toLocaleString('en-US') : locale.number(v);
    if (english) return v;
    if (ISO_DATE.test(v)) return locale.dateText(v);
    return locale.dir(v);
  };
  return (key, params) => {
    const text = locale.messages[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? value(params[name]) : m));
  };
}

export interface RenderContext {
  input: ReportInput;
  doc: KpiDocument;
  details: Details;
  config: Config;
  company: string;
  currency: string;
  /** Longest list a sheet shows. */
  max: number;
  locale: RenderLocale;
  t: Translate;
  /** Money number format in the configured currency. */
  money: string;
  /** Number format of a KPI value in the locale's digits and words. */
  fmt: (k: FormatKey) => string;
  /** A date cell's companion text where the locale reads another calendar (Jalali), else null. */
  dateText: (iso: string) => string | null;
  /** How a stored object is named for the reader: a bucket key in AWS, a local path in a local run. */
  where: (bucketKey: string) => string;
  /** "2026-11-22 07:00 Europe/Berlin": the run time in the config's time zone. */
  generated: string;
  /** KPI label and definition in the locale's words. */
  label: (id: string) => string;
  formula: (id: string) => string;
  /** An engine reason (why a value, comparison or target status is null) in the locale's words. */
  reason: (english: string) => string;
}

/** "2026-11-22 07:00 Europe/Berlin": the run's wall clock in the config's zone (the kit's), the zone named. */
function generatedText(ts: string, timeZone: string, locale: RenderLocale): string {
  return `${locale.timestampText(ts, timeZone)} ${locale.id === 'en' ? timeZone : locale.dir(timeZone)}`;
}

export function renderContext(input: ReportInput, locale: RenderLocale = renderLocale(input.locale ?? input.result.document.config.locale)): RenderContext {
  const { document: doc, details } = input.result;
  const config = doc.config;
  const byId = new Map(input.catalog.map((d) => [d.id, d]));
  const english = locale.id === 'en';
  return {
    input,
    doc,
    details,
    config,
    company: config.companyName,
    currency: config.currency,
    max: input.maxListRows ?? DEFAULT_MAX_LIST_ROWS,
    locale,
    t: translator(locale),
    money: valueFormat({ unit: 'money' }, config.currency, locale),
    fmt: (k) => valueFormat(k, config.currency, locale),
    dateText: (iso) => (english ? null : locale.dateText(iso)),
    where: input.where ?? ((k) => k),
    generated: generatedText(doc.generatedAt, config.timeZone, locale),
    // English labels from the catalog the run was given; other locales from their translation table
    label: (id) => (english ? (byId.get(id)?.label ?? id) : locale.kpiLabel(id)),
    formula: (id) => (english ? (byId.get(id)?.formula ?? '') : locale.kpiFormula(id)),
    reason: (text) => reasonText(locale.id, text),
  };
}
