/**
 * What a file is, decided by its first bytes (not its name): XLSX (a zip), text
 * (UTF-8 with or without BOM, UTF-16 LE/BE with BOM), or something we cannot read.
 */

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export type Sniffed =
  | { kind: 'xlsx' }
  | { kind: 'text'; encoding: TextEncoding }
  | { kind: 'rejected'; reason: string };

export const SNIFF_BYTES = 64 * 1024;

const SAVE_AS = 'save it from Excel as "CSV UTF-8 (Comma delimited)" or "Excel Workbook (.xlsx)"';

function startsWith(buf: Buffer, bytes: number[]): boolean {
  if (buf.length < bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (buf[i] !== bytes[i]) return false;
  return true;
}

/** Longest prefix of `buf` that does not end inside a UTF-8 multi-byte sequence. */
function completeUtf8(buf: Buffer): Buffer {
  let i = buf.length - 1;
  let back = 0;
  while (i >= 0 && back < 4 && (buf[i] & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return buf;
  const lead = buf[i];
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return need > back + 1 ? buf.subarray(0, i) : buf;
}

/**
 * Classifies a file from its first bytes. `complete` says the sample is the whole file
 * (so a truncated multi-byte character at its end is an error, not a cut).
 */
export function sniff(sample: Buffer, complete: boolean): Sniffed {
  if (startsWith(sample, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'xlsx' };
  if (startsWith(sample, [0x50, 0x4b, 0x05, 0x06]) || startsWith(sample, [0x50, 0x4b, 0x07, 0x08])) {
    return { kind: 'rejected', reason: `the file is an empty or split zip archive, not a spreadsheet; ${SAVE_AS}` };
  }
  if (startsWith(sample, [0x25, 0x50, 0x44, 0x46])) {
    return { kind: 'rejected', reason: `the file is a PDF document, not a spreadsheet; export the data as CSV or XLSX instead` };
  }
  if (startsWith(sample, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return {
      kind: 'rejected',
      reason: `the file is an old Excel 97-2003 workbook (.xls) or a password-protected workbook; remove the password and ${SAVE_AS}`,
    };
  }
  if (startsWith(sample, [0x1f, 0x8b])) return { kind: 'rejected', reason: 'the file is gzip-compressed; upload the CSV or XLSX itself' };
  if (startsWith(sample, [0xff, 0xfe])) {
    if (startsWith(sample, [0xff, 0xfe, 0x00, 0x00])) {
      return { kind: 'rejected', reason: `the file is UTF-32 text, which is not supported; ${SAVE_AS}` };
    }
    return { kind: 'text', encoding: 'utf-16le' };
  }
  if (startsWith(sample, [0xfe, 0xff])) return { kind: 'text', encoding: 'utf-16be' };

  const bom = startsWith(sample, [0xef, 0xbb, 0xbf]);
  const body = bom ? sample.subarray(3) : sample;
  let nul = 0;
  let control = 0;
  for (let i = 0; i < body.length; i++) {
    const b = body[i];
    if (b === 0) nul++;
    else if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  if (nul > 0) {
    const evenNul = countNulAt(body, 0);
    const oddNul = countNulAt(body, 1);
    const looksUtf16 = body.length >= 4 && (evenNul > body.length / 4 || oddNul > body.length / 4);
    return {
      kind: 'rejected',
      reason: looksUtf16
        ? `the file looks like UTF-16 text without a byte order mark; ${SAVE_AS}`
        : 'the file is binary, not a CSV or XLSX spreadsheet',
    };
  }
  if (control > Math.max(8, body.length / 100)) {
    return { kind: 'rejected', reason: 'the file is binary, not a CSV or XLSX spreadsheet' };
  }
  const start = body.subarray(0, 512).toString('latin1').trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || start.startsWith('<table')) {
    return { kind: 'rejected', reason: `the file is a web page (HTML), not a spreadsheet, whatever its name; ${SAVE_AS}` };
  }
  if (start.startsWith('<?xml')) {
    const what = start.includes('urn:schemas-microsoft-com:office:spreadsheet') ? 'an Excel 2003 XML spreadsheet' : 'an XML document';
    return { kind: 'rejected', reason: `the file is ${what}, not a CSV or XLSX; ${SAVE_AS}` };
  }
  if (start.startsWith('{\\rtf')) return { kind: 'rejected', reason: `the file is an RTF document, not a spreadsheet; ${SAVE_AS}` };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(complete ? body : completeUtf8(body));
  } catch {
    return {
      kind: 'rejected',
      reason: `the file is not UTF-8 text (probably saved in a legacy encoding such as Windows-1252); ${SAVE_AS}`,
    };
  }
  return { kind: 'text', encoding: 'utf-8' };
}

function countNulAt(buf: Buffer, parity: number): number {
  let n = 0;
  for (let i = parity; i < buf.length; i += 2) if (buf[i] === 0) n++;
  return n;
}

export type Delimiter = ',' | ';' | '\t';

/**
 * The separator of a CSV from its first line (outside quotes): the most frequent of
 * `,` `;` tab; a leading `sep=;` line (Excel's hint) wins. Ties prefer `,` then `;`.
 */
export function detectDelimiter(text: string): { delimiter: Delimiter; sepLine: boolean } {
  const sep = /^sep=(.)\r?\n/i.exec(text);
  if (sep && [',', ';', '\t'].includes(sep[1])) return { delimiter: sep[1] as Delimiter, sepLine: true };
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  let best: Delimiter = ',';
  for (const d of [';', '\t'] as const) if (counts[d] > counts[best]) best = d;
  return { delimiter: best, sepLine: false };
}
