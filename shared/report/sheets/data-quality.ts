/**
 * Data quality: uploads per dataset (is the data fresh?), warnings (finance gaps and
 * conflicts, ignored rows and targets, KPIs not computed) and every file, newest first.
 * Rejected-rows reports are named where the reader finds them (ctx.where): a local
 * path in a local run, the bucket key in AWS.
 */
import type { EngineDetails } from '../../engine';
import { DATASETS, type DatasetName, type FileRecord } from '../../model/types';
import { band, COLORS, exprRule } from '../book';
import { addr, COUNT_FORMAT, DATETIME_FORMAT, safeText, timestampCell } from '../cells';
import type { SheetModule } from './module';
import type { DashboardContext } from './dashboard-context';

export const REJECTED_PREFIX = 'reports/rejected/';

export const dataQuality: SheetModule<DashboardContext> = {
  name: 'sheet.dataQuality',
  render(s, ctx) {
    const { t, doc, details, quarter, locale } = ctx;
    const files = [...ctx.input.files].sort((a, b) => (a.ingestedAt < b.ingestedAt ? 1 : a.ingestedAt > b.ingestedAt ? -1 : 0));
    s.title([
      { text: t('dq.title', { company: ctx.company }), kind: 'title' },
      { text: t('dq.subtitle', { at: ctx.generated, where: `${ctx.where(REJECTED_PREFIX)}<dataset>/<file>.errors.csv` }) },
    ]);
    s.widths([36, 14, 14, 14, 14, 22, 22, 48, 60]);
    s.section(t('dq.byDataset'));
    const byDataset = new Map<DatasetName, FileRecord[]>();
    for (const f of files) byDataset.set(f.dataset, [...(byDataset.get(f.dataset) ?? []), f]);
    const sum = (ds: DatasetName, get: (f: FileRecord) => number) => (byDataset.get(ds) ?? []).reduce((a, f) => a + (get(f) || 0), 0);
    const ts = (x: string | undefined) => timestampCell(x);
    s.table<DatasetName>(
      [
        { header: t('dq.dataset'), value: (ds) => ds },
        { header: t('dq.files'), value: (ds) => (byDataset.get(ds) ?? []).length, format: COUNT_FORMAT },
        { header: t('dq.rowsAccepted'), value: (ds) => sum(ds, (f) => f.rowsAccepted), format: COUNT_FORMAT },
        { header: t('dq.rowsRejected'), value: (ds) => sum(ds, (f) => f.rowsRejected), format: COUNT_FORMAT },
        { header: t('dq.quarantined'), value: (ds) => (byDataset.get(ds) ?? []).filter((f) => f.outcome === 'quarantined').length, format: COUNT_FORMAT },
        { header: t('dq.latestUpload'), value: (ds) => ts(byDataset.get(ds)?.[0]?.ingestedAt), format: DATETIME_FORMAT },
        {
          header: t('dq.latestFile'),
          value: (ds) => (byDataset.get(ds)?.length ? safeText(byDataset.get(ds)![0].fileName) : t('dq.noFile')),
          style: (c, ds) => {
            if (!byDataset.get(ds)?.length) c.font = { italic: true, color: { argb: COLORS.badFont } };
          },
        },
      ],
      DATASETS,
      { filter: false },
    );
    s.skip();
    const warnings: { what: string; detail: string }[] = [];
    for (const issue of details.financeIssues ?? []) {
      warnings.push({ what: t(issue.kind === 'conflict' ? 'dq.financeConflict' : 'dq.financeMissing', { quarter: issue.quarter }), detail: ctx.reason(issue.message) });
    }
    const diag = details as Partial<EngineDetails>;
    for (const x of diag.ignoredTargets ?? []) {
      warnings.push({ what: t('dq.targetIgnored', { kpi: x.target.kpi, period: x.target.period, scope: x.target.scope ? ` (${x.target.scope})` : '' }), detail: ctx.reason(x.reason) });
    }
    const d = diag.diagnostics;
    if (d) {
      if (d.dealsAfterAsOf) warnings.push({ what: t('dq.dealsAfter'), detail: t('dq.dealsAfterDetail', { n: locale.number(d.dealsAfterAsOf), asOf: doc.asOf }) });
      if (d.dealsInvalid) warnings.push({ what: t('dq.dealsInvalid'), detail: t('dq.dealsInvalidDetail', { n: locale.number(d.dealsInvalid) }) });
      if (d.stageEventsIgnored) warnings.push({ what: t('dq.stageIgnored'), detail: t('dq.stageIgnoredDetail', { n: locale.number(d.stageEventsIgnored) }) });
      if (d.surveysAfterAsOf) warnings.push({ what: t('dq.surveysAfter'), detail: t('dq.surveysAfterDetail', { n: locale.number(d.surveysAfterAsOf), asOf: doc.asOf }) });
      if (d.openDealsAmountUnknown) warnings.push({ what: t('dq.amountUnknown'), detail: t('dq.amountUnknownDetail', { n: locale.number(d.openDealsAmountUnknown) }) });
      if (d.financeUnreadablePeriods?.length) warnings.push({ what: t('dq.financeUnreadable'), detail: d.financeUnreadablePeriods.join(', ') });
    }
    for (const f of ctx.input.deliveryFailures ?? []) {
      warnings.push({ what: t('dq.deliveryFailed', { recipient: f.recipient, workbook: f.workbook }), detail: t('dq.deliveryFailedDetail', { at: f.at.slice(0, 16).replace('T', ' '), attempts: locale.number(f.attempts), error: f.error ?? '' }) });
    }
    for (const [id, kv] of Object.entries(quarter.kpis)) {
      if (kv.value === null) warnings.push({ what: t('dq.kpiNotComputed', { kpi: ctx.label(id) }), detail: kv.reason ? ctx.reason(kv.reason) : t('dq.noReason') });
    }
    s.section(t('dq.warnings', { quarter: ctx.currentHeader }), warnings.length ? undefined : t('dq.noWarnings'));
    if (warnings.length) {
      s.table(
        [
          { header: t('dq.warning'), value: (w) => safeText(w.what) },
          { header: t('dq.detail'), value: (w) => safeText(w.detail) },
        ],
        warnings.slice(0, ctx.max),
        { filter: false },
      );
    }
    s.skip();
    const shown = files.slice(0, ctx.max);
    s.section(t('dq.filesSection'), s.cap(shown.length, files.length, t('dq.filesWhat'), t('dq.filesOrder')));
    s.skip();
    const outcome = (f: FileRecord) => t(`dq.outcome.${f.outcome}`);
    const ft = s.table<FileRecord>(
      [
        { header: t('dq.file'), value: (f) => safeText(f.fileName) },
        { header: t('dq.dataset'), value: (f) => f.dataset },
        { header: t('dq.outcome'), value: outcome },
        { header: t('dq.rowsAccepted'), value: (f) => f.rowsAccepted, format: COUNT_FORMAT },
        { header: t('dq.rowsRejected'), value: (f) => f.rowsRejected, format: COUNT_FORMAT },
        { header: t('dq.ingested'), value: (f) => ts(f.ingestedAt), format: DATETIME_FORMAT },
        { header: t('dq.recognisedAs'), value: (f) => safeText(f.recognisedAs ?? t('dq.contractFormat')) },
        { header: t('dq.notes'), value: (f) => safeText(fileNotes(ctx, f)) || null },
        { header: t('dq.problem'), value: (f) => safeText(f.error ?? (f.reportKey ? ctx.where(f.reportKey) : '')) || null },
      ],
      shown,
      { empty: t('dq.noFiles') },
    );
    shown.forEach((f, i) => {
      if (f.outcome !== 'accepted') band(s.ws, ft.firstRow + i, 1, 9);
    });
    const first = addr(3, ft.firstRow);
    const quarantined = t('dq.outcome.quarantined');
    const partial = t('dq.outcome.partial');
    const incomplete = t('dq.outcome.incomplete');
    s.ws.addConditionalFormatting({
      ref: `${first}:${addr(3, Math.max(ft.firstRow, ft.lastRow))}`,
      rules: [
        exprRule(`OR(${first}="${quarantined}",${first}="${incomplete}")`, { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: COLORS.badFill } }, font: { color: { argb: COLORS.badFont } } }),
        exprRule(`${first}="${partial}"`, { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: COLORS.warnFill } }, font: { color: { argb: COLORS.warnFont } } }),
      ],
    });
    s.freeze(4);
    s.printArea(9);
  },
};

/** What the reader noticed in a file without rejecting it: unknown columns, its warnings, what a deletion upload deleted. */
function fileNotes(ctx: DashboardContext, f: FileRecord): string {
  const { t, locale } = ctx;
  const notes: string[] = [];
  if (f.unknownColumns?.length) notes.push(t('dq.noteUnknown', { columns: f.unknownColumns.join(', ') }));
  for (const w of f.warnings ?? []) notes.push(w);
  if (f.warningsOmitted) notes.push(t('dq.noteOmitted', { n: locale.number(f.warningsOmitted) }));
  const deleted = Object.entries(f.deleted ?? {}).map(([ds, n]) => `${locale.number(n ?? 0)} ${ds}`);
  if (deleted.length) notes.push(t('dq.noteDeleted', { what: deleted.join(', ') }));
  return notes.join(t('common.noteSeparator'));
}

