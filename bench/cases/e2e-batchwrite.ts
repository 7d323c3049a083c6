/**
 * Baseline for end to end into the store: a plain sequential BatchWrite loop (25 items
 * per BatchWriteCommand, one request at a time, the same DynamoDBDocumentClient) of the
 * same items the store writes ({pk, sk, v} built with the store's own itemKey and
 * JSON value) into the same server (dynalite in memory, started by startLocalStack in
 * this process, same table). The items are prepared before the clock starts (the CSV
 * is parsed through readUpload, untimed): only the writes are timed.
 * Args: --file PATH
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_CONFIG } from '../../shared/config/config';
import { ENTITY, itemKey } from '../../shared/adapters/dynamo-store';
import { naturalKey } from '../../shared/ingest/index';
import { startLocalStack } from '../../shared/local/runtime';
import type { DatasetRecord } from '../../shared/model/types';
import { readFile } from '../lib/load';
import { args, emit, now, peakRssMb, required, resetPeak } from '../lib/mem';

const a = args();
const file = required(a, 'file');
const stack = await startLocalStack();
try {
  const items: { pk: string; sk: string; v: string }[] = [];
  await readFile(file, 'deals', { ...DEFAULT_CONFIG }, (records: DatasetRecord[]) => {
    for (const r of records) items.push({ ...itemKey(ENTITY.deals, naturalKey('deals', r)), v: JSON.stringify(r) });
  });
  resetPeak();
  const t0 = now();
  for (let i = 0; i < items.length; i += 25) {
    let pending: unknown[] = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const out = await stack.clients.dynamo.send(
        new BatchWriteCommand({ RequestItems: { [stack.tableName]: pending as { PutRequest: { Item: Record<string, string> } }[] } }),
      );
      pending = out.UnprocessedItems?.[stack.tableName] ?? [];
    }
  }
  const ms = now() - t0;
  emit({ rows: items.length, ms, rowsPerSec: items.length / (ms / 1000), peakRssMb: peakRssMb() });
} finally {
  await stack.stop();
}
