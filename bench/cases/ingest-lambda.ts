/**
 * The ingest Lambda's own time and memory (for sizing it): the servers run in another
 * process (bench/cases/servers.ts); this process holds only what the Lambda holds —
 * SDK clients, DynamoRecordStore, S3BlobStore and the handler of
 * functions/ingest/handler.ts (makeHandler) — and is invoked once with an SQS event
 * carrying the S3 notification of the uploaded deals CSV. The upload (to a bucket of its
 * own, which the servers' ingest queue does not watch) is done before the clock starts.
 * Args: --file PATH --dynamo URL --s3 URL --table NAME
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import { makeClients } from '../../shared/adapters/clients';
import { DynamoRecordStore } from '../../shared/adapters/dynamo-store';
import { S3BlobStore } from '../../shared/adapters/s3-blob-store';
import { DEFAULT_CONFIG } from '../../shared/config/config';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../shared/local/runtime';
import { makeHandler } from '../../functions/ingest/handler';
import type { IngestOutcome } from '../../shared/usecases/ingest-object';
import { args, emit, now, peakRssMb, required, resetPeak, rssMb } from '../lib/mem';

const a = args();
const file = required(a, 'file');
const clients = makeClients({ region: LOCAL_REGION, dynamoEndpoint: required(a, 'dynamo'), s3Endpoint: required(a, 's3'), credentials: LOCAL_CREDENTIALS });
const bucket = 'bench-lambda';
await clients.s3.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => undefined);
const blobs = new S3BlobStore(clients.s3, bucket);
const key = `uploads/deals/${basename(file)}`;
await blobs.put(key, createReadStream(file), 'text/csv');

const outcomes: IngestOutcome[] = [];
const handler = makeHandler({
  store: new DynamoRecordStore(clients.dynamo, required(a, 'table')),
  blobs,
  config: { ...DEFAULT_CONFIG, stages: [...DEFAULT_CONFIG.stages] },
  now: () => new Date(),
  onOutcome: (o) => outcomes.push(o),
});
const event: SQSEvent = {
  Records: [
    {
      messageId: 'bench',
      receiptHandle: 'bench',
      body: JSON.stringify({
        Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), size: statSync(file).size } } }],
      }),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'bench', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:bench',
      awsRegion: LOCAL_REGION,
    },
  ],
};
resetPeak();
const rssBeforeMb = rssMb();
const t0 = now();
const res = await handler(event);
const ms = now() - t0;
const o = outcomes[0];
if (res.batchItemFailures.length > 0 || !o || o.status !== 'accepted') {
  throw new Error(`handler did not accept the file: ${JSON.stringify({ res, outcomes }).slice(0, 500)}`);
}
clients.dynamoClient.destroy();
clients.s3.destroy();
emit({ rows: o.rowsAccepted, ms, rowsPerSec: o.rowsAccepted / (ms / 1000), rssBeforeMb, peakRssMb: peakRssMb() });
