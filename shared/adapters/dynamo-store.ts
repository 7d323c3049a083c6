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
 * row replaces the old one.
 *
 * Last UPLOAD wins (docs/decisions/store.md, "Upload order"): a record written for an
 * upload carries `src` (the upload's version: S3 event time + sequencer) and `up` (its S3
 * key), and is written with a conditional PutItem that fails when the item already holds
 * a record from a later upload. A deletion is a tombstone (no `v`) written the same way,
 * so an old upload delivered after it cannot bring the record back. A record replaced by a
 * later upload is kept beside it (`pv`, `psrc`, `pup`): while the later upload's file record
 * says `incomplete` (or `quarantined`), loading returns that previous record instead, so none
 * of a file's rows count until all of them are stored, and a failed correction does not make
 * the rows it had reached disappear.
 */
import { createHash } from 'node:crypto';
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
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
import type { PutOutcome, RecordStore, UploadSource } from '../ports';
import { mapLimit } from './pool';
import { PK, SK, VALUE } from './table';

/** Item attributes of upload-sourced items: the upload's version and S3 key; a tombstone flag. */
export const SRC = 'src';
export const UP = 'up';
export const DEL = 'del';
/** The record the item held before a later upload replaced it (`p` + v/src/up). */
export const PREV = { v: 'pv', src: 'psrc', up: 'pup' } as const;

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
  /** Conditional PutItems in flight at once for upload-sourced writes (default 64). */
  conditionalConcurrency?: number;
  /** Strongly consistent reads (default true: a report right after an ingest must see it). */
  consistentRead?: boolean;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

type Item = { [PK]: string; [SK]: string; [VALUE]: string };
type WriteRequest = { PutRequest: { Item: Item } };

export class DynamoRecordStore implements RecordStore {
  private readonly writeConcurrency: number;
  private readonly conditionalConcurrency: number;
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
    this.conditionalConcurrency = opts.conditionalConcurrency ?? 64;
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

  async putRecords<D extends DatasetName>(dataset: D, records: DatasetRecordMap[D][], source?: UploadSource): Promise<PutOutcome> {
    const entity = entityOf(dataset);
    const entries = records.map((r) => [naturalKey(dataset, r as DatasetRecord), r] as const);
    if (!source) {
      await this.putItems(entity, entries);
      return { written: entries.length, superseded: 0 };
    }
    return this.putSourced(entity, entries, source);
  }

  async deleteRecords(dataset: DatasetName, keys: string[], source: UploadSource): Promise<PutOutcome> {
    return this.putSourced(
      entityOf(dataset),
      keys.map((k) => [k, null] as const),
      source,
    );
  }

  async deleteEarlierVersions(dataset: DatasetName, source: UploadSource): Promise<number> {
    const entity = entityOf(dataset);
    const shards = Array.from({ length: SHARDS }, (_, i) => i);
    const stale = (
      await mapLimit(shards, this.readConcurrency, (shard) =>
        this.queryPages(partitionKey(entity, shard), {
          FilterExpression: '#up = :up AND #src < :src AND attribute_exists(#v)',
          ExpressionAttributeNames: { '#up': UP, '#src': SRC, '#v': VALUE },
          ExpressionAttributeValues: { ':up': source.key, ':src': source.version },
        }),
      )
    ).flat();
    const results = await mapLimit(stale, this.conditionalConcurrency, (item) =>
      this.conditionalPut(
        `deleting ${entity} ${String(item[SK])}`,
        { [PK]: item[PK], [SK]: item[SK], [SRC]: source.version, [UP]: source.key, [DEL]: true },
        NOT_LATER,
      ),
    );
    return results.filter(Boolean).length;
  }

  async getFile(key: string): Promise<FileRecord | null> {
    const out = await this.withRetry(`reading the file record of ${key}`, () =>
      this.dynamo.send(new GetCommand({ TableName: this.tableName, Key: itemKey(ENTITY.file, key), ConsistentRead: this.consistentRead })),
    );
    const v = out.Item?.[VALUE];
    return typeof v === 'string' ? (JSON.parse(v) as FileRecord) : null;
  }

  async loadDataset(): Promise<Dataset> {
    // Uploads not (yet) fully stored, or quarantined part-way: none of their rows count.
    const incomplete = new Set(
      (await this.listFiles()).filter((f) => (f.outcome === 'incomplete' || f.outcome === 'quarantined') && f.version).map((f) => uploadId(f.key, f.version!)),
    );
    const [deals, stageEvents, surveys, finance, targets] = await Promise.all([
      this.queryEntity<DatasetRecordMap['deals']>(ENTITY.deals, incomplete),
      this.queryEntity<DatasetRecordMap['stage-events']>(ENTITY['stage-events'], incomplete),
      this.queryEntity<DatasetRecordMap['surveys']>(ENTITY.surveys, incomplete),
      this.queryEntity<DatasetRecordMap['finance']>(ENTITY.finance, incomplete),
      this.queryEntity<DatasetRecordMap['targets']>(ENTITY.targets, incomplete),
    ]);
    return { deals, stageEvents, surveys, finance, targets };
  }

  // ---- files, snapshots, restatements ------------------------------------------

  async recordFile(record: FileRecord): Promise<boolean> {
    const { pk, sk } = itemKey(ENTITY.file, record.key);
    const item: Record<string, string> = { [PK]: pk, [SK]: sk, [VALUE]: compactJson(record) };
    if (!record.version) {
      await this.withRetry(`record file ${record.key}`, () => this.dynamo.send(new PutCommand({ TableName: this.tableName, Item: item })));
      return true;
    }
    item[SRC] = record.version;
    item[UP] = record.key;
    return this.conditionalPut(`record file ${record.key}`, item, NOT_LATER);
  }

  listFiles(): Promise<FileRecord[]> {
    return this.queryEntity<FileRecord>(ENTITY.file);
  }

  listPublished(): Promise<PublishedValue[]> {
    return this.queryEntity<PublishedValue>(ENTITY.published);
  }

  async putPublished(values: PublishedValue[]): Promise<number> {
    return this.putIfAbsent(
      ENTITY.published,
      values.map((v) => [`${v.periodId}#${v.kpi}`, v] as const),
    );
  }

  listRestatements(): Promise<Restatement[]> {
    return this.queryEntity<Restatement>(ENTITY.restatement);
  }

  /**
   * Keyed by period, KPI and the restatement's sequence number for that KPI, written only
   * if absent: two runs that see the same change record it once.
   */
  async putRestatements(values: Restatement[]): Promise<number> {
    return this.putIfAbsent(
      ENTITY.restatement,
      values.map((v) => [`${v.periodId}#${v.kpi}#${String(v.sequence ?? 0).padStart(4, '0')}`, v] as const),
    );
  }

  // ---- internals ------------------------------------------------------------------

  /** Puts each (key, value) unless the item exists; returns how many were written. */
  private async putIfAbsent(entity: Entity, entries: readonly (readonly [string, object])[]): Promise<number> {
    const written = await mapLimit(entries, this.conditionalConcurrency, ([key, value]) => {
      const item = { ...itemKey(entity, key), [VALUE]: compactJson(value) };
      return this.conditionalPut(`writing ${entity} ${key}`, item, ABSENT);
    });
    return written.filter(Boolean).length;
  }

  /**
   * Upload-sourced writes: one conditional PutItem per key (BatchWriteItem takes no
   * conditions), never replacing an item written by a later upload. `null` = tombstone.
   */
  private async putSourced(entity: Entity, entries: readonly (readonly [string, object | null])[], source: UploadSource): Promise<PutOutcome> {
    const byKey = new Map<string, Record<string, unknown>>();
    for (const [key, value] of entries) {
      const { pk, sk } = itemKey(entity, key);
      const id = `${pk}\u0000${sk}`;
      byKey.delete(id);
      byKey.set(
        id,
        value === null
          ? { [PK]: pk, [SK]: sk, [SRC]: source.version, [UP]: source.key, [DEL]: true }
          : { [PK]: pk, [SK]: sk, [VALUE]: compactJson(value), [SRC]: source.version, [UP]: source.key },
      );
    }
    const results = await mapLimit([...byKey.values()], this.conditionalConcurrency, (item) =>
      item[DEL] ? this.conditionalPut(`deleting ${entity} ${String(item[SK])}`, item, NOT_LATER, source.version) : this.putKeepingPrevious(entity, item),
    );
    const written = results.filter(Boolean).length;
    return { written, superseded: results.length - written };
  }

  /**
   * A record from an upload: a new item -> one PutItem; an item from an earlier upload -> an
   * UpdateItem that keeps that record as the previous one; the same upload again (a
   * re-delivery) -> an UpdateItem of the value that keeps the previous one too; an item from
   * a later upload -> nothing (false).
   */
  private async putKeepingPrevious(entity: Entity, item: Record<string, unknown>): Promise<boolean> {
    const what = `writing ${entity} ${String(item[SK])}`;
    if (await this.conditionalPut(what, item, NEW_ITEM)) return true;
    const key = { [PK]: item[PK], [SK]: item[SK] };
    const values = { ':v': item[VALUE], ':src': item[SRC], ':up': item[UP] };
    if (
      await this.conditionalUpdate(what, {
        Key: key,
        ConditionExpression: 'attribute_exists(#v) AND (#src < :src OR (#src = :src AND #up < :up))',
        UpdateExpression: 'SET #pv = #v, #psrc = #src, #pup = #up, #v = :v, #src = :src, #up = :up',
        ExpressionAttributeNames: { '#v': VALUE, '#src': SRC, '#up': UP, '#pv': PREV.v, '#psrc': PREV.src, '#pup': PREV.up },
        ExpressionAttributeValues: values,
      })
    ) {
      return true;
    }
    if (
      await this.conditionalUpdate(what, {
        Key: key,
        ConditionExpression: '#src = :src AND #up = :up',
        UpdateExpression: 'SET #v = :v',
        ExpressionAttributeNames: { '#v': VALUE, '#src': SRC, '#up': UP },
        ExpressionAttributeValues: values,
      })
    ) {
      return true;
    }
    // A tombstone from an earlier upload (nothing to keep), or a later upload's record.
    return this.conditionalPut(what, item, NOT_LATER);
  }

  /** One UpdateItem under its condition; false when the condition failed. */
  private conditionalUpdate(what: string, input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>): Promise<boolean> {
    return this.ifConditionHolds(what, () => this.dynamo.send(new UpdateCommand({ TableName: this.tableName, ...input })));
  }

  /** Runs a conditional request (with retries): true when written, false when its condition failed. */
  private async ifConditionHolds(what: string, send: () => Promise<unknown>): Promise<boolean> {
    try {
      await this.withRetry(what, send);
      return true;
    } catch (e) {
      if (e instanceof StoreError && isConditionFailed(e.cause)) return false;
      throw e;
    }
  }

  /** One PutItem under a condition; false when the condition failed (nothing written). */
  private conditionalPut(what: string, item: Record<string, unknown>, condition: Condition, version?: string): Promise<boolean> {
    return this.ifConditionHolds(what, () =>
      this.dynamo.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: condition.expression,
          ExpressionAttributeNames: condition.names,
          ...(condition.usesVersion ? { ExpressionAttributeValues: { ':src': version ?? item[SRC], ':up': item[UP] } } : {}),
        }),
      ),
    );
  }

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

  /** Every value of one entity type: all shards queried in parallel, each paginated, sorted by key; tombstones and records of `excluded` uploads left out. */
  private async queryEntity<T>(entity: Entity, excluded?: ReadonlySet<string>): Promise<T[]> {
    const shards = Array.from({ length: SHARDS }, (_, i) => i);
    const perShard = await mapLimit(shards, this.readConcurrency, (shard) => this.queryShard(entity, shard, excluded));
    const all: [string, string][] = perShard.flat();
    all.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return all.map(([, v]) => JSON.parse(v) as T);
  }

  private async queryShard(entity: Entity, shard: number, excluded?: ReadonlySet<string>): Promise<[string, string][]> {
    const withSources = !!excluded?.size;
    const items = await this.queryPages(partitionKey(entity, shard), {
      ExpressionAttributeNames: withSources ? { '#v': VALUE, '#src': SRC, '#up': UP, '#pv': PREV.v, '#psrc': PREV.src, '#pup': PREV.up } : { '#v': VALUE },
      ProjectionExpression: withSources ? '#pk, #sk, #v, #src, #up, #pv, #psrc, #pup' : '#pk, #sk, #v',
      Limit: this.pageSize,
    });
    const out: [string, string][] = [];
    for (const item of items) {
      let v = item[VALUE] as string | undefined;
      if (v !== undefined && withSources && item[UP] !== undefined && excluded!.has(uploadId(item[UP] as string, item[SRC] as string))) {
        // From an upload that is not complete: the record it replaced, if that one counts.
        const prevCounts = item[PREV.up] !== undefined && !excluded!.has(uploadId(item[PREV.up] as string, item[PREV.src] as string));
        v = prevCounts ? (item[PREV.v] as string | undefined) : undefined;
      }
      if (v === undefined) continue; // tombstone, or nothing that counts
      out.push([item[SK] as string, v]);
    }
    return out;
  }

  /** Every item of one partition (all pages), with the given filter/projection (default: keys only). */
  private async queryPages(
    pk: string,
    extra: { FilterExpression?: string; ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown>; Limit?: number },
  ): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.withRetry(`reading ${pk} from ${this.tableName}`, () =>
        this.dynamo.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: '#pk = :pk',
            FilterExpression: extra.FilterExpression,
            ProjectionExpression: extra.ProjectionExpression ?? '#pk, #sk',
            ExpressionAttributeNames: { '#pk': PK, '#sk': SK, ...extra.ExpressionAttributeNames },
            ExpressionAttributeValues: { ':pk': pk, ...extra.ExpressionAttributeValues },
            ConsistentRead: this.consistentRead,
            ExclusiveStartKey: start,
            Limit: extra.Limit,
          }),
        ),
      );
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}

interface Condition {
  expression: string;
  names: Record<string, string>;
  usesVersion: boolean;
}
/**
 * Uploads are ordered by (version, S3 key): the key breaks a tie between two uploads of
 * different keys with the same event time and sequence.
 * NOT_LATER: the item is new, or holds a record from the same or an earlier upload.
 */
const NOT_LATER: Condition = {
  expression: 'attribute_not_exists(#pk) OR attribute_not_exists(#src) OR #src < :src OR (#src = :src AND #up <= :up)',
  names: { '#pk': PK, '#src': SRC, '#up': UP },
  usesVersion: true,
};
/** The item is new, or was written without a source (before uploads were versioned). */
const NEW_ITEM: Condition = { expression: 'attribute_not_exists(#pk) OR attribute_not_exists(#src)', names: { '#pk': PK, '#src': SRC }, usesVersion: false };
const ABSENT: Condition = { expression: 'attribute_not_exists(#pk)', names: { '#pk': PK }, usesVersion: false };

function isConditionFailed(e: unknown): boolean {
  return e instanceof ConditionalCheckFailedException || (e as Error | undefined)?.name === 'ConditionalCheckFailedException';
}

function entityOf(dataset: DatasetName): Entity {
  const entity = ENTITY[dataset];
  if (!entity) throw new StoreError(`unknown dataset "${dataset}"`);
  return entity;
}

/** Identifies one upload (one version of one S3 key). */
export function uploadId(key: string, version: string): string {
  return `${key}\u0000${version}`;
}

function errText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
