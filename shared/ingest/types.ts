import type { Config } from '../config/config';
import type { DatasetName, DatasetRecord, RowIssue, StageEvent } from '../model/types';

export interface Limits {
  /** Largest upload in bytes (CSV and XLSX). */
  maxFileBytes: number;
  /** Largest sum of the uncompressed sizes of an XLSX's zip entries (zip-bomb guard). */
  maxXlsxUncompressedBytes: number;
  /** Longest cell text in characters (Excel's own limit is 32767). */
  maxCellChars: number;
  /** Largest stored record in bytes (DynamoDB's item limit is 400 KB). */
  maxItemBytes: number;
  /** Rejected rows whose issues are listed; further rejected rows are only counted (and a warning says so). */
  maxRowsReported?: number;
}

export const DEFAULT_LIMITS: Readonly<Required<Limits>> = Object.freeze({
  maxFileBytes: 200 * 1024 * 1024,
  maxXlsxUncompressedBytes: 1024 * 1024 * 1024,
  maxCellChars: 32_767,
  maxItemBytes: 400 * 1024,
  maxRowsReported: 10_000,
});

export interface ReadOptions {
  /** The file's name (for messages and the extension check); content decides the format. */
  fileName: string;
  dataset: DatasetName;
  config: Config;
  limits?: Partial<Limits>;
  /** Records per batch (default 500). */
  batchSize?: number;
}

export interface ReadBatch {
  /** Valid records, at most batchSize, no two with the same natural key. */
  records: DatasetRecord[];
  /** Problems found in the rows of this batch. */
  issues: RowIssue[];
  /** Stage events a deals export carries besides its deals (HubSpot "Date entered <stage>"), unique by key. */
  stageEvents?: StageEvent[];
}

export interface ReadSummary {
  /** Data rows read (blank rows not counted) = rowsAccepted + rowsRejected. */
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  /** Header cells the data contract does not know (their values are not stored). */
  unknownColumns: string[];
  warnings: string[];
  /** The known CRM export the file was recognised as ("HubSpot deals export"). */
  recognisedAs?: string;
  /** Source header -> contract column(s), when the file was mapped (a recognised export or config columns/values). */
  mapping?: { source: string; targets: string[] }[];
  /** Open stages beyond config `stages` the file uses, in order (the export's pipeline, then first seen). */
  stages?: string[];
  /** Stage events read from the deals file itself. */
  stageEventsAccepted?: number;
  /** Total and footer lines skipped. */
  footerRows?: number;
}

export interface UploadReader {
  batches: AsyncIterable<ReadBatch>;
  summary(): ReadSummary;
}

/** A cell as read: CSV gives strings; XLSX numbers, booleans, dates, or a problem. */
export type CellValue = string | number | boolean | Date | CellProblem | null | undefined;
export interface CellProblem {
  problem: string;
  /** What to show as the value in the report. */
  display: string;
}

export interface RawRow {
  /** 1-based spreadsheet row number (header = 1). */
  row: number;
  cells: CellValue[];
}
