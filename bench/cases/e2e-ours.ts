/**
 * Ours end to end: the embedded local stack (dynalite in memory + s3rver, in this
 * process: shared/local/runtime.ts) — upload the deals CSV through the S3 API, its
 * ObjectCreated event drives the ingest handler (functions/ingest/handler.ts ->
 * shared/usecases/ingest-object.ts: readUpload, DynamoRecordStore.putRecords), until
 * the ingest queue is idle. Server start-up is not timed.
 * Args: --file PATH
 */
import { basename } from 'node:path';
import { startLocalStack } from '../../shared/local/runtime';
import { args, emit, now, peakRssMb, required, resetPeak } from '../lib/mem';

const a = args();
const file = required(a, 'file');
const stack = await startLocalStack();
try {
  resetPeak();
  const t0 = now();
  await stack.uploadFile(file, `uploads/deals/${basename(file)}`);
  const uploadMs = now() - t0;
  const outcomes = await stack.waitForIngestIdle();
  const ms = now() - t0;
  const o = outcomes[0];
  if (!o || o.status !== 'accepted') throw new Error(`ingest did not accept the file: ${JSON.stringify(outcomes).slice(0, 500)}`);
  emit({ rows: o.rowsAccepted, ms, uploadMs, rowsPerSec: o.rowsAccepted / (ms / 1000), status: o.status, peakRssMb: peakRssMb() });
} finally {
  await stack.stop();
}
