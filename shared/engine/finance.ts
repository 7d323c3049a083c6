/**
 * Finance figures per span (kpis.md "Finance"). Rows are month (`2026-03`; Jalali `1403-01`), fiscal
 * quarter (`FY2026-Q1`) or fiscal year (`FY2026`) rows. Per quarter, a quarter row wins
 * over month rows of the same quarter (a conflict for the data-quality sheet); otherwise
 * the month rows are summed (a quarter missing some of its begun months is flagged).
 * A span takes the effective quarter and month rows whose period *starts* in it (for a
 * whole quarter or year: the rows inside it); a year span uses its FY row when there is one.
 */
import type { FinanceRow, IsoDate } from '../model/types';
import { dayOf } from '../calendar/fiscal';
import type { FiscalCalendar } from '../calendar/fiscal-calendar';
import type { FinanceIssue } from './types';

export const FINANCE_COLUMNS = ['revenue', 'costOfRevenue', 'salesMarketingCost', 'serviceCost', 'crmCost', 'marketRevenue'] as const;
export type FinanceColumn = (typeof FINANCE_COLUMNS)[number];
export type FinanceValues = Record<FinanceColumn, number | null>;

/** Column names as the data contract spells them (for reasons). */
export const CONTRACT_NAME: Record<FinanceColumn, string> = {
  revenue: 'revenue',
  costOfRevenue: 'cost_of_revenue',
  salesMarketingCost: 'sales_marketing_cost',
  serviceCost: 'service_cost',
  crmCost: 'crm_cost',
  marketRevenue: 'market_revenue',
};

interface EffectiveRow {
  period: string;
  startDay: number;
  row: FinanceRow;
}

export interface FinanceIndex {
  /** Effective quarter and month rows, sorted by start day. */
  rows: EffectiveRow[];
  /** FY rows by fiscal year id. */
  years: Map<string, FinanceRow>;
  issues: FinanceIssue[];
  /** Rows whose period could not be read (should not pass ingestion). */
  unreadable: string[];
}

export interface FinanceSpan {
  values: FinanceValues;
  /** Number of rows used (0 = no finance data for the span). */
  rows: number;
  source: 'rows' | 'year_row' | 'none';
}

/** Rows' periods are read in `cal`, the configured calendar (Jalali: `1403-01`, `FY1403-Q1`, `FY1403`). */
export function buildFinanceIndex(finance: FinanceRow[], cal: FiscalCalendar, asOf: IsoDate): FinanceIndex {
  const quarterRows = new Map<string, FinanceRow>();
  const monthRows = new Map<string, FinanceRow[]>(); // quarter id -> month rows
  const monthIds = new Map<string, string[]>();
  const years = new Map<string, FinanceRow>();
  const monthStarts = new Map<string, number>();
  const unreadable: string[] = [];
  for (const r of finance) {
    const period = String(r.period).trim();
    const up = period.toUpperCase();
    const month = cal.month(period);
    if (month) {
      const q = cal.quarterOf(month.start).id;
      (monthRows.get(q) ?? monthRows.set(q, []).get(q)!).push({ ...r, period });
      monthStarts.set(period, dayOf(month.start));
      (monthIds.get(q) ?? monthIds.set(q, []).get(q)!).push(period);
      continue;
    }
    const p = cal.tryPeriodById(up);
    if (!p) unreadable.push(period);
    else if (p.kind === 'quarter') quarterRows.set(p.id, { ...r, period: p.id });
    else years.set(p.id, { ...r, period: p.id });
  }
  const rows: EffectiveRow[] = [];
  const issues: FinanceIssue[] = [];
  const quarterIds = new Set([...quarterRows.keys(), ...monthRows.keys()]);
  for (const q of quarterIds) {
    const period = cal.tryPeriodById(q)!;
    const months = (monthIds.get(q) ?? []).slice().sort();
    const qRow = quarterRows.get(q);
    if (qRow) {
      rows.push({ period: q, startDay: dayOf(period.start), row: qRow });
      if (months.length) {
        issues.push({
          kind: 'conflict',
          quarter: q,
          monthsPresent: months,
          monthsMissing: [],
          message: `${q} has a quarter row and month rows (${months.join(', ')}); the quarter row is used`,
        });
      }
      continue;
    }
    for (const m of monthRows.get(q) ?? []) rows.push({ period: m.period, startDay: monthStarts.get(m.period)!, row: m });
    const begun = cal.monthsOfQuarter(period).filter((m) => cal.month(m)!.start <= asOf);
    const missing = begun.filter((m) => !months.includes(m));
    if (begun.length > 0 && missing.length > 0) {
      issues.push({
        kind: 'partial_months',
        quarter: q,
        monthsPresent: months,
        monthsMissing: missing,
        message: `${q} has month rows for ${months.join(', ')} only (missing ${missing.join(', ')}); computed from the months present`,
      });
    }
  }
  rows.sort((a, b) => a.startDay - b.startDay || a.period.localeCompare(b.period));
  issues.sort((a, b) => a.quarter.localeCompare(b.quarter) || a.kind.localeCompare(b.kind));
  return { rows, years, issues, unreadable };
}

function sumRows(rows: FinanceRow[]): FinanceValues {
  const out = {} as FinanceValues;
  for (const c of FINANCE_COLUMNS) {
    let s: number | null = null;
    for (const r of rows) {
      const v = r[c];
      if (typeof v === 'number' && Number.isFinite(v)) s = (s ?? 0) + v;
    }
    out[c] = s;
  }
  return out;
}

/**
 * Finance figures for the span [s, e] (day numbers). `yearId` is given for year spans
 * (whole or to date, and their same-span comparisons): its FY row is used when present.
 */
export function financeFor(ix: FinanceIndex, s: number, e: number, yearId?: string): FinanceSpan {
  if (yearId) {
    const y = ix.years.get(yearId);
    if (y) return { values: sumRows([y]), rows: 1, source: 'year_row' };
  }
  const used: FinanceRow[] = [];
  for (const r of ix.rows) {
    if (r.startDay > e) break;
    if (r.startDay >= s) used.push(r.row);
  }
  return { values: sumRows(used), rows: used.length, source: used.length ? 'rows' : 'none' };
}

/** Reason for a missing finance column over a span. */
export function missingReason(span: FinanceSpan, col: FinanceColumn): string {
  return span.rows === 0 ? 'no finance data' : `no ${CONTRACT_NAME[col]} in finance data`;
}
