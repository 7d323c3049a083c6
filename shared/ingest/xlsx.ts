/**
 * XLSX rows. The workbook is buffered (up to maxFileBytes) so its zip directory can be
 * checked before anything is inflated (zip bombs); rows are then streamed with the
 * exceljs streaming reader from the first sheet, or the sheet named after the dataset.
 */
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { normalizeHeader } from './coerce';
import type { CellValue, RawRow } from './types';

export class XlsxRejected extends Error {}

export interface SheetInfo {
  name: string;
  /** state="hidden" or "veryHidden" in the workbook */
  hidden: boolean;
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
  return sheetInfos(workbookXml).map((s) => s.name);
}

export function sheetInfos(workbookXml: string): SheetInfo[] {
  const sheets: SheetInfo[] = [];
  for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attr(m[0], 'name');
    const state = attr(m[0], 'state');
    if (name !== undefined) sheets.push({ name, hidden: state === 'hidden' || state === 'veryHidden' });
  }
  return sheets;
}

async function readAll(stream: NodeJS.ReadableStream, cap: number, onBytes: (n: number, chunk: Buffer) => void): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  let len = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    onBytes(chunk.length, chunk);
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
export interface CheckedZip {
  workbookXml: string;
  /** The file's local records (header + data), in file order, checked against the central directory. */
  records: ZipRecord[];
  /** Where the central directory starts. */
  centralDirectory: number;
}

export interface ZipRecord {
  name: string;
  start: number;
  end: number;
}

/** Offset of the central directory, from the end-of-central-directory record (zip64 aware). */
function centralDirectoryOffset(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) !== 0x06054b50) continue;
    const offset = buf.readUInt32LE(i + 16);
    if (offset !== 0xffffffff) return offset;
    const loc = i - 20;
    if (loc >= 0 && buf.readUInt32LE(loc) === 0x07064b50) {
      const eocd64 = Number(buf.readBigUInt64LE(loc + 8));
      if (eocd64 + 56 <= buf.length && buf.readUInt32LE(eocd64) === 0x06064b50) return Number(buf.readBigUInt64LE(eocd64 + 48));
    }
    break;
  }
  throw new XlsxRejected('the file is not a readable XLSX workbook (no zip directory)');
}

/**
 * The local records of the entries, each from its local header to the next record. The
 * streaming reader (exceljs, via unzipper) trusts local headers, yauzl the central directory:
 * they must agree, or a crafted file could show the checks one thing and the reader another.
 */
function localRecords(buf: Buffer, entries: yauzl.Entry[], cd: number): ZipRecord[] {
  const sorted = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
  const bad = (name: string, why: string) => new XlsxRejected(`the workbook is damaged or crafted (${name}: ${why})`);
  return sorted.map((e, i) => {
    const start = e.relativeOffsetOfLocalHeader;
    const end = i + 1 < sorted.length ? sorted[i + 1].relativeOffsetOfLocalHeader : cd;
    if (start + 30 > end || buf.readUInt32LE(start) !== 0x04034b50) throw bad(e.fileName, 'no local header');
    const flags = buf.readUInt16LE(start + 6);
    const method = buf.readUInt16LE(start + 8);
    const compressed = buf.readUInt32LE(start + 18);
    const uncompressed = buf.readUInt32LE(start + 22);
    const dataStart = start + 30 + buf.readUInt16LE(start + 26) + buf.readUInt16LE(start + 28);
    if (method !== e.compressionMethod) throw bad(e.fileName, 'local header disagrees with the zip directory');
    if (!(flags & 0x08) && compressed !== 0xffffffff) {
      if (compressed !== e.compressedSize || uncompressed !== e.uncompressedSize) {
        throw bad(e.fileName, 'local header sizes disagree with the zip directory');
      }
    } else if (flags & 0x08 && compressed !== 0 && compressed !== e.compressedSize) {
      throw bad(e.fileName, 'local header sizes disagree with the zip directory');
    }
    if (dataStart + e.compressedSize > end) throw bad(e.fileName, 'entries overlap');
    return { name: e.fileName, start, end };
  });
}

/** Parts the streaming reader needs before any sheet (names, shared strings, date formats). */
const FIRST_PARTS = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml'];

/**
 * The zip's bytes with the parts the reader needs first moved before the sheets (Excel writes
 * the sheets first). Zero-copy: slices of the original buffer. Without this, exceljs parks every
 * sheet in a temp file until the shared strings are read (a sheet can be up to the uncompressed limit).
 */
export function reorderedZip(buf: Buffer, zip: CheckedZip): Buffer[] {
  const part = (n: string) => zip.records.find((r) => r.name === n);
  const out: Buffer[] = [];
  for (const name of FIRST_PARTS) {
    const r = part(name);
    if (r) out.push(buf.subarray(r.start, r.end));
    // exceljs parks sheets in temp files until it has seen shared strings; a workbook with
    // inline strings only (no sharedStrings.xml) gets an empty table in the stream it reads.
    else if (name === 'xl/sharedStrings.xml') out.push(storedRecord(name, EMPTY_SST));
  }
  for (const r of zip.records) if (!FIRST_PARTS.includes(r.name)) out.push(buf.subarray(r.start, r.end));
  out.push(buf.subarray(zip.centralDirectory));
  return out;
}

const EMPTY_SST =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>';

/** A zip local file record (header + data), stored uncompressed. */
function storedRecord(name: string, content: string): Buffer {
  const data = Buffer.from(content, 'utf8');
  const nameBytes = Buffer.from(name, 'utf8');
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4); // version needed
  h.writeUInt16LE(0, 6); // flags
  h.writeUInt16LE(0, 8); // stored
  h.writeUInt16LE(0, 10); // time
  h.writeUInt16LE(0x21, 12); // 1980-01-01
  h.writeUInt32LE(crc32(data), 14);
  h.writeUInt32LE(data.length, 18);
  h.writeUInt32LE(data.length, 22);
  h.writeUInt16LE(nameBytes.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, nameBytes, data]);
}

/**
 * Bounds on the shared-string table (xl/sharedStrings.xml), which the streaming reader keeps
 * whole in memory as JavaScript strings (about twice the XML's text, plus ~30 bytes per
 * string): a 52 MB workbook whose table unpacks to 489 MB would take the 1 GB ingest function
 * over its memory. Beyond either bound the file is rejected whole with the reason.
 */
export const SHARED_STRINGS_LIMITS = Object.freeze({ maxBytes: 100 * 1024 * 1024, maxCount: 2_000_000 });
export type SharedStringsLimits = { maxBytes: number; maxCount: number };

const SST = 'xl/sharedStrings.xml';

function sharedStringsRejected(what: string, limits: SharedStringsLimits): XlsxRejected {
  return new XlsxRejected(
    `the workbook's shared-string table is too large (${what}; at most ${formatBytes(limits.maxBytes)} and ${limits.maxCount.toLocaleString('en-US')} strings): ` +
      'save it as CSV UTF-8, or split the data into smaller files',
  );
}

/** Counts `<si>` / `<si ` elements across chunks (a tag may straddle two chunks). */
function siCounter(): (chunk: Buffer) => number {
  let carry = '';
  let count = 0;
  return (chunk) => {
    const text = carry + chunk.toString('latin1');
    for (let i = text.indexOf('<si'); i >= 0; i = text.indexOf('<si', i + 3)) {
      const next = text[i + 3];
      if (next === undefined) break; // decided with the next chunk
      if (next === '>' || next === ' ' || next === '/') count++;
    }
    // Three characters cannot hold a counted tag and its next character, so none is counted twice.
    carry = text.slice(-3);
    return count;
  };
}

export async function checkZip(buf: Buffer, maxUncompressed: number, sst: SharedStringsLimits = SHARED_STRINGS_LIMITS): Promise<CheckedZip> {
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
    const centralDirectory = centralDirectoryOffset(buf);
    const records = localRecords(buf, entries, centralDirectory);
    const names = new Set(entries.map((e) => e.fileName));
    if (!names.has('xl/workbook.xml')) {
      const kind = names.has('content.xml')
        ? 'an OpenDocument file (.ods); save it as "Excel Workbook (.xlsx)" or CSV UTF-8'
        : names.has('word/document.xml')
          ? 'a Word document, not a spreadsheet'
          : 'a zip archive, not an Excel workbook; upload the CSV or XLSX itself';
      throw new XlsxRejected(`the file is ${kind}`);
    }
    const sstEntry = entries.find((e) => e.fileName === SST);
    if (sstEntry && sstEntry.uncompressedSize > sst.maxBytes) {
      throw sharedStringsRejected(`its zip directory declares ${formatBytes(sstEntry.uncompressedSize)}`, sst);
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
      const isSst = entry.fileName === SST;
      const countSi = isSst ? siCounter() : null;
      let sstBytes = 0;
      const stop = (e: XlsxRejected) => (stream as unknown as { destroy(e: Error): void }).destroy(e);
      try {
        body = await readAll(stream, entry.fileName === 'xl/workbook.xml' ? SMALL_PART_BYTES : 0, (n, chunk) => {
          inflated += n;
          if (inflated > maxUncompressed) {
            stop(new XlsxRejected(`the workbook unpacks to more than ${formatBytes(maxUncompressed)}; split the data into smaller files`));
          }
          if (countSi) {
            sstBytes += n;
            const strings = countSi(chunk);
            if (sstBytes > sst.maxBytes) stop(sharedStringsRejected(`it unpacks to more than ${formatBytes(sst.maxBytes)}`, sst));
            else if (strings > sst.maxCount) stop(sharedStringsRejected(`it holds more than ${sst.maxCount.toLocaleString('en-US')} strings`, sst));
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
    return { workbookXml, records, centralDirectory };
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

/** Picks the sheet named after the dataset (case, spaces, - and _ ignored), else the first visible one. */
export function chooseSheet(sheets: (SheetInfo | string)[], dataset: string): string | undefined {
  const infos = sheets.map((s) => (typeof s === 'string' ? { name: s, hidden: false } : s));
  const want = normalizeHeader(dataset);
  return (infos.find((s) => normalizeHeader(s.name) === want) ?? infos.find((s) => !s.hidden) ?? infos[0])?.name;
}

export async function openXlsx(buf: Buffer, dataset: string, maxUncompressed: number): Promise<XlsxSource> {
  const checked = await checkZip(buf, maxUncompressed);
  const { workbookXml } = checked;
  const infos = sheetInfos(workbookXml);
  const sheets = infos.map((s) => s.name);
  const sheet = chooseSheet(infos, dataset);
  if (sheet === undefined) throw new XlsxRejected('the workbook has no sheets');
  const date1904 = /date1904\s*=\s*["'](1|true)["']/i.test(workbookXml);

  async function* rows(): AsyncGenerator<RawRow, void, undefined> {
    const input = Readable.from(reorderedZip(buf, checked), { objectMode: false });
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
