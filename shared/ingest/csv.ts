/**
 * CSV rows, streamed: bytes -> text (UTF-8 / UTF-16 LE / BE) -> csv-parse -> rows.
 * Nothing is buffered beyond one chunk of input and the records parsed from it.
 */
import { parse, type CsvError } from 'csv-parse';
import { detectDelimiter, type Delimiter, type TextEncoding } from './sniff';
import type { RawRow } from './types';

export class CsvReadError extends Error {
  constructor(
    message: string,
    /** The row where reading stopped. */
    readonly row: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface CsvSource {
  delimiter: Delimiter;
  /** The rows in order, in runs (the rows parsed from one chunk of text: one await per run, not per row). */
  rows: AsyncGenerator<RawRow[], void, undefined>;
}

/** Text chunks of a byte stream. The decoder drops a BOM; invalid bytes become U+FFFD (reported per cell). */
async function* decode(first: Buffer, rest: AsyncIterator<Buffer>, encoding: TextEncoding): AsyncGenerator<string> {
  const dec = new TextDecoder(encoding);
  const head = dec.decode(first, { stream: true });
  if (head) yield head;
  for (;;) {
    const r = await rest.next();
    if (r.done) break;
    const s = dec.decode(r.value, { stream: true });
    if (s) yield s;
  }
  const tail = dec.decode();
  if (tail) yield tail;
}

function describe(err: unknown, row: number): string {
  const code = (err as CsvError | undefined)?.code;
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `a quoted value starting in row ${row} is never closed (a missing " character)`;
    case 'CSV_MAX_RECORD_SIZE':
      return `row ${row} is too long to be a spreadsheet row (an unclosed " character?)`;
    default:
      return `the CSV cannot be read at row ${row}: ${(err as Error)?.message ?? String(err)}`;
  }
}

/**
 * Opens a CSV: decodes the first chunk to detect the separator, then streams rows.
 * Row numbers count every record, blank ones included (the header is row 1), as Excel shows them.
 * A parse error (an unclosed quote) ends the rows with a CsvReadError naming the row.
 */
export async function openCsv(
  first: Buffer,
  rest: AsyncIterator<Buffer>,
  encoding: TextEncoding,
  maxRecordChars: number,
): Promise<CsvSource> {
  const texts = decode(first, rest, encoding);
  let firstText = '';
  // enough text for the first line (the header)
  for (;;) {
    const r = await texts.next();
    if (r.done) break;
    firstText += r.value;
    if (/[\r\n]/.test(firstText) || firstText.length >= 65536) break;
  }
  const { delimiter, sepLine } = detectDelimiter(firstText);
  if (sepLine) firstText = firstText.replace(/^sep=.\r?\n/i, '');

  async function* rows(): AsyncGenerator<RawRow[], void, undefined> {
    let queue: RawRow[] = [];
    let failure: unknown = null;
    // No on_record callback: with one, csv-parse builds an info object for every record.
    const parser = parse({
      delimiter,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      bom: false,
      max_record_size: maxRecordChars,
    });
    parser.on('error', (e) => {
      failure ??= e;
    });
    // One record per spreadsheet row: a quoted newline stays inside its record, and blank lines
    // are records too (skip_empty_lines: false), so counting records counts rows.
    let row = 0;
    // Records are taken as they are parsed: in flowing mode each one is a synchronous 'data'
    // event inside write(); any the stream buffered instead are read out right after the write
    // (read() emits 'data' too). So the records before a failing one are never lost.
    parser.on('data', (record: string[]) => {
      queue.push({ row: ++row, cells: record });
    });
    const closed = new Promise<void>((resolve) => parser.once('close', resolve));
    const take = (): RawRow[] => {
      const out = queue;
      queue = [];
      return out;
    };
    const write = (s: string) => {
      parser.write(s, (e) => {
        if (e) failure ??= e;
      });
      while (parser.readableLength > 0 && parser.read() !== null);
    };
    try {
      if (firstText) write(firstText);
      if (queue.length > 0) yield take();
      while (failure === null) {
        const r = await texts.next();
        if (r.done) break;
        write(r.value);
        if (queue.length > 0) yield take();
      }
      if (failure === null) {
        parser.end();
        await closed;
        if (queue.length > 0) yield take();
      }
      if (failure !== null) throw new CsvReadError(describe(failure, row + 1), row + 1, { cause: failure });
    } finally {
      if (!parser.destroyed) parser.destroy();
      await texts.return(undefined);
    }
  }

  return { delimiter, rows: rows() };
}
