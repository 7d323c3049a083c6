/**
 * Ingest Lambda: SQS batches of S3 ObjectCreated notifications for `uploads/`.
 * Thin: parse the messages, call ingestObject per file; the partial batch response is
 * Powertools' batch utility's (one message at a time, so one file's memory at a time; a
 * batch where every message failed is reported as such, not thrown). A bad file is
 * quarantined and acknowledged; a transient failure fails only its own message (SQS
 * redelivers it, then the DLQ).
 */
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { makeClients } from '../../shared/adapters/clients';
import { DynamoRecordStore } from '../../shared/adapters/dynamo-store';
import { S3BlobStore } from '../../shared/adapters/s3-blob-store';
import { readRuntimeEnv } from '../../shared/config/env';
import { ingestObject, type IngestDeps, type IngestLogger, type IngestOutcome } from '../../shared/usecases/ingest-object';
import { objectsFromMessageBody } from './s3-events';

export interface IngestHandlerDeps extends Omit<IngestDeps, 'logger'> {
  logger?: IngestLogger;
  /** A logger for one file, tagged with its correlation id (the S3 key). Defaults to `logger`. */
  loggerFor?: (correlationId: string) => IngestLogger;
  /** Called with every finished file (the local runtime collects them). */
  onOutcome?: (outcome: IngestOutcome) => void;
  /** Called when a file failed and its message is reported for retry. */
  onFailure?: (key: string, error: unknown) => void;
}

export type IngestHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

export function makeHandler(deps: IngestHandlerDeps): IngestHandler {
  const { loggerFor, onOutcome, onFailure, ...ingestDeps } = deps;
  const handleMessage = async (message: SQSRecord): Promise<void> => {
    let objects;
    try {
      objects = objectsFromMessageBody(message.body);
    } catch (e) {
      // Retrying cannot fix a message that is not an S3 notification: log and acknowledge.
      deps.logger?.error('unreadable message acknowledged without processing', { messageId: message.messageId, error: String(e) });
      return;
    }
    for (const object of objects) {
      const logger = loggerFor ? loggerFor(object.key) : deps.logger;
      try {
        const outcome = await ingestObject({ ...ingestDeps, logger }, object);
        onOutcome?.(outcome);
      } catch (e) {
        logger?.error('ingest failed; the message will be retried', { key: object.key, messageId: message.messageId, error: e });
        onFailure?.(object.key, e);
        throw e;
      }
    }
  };
  return async (event, context) => {
    // A processor per invocation: it holds the invocation's successes and failures.
    const processor = new BatchProcessor(EventType.SQS);
    const res = await processPartialResponse(event, handleMessage, processor, {
      ...(context ? { context } : {}),
      processInParallel: false,
      throwOnFullBatchFailure: false,
    });
    return { batchItemFailures: res.batchItemFailures.map((f) => ({ itemIdentifier: f.itemIdentifier })) };
  };
}

let cold: IngestHandler | undefined;
let coldLogger: Logger | undefined;

/** Built on the first invocation (cold start) from the Lambda environment. */
export const handler: IngestHandler = async (event, context) => {
  if (!cold) {
    const env = readRuntimeEnv();
    const clients = makeClients({ dynamoEndpoint: env.dynamoEndpoint, s3Endpoint: env.s3Endpoint });
    coldLogger = new Logger({ serviceName: 'scorecard-ingest' });
    const logger = coldLogger;
    cold = makeHandler({
      store: new DynamoRecordStore(clients.dynamo, env.tableName),
      blobs: new S3BlobStore(clients.s3, env.bucketName),
      config: env.config,
      now: () => new Date(),
      logger,
      loggerFor: (id) => logger.createChild({ persistentKeys: { correlation_id: id } }),
    });
  }
  if (context) coldLogger?.addContext(context);
  return cold(event, context);
};
