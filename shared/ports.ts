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

export interface RecordStore {
  /** Upserts records by their natural key (idempotent; last write wins). Retries throttling and UnprocessedItems. */
  putRecords<D extends DatasetName>(dataset: D, records: DatasetRecordMap[D][]): Promise<void>;
  /** Loads every record of every dataset (paginated queries, no full-table Scan). */
  loadDataset(): Promise<Dataset>;
  /** Records (or replaces, by key) an ingested file. */
  recordFile(record: FileRecord): Promise<void>;
  listFiles(): Promise<FileRecord[]>;
  /** First-published values of closed quarters (snapshot on first publication). */
  listPublished(): Promise<PublishedValue[]>;
  putPublished(values: PublishedValue[]): Promise<void>;
  listRestatements(): Promise<Restatement[]>;
  putRestatements(values: Restatement[]): Promise<void>;
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
