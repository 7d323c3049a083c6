/**
 * Row validation: one spreadsheet row -> a domain record, or the row's issues.
 * Every rule of data-contract.md lives here (required values, types, ranges, cross-column rules).
 */
import type { Config, DateFormat } from '../config/config';
import { fiscalCalendar, type FiscalCalendar } from '../calendar/fiscal-calendar';
import { JALALI_MAX_YEAR, JALALI_MIN_YEAR } from '../calendar/jalali';
import { DATASET_SPECS, columnSpec } from '../datasets';
import {
  DEAL_STATUSES,
  DEAL_TYPES,
  DIMENSIONS,
  type DatasetName,
  type DatasetRecord,
  type Deal,
  type FinanceRow,
  type RowIssue,
  type StageEvent,
  type SurveyResponse,
  type Target,
} from '../model/types';
import {
  dateFromCell,
  dateFromSerial,
  dateParser,
  matchEnum,
  normalizeDigits,
  parseNumber,
  type Coerced,
  type NumberConvention,
} from './coerce';
import { ColumnInterners, type Interner } from './intern';
import { SURVEY_SCORES, type HeaderMap } from './schema';
import type { CellProblem, CellValue, Limits, RawRow } from './types';

/** Bytes reserved for the store's own attributes (pk, sk, names) when checking the item size. */
export const ITEM_OVERHEAD_BYTES = 1024;
/** Longest value text copied into a row issue. */
export const MAX_ISSUE_VALUE_CHARS = 200;
/**
 * Distinct values shared per column (see intern.ts): enough for every owner, team, stage, reason
 * or date of a file; the id columns below get more (a 1M-deal file has ~250k customers).
 */
export const INTERN_MAX_VALUES = 65_536;
export const INTERN_MAX_IDS = 262_144;
type SharedColumn =
  | 'customer_id' | 'customer_name' | 'deal_id' | 'stage' | 'lost_reason' | 'owner' | 'team' | 'region' | 'product'
  | 'source' | 'channel' | 'comment';
const ID_COLUMNS: ReadonlySet<string> = new Set(['customer_id', 'customer_name', 'deal_id']);
/** Texts of date cells remembered with their result (a file has a few thousand distinct dates). */
export const DATE_MEMO_MAX = 50_000;

/** Things done to accepted rows that the summary reports once (never silently). */
export interface Notes {
  closedStageSet: number;
  openClosedDateIgnored: number;
  headerlessValuesIgnored: number;
  /** Open deals with an empty amount (stored as unknown). */
  openAmountUnknown: number;
  /** Won or lost deals with an expected close date (not stored: they have a closed_date). */
  closedExpectedIgnored: number;
  /** Key values that changed when control or invisible characters were removed (first few kept as examples). */
  keysCleaned: number;
  keysCleanedExamples: string[];
  /** Open stage names not in config `stages`, in first-seen order. */
  unknownStages: string[];
}

/** Control characters (but tab and line breaks), BOM, zero-width space, word joiner, soft hyphen and direction marks. */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/** In keys also the zero-width (non-)joiners, which are letters' glue in Persian text but never part of an id. */
const INVISIBLE_IN_KEY = /[\u200C\u200D]/g;

/** Text without control and invisible characters (ZWNJ/ZWJ kept: Persian and emoji need them). */
export function cleanText(s: string): string {
  return s.replace(INVISIBLE, '');
}

/** The text with its invisible characters written as \\uXXXX, so a message can show them. */
export function showInvisible(s: string): string {
  return s.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(INVISIBLE_IN_KEY, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A key value without any control or invisible character: `D-1` + ZWSP is `D-1`. */
export function cleanKey(s: string): string {
  return s.replace(INVISIBLE, '').replace(INVISIBLE_IN_KEY, '');
}

export interface ValidateContext {
  dataset: DatasetName;
  /** Open stages known besides config `stages`, in order (a recognised CRM export's default pipeline). */
  presetStages?: readonly string[];
  /** Overrides config dateFormat (inferred from the file's own dates). */
  dateFormat?: DateFormat;
  map: HeaderMap;
  config: Config;
  convention: NumberConvention;
  limits: Required<Limits>;
  kpiIds: ReadonlySet<string>;
  /** XLSX workbooks in the 1904 date system. */
  date1904?: boolean;
  /** True for XLSX: numeric cells in date columns are Excel dates. */
  typedCells: boolean;
  /** Number of header cells (CSV: values beyond them are a shifted row). */
  headerLength: number;
  /** Header positions whose cell is empty (their values are not stored; counted in the summary). */
  headerBlank?: readonly boolean[];
  /** A mapped file: source row -> row of contract columns (`map` indexes the latter). */
  transform?: (cells: CellValue[]) => CellValue[];
  /** With `transform`: the header positions that feed a contract column. */
  mappedPositions?: ReadonlySet<number>;
}

export interface RowResult {
  record: DatasetRecord | null;
  issues: RowIssue[];
}

function isProblem(v: CellValue): v is CellProblem {
  return typeof v === 'object' && v !== null && !(v instanceof Date);
}

export function isBlank(v: CellValue): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

export function displayCell(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return 'Invalid Date';
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  return v.display;
}

export function truncateValue(s: string): string {
  return s.length > MAX_ISSUE_VALUE_CHARS ? `${s.slice(0, MAX_ISSUE_VALUE_CHARS)}… (${s.length} characters)` : s;
}

const PERIOD_QUARTER = /^FY\s*(\d{4})\s*[-\s]?\s*Q([1-4])$/i;
const PERIOD_YEAR = /^FY\s*(\d{4})$/i;
const PERIOD_MONTH = /^(\d{4})-(\d{1,2})$/;

/** A year to show in examples of period values: one of the configured calendar. */
const exampleYear = (cal: FiscalCalendar): number => (cal.kind === 'jalali' ? 1403 : 2026);

/** What a period value looks like in the configured calendar (for reasons). */
function periodForms(cal: FiscalCalendar, allowMonth: boolean): string {
  const y = exampleYear(cal);
  return allowMonth ? `FY${y}-Q1, ${y}-03 or FY${y}` : `FY${y}-Q3 or FY${y}`;
}

/**
 * `FY2026-Q1` / `FY2026` / (finance only) `2026-03`, normalised; case and inner spaces
 * ignored. Years and months are those of the configured calendar (`FY1403-Q1`, `1403-01`
 * with calendar "jalali"; the fiscal calendar says which years are accepted).
 */
export function parsePeriod(raw: string, allowMonth: boolean, cal: FiscalCalendar): Coerced<string> {
  const original = raw.trim();
  const s = normalizeDigits(original);
  const y = exampleYear(cal);
  const what = allowMonth ? `a fiscal quarter FY${y}-Q1, a month ${y}-03 or a fiscal year FY${y}` : `a fiscal quarter FY${y}-Q3 or a fiscal year FY${y}`;
  let m = PERIOD_QUARTER.exec(s);
  if (m) return inYears(+m[1], `FY${m[1]}-Q${m[2]}`, original, cal);
  m = PERIOD_YEAR.exec(s);
  if (m) return inYears(+m[1], `FY${m[1]}`, original, cal);
  if (allowMonth) {
    m = PERIOD_MONTH.exec(s);
    if (m) {
      const month = +m[2];
      if (month < 1 || month > 12) return { ok: false, reason: `"${original}" is not a period: there is no month ${month}` };
      return inYears(+m[1], `${m[1]}-${month < 10 ? '0' : ''}${month}`, original, cal);
    }
  }
  return { ok: false, reason: `"${original}" is not a period; write ${what}` };
}

function inYears(y: number, value: string, original: string, cal: FiscalCalendar): Coerced<string> {
  const { min, max } = cal.yearRange;
  if (y < min || y > max) {
    const hint =
      cal.kind === 'jalali'
        ? ' (config calendar is "jalali": periods are Jalali years such as FY1403)'
        : y >= JALALI_MIN_YEAR && y <= JALALI_MAX_YEAR
          ? ' (a Solar Hijri year? set config key calendar to "jalali")'
          : '';
    return { ok: false, reason: `"${original}": year ${y} is out of range ${min}-${max}${hint}` };
  }
  return { ok: true, value };
}

interface NumberRule {
  required?: boolean;
  min?: number;
  max?: number;
  integer?: boolean;
  percent?: boolean;
}

/**
 * Validates rows of one file. Create once per file; `validate` is called per row.
 */
export class RowValidator {
  readonly notes: Notes = {
    closedStageSet: 0, openClosedDateIgnored: 0, headerlessValuesIgnored: 0, openAmountUnknown: 0, closedExpectedIgnored: 0,
    keysCleaned: 0, keysCleanedExamples: [], unknownStages: [],
  };
  private readonly keyColumns: ReadonlySet<string>;
  private row = 0;
  private cells: CellValue[] = [];
  private issues: RowIssue[] = [];
  private readonly stages: ReadonlySet<string>;
  /** Header positions that no contract column uses (unknown or empty header cells). */
  private readonly unmapped: readonly number[];
  /** Repeated values of a file's rows become one shared string (records are smaller; values unchanged). */
  private readonly interners = new ColumnInterners((col) => (ID_COLUMNS.has(col) ? INTERN_MAX_IDS : INTERN_MAX_VALUES));
  /** One interner for every date column: they share their values. */
  private readonly dates: Interner;
  private readonly parseDate: ReturnType<typeof dateParser>;
  private readonly sharedBy: Partial<Record<SharedColumn, Interner>> = {};
  private readonly cal: FiscalCalendar;

  constructor(private readonly ctx: ValidateContext) {
    this.dates = this.interners.of('(dates)');
    this.parseDate = dateParser({ ...ctx.config, dateFormat: ctx.dateFormat ?? ctx.config.dateFormat }, DATE_MEMO_MAX);
    this.cal = fiscalCalendar(ctx.config);
    this.stages = new Set([...ctx.config.stages, ...(ctx.presetStages ?? [])].map((s) => s.toLowerCase()));
    this.keyColumns = new Set(DATASET_SPECS[ctx.dataset].key);
    const mapped = ctx.mappedPositions ?? new Set(ctx.map.index.values());
    this.unmapped = Array.from({ length: ctx.headerLength }, (_, i) => i).filter((i) => !mapped.has(i));
  }

  validate(raw: RawRow): RowResult {
    this.row = raw.row;
    this.cells = raw.cells;
    this.issues = [];
    if (this.shifted()) return { record: null, issues: this.issues };
    if (this.ctx.transform) this.cells = this.ctx.transform(raw.cells);
    let record: DatasetRecord | null;
    switch (this.ctx.dataset) {
      case 'deals':
        record = this.deal();
        break;
      case 'stage-events':
        record = this.stageEvent();
        break;
      case 'surveys':
        record = this.survey();
        break;
      case 'finance':
        record = this.finance();
        break;
      case 'targets':
        record = this.target();
        break;
    }
    if (record && this.issues.length === 0 && this.tooLarge(record)) record = null;
    if (this.issues.length > 0) {
      const key = this.keyOfRow();
      for (const i of this.issues) i.key = key;
      return { record: null, issues: this.issues };
    }
    return { record, issues: [] };
  }

  // -------------------------------------------------------------------------
  // datasets

  private deal(): Deal | null {
    const dealId = this.text('deal_id', true);
    const customerId = this.text('customer_id', true);
    const customerName = this.text('customer_name');
    const createdDate = this.date('created_date', true);
    const status = this.enumOf('status', DEAL_STATUSES, true);
    const stageRaw = this.text('stage');
    const stageEnteredDate = this.date('stage_entered_date');
    let closedDate = this.date('closed_date');
    const amountBlank = this.isEmptyCell('amount') && this.ctx.map.index.has('amount');
    const amount = amountBlank && status === 'open' ? undefined : this.number('amount');
    const expectedCloseDate = this.date('expected_close_date');
    const currency = this.text('currency');
    if (currency !== undefined && currency.toUpperCase() !== this.ctx.config.currency) {
      this.issue('currency', currency, `the amount is in ${currency.toUpperCase()} but config currency is ${this.ctx.config.currency}; amounts in other currencies are not converted (convert them, or set config currency)`);
    }
    const dealType = this.enumOf('deal_type', DEAL_TYPES) ?? 'new';
    const contractMonths = this.number('contract_months');
    const lostReason = this.text('lost_reason');
    const owner = this.text('owner');
    const team = this.text('team');
    const region = this.text('region');
    const product = this.text('product');
    const source = this.text('source');

    let stage: string | undefined;
    if (status === 'won' || status === 'lost') {
      if (closedDate === undefined && this.isEmptyCell('closed_date')) {
        this.issue('closed_date', this.cell('closed_date'), `closed_date is required when status is ${status}`);
      }
      stage = status;
      if (stageRaw !== undefined && stageRaw.toLowerCase() !== status) this.notes.closedStageSet++;
    } else if (status === 'open') {
      if (closedDate !== undefined) {
        this.notes.openClosedDateIgnored++;
        closedDate = undefined;
      }
      if (stageRaw !== undefined) {
        const s = stageRaw.toLowerCase();
        if (s === 'won' || s === 'lost') {
          this.issue('stage', stageRaw, `stage "${stageRaw}" contradicts status open`);
        } else {
          this.seeStage(s);
          stage = s;
        }
      }
    }
    if (closedDate !== undefined && createdDate !== undefined && closedDate < createdDate) {
      this.issue('closed_date', this.cell('closed_date'), `closed_date ${closedDate} is before created_date ${createdDate}`);
    }
    if (this.issues.length > 0) return null;
    const d: Deal = {
      dealId: dealId!,
      customerId: this.shared('customer_id', customerId!),
      createdDate: createdDate!,
      status: status!,
      amount: amount ?? 0,
      dealType,
    };
    if (amount === undefined) {
      d.amountUnknown = true;
      this.notes.openAmountUnknown++;
    }
    if (expectedCloseDate !== undefined && status === 'open') d.expectedCloseDate = expectedCloseDate;
    else if (expectedCloseDate !== undefined) this.notes.closedExpectedIgnored++;
    if (customerName !== undefined) d.customerName = this.shared('customer_name', customerName);
    if (stage !== undefined) d.stage = this.shared('stage', stage);
    if (stageEnteredDate !== undefined) d.stageEnteredDate = stageEnteredDate;
    if (closedDate !== undefined) d.closedDate = closedDate;
    if (contractMonths !== undefined) d.contractMonths = contractMonths;
    if (lostReason !== undefined) d.lostReason = this.shared('lost_reason', lostReason);
    if (owner !== undefined) d.owner = this.shared('owner', owner);
    if (team !== undefined) d.team = this.shared('team', team);
    if (region !== undefined) d.region = this.shared('region', region);
    if (product !== undefined) d.product = this.shared('product', product);
    if (source !== undefined) d.source = this.shared('source', source);
    return d;
  }

  private stageEvent(): StageEvent | null {
    const dealId = this.text('deal_id', true);
    const stageRaw = this.text('stage', true);
    const enteredDate = this.date('entered_date', true);
    let stage: string | undefined;
    if (stageRaw !== undefined) {
      const s = stageRaw.toLowerCase();
      if (s !== 'won' && s !== 'lost') this.seeStage(s);
      stage = s;
    }
    if (this.issues.length > 0) return null;
    return { dealId: this.shared('deal_id', dealId!), stage: this.shared('stage', stage!), enteredDate: enteredDate! };
  }

  private survey(): SurveyResponse | null {
    const responseId = this.text('response_id', true);
    const customerId = this.text('customer_id');
    const respondedDate = this.date('responded_date', true);
    const nps = this.number('nps');
    const csat = this.number('csat');
    const ces = this.number('ces');
    const expectation = this.number('expectation');
    const performance = this.number('performance');
    const channel = this.text('channel');
    const comment = this.text('comment');
    const present = SURVEY_SCORES.filter((c) => this.ctx.map.index.has(c));
    if (present.every((c) => this.isEmptyCell(c))) {
      this.issue(present.map((c) => this.label(c)).join('/'), '', `a survey row needs at least one score (${present.join(', ')})`);
    }
    if (this.issues.length > 0) return null;
    const r: SurveyResponse = { responseId: responseId!, respondedDate: respondedDate! };
    if (customerId !== undefined) r.customerId = this.shared('customer_id', customerId);
    if (nps !== undefined) r.nps = nps;
    if (csat !== undefined) r.csat = csat;
    if (ces !== undefined) r.ces = ces;
    if (expectation !== undefined) r.expectation = expectation;
    if (performance !== undefined) r.performance = performance;
    if (channel !== undefined) r.channel = this.shared('channel', channel);
    if (comment !== undefined) r.comment = this.shared('comment', comment);
    return r;
  }

  private finance(): FinanceRow | null {
    const period = this.period('period', true);
    const revenue = this.number('revenue');
    const costOfRevenue = this.number('cost_of_revenue');
    const salesMarketingCost = this.number('sales_marketing_cost');
    const serviceCost = this.number('service_cost');
    const crmCost = this.number('crm_cost');
    const marketRevenue = this.number('market_revenue');
    if (this.issues.length > 0) return null;
    const f: FinanceRow = { period: period! };
    if (revenue !== undefined) f.revenue = revenue;
    if (costOfRevenue !== undefined) f.costOfRevenue = costOfRevenue;
    if (salesMarketingCost !== undefined) f.salesMarketingCost = salesMarketingCost;
    if (serviceCost !== undefined) f.serviceCost = serviceCost;
    if (crmCost !== undefined) f.crmCost = crmCost;
    if (marketRevenue !== undefined) f.marketRevenue = marketRevenue;
    return f;
  }

  private target(): Target | null {
    const kpiRaw = this.text('kpi', true);
    const period = this.period('period', false);
    const target = this.number('target');
    const scopeRaw = this.text('scope');
    let kpi: string | undefined;
    if (kpiRaw !== undefined) {
      const k = kpiRaw.trim().toLowerCase().replace(/[\s-]+/g, '_');
      if (this.ctx.kpiIds.has(k)) kpi = k;
      else this.issue('kpi', kpiRaw, `"${kpiRaw}" is not a KPI id; use an id from the KPI definitions (e.g. win_rate, bookings, nps)`);
    }
    let scope = '';
    if (scopeRaw !== undefined) {
      const m = /^([^=]+)=(.+)$/.exec(scopeRaw);
      const dim = m ? matchEnum(m[1], DIMENSIONS) : null;
      const value = m ? m[2].trim() : '';
      if (!m || !dim || value === '' || value.includes('=')) {
        this.issue('scope', scopeRaw, `scope must be empty (whole company) or dimension=value with dimension one of ${DIMENSIONS.join(', ')}, e.g. team=EMEA`);
      } else scope = `${dim}=${value}`;
    }
    if (this.issues.length > 0) return null;
    return { kpi: kpi!, period: period!, target: target!, scope };
  }

  // -------------------------------------------------------------------------
  // cells

  /** The file's shared instance of a column value (equal to `v`). */
  private shared(col: SharedColumn, v: string): string {
    let i = this.sharedBy[col];
    if (i === undefined) i = this.sharedBy[col] = this.interners.of(col);
    return i.intern(v);
  }

  /** An open stage name: names not in config `stages` (nor the export's pipeline) are remembered in first-seen order. */
  private seeStage(s: string): void {
    if (!this.stages.has(s) && !this.notes.unknownStages.includes(s)) this.notes.unknownStages.push(s);
  }

  /** The row's key as written (cleaned), for the rejected-rows report. */
  private keyOfRow(): string[] {
    return DATASET_SPECS[this.ctx.dataset].key.map((k) => {
      const v = this.cell(k);
      return typeof v === 'string' ? cleanKey(v).trim() : displayCell(v);
    });
  }

  private label(col: string): string {
    return this.ctx.map.label.get(col) ?? col;
  }

  private cell(col: string): CellValue {
    const i = this.ctx.map.index.get(col);
    return i === undefined ? undefined : this.cells[i];
  }

  private isEmptyCell(col: string): boolean {
    return isBlank(this.cell(col));
  }

  private issue(col: string, value: CellValue, reason: string): void {
    this.issues.push({ row: this.row, column: this.ctx.map.label.get(col) ?? col, value: truncateValue(displayCell(value)), reason });
  }

  /** Values beyond the header: a shifted CSV row is one issue (its other issues would only be noise). */
  private shifted(): boolean {
    const cells = this.cells;
    const headerLength = this.ctx.headerLength;
    for (const i of this.unmapped) {
      // a value under an empty header cell: not stored, counted for the summary
      if (i < cells.length && this.ctx.headerBlank?.[i] === true && !isBlank(cells[i])) this.notes.headerlessValuesIgnored++;
    }
    for (let i = headerLength; i < cells.length; i++) {
      if (isBlank(cells[i])) continue;
      if (!this.ctx.typedCells) {
        this.issues.push({
          row: this.row,
          column: `column ${i + 1}`,
          value: truncateValue(displayCell(cells[i])),
          reason: `the row has ${cells.length} values but the header has ${this.ctx.headerLength} columns (a separator inside an unquoted value?)`,
        });
        return true;
      }
      this.notes.headerlessValuesIgnored++;
    }
    return false;
  }


  /** A present, usable text (string cells: bad encoding and length checked), or undefined after an issue. */
  private str(col: string, v: string): string | undefined {
    if (v.length > this.ctx.limits.maxCellChars) {
      this.issue(col, v, `the value is ${v.length} characters long; the limit is ${this.ctx.limits.maxCellChars} characters per cell`);
      return undefined;
    }
    if (v.includes('\uFFFD')) {
      this.issue(col, v, 'the value contains bytes that are not valid text in the file\'s encoding; save the file as "CSV UTF-8"');
      return undefined;
    }
    const cleaned = this.keyColumns.has(col) ? cleanKey(v) : cleanText(v);
    if (cleaned !== v && this.keyColumns.has(col)) {
      this.notes.keysCleaned++;
      if (this.notes.keysCleanedExamples.length < 5) this.notes.keysCleanedExamples.push(`row ${this.row}: "${showInvisible(v)}" -> "${cleaned.trim()}"`);
    }
    return cleaned.trim();
  }

  private problem(col: string, v: CellValue): boolean {
    if (isProblem(v)) {
      this.issue(col, v, v.problem);
      return true;
    }
    return false;
  }

  private required(col: string, required: boolean | undefined): undefined {
    if (required) {
      const missing = !this.ctx.map.index.has(col);
      this.issue(col, '', missing ? `column ${col} is missing` : `${col} is required but empty`);
    }
    return undefined;
  }

  private text(col: string, required?: boolean): string | undefined {
    const v = this.cell(col);
    if (isBlank(v)) return this.required(col, required);
    if (this.problem(col, v)) return undefined;
    if (typeof v === 'string') return this.str(col, v);
    if (v instanceof Date) {
      const d = dateFromCell(v);
      return d.ok ? d.value : displayCell(v);
    }
    return displayCell(v);
  }

  private enumOf<T extends string>(col: string, values: readonly T[], required?: boolean): T | undefined {
    const t = this.text(col, required);
    if (t === undefined) return undefined;
    const m = matchEnum(t, values);
    if (m === null) this.issue(col, t, `"${t}" is not one of ${values.join(', ')}`);
    return m ?? undefined;
  }

  /** A number; its bounds, whole-ness and required-ness come from the dataset spec unless `rule` says otherwise. */
  private number(col: string, rule: NumberRule = this.ruleOf(col)): number | undefined {
    const v = this.cell(col);
    if (isBlank(v)) return this.required(col, rule.required);
    if (this.problem(col, v)) return undefined;
    let n: number;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'string') {
      const s = this.str(col, v);
      if (s === undefined) return undefined;
      const parsed = parseNumber(s, { convention: this.ctx.convention, percent: rule.percent });
      if (!parsed.ok) {
        this.issue(col, v, parsed.reason);
        return undefined;
      }
      n = parsed.value;
    } else {
      this.issue(col, v, `expected a number, found ${v instanceof Date ? 'a date' : 'TRUE/FALSE'}`);
      return undefined;
    }
    if (!Number.isFinite(n)) {
      this.issue(col, v, 'not a finite number');
      return undefined;
    }
    if (rule.integer && !Number.isInteger(n)) {
      this.issue(col, v, `${col} must be a whole number`);
      return undefined;
    }
    if ((rule.min !== undefined && n < rule.min) || (rule.max !== undefined && n > rule.max)) {
      const range = rule.max === undefined ? `>= ${rule.min}` : `from ${rule.min} to ${rule.max}`;
      this.issue(col, v, `${col} must be ${range}`);
      return undefined;
    }
    return n;
  }

  private ruleOf(col: string): NumberRule {
    const c = columnSpec(this.ctx.dataset, col);
    if (!c) return {};
    return { required: c.required, min: c.min, max: c.max, integer: c.type === 'integer', percent: c.percent };
  }

  private date(col: string, required?: boolean): string | undefined {
    const v = this.cell(col);
    if (isBlank(v)) return this.required(col, required);
    if (this.problem(col, v)) return undefined;
    let r: Coerced<string>;
    if (v instanceof Date) r = dateFromCell(v);
    else if (typeof v === 'number') r = dateFromSerial(v, String(v), this.ctx.date1904);
    else if (typeof v === 'string') {
      const s = this.str(col, v);
      if (s === undefined) return undefined;
      r = this.parseDate(s);
    } else r = { ok: false, reason: 'expected a date, found TRUE/FALSE' };
    if (!r.ok) {
      this.issue(col, v, r.reason);
      return undefined;
    }
    return this.dates.intern(r.value);
  }

  private period(col: string, allowMonth: boolean): string | undefined {
    const v = this.cell(col);
    if (isBlank(v)) return this.required(col, true);
    if (this.problem(col, v)) return undefined;
    if (v instanceof Date) {
      // Excel turns a typed "2026-03" into the date 2026-03-01.
      const d = dateFromCell(v);
      if (allowMonth && d.ok && d.value.endsWith('-01') && this.cal.kind === 'gregorian') return d.value.slice(0, 7);
      this.issue(col, v, `a date is not a period; write ${periodForms(this.cal, allowMonth)} (as text)`);
      return undefined;
    }
    const s = typeof v === 'string' ? this.str(col, v) : displayCell(v);
    if (s === undefined) return undefined;
    const p = parsePeriod(s, allowMonth, this.cal);
    if (!p.ok) {
      this.issue(col, v, p.reason);
      return undefined;
    }
    return p.value;
  }

  private tooLarge(record: DatasetRecord): boolean {
    const budget = this.ctx.limits.maxItemBytes - ITEM_OVERHEAD_BYTES;
    let chars = 0;
    for (const c of this.cells) if (typeof c === 'string') chars += c.length;
    if (chars * 3 + 1000 <= budget) return false; // cannot be too large
    const bytes = Buffer.byteLength(JSON.stringify(record), 'utf8');
    if (bytes <= budget) return false;
    let longest = '';
    let longestLen = -1;
    for (const [col, i] of this.ctx.map.index) {
      const c = this.cells[i];
      const len = typeof c === 'string' ? c.length : 0;
      if (len > longestLen) {
        longest = col;
        longestLen = len;
      }
    }
    this.issue(
      longest,
      this.cell(longest),
      `the row is about ${(bytes / 1024).toFixed(1)} KB; a stored record is limited to ${(budget / 1024).toFixed(1)} KB (shorten the longest texts)`,
    );
    return true;
  }
}
