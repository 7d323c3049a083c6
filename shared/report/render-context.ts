/**
 * What every sheet module gets: the report input, the locale (messages, direction,
 * font, number formats) and the few facts derived once per workbook (currency
 * format, list cap, how to name a stored file, the generated time in the config's
 * time zone).
 */
import type { Config } from '../config/config';
import type { Details, KpiDefinition, KpiDocument } from '../engine/types';
import { MESSAGES_EN, type MessageKey, type Messages } from '../i18n/messages-en';
import { DEFAULT_MAX_LIST_ROWS, type ReportInput } from './context';
import { valueFormat } from './cells';

/** Everything language- and script-specific a workbook needs. English is the identity. */
export interface RenderLocale {
  id: string;
  rtl: boolean;
  /** Font named on every cell (one with the script's glyphs); undefined = the workbook default. */
  font?: string;
  messages: Messages;
  /** A number format as this locale shows it (e.g. Persian digits); cells stay numbers. */
  numFmt(fmt: string): string;
  /** A date as text beside a real date cell (e.g. Jalali); null when the cell's own format says it. */
  dateText(iso: string): string | null;
  /** An integer in running text. */
  count(n: number): string;
  kpiLabel(def: KpiDefinition): string;
  kpiFormula(def: KpiDefinition): string;
}

export const ENGLISH: RenderLocale = {
  id: 'en',
  rtl: false,
  messages: MESSAGES_EN,
  numFmt: (f) => f,
  dateText: () => null,
  count: (n) => n.toLocaleString('en-US'),
  kpiLabel: (d) => d.label,
  kpiFormula: (d) => d.formula,
};

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(messages: Messages): Translate {
  return (key, params) => {
    const text = messages[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
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
  /** How a stored object is named for the reader: a bucket key in AWS, a local path in a local run. */
  where: (bucketKey: string) => string;
  /** "2026-11-22 07:00 Europe/Berlin": the run time in the config's time zone. */
  generated: string;
  label: (id: string) => string;
}

/** Wall-clock time of an ISO timestamp in an IANA zone, `YYYY-MM-DD HH:MM`. */
export function zonedTime(ts: string, timeZone: string): string {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export function renderContext(input: ReportInput, locale: RenderLocale = input.locale ?? ENGLISH): RenderContext {
  const { document: doc, details } = input.result;
  const config = doc.config;
  const byId = new Map(input.catalog.map((d) => [d.id, d]));
  return {
    input,
    doc,
    details,
    config,
    company: config.companyName,
    currency: config.currency,
    max: input.maxListRows ?? DEFAULT_MAX_LIST_ROWS,
    locale,
    t: translator(locale.messages),
    money: valueFormat({ unit: 'money' }, config.currency),
    where: input.where ?? ((k) => k),
    generated: `${zonedTime(doc.generatedAt, config.timeZone)} ${config.timeZone}`,
    label: (id) => {
      const d = byId.get(id);
      return d ? locale.kpiLabel(d) : id;
    },
  };
}
