import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../errors';
import type { Deal, FileRecord, PublishedValue, Restatement, StageEvent, Target } from '../model/types';
import { startLocalStack, type LocalStack } from '../local/runtime';
import { createTableIfMissing } from './table';
import { BATCH_SIZE, DynamoRecordStore, SHARDS, itemKey, isRetryableError, sortKey } from './dynamo-store';

const TABLE = 't';

function deal(i: number, amount = i * 10): Deal {
  return {
    dealId: `D-${String(i).padStart(5, '0')}`,
    customerId: `C-${i % 7}`,
    createdDate: '2026-01-05',
    status: 'open',
    amount,
    dealType: 'new',
  };
}

type Req = { PutRequest: { Item: { pk: string; sk: string; v: string } } };

describe('item keys', () => {
  it('put one natural key on one item, whatever else the record holds', () => {
    expect(itemKey('deal', 'D-1')).toEqual(itemKey('deal', 'D-1'));
    expect(itemKey('deal', 'D-1').pk).toMatch(/^deal#\d\d$/);
    expect(itemKey('deal', 'D-1').sk).toBe('D-1');
  });

  it('spread keys over all shards', () => {
    const shards = new Set(Array.from({ length: 2000 }, (_, i) => itemKey('deal', `D-${i}`).pk));
    expect(shards.size).toBe(SHARDS);
  });

  it('hash natural keys too long for a DynamoDB sort key, stably', () => {
    const long = 'x'.repeat(2000);
    expect(sortKey(long)).not.toBe(long);
    expect(Buffer.byteLength(sortKey(long))).toBeLessThanOrEqual(1024);
    expect(sortKey(long)).toBe(sortKey('x'.repeat(2000)));
    expect(sortKey(long)).not.toBe(sortKey('x'.repeat(2001)));
  });

  it('classify throttling, 5xx and network errors as retryable, validation errors not', () => {
    expect(isRetryableError(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }))).toBe(true);
    expect(isRetryableError(Object.assign(new Error('x'), { name: 'ThrottlingException' }))).toBe(true);
    expect(isRetryableError(Object.assign(new Error('x'), { name: 'RequestLimitExceeded' }))).toBe(true);
    expect(isRetryableError(Object.assign(new Error('x'), { name: 'Whatever', $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isRetryableError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryableError(Object.assign(new Error('x'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }))).toBe(false);
  });
});

describe('DynamoRecordStore writes under injected faults (aws-sdk-client-mock)', () => {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
  const mock = mockClient(doc);
  let sleeps: number[];
  const store = (maxAttempts = 10) =>
    new DynamoRecordStore(doc, TABLE, {
      maxAttempts,
      baseDelayMs: 10,
      maxDelayMs: 1000,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
    });

  beforeEach(() => {
    mock.reset();
    sleeps = [];
  });

  it('write every item exactly once through UnprocessedItems and throughput errors', async () => {
    const written = new Map<string, number>();
    const values = new Map<string, Deal>();
    let call = 0;
    mock.on(BatchWriteCommand).callsFake((input) => {
      call++;
      const reqs = input.RequestItems[TABLE] as Req[];
      expect(reqs.length).toBeLessThanOrEqual(BATCH_SIZE);
      const ids = reqs.map((r) => `${r.PutRequest.Item.pk}|${r.PutRequest.Item.sk}`);
      expect(new Set(ids).size).toBe(ids.length); // DynamoDB rejects duplicate keys in one batch
      if (call % 4 === 0) {
        throw new ProvisionedThroughputExceededException({ message: 'throughput exceeded', $metadata: { httpStatusCode: 400 } });
      }
      // Process the first half of the batch, hand the rest back unprocessed.
      const keep = reqs.length > 1 ? Math.ceil(reqs.length / 2) : 1;
      for (const r of reqs.slice(0, keep)) {
        const id = `${r.PutRequest.Item.pk}|${r.PutRequest.Item.sk}`;
        written.set(id, (written.get(id) ?? 0) + 1);
        values.set(id, JSON.parse(r.PutRequest.Item.v));
      }
      const rest = reqs.slice(keep);
      return rest.length ? { UnprocessedItems: { [TABLE]: rest } } : {};
    });
    const deals = Array.from({ length: 130 }, (_, i) => deal(i));
    await store().putRecords('deals', deals);
    expect(written.size).toBe(130);
    expect([...written.values()].every((n) => n === 1)).toBe(true);
    const stored = [...values.values()].sort((a, b) => a.dealId.localeCompare(b.dealId));
    expect(stored).toEqual(deals);
    // Backed off between retries, with full jitter (random() = 0.5 of the capped exponential).
    expect(sleeps.length).toBeGreaterThan(0);
    for (const ms of sleeps) expect([10, 20, 40, 80, 160, 320, 500]).toContain(ms);
  });

  it('keep only the last version of a key repeated in one call', async () => {
    const sent: Req[] = [];
    mock.on(BatchWriteCommand).callsFake((input) => {
      sent.push(...(input.RequestItems[TABLE] as Req[]));
      return {};
    });
    const deals = Array.from({ length: 60 }, (_, i) => deal(i % 30, i));
    await store().putRecords('deals', deals);
    expect(sent).toHaveLength(30);
    for (const r of sent) {
      const d = JSON.parse(r.PutRequest.Item.v) as Deal;
      const i = Number(d.dealId.slice(2));
      expect(d.amount).toBe(i + 30); // the later of the two rows
    }
  });

  it('give up with a StoreError (and its cause) after the allowed attempts', async () => {
    const err = new ProvisionedThroughputExceededException({ message: 'throughput exceeded', $metadata: { httpStatusCode: 400 } });
    mock.on(BatchWriteCommand).rejects(err);
    const p = store(4).putRecords('deals', [deal(1)]);
    await expect(p).rejects.toBeInstanceOf(StoreError);
    await expect(p).rejects.toMatchObject({ cause: err });
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it('give up when items stay unprocessed', async () => {
    mock.on(BatchWriteCommand).callsFake((input) => ({ UnprocessedItems: input.RequestItems }));
    await expect(store(3).putRecords('deals', [deal(1), deal(2)])).rejects.toThrow(/failed after 3 attempts/);
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(3);
  });

  it('not retry an error that retrying cannot fix', async () => {
    mock.on(BatchWriteCommand).rejects(Object.assign(new Error('Item size has exceeded the maximum allowed size'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }));
    await expect(store().putRecords('deals', [deal(1)])).rejects.toBeInstanceOf(StoreError);
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(1);
  });

  it('retry throttled queries while loading', async () => {
    let n = 0;
    mock.on(QueryCommand).callsFake(() => {
      if (++n % 3 === 1) throw Object.assign(new Error('slow down'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
      return { Items: [] };
    });
    const ds = await store().loadDataset();
    expect(ds).toEqual({ deals: [], stageEvents: [], surveys: [], finance: [], targets: [] });
  });
});

describe('DynamoRecordStore on dynalite', () => {
  let stack: LocalStack;
  let n = 0;
  const fresh = async (opts: { pageSize?: number } = {}) => {
    const table = `store-${++n}`;
    await createTableIfMissing(stack.clients.dynamoClient, table);
    return { table, store: new DynamoRecordStore(stack.clients.dynamo, table, opts) };
  };

  beforeAll(async () => {
    stack = await startLocalStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('load back every record of every dataset across pages and shards', async () => {
    const { store } = await fresh({ pageSize: 3 });
    const deals = Array.from({ length: 60 }, (_, i) => ({ ...deal(i), owner: i % 2 ? 'Ann' : undefined }));
    const events: StageEvent[] = [
      { dealId: 'D-00001', stage: 'lead', enteredDate: '2026-01-05' },
      { dealId: 'D-00001', stage: 'qualified', enteredDate: '2026-01-09' },
      { dealId: 'D-00001', stage: 'lead', enteredDate: '2026-02-01' },
    ];
    const targets: Target[] = [
      { kpi: 'win_rate', period: 'FY2026', target: 0.4, scope: '' },
      { kpi: 'win_rate', period: 'FY2026', target: 0.5, scope: 'team=EMEA' },
    ];
    await store.putRecords('deals', deals);
    await store.putRecords('stage-events', events);
    await store.putRecords('surveys', [{ responseId: 'R1', respondedDate: '2026-02-02', nps: 9 }]);
    await store.putRecords('finance', [{ period: 'FY2026-Q1', revenue: 1000 }, { period: '2026-03', crmCost: 5 }]);
    await store.putRecords('targets', targets);

    const ds = await store.loadDataset();
    const strip = (d: Deal) => JSON.parse(JSON.stringify(d)) as Deal;
    expect(ds.deals).toHaveLength(60);
    expect(ds.deals.map((d) => d.dealId)).toEqual(deals.map((d) => d.dealId));
    expect(ds.deals).toEqual(deals.map(strip));
    expect(ds.deals[0]).not.toHaveProperty('owner');
    expect(ds.stageEvents).toHaveLength(3);
    expect(ds.stageEvents).toEqual(expect.arrayContaining(events));
    expect(ds.surveys).toEqual([{ responseId: 'R1', respondedDate: '2026-02-02', nps: 9 }]);
    expect(ds.finance).toEqual(expect.arrayContaining([{ period: 'FY2026-Q1', revenue: 1000 }, { period: '2026-03', crmCost: 5 }]));
    expect(ds.targets).toEqual(expect.arrayContaining(targets));
  });

  it('replace a record by its natural key and leave the rest', async () => {
    const { table, store } = await fresh();
    await store.putRecords('deals', [deal(1), deal(2)]);
    await store.putRecords('deals', [deal(1), deal(2)]);
    await store.putRecords('deals', [{ ...deal(2), status: 'won', closedDate: '2026-03-01', amount: 999 }]);
    const ds = await store.loadDataset();
    expect(ds.deals).toEqual([deal(1), { ...deal(2), status: 'won', closedDate: '2026-03-01', amount: 999 }]);
    const scan = await stack.clients.dynamo.send(new ScanCommand({ TableName: table }));
    expect(scan.Items).toHaveLength(2);
  });

  it('record files, published values and restatements, replacing by key', async () => {
    const { store } = await fresh();
    const file: FileRecord = {
      key: 'uploads/deals/a b.csv',
      etag: 'e1',
      dataset: 'deals',
      fileName: 'a b.csv',
      outcome: 'partial',
      rowsAccepted: 9,
      rowsRejected: 1,
      reportKey: 'reports/rejected/deals/a b.csv.errors.csv',
      ingestedAt: '2026-11-22T08:00:00.000Z',
    };
    await store.recordFile(file);
    await store.recordFile({ ...file, etag: 'e2', outcome: 'accepted', rowsAccepted: 10, rowsRejected: 0, reportKey: undefined });
    await store.recordFile({ ...file, key: 'uploads/finance/f.csv', dataset: 'finance', fileName: 'f.csv' });
    const files = await store.listFiles();
    expect(files).toHaveLength(2);
    const a = files.find((f) => f.key === 'uploads/deals/a b.csv');
    const { reportKey: _old, ...withoutReport } = file;
    expect(a).toEqual({ ...withoutReport, etag: 'e2', outcome: 'accepted', rowsAccepted: 10, rowsRejected: 0 });
    expect(a).not.toHaveProperty('reportKey');

    const pub: PublishedValue[] = [
      { periodId: 'FY2026-Q1', kpi: 'win_rate', value: 0.4, publishedAt: '2026-04-06T06:00:00Z' },
      { periodId: 'FY2026-Q1', kpi: 'nps', value: null, publishedAt: '2026-04-06T06:00:00Z' },
    ];
    await store.putPublished(pub);
    await store.putPublished([pub[0]]);
    expect(await store.listPublished()).toEqual(expect.arrayContaining(pub));
    expect(await store.listPublished()).toHaveLength(2);

    const rs: Restatement[] = [
      { periodId: 'FY2026-Q1', kpi: 'win_rate', oldValue: 0.4, newValue: 0.42, firstPublishedAt: '2026-04-06T06:00:00Z', restatedAt: '2026-05-04T06:00:00Z', sequence: 1 },
      { periodId: 'FY2026-Q1', kpi: 'win_rate', oldValue: 0.4, newValue: 0.43, firstPublishedAt: '2026-04-06T06:00:00Z', restatedAt: '2026-06-01T06:00:00Z', sequence: 2 },
    ];
    await store.putRestatements(rs);
    await store.putRestatements(rs);
    expect(await store.listRestatements()).toEqual(rs);
  });
});
