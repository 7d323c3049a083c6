/**
 * The scheduled report job: load everything from the store, compute the KPIs once,
 * keep closed-quarter snapshots (and record restatements), render the requested
 * workbooks and write them with the run's kpis.json to the bucket keys of
 * ../shared/spec/outputs.md, then announce each published workbook.
 */
import { withFileStages } from '../ingest/stages';
import { computeScorecard, KPI_CATALOG } from '../engine';
import type { Config } from '../config/config';
import { ScorecardError } from '../errors';
import type { ScorecardResult } from '../engine/types';
import type { Dataset, FileRecord, IsoDate, Restatement } from '../model/types';
import { MAX_INGEST_ATTEMPT_MS } from './ingest-object';
import type { BlobStore, DeliveryRecord, RecordStore } from '../ports';
import { isIsoDate } from '../calendar/fiscal';
import { fiscalCalendar } from '../calendar/fiscal-calendar';
import type { ReportInput } from '../report/context';
import {
  chooseReviewPeriod,
  kpisKeyBeside,
  LATEST_KPIS_KEY,
  latestKey,
  latestKpisKey,
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
  /** E-mail deliveries that failed since an ISO timestamp (the delivery log), for the data-quality sheet. */
  deliveryFailures?: (since: string) => Promise<DeliveryRecord[]>;
}

/** How far back the data-quality sheet lists failed e-mail deliveries. */
export const DELIVERY_FAILURES_DAYS = 14;

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
  /**
   * Why this run recorded no first-published values or restatements, if it did not: an
   * earlier as-of date than the newest report, uploads being stored, or uploads that
   * changed while the data was read.
   */
  snapshotsSkipped?: string;
  /** False for a run with an earlier as-of date than the newest report: reports/latest/kpis.json was left alone (each workbook kind moves only past its own newest as-of date). */
  movedLatest: boolean;
  /** Closed-quarter KPI values published for the first time by this run. */
  published: number;
  notifyFailures: number;
  /** The engine result (the CLI prints a KPI summary from it). */
  result: ScorecardResult;
  /** The data the run computed from (the e-mail deliveries compute scoped dashboards from it). */
  data: Dataset;
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

  // A consistent read: rows of incomplete uploads never count (the store leaves them out),
  // and the file records before and after the read tell whether uploads moved meanwhile.
  const filesBefore = await deps.store.listFiles();
  const data = await deps.store.loadDataset();
  const filesAfter = await deps.store.listFiles();
  // reports/latest/ moves forward only: each workbook kind against its own newest as-of date (the
  // weekly run, as of yesterday, must not be held back by a quarterly run as of today), and the
  // snapshots and latest kpis.json against the newest of any kind.
  const latestAsOf = await newestReportAsOf(deps.blobs, LATEST_KPIS_KEY);
  const movedLatest = latestAsOf === null || req.asOf >= latestAsOf;
  const snapshotsSkipped = !movedLatest
    ? `as of ${req.asOf}, earlier than the newest report (${latestAsOf})`
    : inFlight(filesAfter, deps.now()).length > 0
      ? `uploads being stored: ${inFlight(filesAfter, deps.now()).map((f) => f.key).join(', ')}`
      : fingerprint(filesBefore) !== fingerprint(filesAfter)
        ? 'uploads finished while the data was read'
        : undefined;
  if (!data.deals.length && !data.surveys.length && !data.finance.length) {
    throw new ScorecardError('nothing to report: the store holds no deals, surveys or finance rows yet (upload files first)');
  }
  log?.info('computing KPIs', { asOf: req.asOf, deals: data.deals.length, surveys: data.surveys.length, finance: data.finance.length });
  // stages beyond config that uploads brought (a recognised CRM export's pipeline): shared/ingest/stages.ts;
  // kpis.json carries the config, but the e-mail recipients stay out of it (deliveries read req.config).
  const files = await deps.store.listFiles();
  const result = computeScorecard(data, req.asOf, { ...withFileStages(req.config, files, data), deliveries: [] }, generatedAt);

  // Snapshots of closed quarters; restatements when a published value changed.
  // Only a run as of the newest date, over data no upload is changing, records them; the
  // writes are put-if-absent, so a concurrent run recording the same ones is a no-op.
  const [published, previous] = await Promise.all([deps.store.listPublished(), deps.store.listRestatements()]);
  const diff = snapshotsSkipped ? { toPublish: [], restatements: [] } : diffSnapshots(result.document, published, previous, generatedAt);
  if (snapshotsSkipped) log?.info('no snapshots or restatements recorded by this run', { reason: snapshotsSkipped });
  const publishedCount = diff.toPublish.length ? await deps.store.putPublished(diff.toPublish) : 0;
  const restatedCount = diff.restatements.length ? await deps.store.putRestatements(diff.restatements) : 0;
  if (restatedCount) {
    log?.warn('closed quarters restated', {
      count: restatedCount,
      periods: [...new Set(diff.restatements.map((r) => r.periodId))],
    });
  }
  const restatements: Restatement[] = restatedCount ? await deps.store.listRestatements() : previous;

  const input: ReportInput = {
    result,
    catalog: [...KPI_CATALOG],
    files: kinds.includes('weekly') ? files : [],
    restatements,
    maxListRows: deps.maxListRows,
    where: deps.where,
    ...(kinds.includes('weekly') && deps.deliveryFailures
      ? { deliveryFailures: await deps.deliveryFailures(new Date(deps.now().getTime() - DELIVERY_FAILURES_DAYS * 86_400_000).toISOString()) }
      : {}),
  };
  const kpisJson = `${JSON.stringify(result.document, null, 2)}\n`;
  const cal = fiscalCalendar(req.config);

  const reports: WrittenReport[] = [];
  const movedKinds: ReportKind[] = [];
  for (const kind of kinds) {
    let choice: PeriodChoice;
    let body: Buffer;
    if (kind === 'weekly') {
      choice = { id: weekIdOf(req.asOf, cal), closed: true, note: null };
      body = await renderDashboard(input);
    } else if (kind === 'quarterly') {
      choice = chooseReviewPeriod('quarter', result.document, cal);
      body = await renderFinanceReview(input, choice);
    } else {
      choice = chooseReviewPeriod('year', result.document, cal);
      body = await renderAnnualReview(input, choice);
    }
    const key = workbookKey(kind, choice.id);
    const kpisKey = kpisKeyBeside(key);
    await deps.blobs.put(key, body, XLSX_CONTENT_TYPE);
    await deps.blobs.put(kpisKey, kpisJson, JSON_CONTENT_TYPE);
    const kindLatest = await newestReportAsOf(deps.blobs, latestKpisKey(kind));
    if (kindLatest === null || req.asOf >= kindLatest) {
      await deps.blobs.put(latestKey(kind), body, XLSX_CONTENT_TYPE);
      await deps.blobs.put(latestKpisKey(kind), kpisJson, JSON_CONTENT_TYPE);
      movedKinds.push(kind);
    }
    reports.push({ kind, periodId: choice.id, closed: choice.closed, note: choice.note, key, latestKey: latestKey(kind), kpisKey, bytes: body.length });
    log?.info('workbook written', { kind, key, bytes: body.length, periodId: choice.id, closed: choice.closed });
  }
  if (movedLatest) await deps.blobs.put(LATEST_KPIS_KEY, kpisJson, JSON_CONTENT_TYPE);
  else log?.info('reports/latest/ left alone', { asOf: req.asOf, newest: latestAsOf });

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
    keys: [...reports.map((r) => r.key), ...reports.filter((r) => movedKinds.includes(r.kind)).map((r) => r.latestKey)],
    kpisKeys: [...reports.map((r) => r.kpisKey), ...movedKinds.map(latestKpisKey), ...(movedLatest ? [LATEST_KPIS_KEY] : [])],
    reports,
    restatements: restatedCount,
    published: publishedCount,
    ...(snapshotsSkipped ? { snapshotsSkipped } : {}),
    movedLatest,
    notifyFailures,
    result,
    data,
  };
}

/** Uploads whose rows are being stored right now (an incomplete file record younger than one ingest attempt). */
function inFlight(files: FileRecord[], now: Date): FileRecord[] {
  return files.filter((f) => f.outcome === 'incomplete' && f.startedAt && now.getTime() - Date.parse(f.startedAt) < MAX_INGEST_ATTEMPT_MS);
}

function fingerprint(files: FileRecord[]): string {
  return files
    .map((f) => `${f.key}\u0000${f.version ?? f.etag}\u0000${f.outcome}`)
    .sort()
    .join('\n');
}

/** The as-of date of a published kpis.json in reports/latest/ (of any kind, or of one kind), null before the first. */
async function newestReportAsOf(blobs: BlobStore, key: string): Promise<IsoDate | null> {
  if (!(await blobs.head(key))) return null;
  try {
    const doc = JSON.parse((await blobs.getBuffer(key)).toString('utf8')) as { asOf?: unknown };
    return typeof doc.asOf === 'string' && isIsoDate(doc.asOf) ? doc.asOf : null;
  } catch {
    return null; // unreadable: treat as no newest report (it is replaced by this run)
  }
}
