/**
 * The two KPI tables the workbooks are made of:
 * - a comparison table (a period beside prior periods, changes as live Excel
 *   formulas over the value cells with cached results, target, status), and
 * - a trend table (KPI rows x period columns) that charts point at.
 */
import type ExcelJS from 'exceljs';
import type { Comparison, KpiDefinition, KpiGroup, KpiValue, PeriodResult } from '../engine/types';
import {
  absChange,
  addr,
  changeFormat,
  changeScale,
  num,
  PCT_CHANGE_FORMAT,
  PCT_FORMAT,
  relChange,
  sheetRef,
  valueFormat,
} from './cells';
import type { ChartSeries } from './charts';
import { changeRules, COLORS, headerRow, numberCell, statusRules } from './book';
import type { RenderContext } from './render-context';
import { fitNumberColumns } from './sheet';

const GROUP_ORDER: KpiGroup[] = ['pipeline', 'customers', 'loyalty', 'surveys', 'finance'];

/** Catalog order, grouped by area (the order every KPI table uses). */
export function orderedDefs(defs: KpiDefinition[]): KpiDefinition[] {
  return GROUP_ORDER.flatMap((g) => defs.filter((d) => d.group === g)).concat(
    defs.filter((d) => !GROUP_ORDER.includes(d.group)),
  );
}

export interface PriorColumn {
  header: string;
  pick: (kv: KpiValue) => Comparison | undefined;
}

export interface ComparisonTableOptions {
  defs: KpiDefinition[];
  period: PeriodResult;
  currentHeader: string;
  priors: PriorColumn[];
  currency: string;
  headerRowNumber: number;
  /** Labels and texts in the workbook's locale. */
  ctx: Pick<RenderContext, 't' | 'locale' | 'label' | 'reason'>;
}

export interface ComparisonTableLayout {
  headerRow: number;
  firstRow: number;
  lastRow: number;
  lastCol: number;
  /** 1-based column of the current value, and of each prior's value/change/change %. */
  valueCol: number;
  priorCols: { value: number; change: number; pct: number }[];
  targetCol: number;
  attainmentCol: number;
  statusCol: number;
  noteCol: number;
  rowOf: Map<string, number>;
}

/** Relative changes below 0.05% display as 0.0% and are not coloured. */
export const PCT_EPSILON = 0.0005;

const blank = (ref: string) => `${ref}=""`;

/** `=IF(OR(C5="",D5=""),"n/a",C5-D5)` (x100 for fractions: percentage points). */
export function changeFormula(cur: string, prior: string, scale: number, na = 'n/a'): string {
  const diff = scale === 1 ? `${cur}-${prior}` : `(${cur}-${prior})*${scale}`;
  return `IF(OR(${blank(cur)},${blank(prior)}),"${na}",${diff})`;
}

/**
 * `=IF(OR(C5="",D5=""),"n/a",IF(D5<=0,"n/a",(C5-D5)/D5))`: an empty, zero or negative
 * prior gives "n/a" (a relative change on a negative base is meaningless: ROI from -38.7%
 * to 315.7% is not "+915.5%").
 */
export function pctFormula(cur: string, prior: string, na = 'n/a'): string {
  return `IF(OR(${blank(cur)},${blank(prior)}),"${na}",IF(${prior}<=0,"${na}",(${cur}-${prior})/${prior}))`;
}

/** Attainment as a live formula: value/target (higher is better) or target/value (lower). */
export function attainmentFormula(value: string, target: string, lowerIsBetter: boolean, na = 'n/a'): string {
  return lowerIsBetter
    ? `IF(OR(${blank(value)},${blank(target)}),"${na}",IF(${value}=0,"${na}",${target}/${value}))`
    : `IF(OR(${blank(value)},${blank(target)}),"${na}",IF(${target}=0,"${na}",${value}/${target}))`;
}

export function attainmentOf(value: number | null, target: number | null, lowerIsBetter: boolean): number | null {
  if (value === null || target === null) return null;
  if (lowerIsBetter) return value === 0 ? null : target / value;
  return target === 0 ? null : value / target;
}

function formulaCell(cell: ExcelJS.Cell, formula: string, result: number | null, numFmt: string, na: string): void {
  cell.value = { formula, result: result === null ? na : result } as ExcelJS.CellFormulaValue;
  cell.numFmt = numFmt;
  cell.alignment = { horizontal: 'right' };
}

/**
 * Writes a comparison table: Area | KPI | current | (prior | change | change %)* |
 * Target | Attainment | Status | Note. Missing values are empty cells with the reason
 * in the Note column; the change cells are formulas, so an empty cell gives "n/a".
 */
export function writeComparisonTable(ws: ExcelJS.Worksheet, o: ComparisonTableOptions): ComparisonTableLayout {
  const valueCol = 3;
  const priorCols = o.priors.map((_, i) => ({ value: 4 + i * 3, change: 5 + i * 3, pct: 6 + i * 3 }));
  const targetCol = 4 + o.priors.length * 3;
  const attainmentCol = targetCol + 1;
  const statusCol = targetCol + 2;
  const noteCol = targetCol + 3;
  const { t } = o.ctx;
  const headers = [t('col.area'), t('col.kpi'), o.currentHeader];
  for (const p of o.priors) headers.push(p.header, t('col.change'), t('col.changePct'));
  headers.push(t('col.target'), t('col.attainment'), t('col.status'), t('col.note'));
  const loc = o.ctx.locale;
  const na = t('common.na');
  const status = { met: loc.statusLabel('met'), at_risk: loc.statusLabel('at_risk'), behind: loc.statusLabel('behind') };
  headerRow(ws, o.headerRowNumber, headers);
  const rowOf = new Map<string, number>();
  let r = o.headerRowNumber + 1;
  const firstRow = r;
  for (const def of orderedDefs(o.defs)) {
    const kv = o.period.kpis[def.id];
    const value = num(kv?.value);
    const unit = kv?.unit ?? def.unit;
    const better = kv?.better ?? def.better;
    const fk = { unit, id: def.id };
    const row = ws.getRow(r);
    row.getCell(1).value = loc.groupLabel(def.group);
    row.getCell(2).value = o.ctx.label(def.id);
    numberCell(row.getCell(valueCol), value, valueFormat(fk, o.currency, o.ctx.locale));
    const notes: string[] = [];
    if (value === null && kv?.reason) notes.push(o.ctx.reason(kv.reason));
    const cur = addr(valueCol, r);
    o.priors.forEach((p, i) => {
      const cols = priorCols[i];
      const cmp = kv ? p.pick(kv) : undefined;
      const prior = num(cmp?.value ?? null);
      if (prior === null && cmp?.reason) notes.push(`${p.header}: ${o.ctx.reason(cmp.reason)}`);
      numberCell(row.getCell(cols.value), prior, valueFormat(fk, o.currency, o.ctx.locale));
      const pr = addr(cols.value, r);
      formulaCell(row.getCell(cols.change), changeFormula(cur, pr, changeScale(unit), na), absChange(value, prior, unit), changeFormat(fk, o.currency, o.ctx.locale), na);
      formulaCell(row.getCell(cols.pct), pctFormula(cur, pr, na), relChange(value, prior), PCT_CHANGE_FORMAT, na);
      changeRules(ws, addr(cols.change, r), better);
      changeRules(ws, addr(cols.pct, r), better, PCT_EPSILON);
    });
    const target = kv?.target ? num(kv.target.value) : null;
    numberCell(row.getCell(targetCol), target, valueFormat(fk, o.currency, o.ctx.locale));
    if (target !== null) {
      const lower = better === 'lower';
      formulaCell(
        row.getCell(attainmentCol),
        attainmentFormula(cur, addr(targetCol, r), lower, na),
        attainmentOf(value, target, lower),
        PCT_FORMAT,
        na,
      );
      const st = kv?.target?.status;
      row.getCell(statusCol).value = st ? status[st] : t('common.na');
      row.getCell(statusCol).alignment = { horizontal: 'center' };
    }
    if (kv?.target?.reason) notes.push(t('note.target', { reason: o.ctx.reason(kv.target.reason) }));
    const note = row.getCell(noteCol);
    note.value = [...new Set(notes)].join(t('common.noteSeparator')) || null;
    note.font = { italic: true, color: { argb: COLORS.subtle } };
    note.alignment = { wrapText: true, vertical: 'top' };
    rowOf.set(def.id, r);
    r++;
  }
  const lastRow = r - 1;
  if (lastRow >= firstRow) statusRules(ws, `${addr(statusCol, firstRow)}:${addr(statusCol, lastRow)}`, status);
  ws.autoFilter = { from: addr(1, o.headerRowNumber), to: addr(noteCol, Math.max(lastRow, o.headerRowNumber)) };
  fitNumberColumns(ws, firstRow, lastRow, valueCol, noteCol - 1);
  return { headerRow: o.headerRowNumber, firstRow, lastRow, lastCol: noteCol, valueCol, priorCols, targetCol, attainmentCol, statusCol, noteCol, rowOf };
}

export interface TrendTableLayout {
  headerRow: number;
  firstCol: number;
  lastCol: number;
  rowOf: Map<string, number>;
  lastRow: number;
}

/** Period label for a column header: `FY2026-Q4 (QTD)` for to-date periods. */
export function periodLabel(p: PeriodResult, ctx: Pick<RenderContext, 'locale'>): string {
  return ctx.locale.periodLabel(p);
}

/**
 * KPI rows x period columns: A = KPI, B.. = periods (oldest first). Number formats
 * by unit per row; missing values stay empty (their reasons are in the comparison
 * tables and kpis.json).
 */
export function writeTrendTable(
  ws: ExcelJS.Worksheet,
  headerRowNumber: number,
  defs: KpiDefinition[],
  periods: PeriodResult[],
  currency: string,
  firstHeader: string,
  ctx: Pick<RenderContext, 'locale' | 'label'>,
): TrendTableLayout {
  headerRow(ws, headerRowNumber, [firstHeader, ...periods.map((p) => periodLabel(p, ctx))]);
  const rowOf = new Map<string, number>();
  let r = headerRowNumber + 1;
  for (const def of defs) {
    const row = ws.getRow(r);
    row.getCell(1).value = ctx.label(def.id);
    periods.forEach((p, i) => {
      const kv = p.kpis[def.id];
      numberCell(row.getCell(2 + i), num(kv?.value ?? null), valueFormat({ unit: kv?.unit ?? def.unit, id: def.id }, currency, ctx.locale));
    });
    rowOf.set(def.id, r);
    r++;
  }
  fitNumberColumns(ws, headerRowNumber + 1, r - 1, 2, 1 + periods.length);
  return { headerRow: headerRowNumber, firstCol: 2, lastCol: 1 + periods.length, rowOf, lastRow: r - 1 };
}

/**
 * A chart series over one KPI row of a trend table on `sheet`: categories are the
 * table's period header cells, values the KPI's row (cached as the engine's values).
 * Null when the table has no row for the KPI.
 */
export function trendSeries(
  sheet: string,
  t: TrendTableLayout,
  periods: PeriodResult[],
  id: string,
  opts: { type?: 'column' | 'line'; secondaryAxis?: boolean; color?: string } = {},
  ctx: Pick<RenderContext, 'locale' | 'label'>,
): ChartSeries | null {
  const row = t.rowOf.get(id);
  if (!row) return null;
  return {
    name: ctx.label(id),
    categoriesRef: sheetRef(sheet, t.firstCol, t.headerRow, t.lastCol, t.headerRow),
    valuesRef: sheetRef(sheet, t.firstCol, row, t.lastCol, row),
    categories: periods.map((p) => periodLabel(p, ctx)),
    values: periods.map((p) => num(p.kpis[id]?.value ?? null)),
    ...(opts.type ? { type: opts.type } : {}),
    ...(opts.secondaryAxis ? { secondaryAxis: true } : {}),
    ...(opts.color ? { color: opts.color } : {}),
  };
}

/** Last `n` quarters ending with `endId` (oldest first), as far as the document has them. */
export function lastQuarters(periods: PeriodResult[], endId: string, n: number): PeriodResult[] {
  const qs = periods.filter((p) => p.kind === 'quarter').sort((a, b) => (a.start < b.start ? -1 : 1));
  const idx = qs.findIndex((p) => p.id === endId);
  if (idx < 0) return qs.slice(-n);
  return qs.slice(Math.max(0, idx - n + 1), idx + 1);
}

