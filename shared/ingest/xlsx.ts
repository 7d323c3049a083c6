/**
 * XLSX rows. The workbook is buffered (up to maxFileBytes) so its zip directory can be
 * checked before anything is inflated (zip bombs); rows are then streamed with the
 * exceljs streaming reader from the first sheet, or the sheet named after the dataset.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { normalizeHeader } from './coerce';
import type { CellValue, RawRow } from './types';

export class XlsxRejected extends Error {}

export interface SheetInfo {
  name: string;
  /** zip path of the sheet part, e.g. xl/worksheets/sheet1.xml */
  path?: string;
}

export interface XlsxSource {
  sheet: string;
  sheets: string[];
  date1904: boolean;
  rows: AsyncGenerator<RawRow, void, undefined>;
}

const SMALL_PART_BYTES = 16 * 1024 * 1024;

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(parseInt(d, 10)))
    .replace(/&amp;/g, '&');
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? decodeXml(m[2] ?? m[3] ?? '') : undefined;
}

/** Sheet names in workbook order, from xl/workbook.xml. */
export function sheetNames(workbookXml: string): string[] {
  const names: string[] = [];
  for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attr(m[0], 'name');
    if (name !== undefined) names.push(name);
  }
  return names;
}

async function readAll(stream: NodeJS.ReadableStream, cap: number, onBytes: (n: number) => void): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  let len = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    onBytes(chunk.length);
    len += chunk.length;
    if (len <= cap) parts.push(chunk);
  }
  return len <= cap ? Buffer.concat(parts) : null;
}

/**
 * Checks the zip: the declared uncompressed sizes in the central directory first (nothing
 * inflated), then inflates every entry once without keeping it, so an entry that lies about
 * its size cannot get past the limit. Returns workbook.xml's text. Throws XlsxRejected.
 */
export async function checkZip(buf: Buffer, maxUncompressed: number): Promise<{ workbookXml: string }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
  } catch (e) {
    throw new XlsxRejected(`the file is not a readable XLSX workbook (its zip structure is damaged: ${(e as Error).message})`, { cause: e });
  }
  try {
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    try {
      for await (const entry of zip.eachEntry()) {
        entries.push(entry);
        declared += entry.uncompressedSize;
        if (declared > maxUncompressed) {
          throw new XlsxRejected(
            `the workbook would unpack to more than ${formatBytes(maxUncompressed)} (its zip directory declares ${formatBytes(declared)} or more); split the data into smaller files`,
          );
        }
      }
    } catch (e) {
      if (e instanceof XlsxRejected) throw e;
      throw new XlsxRejected(`the file is not a readable XLSX workbook (its zip directory is damaged: ${(e as Error).message})`, { cause: e });
    }
    const names = new Set(entries.map((e) => e.fileName));
    if (!names.has('xl/workbook.xml')) {
      const kind = names.has('content.xml')
        ? 'an OpenDocument file (.ods); save it as "Excel Workbook (.xlsx)" or CSV UTF-8'
        : names.has('word/document.xml')
          ? 'a Word document, not a spreadsheet'
          : 'a zip archive, not an Excel workbook; upload the CSV or XLSX itself';
      throw new XlsxRejected(`the file is ${kind}`);
    }
    let inflated = 0;
    let workbookXml = '';
    for (const entry of entries) {
      if (entry.isEncrypted()) throw new XlsxRejected('the workbook is encrypted; remove the password and save it again');
      let stream: NodeJS.ReadableStream;
      try {
        stream = await zip.openReadStreamPromise(entry);
      } catch (e) {
        throw new XlsxRejected(`the workbook cannot be unpacked (${entry.fileName}: ${(e as Error).message})`, { cause: e });
      }
      let body: Buffer | null;
      try {
        body = await readAll(stream, entry.fileName === 'xl/workbook.xml' ? SMALL_PART_BYTES : 0, (n) => {
          inflated += n;
          if (inflated > maxUncompressed) {
            (stream as unknown as { destroy(e: Error): void }).destroy(
              new XlsxRejected(`the workbook unpacks to more than ${formatBytes(maxUncompressed)}; split the data into smaller files`),
            );
          }
        });
      } catch (e) {
        if (e instanceof XlsxRejected) throw e;
        throw new XlsxRejected(
          `the workbook cannot be unpacked (${entry.fileName}: ${(e as Error).message}); a damaged file or a zip bomb`,
          { cause: e },
        );
      }
      if (entry.fileName === 'xl/workbook.xml') {
        if (body === null) throw new XlsxRejected('the workbook part xl/workbook.xml is implausibly large');
        workbookXml = body.toString('utf8');
      }
    }
    return { workbookXml };
  } finally {
    zip.close();
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/** A number format that shows a date (exceljs's rule: y/m/d/h/s outside quotes and brackets). */
export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt || fmt === 'General') return false;
  const f = fmt.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '');
  return /[ymdhs]/i.test(f) && !/^[#0.,%\s]*$/.test(f);
}

function serialToDate(serial: number, date1904: boolean): Date {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(Math.round(epoch + serial * 86_400_000));
}

const NO_RESULT =
  'the formula has no saved result (the file was not recalculated and saved by Excel); open it in Excel and save it, or paste the values';

interface ExcelCell {
  value: unknown;
  numFmt?: string;
}

/** An exceljs cell as a plain value: formulas give their cached result, rich text its text. */
export function cellValue(cell: ExcelCell, date1904: boolean): CellValue {
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v !== 'object') return String(v);
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
  if ('formula' in o || 'sharedFormula' in o) {
    const f = `=${String(o.formula ?? o.sharedFormula ?? '')}`;
    const r = o.result;
    if (r === undefined || r === null) return { problem: NO_RESULT, display: f };
    if (typeof r === 'number') {
      if (Number.isNaN(r)) return { problem: 'the formula results in an Excel error', display: f };
      return isDateFormat(cell.numFmt) ? serialToDate(r, date1904) : r;
    }
    if (typeof r === 'object' && r !== null && 'error' in r) {
      return { problem: `the formula results in the Excel error ${String((r as { error: unknown }).error)}`, display: f };
    }
    if (typeof r === 'string' || typeof r === 'boolean' || r instanceof Date) return r;
    return { problem: 'the formula result cannot be read', display: f };
  }
  if ('error' in o) return { problem: `the cell shows the Excel error ${String(o.error)}`, display: String(o.error) };
  if ('text' in o) return String(o.text ?? '');
  return { problem: 'the cell cannot be read', display: '' };
}

/** Picks the sheet named after the dataset (case, spaces, - and _ ignored), else the first. */
export function chooseSheet(names: string[], dataset: string): string | undefined {
  const want = normalizeHeader(dataset);
  return names.find((n) => normalizeHeader(n) === want) ?? names[0];
}

export async function openXlsx(buf: Buffer, dataset: string, maxUncompressed: number): Promise<XlsxSource> {
  const { workbookXml } = await checkZip(buf, maxUncompressed);
  const sheets = sheetNames(workbookXml);
  const sheet = chooseSheet(sheets, dataset);
  if (sheet === undefined) throw new XlsxRejected('the workbook has no sheets');
  const date1904 = /date1904\s*=\s*["'](1|true)["']/i.test(workbookXml);

  async function* rows(): AsyncGenerator<RawRow, void, undefined> {
    const input = new PassThrough();
    input.end(buf);
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    let found = false;
    try {
      for await (const ws of reader) {
        const w = ws as unknown as { name: string } & AsyncIterable<ExcelJS.Row>;
        if (w.name !== sheet || found) {
          // Not read. A sheet exceljs parked in a temp file is opened lazily and the file
          // removed when the loop moves on: close it now, or its stream fails unhandled.
          const it = (ws as unknown as { iterator?: { on?: (e: string, f: () => void) => void; destroy?: () => void } }).iterator;
          if (it && typeof it.on === 'function' && typeof it.destroy === 'function') {
            it.on('error', () => {});
            it.destroy();
          }
          continue; // keep going so exceljs removes every temp file
        }
        found = true;
        for await (const row of w) {
          const cells: CellValue[] = [];
          row.eachCell({ includeEmpty: false }, (cell, col) => {
            cells[col - 1] = cellValue(cell as unknown as ExcelCell, date1904);
          });
          yield { row: row.number, cells };
        }
      }
    } finally {
      input.destroy();
    }
    if (!found) throw new XlsxRejected(`the sheet "${sheet}" could not be read from the workbook`);
  }

  return { sheet, sheets, date1904, rows: rows() };
}
