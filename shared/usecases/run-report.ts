/**
 * The scheduled report job: load everything from the store, compute the KPIs once,
 * keep closed-quarter snapshots (and record restatements), render the requested
 * workbooks and write them with the run's kpis.json to the bucket keys of
 * ../shared/spec/outputs.md, then announce each published workbook.
 */
import { computeScorecard, KPI_CATALOG } from '../engine';
import type { Config } from '../config/config';
import { ScorecardError } from '../errors';
import type { ScorecardResult } from '../engine/types';
import type { IsoDate, Restatement } from '../model/types';
import type { BlobStore, RecordStore } from '../ports';
import { isIsoDate } from '../calendar/fiscal';
import type { ReportInput } from '../report/context';
import {
  chooseReviewPeriod,
  kpisKeyBeside,
  LATEST_KPIS_KEY,
  latestKey,
  REPORT_KINDS,
  weekIdOf,
  workbookKey,
  type PeriodChoice,
  type ReportKind,
} from '../report/periods';
import { diffSnapshots } from '../report/snapshots';
import { renderDashboard } from '../report/workbooks/dashboard';
import { renderFinanceReview } from '../report/workbooks/finance-review';
import { renderAnnualReview } from '../report/workbooks/annual-review';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const JSON_CONTENT_TYPE = 'application/json';

/** Structural subset of the Powertools Logger (and of console). */
export interface ReportLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface PublishedNotice {
  kind: ReportKind;
  /** The dated key of the workbook, e.g. `reports/weekly/2026-W47/manager-dashboard-2026-W47.xlsx`. */
  key: string;
  latestKey: string;
  periodId: string;
  asOf: IsoDate;
}

export interface RunReportDeps {
  store: RecordStore;
  blobs: BlobStore;
  now: () => Date;
  /** Announces a published workbook (SNS "dashboard published"); failures are logged, not fatal. */
  notify?: (e: PublishedNotice) => Promise<void>;
  logger?: ReportLogger;
  /** Longest list a sheet shows (default 500). */
  maxListRows?: number;
  /** How workbooks name stored files (rejected-rows reports): a local path in a local run; default the bucket key. */
  where?: (bucketKey: string) => string;
}

export interface RunReportRequest {
  kinds: ReportKind[];
  asOf: IsoDate;
  config: Config;
}

export interface WrittenReport {
  kind: ReportKind;
  periodId: string;
  /** False when no closed quarter/year had data and the to-date one was used (the workbook says so). */
  closed: boolean;
  note: string | null;
  key: string;
  latestKey: string;
  kpisKey: string;
  bytes: number;
}

export interface RunReportResult {
  asOf: IsoDate;
  generatedAt: string;
  /** Every workbook key written (dated keys, then the `reports/latest/` copies). */
  keys: string[];
  /** Every kpis.json written (beside each workbook, and `reports/latest/kpis.json`). */
  kpisKeys: string[];
  reports: WrittenReport[];
  /** Restatements recorded by this run. */
  restatements: number;
  /** Closed-quarter KPI values published for the first time by this run. */
  published: number;
  notifyFailures: number;
  /** The engine result (the CLI prints a KPI summary from it). */
  result: ScorecardResult;
}

/** An ISO timestamp without milliseconds, as in kpis.json (`2026-11-22T06:00:03Z`). */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function runReport(deps: RunReportDeps, req: RunReportRequest): Promise<RunReportResult> {
  const log = deps.logger;
  if (!isIsoDate(req.asOf)) throw new ScorecardError(`as-of date must be YYYY-MM-DD, got ${JSON.stringify(req.asOf)}`);
  const kinds = REPORT_KINDS.filter((k) => req.kinds.includes(k));
  if (!kinds.length) throw new ScorecardError(`no report kind requested; expected some of ${REPORT_KINDS.join(', ')}`);
  const generatedAt = isoSeconds(deps.now());

  const data = await deps.store.loadDataset();
  if (!data.deals.length && !data.surveys.length && !data.finance.length) {
    throw new ScorecardError('nothing to report: the store holds no deals, surveys or finance rows yet (upload files first)');
  }
  log?.info('computing KPIs', { asOf: req.asOf, deals: data.deals.length, surveys: data.surveys.length, finance: data.finance.length });
  const result = computeScorecard(data, req.asOf, req.config, generatedAt);

  // Snapshots of closed quarters; restatements when a published value changed.
  const [published, previous] = await Promise.all([deps.store.listPublished(), deps.store.listRestatements()]);
  const diff = diffSnapshots(result.document, published, previous, generatedAt);
  if (diff.toPublish.length) await deps.store.putPublished(diff.toPublish);
  if (diff.restatements.length) {
    await deps.store.putRestatements(diff.restatements);
    log?.warn('closed quarters restated', {
      count: diff.restatements.length,
      periods: [...new Set(diff.restatements.map((r) => r.periodId))],
    });
  }
  const restatements: Restatement[] = [...previous, ...diff.restatements];

  const input: ReportInput = {
    result,
    catalog: [...KPI_CATALOG],
    files: kinds.includes('weekly') ? await deps.store.listFiles() : [],
    restatements,
    maxListRows: deps.maxListRows,
    where: deps.where,
  };
  const kpisJson = `${JSON.stringify(result.document, null, 2)}\n`;
  const fy = req.config.fiscalYearStartMonth;

  const reports: WrittenReport[] = [];
  for (const kind of kinds) {
    let choice: PeriodChoice;
    let body: Buffer;
    if (kind === 'weekly') {
      choice = { id: weekIdOf(req.asOf, req.config), closed: true, note: null };
      body = await renderDashboard(input);
    } else if (kind === 'quarterly') {
      choice = chooseReviewPeriod('quarter', result.document, fy);
      body = await renderFinanceReview(input, choice);
    } else {
      choice = chooseReviewPeriod('year', result.document, fy);
      body = await renderAnnualReview(input, choice);
    }
    const key = workbookKey(kind, choice.id);
    const kpisKey = kpisKeyBeside(key);
    await deps.blobs.put(key, body, XLSX_CONTENT_TYPE);
    await deps.blobs.put(kpisKey, kpisJson, JSON_CONTENT_TYPE);
    await deps.blobs.put(latestKey(kind), body, XLSX_CONTENT_TYPE);
    reports.push({ kind, periodId: choice.id, closed: choice.closed, note: choice.note, key, latestKey: latestKey(kind), kpisKey, bytes: body.length });
    log?.info('workbook written', { kind, key, bytes: body.length, periodId: choice.id, closed: choice.closed });
  }
  await deps.blobs.put(LATEST_KPIS_KEY, kpisJson, JSON_CONTENT_TYPE);

  let notifyFailures = 0;
  if (deps.notify) {
    for (const r of reports) {
      try {
        await deps.notify({ kind: r.kind, key: r.key, latestKey: r.latestKey, periodId: r.periodId, asOf: req.asOf });
      } catch (error) {
        notifyFailures++;
        log?.error('could not announce the published workbook', { key: r.key, error: String(error) });
      }
    }
  }

  return {
    asOf: req.asOf,
    generatedAt,
    keys: [...reports.map((r) => r.key), ...reports.map((r) => r.latestKey)],
    kpisKeys: [...reports.map((r) => r.kpisKey), LATEST_KPIS_KEY],
    reports,
    restatements: diff.restatements.length,
    published: diff.toPublish.length,
    notifyFailures,
    result,
  };
}
