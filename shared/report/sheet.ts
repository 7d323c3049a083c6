/**
 * The sheet-building helper every sheet module uses: it owns the sheet's name,
 * the row cursor, tables (columns + rows -> layout and the cell references charts
 * point at), chart placement and the print setup. A sheet module only says what
 * goes on the sheet, in order; it never counts rows by hand.
 */
import type ExcelJS from 'exceljs';
import { anchorAt, type Book, freeze, headerRow, numberCell, section, titleBlock, widths, type TitleLine } from './book';
import type { ChartSeries, ChartSpec } from './charts';
import { addr, sheetRef } from './cells';
import type { RenderContext } from './render-context';

/** One column of a table: header, width, and how a row fills its cell. */
export interface Column<R> {
  /** Name the layout answers to (`layout.col('amount')`); defaults to the header. */
  key?: string;
  header: string;
  width?: number;
  /** A number (with `format`), a text, a Date, a formula value, or null. */
  value: (row: R, at: { row: number; col: (key: string) => number }) => ExcelJS.CellValue | number | null;
  /** Number format (numbers and dates). */
  format?: string | ((row: R) => string);
  /** Extra styling of the cell (fonts, fills, alignment). */
  style?: (cell: ExcelJS.Cell, row: R) => void;
}

export interface TableOptions {
  /** Add an autofilter over header + rows (default true). */
  filter?: boolean;
  /** Text in the first column when there are no rows. */
  empty?: string;
}

/** Where a table landed, and references to its cells for charts and formulas. */
export interface TableLayout {
  headerRow: number;
  firstRow: number;
  /** Last data row (= headerRow when the table is empty). */
  lastRow: number;
  firstCol: number;
  lastCol: number;
  count: number;
  /** 1-based column of a key. */
  col(key: string): number;
  /** Absolute reference to the data cells of a column (`'Sheet'!$B$5:$B$12`), optionally the first `n` rows. */
  ref(key: string, n?: number): string;
  /** `B5`-style address of a column in a data row. */
  cell(key: string, row: number): string;
}

export class SheetBuilder {
  readonly ws: ExcelJS.Worksheet;
  /** The next free row. */
  row = 1;
  private filtered = false;

  constructor(
    readonly book: Book,
    readonly name: string,
    readonly ctx: RenderContext,
    opts: { tabColor?: string } = {},
  ) {
    this.ws = book.sheet(name, opts.tabColor);
  }

  widths(w: number[]): this {
    widths(this.ws, w);
    return this;
  }

  /** Title block at the current row; moves the cursor past it and a blank row. */
  title(lines: TitleLine[]): this {
    this.row = titleBlock(this.ws, lines, this.row);
    return this;
  }

  /** A section heading (and an optional note under it); moves the cursor past both. */
  section(text: string, note?: string): this {
    section(this.ws, this.row, text, note);
    this.row += note ? 2 : 1;
    return this;
  }

  /** An italic grey note line. */
  note(text: string): this {
    const c = this.ws.getCell(this.row, 1);
    c.value = text;
    c.font = { italic: true, color: { argb: 'FF595959' } };
    this.row++;
    return this;
  }

  /** A long line under the title wraps across columns 1..lastCol instead of running off the page. */
  wrapLine(row: number, lastCol: number, lines = 2): this {
    this.ws.mergeCells(row, 1, row, lastCol);
    this.ws.getCell(row, 1).alignment = { wrapText: true, vertical: 'top' };
    this.ws.getRow(row).height = 15 * lines;
    return this;
  }

  skip(n = 1): this {
    this.row += n;
    return this;
  }

  /** "Top 500 of 1,234 stuck deals (longest first); the rest are not listed." or "All 12 stuck deals (...)." */
  cap(shown: number, total: number, what: string, order: string): string {
    const t = this.ctx.t;
    if (total === 0) return t('cap.none', { what });
    if (shown >= total) return t('cap.all', { total, what, order });
    return t('cap.top', { shown, total, what, order });
  }

  /**
   * Header row + one row per item at the cursor. Returns the layout (rows, columns,
   * references); the cursor moves to the row after the table.
   */
  table<R>(columns: Column<R>[], rows: readonly R[], opts: TableOptions = {}): TableLayout {
    const h = headerRow(this.ws, this.row, columns.map((c) => c.header));
    const keys = columns.map((c) => c.key ?? c.header);
    const col = (key: string): number => {
      const i = keys.indexOf(key);
      if (i < 0) throw new Error(`table on ${this.name} has no column ${key}`);
      return i + 1;
    };
    columns.forEach((c, i) => {
      if (c.width !== undefined) this.ws.getColumn(i + 1).width = c.width;
    });
    let r = h + 1;
    for (const item of rows) {
      const xr = this.ws.getRow(r);
      columns.forEach((c, i) => {
        const cell = xr.getCell(i + 1);
        const v = c.value(item, { row: r, col });
        const fmt = typeof c.format === 'function' ? c.format(item) : c.format;
        if (typeof v === 'number' || (v === null && fmt)) numberCell(cell, v as number | null, fmt ?? 'General');
        else {
          cell.value = v ?? null;
          if (fmt) cell.numFmt = fmt;
        }
        c.style?.(cell, item);
      });
      r++;
    }
    if (!rows.length && opts.empty) {
      this.ws.getCell(r, 1).value = opts.empty;
      this.ws.getCell(r, 1).font = { italic: true, color: { argb: 'FF595959' } };
    }
    const lastRow = rows.length ? r - 1 : h;
    const lastCol = columns.length;
    if (rows.length) fitNumberColumns(this.ws, h + 1, lastRow, 1, lastCol);
    if (opts.filter !== false && !this.filtered) {
      this.ws.autoFilter = { from: addr(1, h), to: addr(lastCol, lastRow) };
      this.filtered = true;
    }
    this.row = rows.length ? r : r + (opts.empty ? 1 : 0);
    const name = this.name;
    return {
      headerRow: h,
      firstRow: h + 1,
      lastRow,
      firstCol: 1,
      lastCol,
      count: rows.length,
      col,
      ref: (key, n) => {
        const c = col(key);
        const last = n === undefined ? lastRow : Math.min(lastRow, h + n);
        return sheetRef(name, c, h + 1, c, last);
      },
      cell: (key, row) => addr(col(key), row),
    };
  }

  /** A chart series over a column of a table (categories from another column). */
  series(t: TableLayout, catKey: string, valKey: string, o: Omit<ChartSeries, 'categoriesRef' | 'valuesRef'>, n?: number): ChartSeries {
    return { ...o, categoriesRef: t.ref(catKey, n), valuesRef: t.ref(valKey, n) };
  }

  /** Absolute reference to a block of this sheet. */
  ref(c1: number, r1: number, c2: number, r2: number): string {
    return sheetRef(this.name, c1, r1, c2, r2);
  }

  /**
   * Places a chart with its top-left cell at (col, row) spanning cols x rows. `row`
   * defaults to the cursor; `advance` moves the cursor below the chart (default
   * when the chart is placed at the cursor).
   */
  chart(spec: Omit<ChartSpec, 'sheet' | 'anchor'>, at: { col: number; row?: number; cols: number; rows: number; advance?: boolean }): this {
    const row = at.row ?? this.row;
    this.book.chart({ ...spec, sheet: this.name, anchor: anchorAt(at.col, row, at.cols, at.rows) });
    if (at.advance ?? at.row === undefined) this.row = Math.max(this.row, row + at.rows + 1);
    return this;
  }

  /** Freeze the rows above `firstScrollingRow` and the columns left of `firstScrollingCol`. */
  freeze(firstScrollingRow: number, firstScrollingCol = 1): this {
    freeze(this.ws, firstScrollingRow, firstScrollingCol);
    return this;
  }

  /**
   * Print area (columns 1..lastCol, rows 1..lastRow or the last used row) so a sheet
   * prints what it shows and nothing of the empty grid beyond; widened to every chart
   * already placed on the sheet, so none is cut. Call it last.
   */
  printArea(lastCol: number, lastRow = this.ws.rowCount): this {
    // never cut a chart of this sheet: the area reaches its right and bottom edges
    for (const c of this.book.charts.filter((x) => x.sheet === this.name)) {
      lastCol = Math.max(lastCol, c.anchor.to.col);
      lastRow = Math.max(lastRow, c.anchor.to.row);
    }
    this.ws.pageSetup.printArea = `A1:${addr(lastCol, Math.max(1, lastRow))}`;
    return this;
  }

  /**
   * Prints a long list only down to its first `rows` rows (the sheet keeps every row);
   * returns the note saying so, or null when the whole list prints.
   */
  printTop(lastCol: number, t: TableLayout, rows: number, minLastRow = 0): string | null {
    const cut = t.count > rows;
    this.printArea(lastCol, Math.max(minLastRow, cut ? t.firstRow + rows - 1 : t.lastRow, cut ? 0 : this.ws.rowCount));
    return cut ? this.ctx.t('print.topOnly', { n: rows, total: t.count }) : null;
  }

  /** Page breaks before these rows (keeps a chart block on one page). */
  breakBefore(...rows: number[]): this {
    for (const r of rows) if (r > 1) this.ws.getRow(r - 1).addPageBreak();
    return this;
  }
}

/**
 * Widens number columns so no value shows as `###` at the default zoom: the width a
 * formatted value needs is estimated from its digits, sign, decimals and the literal
 * text of its format (currency symbols, " pp", " / day").
 */
export function fitNumberColumns(ws: ExcelJS.Worksheet, firstRow: number, lastRow: number, firstCol: number, lastCol: number): void {
  for (let c = firstCol; c <= lastCol; c++) {
    let need = 0;
    for (let r = firstRow; r <= lastRow; r++) {
      const cell = ws.getCell(r, c);
      const v = cell.value;
      const n = typeof v === 'number' ? v : v && typeof v === 'object' && 'result' in v && typeof v.result === 'number' ? v.result : null;
      if (n !== null) need = Math.max(need, displayLength(n, cell.numFmt || 'General'));
    }
    const col = ws.getColumn(c);
    // +2: cell padding, and digits are wider than the average character the width counts
    if (need + 2 > (col.width ?? 8.43)) col.width = need + 2;
  }
}

/** Characters a number takes in a format (the positive or negative section that applies). */
export function displayLength(n: number, numFmt: string): number {
  const sections = numFmt.split(';');
  const fmt = n < 0 && sections.length > 1 ? sections[1] : sections[0];
  const literal = [...fmt.matchAll(/"([^"]*)"/g)].reduce((a, m) => a + m[1].length, 0);
  const bare = fmt.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '');
  const pct = bare.includes('%');
  const decimals = /\.(0+)/.exec(bare)?.[1].length ?? 0;
  const v = Math.abs(n) * (pct ? 100 : 1);
  const intDigits = Math.max(1, Math.floor(Math.log10(Math.max(1, Math.round(v)))) + 1);
  const groups = bare.includes(',') ? Math.floor((intDigits - 1) / 3) : 0;
  const sign = /^[+-]/.test(bare) || (n < 0 && sections.length === 1) ? 1 : 0;
  return literal + sign + intDigits + groups + (decimals ? decimals + 1 : 0) + (pct ? 1 : 0);
}
