/**
 * The ports between the use cases in shared/ and the adapters (shared/adapters/),
 * which are the only code that talks to AWS SDK clients. Tests and the local
 * runtime pass real adapters over the embedded servers.
 */
import type { Readable } from 'node:stream';
import type {
  Dataset,
  DatasetName,
  DatasetRecordMap,
  FileRecord,
  PublishedValue,
  Restatement,
} from './model/types';

/** The upload a write comes from: its S3 key and version (see uploadVersion in usecases/upload-version.ts). */
export interface UploadSource {
  key: string;
  /** Sorts as the uploads happened: a later upload has a greater version. */
  version: string;
}

export interface PutOutcome {
  /** Items written. */
  written: number;
  /** Items left alone because they hold a record from a later upload. */
  superseded: number;
}

export interface RecordStore {
  /**
   * Upserts records by their natural key. With a source, a record never replaces one from
   * a later upload (last upload wins, whatever the delivery order); without, last write wins.
   */
  putRecords<D extends DatasetName>(dataset: D, records: DatasetRecordMap[D][], source?: UploadSource): Promise<PutOutcome>;
  /** Deletes records by natural key, as of the source upload (a later upload of the key brings it back, an earlier one cannot). */
  deleteRecords(dataset: DatasetName, keys: string[], source: UploadSource): Promise<PutOutcome>;
  /**
   * Deletes (as of `source`) the records still held from earlier versions of the same S3 key:
   * a file uploaded again under its name replaces the whole file. Returns how many.
   */
  deleteEarlierVersions(dataset: DatasetName, source: UploadSource): Promise<number>;
  /** The file record of an S3 key, if any. */
  getFile(key: string): Promise<FileRecord | null>;
  /** Loads every record of every dataset (paginated queries, no full-table Scan), leaving out the rows of incomplete uploads. */
  loadDataset(): Promise<Dataset>;
  /** Records (or replaces, by key) an ingested file; with a version, not over a later upload's record (returns false then). */
  recordFile(record: FileRecord): Promise<boolean>;
  listFiles(): Promise<FileRecord[]>;
  /** First-published values of closed quarters (snapshot on first publication). */
  listPublished(): Promise<PublishedValue[]>;
  /** Writes each value unless one is already published for its period and KPI; returns how many were written. */
  putPublished(values: PublishedValue[]): Promise<number>;
  listRestatements(): Promise<Restatement[]>;
  /** Writes each restatement unless one with the same period, KPI and sequence exists; returns how many were written. */
  putRestatements(values: Restatement[]): Promise<number>;
}

export interface BlobInfo {
  key: string;
  size: number;
  etag: string;
  lastModified?: string;
}

export interface BlobStore {
  head(key: string): Promise<BlobInfo | null>;
  getStream(key: string): Promise<Readable>;
  getBuffer(key: string): Promise<Buffer>;
  put(key: string, body: Buffer | string | Readable, contentType?: string): Promise<void>;
  list(prefix: string): Promise<BlobInfo[]>;
  copy(fromKey: string, toKey: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** One e-mail to one recipient, with one attachment (shared/adapters/ses-mailer.ts builds the MIME). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachment: { filename: string; content: Buffer; contentType: string };
  /** Short tags for the provider's event stream (bounces, complaints): workbook, scope. */
  tags?: Record<string, string>;
}

export interface Mailer {
  /** Sends one message; resolves with the provider's message id; throws on refusal or failure. */
  send(message: MailMessage): Promise<{ messageId: string }>;
}

/** What happened to one (run, workbook, recipient). */
export interface DeliveryRecord {
  /** The report run: `<kind>/<period>/<as-of>`; a rerun of the same run has the same id. */
  runId: string;
  /** `weekly`, `weekly team=EMEA`, `weekly fa-IR` ... */
  workbook: string;
  recipient: string;
  status: 'sending' | 'sent' | 'failed';
  attempts: number;
  messageId?: string;
  error?: string;
  /** ISO timestamp of the last change. */
  at: string;
}

export interface DeliveryLog {
  /**
   * Claims (run, workbook, recipient) for sending: true when there was no record or
   * only a failed one (a conditional write, so two runs cannot both claim it).
   */
  claim(record: DeliveryRecord): Promise<boolean>;
  /** Records the outcome of a claimed send. */
  settle(record: DeliveryRecord): Promise<void>;
  /** Every record of a run (tests, reruns). */
  listRun(runId: string): Promise<DeliveryRecord[]>;
  /** Sends that failed (after their retries) at or after `since` (ISO timestamp), newest first: the data-quality sheet. */
  failuresSince(since: string): Promise<DeliveryRecord[]>;
}
