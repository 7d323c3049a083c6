/**
 * The workbook toolkit the three reports share: an exceljs workbook plus the
 * native charts to add after it is written, and the house style (title block,
 * table headers, status and change colours, frozen headers, filters, print setup).
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { withWorkbookFont } from './workbook-font';
import { addCharts, type ChartSpec } from './charts';
import type { Better, TargetStatus } from '../engine/types';
import { addr, DATETIME_FORMAT, timestampCell } from './cells';
import type { RenderLocale } from './render-context';

export type { ChartSpec };

export const COLORS = {
  title: 'FF1F3864',
  headerFill: 'FF1F4E79',
  headerFont: 'FFFFFFFF',
  subtle: 'FF595959',
  sectionFont: 'FF1F4E79',
  band: 'FFF2F2F2',
  goodFill: 'FFC6EFCE',
  goodFont: 'FF006100',
  warnFill: 'FFFFEB9C',
  warnFont: 'FF9C5700',
  badFill: 'FFFFC7CE',
  badFont: 'FF9C0006',
  naFont: 'FF808080',
  chartBlue: '2E75B6',
  chartOrange: 'ED7D31',
  chartGrey: 'A5A5A5',
  chartGold: 'FFC000',
  chartGreen: '70AD47',
  chartNavy: '264478',
} as const;

export class Book {
  readonly wb: ExcelJS.Workbook;
  readonly charts: ChartSpec[] = [];

  constructor(
    meta: { title: string; company: string; generatedAt: string },
    readonly locale?: RenderLocale,
  ) {
    this.wb = new ExcelJS.Workbook();
    const at = timestampCell(meta.generatedAt) ?? new Date(0);
    this.wb.creator = 'Scorecard';
    this.wb.lastModifiedBy = 'Scorecard';
    this.wb.created = at;
    this.wb.modified = at;
    this.wb.title = meta.title;
    this.wb.company = meta.company;
    this.wb.calcProperties.fullCalcOnLoad = true;
  }

  sheet(name: string, tabColor?: string): ExcelJS.Worksheet {
    const ws = this.wb.addWorksheet(name, {
      properties: { tabColor: tabColor ? { argb: tabColor } : undefined, defaultRowHeight: 15 },
      views: [{ showGridLines: false }],
    });
    landscape(ws);
    return ws;
  }

  chart(spec: ChartSpec): void {
    this.charts.push(spec);
  }

  async toBuffer(): Promise<Buffer> {
    for (const ws of this.wb.worksheets) {
      repeatFilterHeaderOnPrint(ws);
      if (this.locale) applyLocale(ws, this.locale);
    }
    const charts = this.locale ? this.charts.map((c) => localChart(c, this.locale!)) : this.charts;
    let raw = await absolutePrintAreas(Buffer.from(await this.wb.xlsx.writeBuffer()));
    // other scripts: one font with their glyphs in every cell font and the theme (the kit's)
    if (this.locale && this.locale.id !== 'en') raw = await withWorkbookFont(raw, this.locale.font);
    return charts.length ? addCharts(raw, charts) : raw;
  }
}

/**
 * exceljs writes print areas as `'Sheet'!$A1:$P48` (rows relative); LibreOffice then
 * ignores the rows and prints the whole sheet. Makes them `$A$1:$P$48`.
 */
async function absolutePrintAreas(xlsx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  const part = zip.file('xl/workbook.xml');
  if (!part) return xlsx;
  const xml = await part.async('string');
  const fixed = xml.replace(
    /(<definedName name="_xlnm\.Print_Area"[^>]*>[^<]*!)\$([A-Z]+)\$?(\d+):\$([A-Z]+)\$?(\d+)</g,
    (_m, head: string, c1: string, r1: string, c2: string, r2: string) => `${head}$${c1}$${r1}:$${c2}$${r2}<`,
  );
  if (fixed === xml) return xlsx;
  zip.file('xl/workbook.xml', fixed);
  return Buffer.from(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

/**
 * The locale's finishing pass, in one place: number formats as the locale shows them
 * (cells stay numbers), its font on every cell, right-to-left sheets.
 */
function applyLocale(ws: ExcelJS.Worksheet, locale: RenderLocale): void {
  if (locale.rtl) ws.views = (ws.views.length ? ws.views : [{}]).map((v) => ({ ...v, rightToLeft: true }));
  const identity = locale.numFmt('0') === '0';
  // English keeps the workbook's default font; other scripts name one that has their glyphs
  const named = locale.id !== 'en';
  if (identity && !named) return;
  ws.eachRow({ includeEmpty: false }, (row) => {
    // the script's font is taller than Latin text: rows of the default height would clip it
    if (named && (row.height === undefined || row.height < 19)) row.height = 19;
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (!identity && (typeof cell.value === 'number' || cell.value instanceof Date || (cell.value && typeof cell.value === 'object' && 'formula' in cell.value))) {
        cell.numFmt = locale.numFmt(cell.numFmt || 'General');
      }
      // a right-to-left paragraph even when the text starts with a Latin name or id
      if (locale.rtl && typeof cell.value === 'string') cell.alignment = { ...cell.alignment, readingOrder: 'rtl' };
    });
  });
}

function localChart(c: ChartSpec, locale: RenderLocale): ChartSpec {
  return {
    ...c,
    ...(locale.rtl ? { rtl: true } : {}),
    ...(locale.id !== 'en' ? { font: locale.font } : {}),
    ...(c.valueFormat ? { valueFormat: locale.numFmt(c.valueFormat) } : {}),
    ...(c.secondaryValueFormat ? { secondaryValueFormat: locale.numFmt(c.secondaryValueFormat) } : {}),
  };
}

/**
 * A long filtered table printed over several pages repeats its header row on each
 * page (Excel's "rows to repeat at top"), so page 5 of the open pipeline still says
 * which column is the amount and which the owner.
 */
export function repeatFilterHeaderOnPrint(ws: ExcelJS.Worksheet): void {
  const f = ws.autoFilter as unknown;
  const rowOf = (x: unknown): number | undefined =>
    typeof x === 'string' ? Number(/\d+/.exec(x)?.[0]) : x && typeof x === 'object' ? (x as { row?: number }).row : undefined;
  let row: number | undefined;
  let last: number | undefined;
  if (typeof f === 'string') [row, last] = f.split(':').map(rowOf);
  else if (f && typeof f === 'object' && 'from' in f) {
    row = rowOf((f as { from: unknown }).from);
    last = rowOf((f as { to?: unknown }).to);
  }
  // Only a table that itself runs long (not a short one above charts) repeats its header.
  if (!row || !Number.isInteger(row) || (last ?? ws.rowCount) <= row + 30) return;
  ws.pageSetup.printTitlesRow = `${row}:${row}`;
}

/** Print setup every sheet gets: landscape, one page wide, as many pages tall as needed. */
export function landscape(ws: ExcelJS.Worksheet): void {
  ws.pageSetup = {
    ...ws.pageSetup,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    paperSize: 9,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
  };
  ws.headerFooter = { oddFooter: '&L&A&RPage &P of &N' };
}

/** Freezes the rows above `row` (1-based: row = first scrolling row) and the columns left of `col`. */
export function freeze(ws: ExcelJS.Worksheet, firstScrollingRow: number, firstScrollingCol = 1): void {
  ws.views = [
    {
      state: 'frozen',
      xSplit: firstScrollingCol - 1,
      ySplit: firstScrollingRow - 1,
      topLeftCell: addr(firstScrollingCol, firstScrollingRow),
      showGridLines: false,
    },
  ];
}

export function widths(ws: ExcelJS.Worksheet, w: number[]): void {
  w.forEach((width, i) => {
    ws.getColumn(i + 1).width = width;
  });
}

export interface TitleLine {
  text: string;
  kind?: 'title' | 'subtitle' | 'info' | 'warning';
}

/** Title block at the top of a sheet; returns the next free row (one blank row after). */
export function titleBlock(ws: ExcelJS.Worksheet, lines: TitleLine[], startRow = 1): number {
  let r = startRow;
  for (const l of lines) {
    const cell = ws.getCell(r, 1);
    cell.value = l.text;
    const kind = l.kind ?? 'info';
    if (kind === 'title') {
      cell.font = { bold: true, size: 16, color: { argb: COLORS.title } };
      ws.getRow(r).height = 22;
    } else if (kind === 'subtitle') {
      cell.font = { bold: true, size: 12, color: { argb: COLORS.sectionFont } };
    } else if (kind === 'warning') {
      cell.font = { bold: true, color: { argb: COLORS.warnFont } };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLORS.warnFill } };
    } else {
      cell.font = { color: { argb: COLORS.subtle } };
    }
    r++;
  }
  return r + 1;
}

/** A section heading inside a sheet (bold, blue). */
export function section(ws: ExcelJS.Worksheet, row: number, text: string, note?: string): void {
  const c = ws.getCell(row, 1);
  c.value = text;
  c.font = { bold: true, size: 12, color: { argb: COLORS.sectionFont } };
  if (note) {
    const n = ws.getCell(row + 1, 1);
    n.value = note;
    n.font = { italic: true, color: { argb: COLORS.subtle } };
  }
}

/** Styled header row; returns the row number. */
export function headerRow(ws: ExcelJS.Worksheet, row: number, headers: string[], firstCol = 1): number {
  const r = ws.getRow(row);
  headers.forEach((h, i) => {
    const c = r.getCell(firstCol + i);
    c.value = h;
    c.font = { bold: true, color: { argb: COLORS.headerFont } };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLORS.headerFill } };
    c.alignment = { vertical: 'middle', horizontal: i === 0 ? 'left' : 'center', wrapText: true };
    c.border = { bottom: { style: 'thin', color: { argb: 'FF000000' } } };
  });
  // tall enough for the header that wraps onto the most lines in its column's width
  const lines = Math.max(1, ...headers.map((h, i) => Math.ceil((h.length * 1.1) / Math.max(4, (ws.getColumn(firstCol + i).width ?? 10) - 1))));
  r.height = lines > 1 ? 15 * Math.min(lines, 4) + 2 : 18;
  return row;
}

/** Writes "n/a" (a missing comparison, never 0; the locale's word) in grey, right-aligned. */
export function naCell(cell: ExcelJS.Cell, text = 'n/a'): void {
  cell.value = text;
  cell.font = { color: { argb: COLORS.naFont } };
  cell.alignment = { horizontal: 'right' };
}

/** Sets a number (or leaves the cell empty for null) with its format. */
export function numberCell(cell: ExcelJS.Cell, value: number | null, numFmt: string): void {
  cell.value = value === null || !Number.isFinite(value) ? null : value;
  cell.numFmt = numFmt;
}

export function dateTimeCell(cell: ExcelJS.Cell, ts: string | null | undefined): void {
  cell.value = timestampCell(ts);
  cell.numFmt = DATETIME_FORMAT;
}

/**
 * An expression rule without a priority: exceljs then numbers the rules uniquely per
 * sheet in the order they were added (Excel expects unique priorities; its types insist
 * on one, hence the cast).
 */
export function exprRule(formula: string, style: Partial<ExcelJS.Style>): ExcelJS.ConditionalFormattingRule {
  return { type: 'expression', formulae: [formula], style } as unknown as ExcelJS.ConditionalFormattingRule;
}

/** Status colours (met green, at risk amber, behind red) on cells holding the status labels. */
export function statusRules(ws: ExcelJS.Worksheet, ref: string, labels: Record<TargetStatus, string>): void {
  const first = ref.split(':')[0].replace(/\$/g, '');
  const rule = (label: string, fill: string, font: string): ExcelJS.ConditionalFormattingRule =>
    exprRule(`${first}="${label}"`, { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: fill } }, font: { color: { argb: font }, bold: true } });
  ws.addConditionalFormatting({
    ref,
    rules: [
      rule(labels.met, COLORS.goodFill, COLORS.goodFont),
      rule(labels.at_risk, COLORS.warnFill, COLORS.warnFont),
      rule(labels.behind, COLORS.badFill, COLORS.badFont),
    ],
  });
}

/**
 * Change colours: green where the change is good, red where bad. For "lower is
 * better" KPIs an increase is bad; "neutral" KPIs get no colouring. Text cells
 * ("n/a") are never coloured. `epsilon`: changes smaller than this stay uncoloured
 * (a relative change that displays as 0.0% is not "worse").
 */
export function changeRules(ws: ExcelJS.Worksheet, ref: string, better: Better, epsilon = 0): void {
  if (better === 'neutral') return;
  const first = ref.split(':')[0].replace(/\$/g, '');
  const up = better === 'higher';
  const style = (good: boolean): Partial<ExcelJS.Style> => ({
    fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: good ? COLORS.goodFill : COLORS.badFill } },
    font: { color: { argb: good ? COLORS.goodFont : COLORS.badFont } },
  });
  ws.addConditionalFormatting({
    ref,
    rules: [
      exprRule(`AND(ISNUMBER(${first}),${first}>${epsilon})`, style(up)),
      exprRule(`AND(ISNUMBER(${first}),${first}<${-epsilon})`, style(!up)),
    ],
  });
}

/** Light zebra banding for long lists, to keep rows readable when printed. */
export function band(ws: ExcelJS.Worksheet, row: number, fromCol: number, toCol: number): void {
  for (let c = fromCol; c <= toCol; c++) {
    ws.getCell(row, c).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLORS.band } };
  }
}

/** Chart anchor helper: 0-based cell corners from 1-based (col,row) of the top-left cell and a size. */
export function anchorAt(col: number, row: number, cols: number, rows: number): ChartSpec['anchor'] {
  return { from: { col: col - 1, row: row - 1 }, to: { col: col - 1 + cols, row: row - 1 + rows } };
}
