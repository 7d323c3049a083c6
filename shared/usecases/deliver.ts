/**
 * Scheduled e-mail delivery (issue 14), run after the report run: for every
 * configured delivery of a workbook this run produced, one e-mail per recipient with
 * the workbook attached. Each (workbook, scope, locale) is rendered once however many
 * recipients it has: the company's English workbook is the one just published; a
 * scoped one is computed over the scope's data (../report/scope.ts).
 *
 * Exactly once per (run, workbook, recipient): what the log says was sent is skipped
 * (and not rendered again), and each send is claimed with a conditional write right
 * before it, so a rerun of the run (a retried Lambda, a second `report`) or an
 * overlapping one sends nothing already sent. A failed send is retried, then recorded as
 * failed (a later rerun tries it again) and logged as "e-mail not delivered", which
 * the alarm counts. One recipient's failure never stops the others.
 */
import type { Config } from '../config/config';
import type { Delivery } from '../config/deliveries';
import { KPI_CATALOG } from '../engine';
import type { ScorecardResult } from '../engine/types';
import { MailError, ScorecardError } from '../errors';
import { composeMail } from '../mail/message';
import type { Dataset } from '../model/types';
import type { BlobStore, DeliveryLog, DeliveryRecord, Mailer, RecordStore } from '../ports';
import type { ReportInput } from '../report/context';
import { renderWorkbook } from '../report/render';
import { computeScoped, type ReportScope } from '../report/scope';
import type { ReportLogger, WrittenReport } from './run-report';
import { XLSX_CONTENT_TYPE } from './run-report';

/** What deliver needs from the report run. */
export interface DeliverRun {
  asOf: string;
  generatedAt: string;
  reports: WrittenReport[];
  result: ScorecardResult;
  data: Dataset;
}

export interface DeliverDeps {
  mailer: Mailer;
  log: DeliveryLog;
  blobs: BlobStore;
  store: Pick<RecordStore, 'listFiles' | 'listRestatements'>;
  now: () => Date;
  logger?: ReportLogger;
  /** Attempts per recipient (default 3), with a doubling pause from `retryDelayMs` (default 1000). */
  maxAttempts?: number;
  retryDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  maxListRows?: number;
}

export interface DeliveryOutcome {
  runId: string;
  workbook: string;
  recipient: string;
  /** `sent` now; `already_sent` (or in flight) by an earlier run of the same run id; `failed` after retries. */
  status: 'sent' | 'already_sent' | 'failed';
  attempts: number;
  messageId?: string;
  error?: string;
  filename?: string;
}

export interface DeliverResult {
  outcomes: DeliveryOutcome[];
  sent: number;
  alreadySent: number;
  failed: number;
}

/** Deliveries that ask for the same workbook, merged: one render, every recipient once. */
interface Group {
  kind: Delivery['workbook'];
  scope: string;
  locale: Delivery['locale'];
  recipients: string[];
}

/** `weekly`, `weekly team=EMEA`, `quarterly fa-IR`: the workbook part of a delivery's identity. */
export function workbookId(g: Pick<Group, 'kind' | 'scope' | 'locale'>): string {
  return [g.kind, g.scope, g.locale === 'en' ? '' : g.locale].filter(Boolean).join(' ');
}

/** The run a delivery belongs to: the workbook's kind and period and the as-of date (not the clock time, so a retry is the same run). */
export function runIdOf(report: Pick<WrittenReport, 'kind' | 'periodId'>, asOf: string): string {
  return `${report.kind}/${report.periodId}/${asOf}`;
}

export function groupDeliveries(deliveries: readonly Delivery[]): Group[] {
  const groups = new Map<string, Group>();
  for (const d of deliveries) {
    const key = workbookId({ kind: d.workbook, scope: d.scope.toLowerCase(), locale: d.locale });
    const g = groups.get(key) ?? { kind: d.workbook, scope: d.scope, locale: d.locale, recipients: [] };
    for (const r of d.to) if (!g.recipients.includes(r)) g.recipients.push(r);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** `manager-dashboard-2026-W47.xlsx` -> `manager-dashboard-2026-W47-team-EMEA.xlsx`. */
export function attachmentName(key: string, g: Pick<Group, 'scope' | 'locale'>): string {
  const base = key.slice(key.lastIndexOf('/') + 1).replace(/\.xlsx$/, '');
  const extra = [g.scope, g.locale === 'en' ? '' : g.locale]
    .filter(Boolean)
    .map((s) => s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter(Boolean);
  return `${[base, ...extra].join('-')}.xlsx`;
}

export async function deliver(deps: DeliverDeps, config: Config, run: DeliverRun): Promise<DeliverResult> {
  const log = deps.logger;
  const maxAttempts = deps.maxAttempts ?? 3;
  const retryDelayMs = deps.retryDelayMs ?? 1000;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const stamp = () => deps.now().toISOString();
  const outcomes: DeliveryOutcome[] = [];
  const scoped = new Map<string, { result: ScorecardResult; scope: ReportScope } | Error>();
  let shared: Pick<ReportInput, 'files' | 'restatements'> | undefined;
  /** Per run id: what the delivery log already holds (`workbook#recipient` -> status). */
  const logged = new Map<string, Map<string, DeliveryRecord['status']>>();

  for (const g of groupDeliveries(config.deliveries)) {
    const report = run.reports.find((r) => r.kind === g.kind);
    if (!report) continue; // this run did not produce that workbook (e.g. the weekly run and a quarterly delivery)
    const runId = runIdOf(report, run.asOf);
    const workbook = workbookId(g);
    const filename = attachmentName(report.key, g);

    // Who still needs it (a cheap read; the conditional claim below is what guarantees once).
    if (!logged.has(runId)) logged.set(runId, new Map((await deps.log.listRun(runId)).map((r) => [`${r.workbook}#${r.recipient}`, r.status])));
    const pending: string[] = [];
    for (const recipient of g.recipients) {
      const status = logged.get(runId)!.get(`${workbook}#${recipient}`);
      if (status === 'sent' || status === 'sending') outcomes.push({ runId, workbook, recipient, status: 'already_sent', attempts: 0 });
      else pending.push(recipient);
    }
    if (!pending.length) continue;
    /** Claims one recipient right before its send, so a crash leaves at most that one unsent. */
    const claim = async (recipient: string): Promise<boolean> => {
      if (await deps.log.claim({ runId, workbook, recipient, status: 'sending', attempts: 0, at: stamp() })) return true;
      outcomes.push({ runId, workbook, recipient, status: 'already_sent', attempts: 0 });
      return false;
    };

    // Render (once for all its recipients).
    let mail: { subject: string; text: string; html: string; content: Buffer };
    try {
      let result = run.result;
      let scope: ReportScope | undefined;
      if (g.scope) {
        const key = g.scope.toLowerCase();
        if (!scoped.has(key)) {
          try {
            scoped.set(key, computeScoped(run.data, run.result, g.scope, run.asOf, config, KPI_CATALOG));
          } catch (e) {
            scoped.set(key, e as Error);
          }
        }
        const s = scoped.get(key)!;
        if (s instanceof Error) throw s;
        ({ result, scope } = s);
      }
      let content: Buffer;
      if (!scope && g.locale === config.locale) {
        content = await deps.blobs.getBuffer(report.key); // exactly what was published
      } else {
        shared ??= { files: await deps.store.listFiles(), restatements: await deps.store.listRestatements() };
        const input: ReportInput = { result, catalog: [...KPI_CATALOG], ...shared, maxListRows: deps.maxListRows, scope, locale: g.locale };
        content = await renderWorkbook(g.kind, input, { id: report.periodId, closed: report.closed, note: report.note });
      }
      const body = composeMail({ result, catalog: KPI_CATALOG, kind: g.kind, periodId: report.periodId, filename, scope });
      mail = { ...body, content };
    } catch (e) {
      const error = `the ${workbook} workbook could not be prepared: ${e instanceof Error ? e.message : String(e)}`;
      for (const recipient of pending) {
        if (!(await claim(recipient))) continue;
        await deps.log.settle({ runId, workbook, recipient, status: 'failed', attempts: 0, error, at: stamp() });
        outcomes.push({ runId, workbook, recipient, status: 'failed', attempts: 0, error, filename });
        log?.error('e-mail not delivered', { runId, workbook, recipient, error });
      }
      continue;
    }

    for (const recipient of pending) {
      if (!(await claim(recipient))) continue;
      let attempts = 0;
      let messageId: string | undefined;
      let error: string | undefined;
      for (;;) {
        attempts++;
        try {
          ({ messageId } = await deps.mailer.send({
            to: recipient,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            attachment: { filename, content: mail.content, contentType: XLSX_CONTENT_TYPE },
            tags: { workbook: g.kind, scope: g.scope || 'company', run: report.periodId },
          }));
          break;
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
          const retryable = e instanceof MailError ? e.retryable : !(e instanceof ScorecardError);
          if (!retryable || attempts >= maxAttempts) break;
          log?.warn('e-mail send failed, retrying', { runId, workbook, recipient, attempt: attempts, error });
          await sleep(retryDelayMs * 2 ** (attempts - 1));
        }
      }
      if (messageId) {
        await deps.log.settle({ runId, workbook, recipient, status: 'sent', attempts, messageId, at: stamp() });
        outcomes.push({ runId, workbook, recipient, status: 'sent', attempts, messageId, filename });
        log?.info('e-mail sent', { runId, workbook, recipient, messageId, attempts });
      } else {
        await deps.log.settle({ runId, workbook, recipient, status: 'failed', attempts, error, at: stamp() });
        outcomes.push({ runId, workbook, recipient, status: 'failed', attempts, error, filename });
        log?.error('e-mail not delivered', { runId, workbook, recipient, attempts, error });
      }
    }
  }
  return {
    outcomes,
    sent: outcomes.filter((o) => o.status === 'sent').length,
    alreadySent: outcomes.filter((o) => o.status === 'already_sent').length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
  };
}
