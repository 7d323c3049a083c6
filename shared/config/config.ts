import { DATASET_SPECS } from '../datasets';
import { matchEnum } from '../ingest/coerce';
import { ConfigError } from '../errors';
import { CALENDARS, type CalendarKind } from '../calendar/fiscal-calendar';
import { isLocaleId, LOCALE_IDS, type LocaleId } from '../i18n/ids';
import { DATASETS, type DatasetName } from '../model/types';
import { parseDeliveries, type Delivery } from './deliveries';

/**
 * The product's configuration: the keys of ../shared/spec/outputs.md, plus
 * `dateFormat` (the data contract accepts day-first / month-first strings and Excel
 * serial numbers in CSV only "when the config names the format").
 * Every key is optional; unknown keys are an error.
 */
export interface Config {
  companyName: string;
  /** 1-12: the calendar month a fiscal year starts in (a Jalali month with calendar "jalali"). */
  fiscalYearStartMonth: number;
  /** The calendar of fiscal years, quarters, finance months and "N months" rules. */
  calendar: CalendarKind;
  /** IANA time zone; timestamps become calendar dates in it. */
  timeZone: string;
  /** 0 (Sunday) - 6 (Saturday); 1 = ISO weeks. Default 1, or 6 (Saturday) with calendar "jalali". */
  weekStartsOn: number;
  /** Ordered open pipeline stages; `won` and `lost` are terminal and implicit. */
  stages: string[];
  activityWindowMonths: number;
  renewalGraceDays: number;
  stuckDays: number;
  /** YYYY-MM-DD the CRM went live (for TCO, savings and ROI); null = unknown. */
  crmGoLive: string | null;
  /** ISO 4217 code used in number formats. */
  currency: string;
  /** How ambiguous dates in uploads are read: ISO only, or also this format. */
  dateFormat: DateFormat;
  /** Language of the workbooks (outputs.md): `en`, or `fa-IR` (Persian, right to left, Jalali dates). */
  locale: LocaleId;
  /** Per dataset: a header in your files -> the contract column(s) it holds (for exports Scorecard does not recognise). */
  columns: Partial<Record<DatasetName, Record<string, string | string[]>>>;
  /** Per dataset and contract column: a value in your files -> the contract's value (`*` = any other value). */
  values: Partial<Record<DatasetName, Record<string, Record<string, string>>>>;
  /** Scheduled e-mail delivery of the workbooks (./deliveries.ts); none by default. */
  deliveries: Delivery[];
}

export const DATE_FORMATS = ['iso', 'DD/MM/YYYY', 'MM/DD/YYYY', 'excel-serial'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export const DEFAULT_CONFIG: Readonly<Config> = Object.freeze({
  companyName: 'Scorecard',
  fiscalYearStartMonth: 1,
  calendar: 'gregorian',
  timeZone: 'UTC',
  weekStartsOn: 1,
  stages: ['lead', 'qualified', 'proposal', 'negotiation'],
  activityWindowMonths: 12,
  renewalGraceDays: 30,
  stuckDays: 30,
  crmGoLive: null,
  currency: 'USD',
  dateFormat: 'iso',
  locale: 'en',
  columns: {},
  values: {},
  deliveries: Object.freeze([]) as unknown as Delivery[],
});

/** The Iranian week starts on Saturday (shanbeh): the default weekStartsOn with calendar "jalali". */
const JALALI_WEEK_START = 6;

const KEYS = Object.keys(DEFAULT_CONFIG) as (keyof Config)[];

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function intIn(key: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ConfigError(`config key "${key}" must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`, key);
  }
  return v;
}

/**
 * Validates a partial config (from a JSON file, CDK context or an environment
 * variable) and fills in defaults. Throws ConfigError naming the key and what is allowed.
 */
export function parseConfig(input: unknown, source = 'config'): Config {
  if (input === undefined || input === null) return { ...DEFAULT_CONFIG, stages: [...DEFAULT_CONFIG.stages], columns: {}, values: {}, deliveries: [] };
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigError(`${source} must be a JSON object with keys ${KEYS.join(', ')}`);
  }
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KEYS.includes(key as keyof Config)) {
      throw new ConfigError(`unknown ${source} key "${key}"; allowed keys: ${KEYS.join(', ')}`, key);
    }
  }
  const c: Config = { ...DEFAULT_CONFIG, stages: [...DEFAULT_CONFIG.stages], columns: {}, values: {}, deliveries: [] };
  if (raw.companyName !== undefined) {
    if (typeof raw.companyName !== 'string' || !raw.companyName.trim() || raw.companyName.length > 100) {
      throw new ConfigError('config key "companyName" must be a non-empty string of at most 100 characters', 'companyName');
    }
    c.companyName = raw.companyName.trim();
  }
  if (raw.fiscalYearStartMonth !== undefined) c.fiscalYearStartMonth = intIn('fiscalYearStartMonth', raw.fiscalYearStartMonth, 1, 12);
  if (raw.timeZone !== undefined) {
    if (typeof raw.timeZone !== 'string' || !isValidTimeZone(raw.timeZone)) {
      throw new ConfigError(`config key "timeZone" must be an IANA time zone such as "Europe/Berlin", got ${JSON.stringify(raw.timeZone)}`, 'timeZone');
    }
    c.timeZone = raw.timeZone;
  }
  if (raw.calendar !== undefined) {
    if (!CALENDARS.includes(raw.calendar as CalendarKind)) {
      throw new ConfigError(`config key "calendar" must be one of ${CALENDARS.join(', ')}, got ${JSON.stringify(raw.calendar)}`, 'calendar');
    }
    c.calendar = raw.calendar as CalendarKind;
    if (c.calendar === 'jalali') c.weekStartsOn = JALALI_WEEK_START;
  }
  if (raw.weekStartsOn !== undefined) c.weekStartsOn = intIn('weekStartsOn', raw.weekStartsOn, 0, 6);
  if (raw.stages !== undefined) {
    const s = raw.stages;
    if (!Array.isArray(s) || s.length === 0 || s.some((x) => typeof x !== 'string' || !x.trim())) {
      throw new ConfigError('config key "stages" must be a non-empty array of stage names', 'stages');
    }
    const names = s.map((x: string) => x.trim().toLowerCase());
    if (new Set(names).size !== names.length) throw new ConfigError('config key "stages" has a stage twice', 'stages');
    if (names.includes('won') || names.includes('lost')) {
      throw new ConfigError('config key "stages" lists open stages only; "won" and "lost" are implicit', 'stages');
    }
    c.stages = names;
  }
  if (raw.activityWindowMonths !== undefined) c.activityWindowMonths = intIn('activityWindowMonths', raw.activityWindowMonths, 1, 120);
  if (raw.renewalGraceDays !== undefined) c.renewalGraceDays = intIn('renewalGraceDays', raw.renewalGraceDays, 0, 365);
  if (raw.stuckDays !== undefined) c.stuckDays = intIn('stuckDays', raw.stuckDays, 1, 3650);
  if (raw.crmGoLive !== undefined && raw.crmGoLive !== null) {
    if (typeof raw.crmGoLive !== 'string' || !isIsoDate(raw.crmGoLive)) {
      throw new ConfigError(`config key "crmGoLive" must be a date YYYY-MM-DD, got ${JSON.stringify(raw.crmGoLive)}`, 'crmGoLive');
    }
    c.crmGoLive = raw.crmGoLive;
  }
  if (raw.currency !== undefined) {
    if (typeof raw.currency !== 'string' || !/^[A-Z]{3}$/.test(raw.currency)) {
      throw new ConfigError(`config key "currency" must be an ISO 4217 code such as "USD" or "EUR", got ${JSON.stringify(raw.currency)}`, 'currency');
    }
    c.currency = raw.currency;
  }
  if (raw.dateFormat !== undefined) {
    if (!DATE_FORMATS.includes(raw.dateFormat as DateFormat)) {
      throw new ConfigError(`config key "dateFormat" must be one of ${DATE_FORMATS.join(', ')}, got ${JSON.stringify(raw.dateFormat)}`, 'dateFormat');
    }
    c.dateFormat = raw.dateFormat as DateFormat;
  }
  if (raw.locale !== undefined) {
    if (!isLocaleId(raw.locale)) {
      throw new ConfigError(`config key "locale" must be one of ${LOCALE_IDS.join(', ')}, got ${JSON.stringify(raw.locale)}`, 'locale');
    }
    c.locale = raw.locale;
  }
  if (raw.columns !== undefined) c.columns = parseColumns(raw.columns);
  if (raw.values !== undefined) c.values = parseValues(raw.values);
  c.deliveries = parseDeliveries(raw.deliveries, source, c.locale);
  return c;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{ dataset: { ... } }` with known datasets only; returns the dataset's contract column names. */
function perDataset(key: string, v: unknown, what: string): [DatasetName, Record<string, unknown>, Set<string>][] {
  if (!isObject(v)) throw new ConfigError(`config key "${key}" must be an object by dataset (${DATASETS.join(', ')}), each ${what}`, key);
  return Object.entries(v).map(([d, m]) => {
    if (!(DATASETS as readonly string[]).includes(d)) {
      throw new ConfigError(`config key "${key}": "${d}" is not a dataset; use ${DATASETS.join(', ')}`, key);
    }
    if (!isObject(m)) throw new ConfigError(`config key "${key}.${d}" must be an object, ${what}`, key);
    return [d as DatasetName, m, new Set(DATASET_SPECS[d as DatasetName].columns.map((c) => c.name))];
  });
}

function parseColumns(v: unknown): Config['columns'] {
  const out: Config['columns'] = {};
  const what = 'mapping a header in your files to a contract column, e.g. {"deals": {"Opportunity Ref": "deal_id"}}';
  for (const [d, m, known] of perDataset('columns', v, what)) {
    const mm: Record<string, string | string[]> = {};
    for (const [header, target] of Object.entries(m)) {
      const targets = typeof target === 'string' ? [target] : target;
      if (!header.trim() || !Array.isArray(targets) || targets.length === 0 || targets.some((t) => typeof t !== 'string' || !known.has(t))) {
        throw new ConfigError(`config key "columns.${d}": "${header}" must map to a ${d} column (${[...known].join(', ')}) or a list of them, got ${JSON.stringify(target)}`, 'columns');
      }
      mm[header] = typeof target === 'string' ? target : [...(targets as string[])];
    }
    out[d] = mm;
  }
  return out;
}

function parseValues(v: unknown): Config['values'] {
  const out: Config['values'] = {};
  const what = 'by column, mapping a value in your files to the contract value, e.g. {"deals": {"status": {"Closed Won": "won"}}}';
  for (const [d, m, known] of perDataset('values', v, what)) {
    const byCol: Record<string, Record<string, string>> = {};
    for (const [col, map] of Object.entries(m)) {
      if (!known.has(col)) throw new ConfigError(`config key "values.${d}": "${col}" is not a ${d} column (${[...known].join(', ')})`, 'values');
      if (!isObject(map) || Object.values(map).some((x) => typeof x !== 'string')) {
        throw new ConfigError(`config key "values.${d}.${col}" must map values to values (text), e.g. {"Closed Won": "won"}`, 'values');
      }
      const allowed = DATASET_SPECS[d].columns.find((c) => c.name === col)?.values;
      const bad = allowed ? Object.values(map as Record<string, string>).find((x) => matchEnum(x, allowed) === null) : undefined;
      if (bad !== undefined) {
        throw new ConfigError(`config key "values.${d}.${col}": "${bad}" is not a ${col}; use ${allowed!.join(', ')}`, 'values');
      }
      byCol[col] = { ...(map as Record<string, string>) };
    }
    out[d] = byCol;
  }
  return out;
}
