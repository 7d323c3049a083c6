/**
 * Summary: every headline KPI for the quarter to date against the same span of the
 * previous quarter and of the same quarter last year; the full target beside the
 * expected-to-date figure (paced target) that attainment and status judge against;
 * the quarter-end forecast (point and 10th-90th percentile range) where the engine
 * made one.
 */
import type ExcelJS from 'exceljs';
import type { Comparison, KpiValue } from '../../engine/types';
import { changeRules, COLORS, naCell, numberCell, statusRules } from '../book';
import { addr, DATE_FORMAT, dateCell, num, PCT_CHANGE_FORMAT, PCT_FORMAT, valueFormat } from '../cells';
import { PCT_EPSILON } from '../kpi-tables';
import { statusLabel, statusLabels } from './labels';
import type { SheetModule } from './module';
import { spanText, type DashboardContext } from './dashboard-context';

/** Columns of the summary table (1-based), one place for the module and its tests. */
export const SUMMARY_COLS = {
  kpi: 1, value: 2, pq: 3, vsPq: 4, ly: 5, vsLy: 6, target: 7, expected: 8, attainment: 9, status: 10, forecast: 11, low: 12, high: 13, note: 14,
} as const;

export const summary: SheetModule<DashboardContext> = {
  name: 'sheet.summary',
  first: true,
  render(s, ctx) {
    const { t, quarter, doc, details } = ctx;
    const ws = s.ws;
    const week = details.weeks[details.weeks.length - 1];
    const weekLine = week
      ? t(week.toDate ? 'summary.weekToDate' : 'summary.week', { week: week.id, start: week.start, end: week.end })
      : t('summary.weekOnly', { week: details.currentWeek });
    const anyKpi = ctx.headlines.map((d) => quarter.kpis[d.id]).find((k) => k?.previousQuarter);
    const pq = anyKpi?.previousQuarter;
    const ly = anyKpi?.sameQuarterLastYear;
    const paced = ctx.headlines.some((d) => quarter.kpis[d.id]?.target?.expectedToDate !== undefined);
    const forecasts = ctx.headlines.some((d) => quarter.kpis[d.id]?.forecast);
    s.title([
      { text: t('summary.title', { company: ctx.company }), kind: 'title' },
      { text: t('summary.subtitle', { week: weekLine, quarter: ctx.currentHeader, start: quarter.start, end: quarter.end }), kind: 'subtitle' },
      { text: '' },
      { text: t('summary.compared', { pq: spanText(ctx, pq), ly: spanText(ctx, ly) }) },
      { text: t(quarter.toDate ? 'summary.legendPaced' : 'summary.legend') },
      ...(ctx.input.scope ? [{ text: t('summary.scope', { scope: ctx.input.scope.label }), kind: 'warning' as const }] : []),
    ]);
    ws.getCell('A3').value = t('common.asOf');
    ws.getCell('A3').font = { bold: true };
    ws.getCell('B3').value = dateCell(doc.asOf);
    ws.getCell('B3').numFmt = DATE_FORMAT;
    ws.getCell('B3').alignment = { horizontal: 'left' };
    ws.getCell('B3').font = { bold: true };
    const jalali = ctx.dateText(doc.asOf);
    ws.getCell('C3').value = `${jalali ? `${jalali} · ` : ''}${t('common.generatedAt', { at: ctx.generated })}`;
    ws.getCell('C3').font = { color: { argb: COLORS.subtle } };
    s.widths([30, 15, 15, 12, 15, 12, 15, 15, 12, 10, 15, 14, 14, 36]);
    // the two explanation lines wrap across the table's width instead of running off the page
    s.wrapLine(4, SUMMARY_COLS.note).wrapLine(5, SUMMARY_COLS.note);
    const rows = ctx.headlines.map((def) => ({ def, kv: quarter.kpis[def.id] as KpiValue | undefined }));
    const fmtOf = (r: (typeof rows)[number]) => valueFormat({ unit: r.kv?.unit ?? r.def.unit, id: r.def.id }, ctx.currency, ctx.locale);
    const change = (pick: (kv: KpiValue) => Comparison | undefined) => (r: (typeof rows)[number]) => {
      const c = r.kv ? pick(r.kv) : undefined;
      // kpis.md "Comparisons": no relative change on a zero or negative base
      if (c?.value === null || c?.value === undefined || c.value <= 0) return t('common.na');
      return num(c.changePct) ?? t('common.na');
    };
    const target = (r: (typeof rows)[number]) => r.kv?.target ?? null;
    const tab = s.table(
      [
        { header: t('col.kpi'), value: (r) => ctx.label(r.def.id), style: (c) => (c.font = { bold: true }) },
        { header: ctx.currentHeader, key: 'value', value: (r) => num(r.kv?.value ?? null), format: fmtOf, style: (c) => (c.font = { bold: true }) },
        { header: pq ? t('col.sameSpan', { period: pq.period }) : t('col.previousQuarter'), key: 'pq', value: (r) => num(r.kv?.previousQuarter?.value ?? null), format: fmtOf },
        { header: t('col.vsPreviousQuarter'), key: 'vsPq', value: change((kv) => kv.previousQuarter), format: PCT_CHANGE_FORMAT, style: naStyle },
        { header: ly ? t('col.sameSpan', { period: ly.period }) : t('col.sameQuarterLastYear'), key: 'ly', value: (r) => num(r.kv?.sameQuarterLastYear?.value ?? null), format: fmtOf },
        { header: t('col.vsLastYear'), key: 'vsLy', value: change((kv) => kv.sameQuarterLastYear), format: PCT_CHANGE_FORMAT, style: naStyle },
        { header: t('col.targetQuarter'), key: 'target', value: (r) => num(target(r)?.value ?? null), format: fmtOf },
        {
          header: t('col.expectedToDate'),
          key: 'expected',
          value: (r) => {
            const tr = target(r);
            if (!tr) return null;
            return num(tr.expectedToDate ?? (quarter.toDate ? null : tr.value));
          },
          format: fmtOf,
          style: (c) => (c.font = { bold: true }),
        },
        { header: t('col.attainment'), key: 'attainment', value: (r) => num(target(r)?.attainment ?? null), format: PCT_FORMAT },
        {
          header: t('col.status'),
          key: 'status',
          value: (r) => {
            const tr = target(r);
            if (!tr) return t('status.noTarget');
            return tr.status ? statusLabel(ctx, tr.status) : t('common.na');
          },
          style: (c, r) => {
            c.alignment = { horizontal: 'center' };
            if (!target(r)) c.font = { color: { argb: COLORS.naFont } };
          },
        },
        { header: t('col.forecast'), key: 'forecast', value: (r) => num(r.kv?.forecast?.value ?? null), format: fmtOf, style: (c) => (c.font = { bold: true }) },
        { header: t('col.forecastLow'), key: 'low', value: (r) => num(r.kv?.forecast?.low ?? null), format: fmtOf },
        { header: t('col.forecastHigh'), key: 'high', value: (r) => num(r.kv?.forecast?.high ?? null), format: fmtOf },
        {
          header: t('col.note'),
          key: 'note',
          value: (r) => summaryNote(ctx, r.def.id, r.kv) || null,
          style: (c) => {
            c.font = { italic: true, color: { argb: COLORS.subtle } };
            c.alignment = { wrapText: true, vertical: 'top' };
          },
        },
      ],
      rows,
    );
    for (let r = tab.firstRow; r <= tab.lastRow; r++) {
      const better = rows[r - tab.firstRow].kv?.better ?? rows[r - tab.firstRow].def.better;
      changeRules(ws, addr(SUMMARY_COLS.vsPq, r), better, PCT_EPSILON);
      changeRules(ws, addr(SUMMARY_COLS.vsLy, r), better, PCT_EPSILON);
    }
    if (tab.count) statusRules(ws, `${addr(SUMMARY_COLS.status, tab.firstRow)}:${addr(SUMMARY_COLS.status, tab.lastRow)}`, statusLabels(ctx));
    // Columns the engine did not fill stay narrow rather than empty and wide.
    if (!paced) ws.getColumn(SUMMARY_COLS.expected).width = 12;
    if (!forecasts) for (const c of [SUMMARY_COLS.low, SUMMARY_COLS.high]) ws.getColumn(c).width = 10;
    s.freeze(tab.firstRow, 2);
    s.printArea(SUMMARY_COLS.note, tab.lastRow);
  },
};

/** "n/a" cells (already holding the locale's word) in grey, right-aligned. */
function naStyle(c: ExcelJS.Cell): void {
  if (typeof c.value === 'string') naCell(c, c.value);
}

/** The row's reasons: missing value, missing priors, target without status, how the target was paced. */
function summaryNote(ctx: DashboardContext, id: string, kv: KpiValue | undefined): string {
  const { t } = ctx;
  const notes: string[] = [];
  if (kv?.value === null || kv?.value === undefined) notes.push(kv?.reason ? ctx.reason(kv.reason) : t('note.notComputed'));
  for (const [c, what] of [[kv?.previousQuarter, t('note.previousQuarter')], [kv?.sameQuarterLastYear, t('note.lastYear')]] as const) {
    if (c && c.value === null && c.reason) notes.push(`${what}: ${ctx.reason(c.reason)}`);
  }
  const tr = kv?.target;
  if (tr?.reason) notes.push(t('note.target', { reason: ctx.reason(tr.reason) }));
  if (tr && ctx.quarter.toDate && tr.expectedToDate !== undefined && tr.expectedToDate !== tr.value) notes.push(t('note.paced'));
  const scope = ctx.input.scope;
  if (scope?.companyWideKpis.includes(id)) notes.push(t('note.companyWide', { scope: scope.label }));
  return notes.join(t('common.noteSeparator'));
}
