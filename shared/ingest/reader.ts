/**
 * readUpload: one uploaded file -> batches of valid records and row issues.
 *
 * Whole-file errors (FileRejectedError) are thrown before the first batch is yielded, so a
 * rejected file never stores anything; after the first batch every problem is a row issue.
 */
import type { Readable } from 'node:stream';
import { FileRejectedError } from '../errors';
import type { DatasetRecord, RowIssue } from '../model/types';
import { type NumberConvention } from './coerce';
import { CsvReadError, openCsv } from './csv';
import { KeyTracker } from './key-tracker';
import { KEY_COLUMNS, naturalKey } from './keys';
import { KPI_IDS } from './kpi-ids';
import { mapHeader } from './schema';
import { SNIFF_BYTES, sniff } from './sniff';
import {
  DEFAULT_LIMITS,
  type Limits,
  type RawRow,
  type ReadBatch,
  type ReadOptions,
  type ReadSummary,
  type UploadReader,
} from './types';
import { RowValidator, displayCell, isBlank, type Notes } from './validate';
import { DATASET_SPECS } from '../datasets';
import type { DateFormat } from '../config/config';
import type { Deal, StageEvent } from '../model/types';
import { dateParser } from './coerce';
import { resolveHeader, type ResolvedHeader } from './header';
import { DateOrder } from './date-order';
import { StageEntryReader } from './stage-entries';
import { isFooter } from './footer';
import type { FileMapping } from './mapping';

/** Rows searched for the header row (a formatted report has its title rows above it). */
const HEADER_SEARCH_ROWS = 20;
/** Rows looked at to tell day-first from month-first dates. */
const DATE_SCAN_ROWS = 10_000;
import { XlsxRejected, formatBytes, openXlsx } from './xlsx';

const CHUNK_BYTES = 64 * 1024;
/** Keys remembered per file to report duplicates across batches (~24 bytes each). */
const MAX_TRACKED_KEYS = 10_000_000;
const MAX_DUPLICATE_EXAMPLES = 5;

function resolveLimits(partial: Partial<Limits> | undefined): Required<Limits> {
  const out: Required<Limits> = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(partial ?? {})) {
    if (v !== undefined) (out as unknown as Record<string, number>)[k] = v;
  }
  return out;
}

async function* chunksOf(source: Readable | Buffer, maxBytes: number, reject: (m: string) => Error): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(source)) {
    if (source.length > maxBytes) throw reject(tooLarge(source.length, maxBytes));
    for (let i = 0; i < source.length; i += CHUNK_BYTES) yield source.subarray(i, i + CHUNK_BYTES);
    return;
  }
  let total = 0;
  try {
    for await (const chunk of source) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      total += b.length;
      if (total > maxBytes) throw reject(tooLarge(total, maxBytes));
      yield b;
    }
  } finally {
    if (!source.destroyed) source.destroy();
  }
}

function tooLarge(size: number, max: number): string {
  return `the file is ${formatBytes(size)}${size > max ? '' : ' or more'}; the limit is ${formatBytes(max)}. Split it into smaller files`;
}

/** The whole file in one buffer; `size` (when right) avoids holding it twice while joining. */
async function collect(first: Buffer, rest: AsyncIterator<Buffer>, size: number): Promise<Buffer> {
  let buf = Buffer.allocUnsafe(Math.max(size, first.length));
  let len = 0;
  const append = (b: Buffer) => {
    if (len + b.length > buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, len + b.length));
      buf.copy(bigger, 0, 0, len);
      buf = bigger;
    }
    b.copy(buf, len);
    len += b.length;
  };
  append(first);
  for (;;) {
    const r = await rest.next();
    if (r.done) break;
    append(r.value);
  }
  return buf.subarray(0, len);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const TEXT_EXT = /\.(csv|txt|tsv|tab)$/i;
const XLSX_EXT = /\.(xlsx|xlsm)$/i;

/**
 * Reads an upload. `size` is the object's size in bytes (S3 head or event); it is checked
 * against maxFileBytes before anything is read. `batches` can be iterated once.
 */
export function readUpload(source: Readable | Buffer, size: number, opts: ReadOptions): UploadReader {
  const limits = resolveLimits(opts.limits);
  const batchSize = Math.max(1, Math.floor(opts.batchSize ?? 500));
  const { fileName, dataset } = opts;

  let rowsAccepted = 0;
  let rowsRejected = 0;
  let rowsListed = 0;
  let blankRows = 0;
  let duplicates = 0;
  const duplicateExamples: string[] = [];
  let unknownColumns: string[] = [];
  const warnings: string[] = [];
  let notes: Notes | null = null;
  let titleRows = 0;
  let footerRows = 0;
  let stageEventsAccepted = 0;
  let mapping: FileMapping | undefined;
  let started = false;

  const reject = (message: string, cause?: unknown) =>
    new FileRejectedError(capitalise(message), fileName, cause === undefined ? undefined : { cause });

  function summary(): ReadSummary {
    const w = [...warnings];
    if (unknownColumns.length > 0) {
      w.push(`columns that the data contract does not know were not stored: ${unknownColumns.map((c) => `"${c}"`).join(', ')}`);
    }
    if (duplicates > 0) {
      w.push(
        `${duplicates} ${duplicates > 1 ? 'rows repeat' : 'row repeats'} the ${KEY_COLUMNS[dataset]} of an earlier row in this file; the last row wins (${duplicateExamples.join('; ')}${duplicates > duplicateExamples.length ? '; …' : ''})`,
      );
    }
    if (blankRows > 0) w.push(`${blankRows} blank row${blankRows > 1 ? 's were' : ' was'} skipped`);
    if (notes) {
      // a recognised export keeps a closed deal's last open stage (Pipedrive): expected, not worth a note
      if (notes.closedStageSet > 0 && !mapping?.preset) {
        w.push(`${notes.closedStageSet} won or lost deal${notes.closedStageSet > 1 ? 's' : ''} had another stage; their stage was set to their status`);
      }
      if (notes.openClosedDateIgnored > 0) {
        w.push(`${notes.openClosedDateIgnored} open deal${notes.openClosedDateIgnored > 1 ? 's' : ''} had a closed_date; it was not stored (only won and lost deals have one)`);
      }
      if (notes.headerlessValuesIgnored > 0) {
        w.push(`${notes.headerlessValuesIgnored} value${notes.headerlessValuesIgnored > 1 ? 's' : ''} in columns without a header ${notes.headerlessValuesIgnored > 1 ? 'were' : 'was'} not stored`);
      }
    }
    if (titleRows > 0) w.push(`${titleRows} row${titleRows > 1 ? 's' : ''} above the header row (a report title) ${titleRows > 1 ? 'were' : 'was'} skipped`);
    if (footerRows > 0) w.push(`${footerRows} total or footer line${footerRows > 1 ? 's' : ''} (e.g. "Grand Totals", "Confidential Information") ${footerRows > 1 ? 'were' : 'was'} skipped`);
    if (notes) {
      if (notes.openAmountUnknown > 0) {
        w.push(`${notes.openAmountUnknown} open deal${notes.openAmountUnknown > 1 ? 's have' : ' has'} no amount; stored as unknown (not counted in pipeline value)`);
      }
      if (notes.closedExpectedIgnored > 0) {
        w.push(`${notes.closedExpectedIgnored} won or lost deal${notes.closedExpectedIgnored > 1 ? 's' : ''} had an expected_close_date; it was not stored (closed deals have a closed_date)`);
      }
      if (notes.keysCleaned > 0) {
        w.push(`${notes.keysCleaned} key value${notes.keysCleaned > 1 ? 's' : ''} contained control or invisible characters, removed (${notes.keysCleanedExamples.join('; ')}${notes.keysCleaned > notes.keysCleanedExamples.length ? '; …' : ''})`);
      }
      if (notes.unknownStages.length > 0) {
        w.push(`stage${notes.unknownStages.length > 1 ? 's' : ''} not in config key stages ${notes.unknownStages.map((x) => `"${x}"`).join(', ')} ${notes.unknownStages.length > 1 ? 'were' : 'was'} accepted after the configured stages, in first-seen order; list them in stages to set their order`);
      }
    }
    if (rowsRejected > rowsListed) {
      w.push(`only the first ${rowsListed} rejected rows are listed in the report; ${rowsRejected - rowsListed} more were rejected`);
    }
    const seen = notes?.unknownStages ?? [];
    const stages = [...(mapping?.preset?.stages ?? []).filter((x) => !opts.config.stages.includes(x)), ...seen];
    return {
      rowsRead: rowsAccepted + rowsRejected,
      rowsAccepted,
      rowsRejected,
      unknownColumns: [...unknownColumns],
      warnings: w,
      ...(mapping?.preset ? { recognisedAs: mapping.preset.label } : {}),
      ...(mapping ? { mapping: mapping.pairs } : {}),
      ...(stages.length > 0 ? { stages } : {}),
      ...(stageEventsAccepted > 0 ? { stageEventsAccepted } : {}),
      footerRows,
    };
  }

  async function* generate(): AsyncGenerator<ReadBatch, void, undefined> {
    if (size > limits.maxFileBytes) {
      if (!Buffer.isBuffer(source) && !source.destroyed) source.destroy();
      throw reject(tooLarge(size, limits.maxFileBytes));
    }
    const chunks = chunksOf(source, limits.maxFileBytes, (m) => reject(m));
    let rows: AsyncGenerator<RawRow[], void, undefined> | undefined;
    let sheetRows: AsyncGenerator<RawRow, void, undefined> | undefined;
    try {
      // --- sniff the first bytes -------------------------------------------------
      const head: Buffer[] = [];
      let headLen = 0;
      let ended = false;
      while (headLen < SNIFF_BYTES) {
        const r = await chunks.next();
        if (r.done) {
          ended = true;
          break;
        }
        head.push(r.value);
        headLen += r.value.length;
      }
      const sample = Buffer.concat(head);
      if (sample.length === 0) throw reject('the file is empty');
      const kind = sniff(sample.subarray(0, SNIFF_BYTES), ended && sample.length <= SNIFF_BYTES);
      if (kind.kind === 'rejected') throw reject(kind.reason);

      let convention: NumberConvention;
      let typedCells: boolean;
      let date1904 = false;
      if (kind.kind === 'xlsx') {
        if (TEXT_EXT.test(fileName)) warnings.push(`the file is named ${fileName} but is an XLSX workbook; it was read as one`);
        const buf = await collect(sample, chunks, size);
        try {
          const x = await openXlsx(buf, dataset, limits.maxXlsxUncompressedBytes);
          if (x.sheets.length > 1) {
            warnings.push(`the workbook has ${x.sheets.length} sheets (${x.sheets.map((s) => `"${s}"`).join(', ')}); only sheet "${x.sheet}" was read`);
          }
          sheetRows = x.rows;
          rows = oneByOne(x.rows);
          date1904 = x.date1904;
        } catch (e) {
          if (e instanceof XlsxRejected) throw reject(e.message, e.cause ?? e);
          throw reject(`the file is not a readable XLSX workbook (${(e as Error).message})`, e);
        }
        convention = 'either';
        typedCells = true;
      } else {
        if (XLSX_EXT.test(fileName) || /\.xls$/i.test(fileName)) {
          warnings.push(`the file is named ${fileName} but is text; it was read as CSV`);
        }
        const maxRecordChars = Math.max(limits.maxItemBytes * 4, limits.maxCellChars * 8);
        const csv = await openCsv(sample, chunks, kind.encoding, maxRecordChars);
        rows = csv.rows;
        convention = csv.delimiter === ',' ? 'point' : csv.delimiter === ';' ? 'comma' : 'either';
        typedCells = false;
      }

      // --- header: the first row that names the columns (report titles above it are skipped) ---
      const rowSource: AsyncGenerator<RawRow[], void, undefined> = rows;
      const pending: RawRow[] = [];
      let exhausted = false;
      const pull = async (): Promise<boolean> => {
        if (exhausted) return false;
        let r: IteratorResult<RawRow[], void>;
        try {
          r = await rowSource.next();
        } catch (e) {
          throw e instanceof FileRejectedError ? e : reject(readFailure(e), e);
        }
        if (r.done) {
          exhausted = true;
          return false;
        }
        for (const x of r.value) pending.push(x);
        return true;
      };
      /** A read error met while looking ahead for the date order: raised where the rows loop reads next. */
      let deferred: unknown = null;
      const pullAhead = async (): Promise<boolean> => {
        try {
          return await pull();
        } catch (e) {
          deferred = (e as { cause?: unknown }).cause ?? e;
          exhausted = true;
          return false;
        }
      };
      const next = async (): Promise<IteratorResult<RawRow[], void>> => {
        if (deferred !== null) {
          const e = deferred;
          deferred = null;
          throw e;
        }
        if (exhausted) return { done: true, value: undefined };
        return rowSource.next();
      };
      await pull();
      if (pending.length === 0) throw reject(typedCells ? 'the sheet is empty' : 'the file is empty');
      const headerOf = (raw: RawRow): string[] => {
        const cells = raw.cells;
        const out: string[] = [];
        for (let i = 0; i < cells.length; i++) {
          const h = displayCell(cells[i]);
          if (h.length > limits.maxCellChars) {
            throw reject(`header cell ${i + 1} is ${h.length} characters long; the limit is ${limits.maxCellChars}`);
          }
          out.push(h);
        }
        return out;
      };
      let at = -1;
      let header: string[] = [];
      let resolved: ResolvedHeader | null = null;
      let firstFailure: string | null = null;
      for (let i = 0; i < HEADER_SEARCH_ROWS; i++) {
        while (i >= pending.length && (await pull()));
        if (i >= pending.length) break;
        const candidate = headerOf(pending[i]);
        if (candidate.every((h) => h.trim() === '')) continue;
        const r = resolveHeader(dataset, candidate, opts.config);
        if (r.ok) {
          at = i;
          header = candidate;
          resolved = r;
          break;
        }
        firstFailure ??= r.reason;
      }
      if (!resolved) throw reject(firstFailure ?? 'the first row is empty; it must hold the column names');
      if (at > 0) titleRows = pending.slice(0, at).filter((r) => r.cells.some((c) => !isBlank(c))).length;
      unknownColumns = resolved.map.unknown;
      mapping = resolved.mapping;
      if (mapping) for (const w of mapping.warnings) warnings.push(w);

      // --- dates: day-first or month-first, from the file's own values when config does not say ---
      let dateFormat: DateFormat | undefined;
      const dateSlots = DATASET_SPECS[dataset].columns.filter((c) => c.type === 'date' && resolved.map.index.has(c.name)).map((c) => resolved!.map.index.get(c.name)!);
      const hasDates = dateSlots.length > 0 || (mapping?.stageEntries.length ?? 0) > 0;
      if (hasDates && (opts.config.dateFormat === 'iso' || opts.config.dateFormat === 'excel-serial')) {
        const order = new DateOrder();
        let scanned = at + 1;
        for (;;) {
          for (; scanned < pending.length && !order.decided(); scanned++) {
            const cells = mapping ? mapping.transform(pending[scanned].cells) : pending[scanned].cells;
            for (const s of dateSlots) order.see(cells[s]);
            if (mapping) for (const e of mapping.stageEntries) order.see(pending[scanned].cells[e.index]);
          }
          if (order.decided() || scanned - at > DATE_SCAN_ROWS || !(await pullAhead())) break;
        }
        const verdict = order.verdict();
        if (verdict.kind === 'mixed') {
          throw reject(`the dates mix day-first (${verdict.dayFirst}) and month-first (${verdict.monthFirst}) forms; write them as YYYY-MM-DD`);
        }
        if (verdict.kind === 'ambiguous') {
          throw reject(
            `dates such as "${verdict.example}" could be day-first or month-first and no date in the file tells which; set config key dateFormat to "DD/MM/YYYY" or "MM/DD/YYYY" (or write YYYY-MM-DD)`,
          );
        }
        if (verdict.kind === 'decided') {
          dateFormat = verdict.format;
          warnings.push(`dates were read as ${verdict.format}, as "${verdict.example}" shows (set config key dateFormat to override)`);
        }
      }

      const validator = new RowValidator({
        dataset,
        map: resolved.map,
        config: opts.config,
        convention,
        limits,
        kpiIds: new Set(KPI_IDS),
        date1904,
        typedCells,
        headerLength: header.length,
        headerBlank: header.map((h) => h.trim() === ''),
        ...(mapping ? { transform: mapping.transform, mappedPositions: mapping.mappedPositions } : {}),
        ...(mapping?.preset ? { presetStages: mapping.preset.stages } : {}),
        ...(dateFormat ? { dateFormat } : {}),
      });
      notes = validator.notes;
      const entries = mapping && mapping.stageEntries.length > 0
        ? new StageEntryReader(mapping.stageEntries, dateParser({ ...opts.config, dateFormat: dateFormat ?? opts.config.dateFormat }), date1904)
        : null;

      // --- rows -------------------------------------------------------------------
      const fileKeys = new KeyTracker();
      let records: DatasetRecord[] = [];
      let batchIndex = new Map<string, number>();
      let events: StageEvent[] = [];
      let eventKeys = new Set<string>();
      let issues: RowIssue[] = [];
      let yielded = false;

      let lastRow = 1;
      let keysOverflowed = false;
      const handle = (raw: RawRow) => {
        lastRow = raw.row;
        const cells = raw.cells;
        let blank = true;
        for (let i = 0; i < cells.length; i++) {
          if (!isBlank(cells[i])) {
            blank = false;
            break;
          }
        }
        if (blank) {
          blankRows++;
          return;
        }
        let res = validator.validate(raw);
        let rowEvents: StageEvent[] | null = null;
        if (res.record !== null && entries) {
          const r = entries.read(raw, (res.record as Deal).dealId);
          if (r.issues.length > 0) res = { record: null, issues: r.issues };
          else rowEvents = r.events;
        }
        if (res.record === null) {
          if (isFooter(cells)) {
            footerRows++;
            return;
          }
          rowsRejected++;
          if (rowsListed < limits.maxRowsReported) {
            rowsListed++;
            for (const i of res.issues) issues.push(i);
          }
          return;
        }
        rowsAccepted++;
        if (rowEvents) {
          for (const e of rowEvents) {
            const k = `${e.dealId}|${e.stage}|${e.enteredDate}`;
            if (eventKeys.has(k)) continue;
            eventKeys.add(k);
            events.push(e);
            stageEventsAccepted++;
          }
        }
        const key = naturalKey(dataset, res.record);
        if (fileKeys.size < MAX_TRACKED_KEYS) {
          const prev = fileKeys.see(key, raw.row);
          if (prev !== undefined) {
            duplicates++;
            if (duplicateExamples.length < MAX_DUPLICATE_EXAMPLES) duplicateExamples.push(`${key}: rows ${prev} and ${raw.row}`);
          }
        } else if (!keysOverflowed) {
          keysOverflowed = true;
          warnings.push(`more than ${MAX_TRACKED_KEYS} keys: repeated keys beyond them are not reported (the last row still wins)`);
        }
        const at = batchIndex.get(key);
        if (at !== undefined) records[at] = res.record;
        else {
          batchIndex.set(key, records.length);
          records.push(res.record);
        }
      };
      const full = () => records.length >= batchSize || issues.length >= batchSize || events.length >= batchSize;
      const take = (): ReadBatch => {
        const batch: ReadBatch = { records, issues, ...(events.length > 0 ? { stageEvents: events } : {}) };
        records = [];
        issues = [];
        events = [];
        eventKeys = new Set();
        batchIndex = new Map();
        return batch;
      };

      // the rows read so far after the header, then run by run
      let run: RawRow[] = pending;
      at++;
      for (;;) {
        for (; at < run.length; at++) {
          handle(run[at]);
          if (full()) {
            yielded = true;
            yield take();
          }
        }
        let r: IteratorResult<RawRow[], void>;
        try {
          r = await next();
        } catch (e) {
          if (!yielded) throw e instanceof FileRejectedError ? e : reject(readFailure(e), e);
          const row = e instanceof CsvReadError ? e.row : lastRow + 1;
          issues.push({ row, column: '', value: '', reason: `${readFailure(e)}; the rest of the file was not read` });
          rowsRejected++;
          rowsListed++;
          warnings.push(`the file could not be read after row ${Math.max(0, row - 1)}: ${readFailure(e)}`);
          break;
        }
        if (r.done) break;
        run = r.value;
        at = 0;
      }
      if (!yielded && rowsAccepted + rowsRejected === 0) {
        throw reject('the file has a header row but no data rows');
      }
      if (records.length > 0 || issues.length > 0 || events.length > 0) yield take();
    } finally {
      // close the parser / workbook reader and the source, also when the consumer stops early
      await rows?.return(undefined).catch(() => undefined);
      await sheetRows?.return(undefined).catch(() => undefined);
      await chunks.return(undefined).catch(() => undefined);
    }
  }

  const batches: AsyncIterable<ReadBatch> = {
    [Symbol.asyncIterator]() {
      if (started) throw new Error('readUpload: batches can be iterated only once');
      started = true;
      return generate();
    },
  };
  return { batches, summary };
}

/** A row source of one row per run (XLSX rows come one by one). */
async function* oneByOne(rows: AsyncGenerator<RawRow, void, undefined>): AsyncGenerator<RawRow[], void, undefined> {
  try {
    for (;;) {
      const r = await rows.next();
      if (r.done) return;
      yield [r.value];
    }
  } finally {
    await rows.return(undefined);
  }
}

function readFailure(e: unknown): string {
  if (e instanceof CsvReadError || e instanceof XlsxRejected || e instanceof FileRejectedError) return e.message;
  return `the file cannot be read (${(e as Error)?.message ?? String(e)})`;
}
