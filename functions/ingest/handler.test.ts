import { Readable } from 'node:stream';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../shared/config/config';
import { TransientError } from '../../shared/errors';
import { startLocalStack, type LocalStack } from '../../shared/local/runtime';
import type { BlobStore } from '../../shared/ports';
import type { IngestOutcome } from '../../shared/usecases/ingest-object';
import { dealsCsv, freshSpace } from '../../test/ingest/helpers';
import { handler, makeHandler } from './handler';
import { encodeS3Key } from './s3-events';

function sqs(messageId: string, body: unknown): SQSRecord {
  return {
    messageId,
    receiptHandle: messageId,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q',
    awsRegion: 'us-east-1',
  };
}

/** An S3 ObjectCreated notification as S3 writes it: the key URL-encoded, spaces as `+`. */
const created = (bucket: string, key: string) => ({
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: bucket }, object: { key: encodeS3Key(key), size: 1 } },
    },
  ],
});

describe('ingest handler', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('report only the transiently failed message; ingest the good file and quarantine the bad one', async () => {
    const space = await freshSpace(stack);
    const good = 'uploads/deals/Q3 deals+fix.csv';
    const bad = 'uploads/deals/bad file.csv';
    const flaky = 'uploads/surveys/s.csv';
    await space.blobs.put(good, dealsCsv(4));
    await space.blobs.put(bad, 'deal_id,amount\nD-1,10\n');
    await space.blobs.put(flaky, 'response_id,responded_date,nps\nR1,2026-01-05,9\n');
    const blobs: BlobStore = Object.create(space.blobs, {
      getStream: {
        value: async (key: string): Promise<Readable> => {
          if (key === flaky) throw new TransientError('S3 is slow: SlowDown');
          return space.blobs.getStream(key);
        },
      },
    });
    const outcomes: IngestOutcome[] = [];
    const handler = makeHandler({ store: space.store, blobs, config: DEFAULT_CONFIG, now: () => new Date('2026-11-22T00:00:00Z'), onOutcome: (o) => outcomes.push(o) });
    const event: SQSEvent = {
      Records: [
        sqs('m-good', created(space.bucket, good)),
        sqs('m-bad', created(space.bucket, bad)),
        sqs('m-flaky', created(space.bucket, flaky)),
        sqs('m-test', { Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: space.bucket }),
        sqs('m-junk', 'this is not JSON'),
      ],
    };
    const res = await handler(event);
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm-flaky' }]);
    expect(outcomes.map((o) => [o.key, o.status])).toEqual([
      [good, 'accepted'],
      [bad, 'quarantined'],
    ]);
    expect((await space.store.loadDataset()).deals).toHaveLength(4);
    // The flaky file is recorded as incomplete until a delivery finishes it.
    expect((await space.store.listFiles()).map((f) => [f.key, f.outcome]).sort()).toEqual(
      [
        [bad, 'quarantined'],
        [flaky, 'incomplete'],
        [good, 'accepted'],
      ].sort(),
    );
    expect(await space.blobs.head('quarantine/deals/bad file.csv')).not.toBeNull();
    expect(await space.blobs.head(flaky)).not.toBeNull();

    // The retried message succeeds once the fault is gone.
    const retry = makeHandler({ store: space.store, blobs: space.blobs, config: DEFAULT_CONFIG, now: () => new Date() });
    expect(await retry({ Records: [sqs('m-flaky', created(space.bucket, flaky))] })).toEqual({ batchItemFailures: [] });
    expect((await space.store.loadDataset()).surveys).toEqual([{ responseId: 'R1', respondedDate: '2026-01-05', nps: 9 }]);
  });

  it('build its dependencies from the Lambda environment at cold start', async () => {
    const space = await freshSpace(stack);
    const saved = { ...process.env };
    Object.assign(process.env, {
      TABLE_NAME: space.table,
      BUCKET_NAME: space.bucket,
      DYNAMODB_ENDPOINT: stack.endpoints.dynamo,
      S3_ENDPOINT: stack.endpoints.s3,
      SCORECARD_CONFIG: JSON.stringify({ stages: ['lead', 'demo', 'proposal'] }),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    try {
      await space.blobs.put('uploads/deals/env test.csv', dealsCsv(2));
      const res = await handler({ Records: [sqs('m-1', created(space.bucket, 'uploads/deals/env test.csv'))] });
      expect(res).toEqual({ batchItemFailures: [] });
      expect((await space.store.loadDataset()).deals.map((d) => d.dealId)).toEqual(['D-0001', 'D-0002']);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
