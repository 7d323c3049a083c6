/** Shared by the ingest tests: fresh tables/buckets on a running local stack, table dumps, small files. */
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoRecordStore } from '../../shared/adapters/dynamo-store';
import { S3BlobStore } from '../../shared/adapters/s3-blob-store';
import { createTableIfMissing } from '../../shared/adapters/table';
import type { LocalStack } from '../../shared/local/runtime';

let n = 0;

/**
 * A table and a bucket of their own on the stack's servers. The stack only turns
 * events of its own bucket into ingestion, so objects put here are ingested only
 * when a test calls ingestObject or the handler itself.
 */
export async function freshSpace(stack: LocalStack) {
  const id = `${process.pid}-${++n}`;
  const table = `t-${id}`;
  const bucket = `b-${id}`;
  await createTableIfMissing(stack.clients.dynamoClient, table);
  await stack.clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    table,
    bucket,
    store: new DynamoRecordStore(stack.clients.dynamo, table),
    blobs: new S3BlobStore(stack.clients.s3, bucket, { copySourceEncoding: 'uri' }),
  };
}

/**
 * Every item of a table, sorted, as `pk sk value` lines: two tables are equal when these are.
 * Upload versions (S3 event time + sequence) are left out: two runs of the same uploads in
 * the same order store the same table, at different times.
 */
export async function dumpTable(stack: LocalStack, table: string): Promise<string[]> {
  const out: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await stack.clients.dynamo.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const v = typeof item.v === 'string' ? item.v.replace(/,"version":"[^"]*"/, '') : item.del ? '(deleted)' : item.v;
      out.push(`${item.pk} ${item.sk} ${v}`);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return out.sort();
}

export const DEALS_HEADER = 'deal_id,customer_id,created_date,status,amount,closed_date,owner';

/** A deals CSV with rows D-0001..D-n (amount = i * 10 + bump). */
export function dealsCsv(count: number, bump = 0, extraLines: string[] = []): string {
  const lines = [DEALS_HEADER];
  for (let i = 1; i <= count; i++) {
    const won = i % 3 === 0;
    lines.push(`D-${String(i).padStart(4, '0')},C-${i % 9},2026-01-${String((i % 28) + 1).padStart(2, '0')},${won ? 'won' : 'open'},${i * 10 + bump},${won ? '2026-03-01' : ''},Ann`);
  }
  return [...lines, ...extraLines].join('\n') + '\n';
}
