/**
 * Which periods a report run covers, and where its files go in the bucket
 * (../shared/spec/outputs.md "Bucket layout").
 */
import type { FiscalCalendar, FiscalPeriod } from '../calendar/fiscal-calendar';
import type { KpiDocument, PeriodResult } from '../engine/types';
import type { IsoDate } from '../model/types';

export type ReportKind = 'weekly' | 'quarterly' | 'annual';
export const REPORT_KINDS: readonly ReportKind[] = ['weekly', 'quarterly', 'annual'];

export interface PeriodChoice {
  /** Period id the workbook is about (`FY2026-Q3`, `FY2026`). */
  id: string;
  /** True when it is a closed period; false when no closed one exists and the to-date period is used. */
  closed: boolean;
  /** Set when the choice needs explaining in the workbook. */
  note: string | null;
}

/** The latest fiscal quarter (or year) that ended on or before `asOf`. */
export function latestClosed(kind: 'quarter' | 'year', asOf: IsoDate, cal: FiscalCalendar): FiscalPeriod {
  const current = kind === 'quarter' ? cal.quarterOf(asOf) : cal.yearOf(asOf);
  if (current.end <= asOf) return current;
  return kind === 'quarter' ? cal.previousQuarter(current) : cal.previousYear(current);
}

/**
 * The quarter (year) the finance (annual) review covers: the latest one closed on
 * or before asOf for which the engine has results. When none is closed yet (the
 * data starts in the current period), the current to-date period, with a note.
 */
export function chooseReviewPeriod(kind: 'quarter' | 'year', doc: KpiDocument, cal: FiscalCalendar): PeriodChoice {
  const closed = latestClosed(kind, doc.asOf, cal);
  const found = doc.periods.find((p) => p.id === closed.id && !p.toDate);
  if (found) return { id: found.id, closed: true, note: null };
  const current = kind === 'quarter' ? cal.quarterOf(doc.asOf) : cal.yearOf(doc.asOf);
  const word = kind === 'quarter' ? 'quarter' : 'fiscal year';
  return {
    id: current.id,
    closed: false,
    note: `No closed ${word} has data yet (${closed.id} ended ${closed.end}, before the earliest data): this review shows ${current.id} to date (${current.start} to ${doc.asOf}).`,
  };
}

/** The week id the weekly dashboard is named after: the week containing asOf. */
export function weekIdOf(asOf: IsoDate, cal: FiscalCalendar): string {
  return cal.weekOf(asOf).id;
}

export function findPeriod(doc: KpiDocument, id: string): PeriodResult | undefined {
  return doc.periods.find((p) => p.id === id);
}

const LATEST_NAMES: Record<ReportKind, string> = {
  weekly: 'manager-dashboard',
  quarterly: 'finance-review',
  annual: 'annual-review',
};

/** `reports/weekly/2026-W47/manager-dashboard-2026-W47.xlsx` and friends. */
export function workbookKey(kind: ReportKind, periodId: string): string {
  return `reports/${kind}/${periodId}/${LATEST_NAMES[kind]}-${periodId}.xlsx`;
}

/** The run's kpis.json beside a workbook. */
export function kpisKeyBeside(workbook: string): string {
  return `${workbook.slice(0, workbook.lastIndexOf('/'))}/kpis.json`;
}

/** Fixed keys managers can bookmark: `reports/latest/manager-dashboard.xlsx`. */
export function latestKey(kind: ReportKind): string {
  return `reports/latest/${LATEST_NAMES[kind]}.xlsx`;
}

export const LATEST_KPIS_KEY = 'reports/latest/kpis.json';

/** The kpis.json of the newest workbook of one kind, beside it in reports/latest/ (its as-of date guards the workbook). */
export function latestKpisKey(kind: ReportKind): string {
  return `reports/latest/${LATEST_NAMES[kind]}.kpis.json`;
}

/**
 * How a local run names a stored object for the reader: the place the CLI copies it to
 * under the output folder (`reports/rejected/deals/x.csv.errors.csv` ->
 * `out/rejected/deals/x.csv.errors.csv`, `quarantine/...` -> `out/quarantine/...`);
 * other keys stay bucket keys.
 */
export function localPathOf(outDir: string): (bucketKey: string) => string {
  const dir = outDir.replace(/\/+$/, '') || '.';
  return (key) => {
    if (key.startsWith('reports/rejected/')) return `${dir}/rejected/${key.slice('reports/rejected/'.length)}`;
    if (key.startsWith('quarantine/')) return `${dir}/${key}`;
    return key;
  };
}
