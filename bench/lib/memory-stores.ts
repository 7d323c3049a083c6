/**
 * In-memory RecordStore and BlobStore for the report benchmark: the report use case
 * runs unchanged, without the cost of the embedded DynamoDB (which would dominate).
 */
import { Readable } from 'node:stream';
import type { BlobInfo, BlobStore, PutOutcome, RecordStore } from '../../shared/ports';
import type { Dataset, DatasetName, DatasetRecordMap, FileRecord, PublishedValue, Restatement } from '../../shared/model/types';

export class MemoryRecordStore implements RecordStore {
  private files: FileRecord[] = [];
  private published: PublishedValue[] = [];
  private restatements: Restatement[] = [];
  constructor(private readonly data: Dataset) {}
  async putRecords<D extends DatasetName>(_dataset: D, _records: DatasetRecordMap[D][]): Promise<PutOutcome> {
    throw new Error('not used by the report benchmark');
  }
  async deleteRecords(): Promise<PutOutcome> {
    throw new Error('not used by the report benchmark');
  }
  async deleteEarlierVersions(): Promise<number> {
    throw new Error('not used by the report benchmark');
  }
  async getFile(key: string): Promise<FileRecord | null> {
    return this.files.find((f) => f.key === key) ?? null;
  }
  async loadDataset(): Promise<Dataset> {
    return this.data;
  }
  async recordFile(record: FileRecord): Promise<boolean> {
    this.files.push(record);
    return true;
  }
  async listFiles(): Promise<FileRecord[]> {
    return this.files;
  }
  async listPublished(): Promise<PublishedValue[]> {
    return this.published;
  }
  async putPublished(values: PublishedValue[]): Promise<number> {
    this.published.push(...values);
    return values.length;
  }
  async listRestatements(): Promise<Restatement[]> {
    return this.restatements;
  }
  async putRestatements(values: Restatement[]): Promise<number> {
    this.restatements.push(...values);
    return values.length;
  }
}

export class MemoryBlobStore implements BlobStore {
  readonly blobs = new Map<string, Buffer>();
  async head(key: string): Promise<BlobInfo | null> {
    const b = this.blobs.get(key);
    return b ? { key, size: b.length, etag: String(b.length) } : null;
  }
  async getStream(key: string): Promise<Readable> {
    return Readable.from([await this.getBuffer(key)]);
  }
  async getBuffer(key: string): Promise<Buffer> {
    const b = this.blobs.get(key);
    if (!b) throw new Error(`no blob ${key}`);
    return b;
  }
  async put(key: string, body: Buffer | string | Readable): Promise<void> {
    if (typeof body === 'string') this.blobs.set(key, Buffer.from(body));
    else if (Buffer.isBuffer(body)) this.blobs.set(key, body);
    else {
      const chunks: Buffer[] = [];
      for await (const c of body) chunks.push(Buffer.from(c));
      this.blobs.set(key, Buffer.concat(chunks));
    }
  }
  async list(prefix: string): Promise<BlobInfo[]> {
    return [...this.blobs].filter(([k]) => k.startsWith(prefix)).map(([key, b]) => ({ key, size: b.length, etag: String(b.length) }));
  }
  async copy(fromKey: string, toKey: string): Promise<void> {
    this.blobs.set(toKey, await this.getBuffer(fromKey));
  }
  async delete(key: string): Promise<void> {
    this.blobs.delete(key);
  }
}
