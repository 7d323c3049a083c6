/**
 * RecordStore over ONE DynamoDB table (pk S, sk S, no indexes).
 *
 * Layout: each entity type is hash-sharded over SHARDS partitions so that reads
 * are parallel Queries, never a full-table Scan, and writes spread over partitions:
 *
 *   pk = `<entity>#<shard 00..15>`   sk = natural key (or S3 key, period#kpi...)   v = record as JSON
 *
 * The shard is a hash of the sort key, so the same natural key always lands on
 * the same item: re-sending a file leaves the table as it was, and a corrected
 * row replaces the old one (last write wins). No transactions, no conditions.
 */
import { createHash } from 'node:crypto';
import { BatchWriteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../errors';
import { naturalKey } from '../ingest';
import type {
  Dataset,
  DatasetName,
  DatasetRecord,
  DatasetRecordMap,
  FileRecord,
  PublishedValue,
  Restatement,
} from '../model/types';
import type { RecordStore } from '../ports';
import { mapLimit } from './pool';
import { PK, SK, VALUE } from './table';

/** Partitions per entity type. Fixed: changing it re-keys every item. */
export const SHARDS = 16;
/** DynamoDB's BatchWriteItem maximum. */
export const BATCH_SIZE = 25;
/** DynamoDB allows 1024 bytes in a sort key; longer natural keys are hashed. */
const MAX_SK_BYTES = 1024;

export const ENTITY = {
  deals: 'deal',
  'stage-events': 'stage',
  surveys: 'survey',
  finance: 'finance',
  targets: 'target',
  file: 'file',
  published: 'published',
  restatement: 'restatement',
} as const;
export type Entity = (typeof ENTITY)[keyof typeof ENTITY];

const RETRYABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'LimitExceededException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TransactionConflictException',
]);
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH']);

/** Throttling, 5xx and network errors: worth another try. */
export function isRetryableError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const err = e as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (err.name && RETRYABLE_NAMES.has(err.name)) return true;
  if (err.code && RETRYABLE_CODES.has(err.code)) return true;
  if (err.$retryable) return true;
  const status = err.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500;
}

/** FNV-1a 32-bit: a stable, fast hash for picking a shard. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function shardOf(sk: string, shards = SHARDS): number {
  return fnv1a(sk) % shards;
}

export function partitionKey(entity: Entity, shard: number): string {
  return `${entity}#${String(shard).padStart(2, '0')}`;
}

/** The sort key for a natural key: as is when it fits, else a hash of it. */
export function sortKey(key: string): string {
  return Buffer.byteLength(key, 'utf8') <= MAX_SK_BYTES ? key : `#sha256:${createHash('sha256').update(key).digest('hex')}`;
}

export function itemKey(entity: Entity, key: string): { pk: string; sk: string } {
  const sk = sortKey(key);
  return { pk: partitionKey(entity, shardOf(sk)), sk };
}

/** Drops undefined values so stored records are compact and compare equal after a round trip. */
function compactJson(value: object): string {
  return JSON.stringify(value, (_k, v) => (v === undefined ? undefined : v));
}

export interface DynamoRecordStoreOptions {
  /** Chunks of 25 in flight at once (default 8). */
  writeConcurrency?: number;
  /** Queries in flight at once when loading (default 16). */
  readConcurrency?: number;
  /** Attempts per request before StoreError (default 10). */
  maxAttempts?: number;
  /** Backoff base and cap in ms (full jitter: random() * min(cap, base * 2^attempt)). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Items per Query page (DynamoDB's 1 MB page limit applies either way; default none). */
  pageSize?: number;
  /** Strongly consistent reads (default true: a report right after an ingest must see it). */
  consistentRead?: boolean;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

type Item = { [PK]: string; [SK]: string; [VALUE]: string };
type WriteRequest = { PutRequest: { Item: Item } };

export class DynamoRecordStore implements RecordStore {
  private readonly writeConcurrency: number;
  private readonly readConcurrency: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly consistentRead: boolean;
  private readonly pageSize: number | undefined;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    readonly tableName: string,
    opts: DynamoRecordStoreOptions = {},
  ) {
    this.writeConcurrency = opts.writeConcurrency ?? 8;
    this.readConcurrency = opts.readConcurrency ?? 16;
    this.maxAttempts = opts.maxAttempts ?? 10;
    this.baseDelayMs = opts.baseDelayMs ?? 50;
    this.maxDelayMs = opts.maxDelayMs ?? 5_000;
    this.consistentRead = opts.consistentRead ?? true;
    this.pageSize = opts.pageSize;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = opts.random ?? Math.random;
  }

  // ---- records ---------------------------------------------------------------

  async putRecords<D extends DatasetName>(dataset: D, records: DatasetRecordMap[D][]): Promise<void> {
    const entity = ENTITY[dataset];
    if (!entity) throw new StoreError(`unknown dataset "${dataset}"`);
    await this.putItems(
      entity,
      records.map((r) => [naturalKey(dataset, r as DatasetRecord), r] as const),
    );
  }

  async loadDataset(): Promise<Dataset> {
    const [deals, stageEvents, surveys, finance, targets] = await Promise.all([
      this.queryEntity<DatasetRecordMap['deals']>(ENTITY.deals),
      this.queryEntity<DatasetRecordMap['stage-events']>(ENTITY['stage-events']),
      this.queryEntity<DatasetRecordMap['surveys']>(ENTITY.surveys),
      this.queryEntity<DatasetRecordMap['finance']>(ENTITY.finance),
      this.queryEntity<DatasetRecordMap['targets']>(ENTITY.targets),
    ]);
    return { deals, stageEvents, surveys, finance, targets };
  }

  // ---- files, snapshots, restatements ------------------------------------------

  async recordFile(record: FileRecord): Promise<void> {
    const { pk, sk } = itemKey(ENTITY.file, record.key);
    await this.withRetry(`record file ${record.key}`, () =>
      this.dynamo.send(new PutCommand({ TableName: this.tableName, Item: { [PK]: pk, [SK]: sk, [VALUE]: compactJson(record) } })),
    );
  }

  listFiles(): Promise<FileRecord[]> {
    return this.queryEntity<FileRecord>(ENTITY.file);
  }

  listPublished(): Promise<PublishedValue[]> {
    return this.queryEntity<PublishedValue>(ENTITY.published);
  }

  async putPublished(values: PublishedValue[]): Promise<void> {
    await this.putItems(
      ENTITY.published,
      values.map((v) => [`${v.periodId}#${v.kpi}`, v] as const),
    );
  }

  listRestatements(): Promise<Restatement[]> {
    return this.queryEntity<Restatement>(ENTITY.restatement);
  }

  async putRestatements(values: Restatement[]): Promise<void> {
    await this.putItems(
      ENTITY.restatement,
      values.map((v) => [`${v.periodId}#${v.kpi}#${v.restatedAt}`, v] as const),
    );
  }

  // ---- internals ------------------------------------------------------------------

  /** Upserts (key, value) pairs: deduplicated (last wins), 25 per BatchWriteItem, a few chunks in flight. */
  private async putItems(entity: Entity, entries: readonly (readonly [string, object])[]): Promise<void> {
    if (entries.length === 0) return;
    // Deduplicate over the whole call, not only per chunk: chunks run concurrently,
    // so two versions of one key in different chunks would race. Last one wins.
    const byKey = new Map<string, Item>();
    for (const [key, value] of entries) {
      const { pk, sk } = itemKey(entity, key);
      const id = `${pk}\u0000${sk}`;
      byKey.delete(id);
      byKey.set(id, { [PK]: pk, [SK]: sk, [VALUE]: compactJson(value) });
    }
    const requests: WriteRequest[] = [...byKey.values()].map((Item) => ({ PutRequest: { Item } }));
    const chunks: WriteRequest[][] = [];
    for (let i = 0; i < requests.length; i += BATCH_SIZE) chunks.push(requests.slice(i, i + BATCH_SIZE));
    await mapLimit(chunks, this.writeConcurrency, (chunk) => this.writeChunk(entity, chunk));
  }

  /** One BatchWriteItem, resending only UnprocessedItems, with backoff on throttling. */
  private async writeChunk(entity: Entity, chunk: WriteRequest[]): Promise<void> {
    let pending: WriteRequest[] = chunk;
    let lastError: unknown;
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await this.dynamo.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }));
        const unprocessed = (out.UnprocessedItems?.[this.tableName] ?? []) as WriteRequest[];
        if (unprocessed.length === 0) return;
        pending = unprocessed;
        lastError = undefined;
      } catch (e) {
        if (!isRetryableError(e)) {
          throw new StoreError(`writing ${pending.length} ${entity} items to ${this.tableName} failed: ${errText(e)}`, { cause: e });
        }
        lastError = e;
      }
      if (attempt >= this.maxAttempts) {
        const what = lastError ? errText(lastError) : `${pending.length} items still unprocessed`;
        throw new StoreError(`writing ${entity} items to ${this.tableName} failed after ${attempt} attempts: ${what}`, {
          cause: lastError,
        });
      }
      await this.sleep(this.backoff(attempt));
    }
  }

  private backoff(attempt: number): number {
    return Math.floor(this.random() * Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt));
  }

  private async withRetry<T>(what: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (!isRetryableError(e)) throw new StoreError(`${what} failed: ${errText(e)}`, { cause: e });
        if (attempt >= this.maxAttempts) throw new StoreError(`${what} failed after ${attempt} attempts: ${errText(e)}`, { cause: e });
        await this.sleep(this.backoff(attempt));
      }
    }
  }

  /** Every value of one entity type: all shards queried in parallel, each paginated, sorted by key. */
  private async queryEntity<T>(entity: Entity): Promise<T[]> {
    const shards = Array.from({ length: SHARDS }, (_, i) => i);
    const perShard = await mapLimit(shards, this.readConcurrency, (shard) => this.queryShard(entity, shard));
    const all: [string, string][] = perShard.flat();
    all.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return all.map(([, v]) => JSON.parse(v) as T);
  }

  private async queryShard(entity: Entity, shard: number): Promise<[string, string][]> {
    const pk = partitionKey(entity, shard);
    const out: [string, string][] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.withRetry(`reading ${pk} from ${this.tableName}`, () =>
        this.dynamo.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': PK, '#sk': SK, '#v': VALUE },
            ExpressionAttributeValues: { ':pk': pk },
            ProjectionExpression: '#sk, #v',
            ConsistentRead: this.consistentRead,
            ExclusiveStartKey: start,
            Limit: this.pageSize,
          }),
        ),
      );
      for (const item of page.Items ?? []) out.push([item[SK] as string, item[VALUE] as string]);
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}

function errText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
