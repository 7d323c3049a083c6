/** Building and checking the sheet references charts point at ("'Trends'!$A$2:$A$9"). */

/** Quotes a sheet name for a formula reference: always quoted, ' doubled. */
export function quoteSheetName(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}

/** 1-based column number -> letters (1 -> A, 27 -> AA). */
export function columnLetters(col: number): string {
  if (!Number.isInteger(col) || col < 1 || col > 16384) throw new RangeError(`column out of range: ${col}`);
  let s = '';
  let n = col;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

const A1 = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/;

function absolute(cell: string): string {
  const m = A1.exec(cell.trim());
  if (!m) throw new RangeError(`not an A1 cell address: ${cell}`);
  return `$${m[1].toUpperCase()}$${m[2]}`;
}

/**
 * Absolute, quoted reference to a cell or range: rangeRef('Trends', 'A2:A9') -> "'Trends'!$A$2:$A$9".
 * Also accepts 1-based numbers: rangeRef('Trends', { row: 2, col: 1 }, { row: 9, col: 1 }).
 */
export function rangeRef(
  sheet: string,
  from: string | { row: number; col: number },
  to?: { row: number; col: number },
): string {
  let body: string;
  if (typeof from === 'string') {
    body = from.split(':').map(absolute).join(':');
  } else {
    const a = `$${columnLetters(from.col)}$${from.row}`;
    body = to && (to.row !== from.row || to.col !== from.col) ? `${a}:$${columnLetters(to.col)}$${to.row}` : a;
  }
  return `${quoteSheetName(sheet)}!${body}`;
}

/** Number of cells a reference spans (single row or column ranges; null when not a plain range). */
export function refCellCount(ref: string): number | null {
  const bang = ref.lastIndexOf('!');
  const body = bang >= 0 ? ref.slice(bang + 1) : ref;
  const parts = body.split(':');
  if (parts.length > 2) return null;
  const cells = parts.map((p) => A1.exec(p.trim()));
  if (cells.some((c) => !c)) return null;
  const toNum = (letters: string) => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const [a, b = a] = cells as RegExpExecArray[];
  const cols = Math.abs(toNum(b[1]) - toNum(a[1])) + 1;
  const rows = Math.abs(Number(b[2]) - Number(a[2])) + 1;
  return cols * rows;
}

/** Checks the shape of a chart reference: a quoted (or plain) sheet name, '!', an A1 cell or range. */
export function isSheetRef(ref: string): boolean {
  const m = /^(?:'((?:[^']|'')+)'|([A-Za-z_][A-Za-z0-9_.]*))!(.+)$/.exec(ref);
  if (!m) return false;
  return refCellCount(m[3]) !== null;
}
