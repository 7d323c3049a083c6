/**
 * Report Lambda (EventBridge Scheduler): parse the request, run the report use
 * case, return the keys written. Clients are built once at cold start.
 */
import type { Context } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { SNSClient } from '@aws-sdk/client-sns';
import { makeClients } from '../../shared/adapters/clients';
import { DynamoRecordStore } from '../../shared/adapters/dynamo-store';
import { S3BlobStore } from '../../shared/adapters/s3-blob-store';
import { makeSnsNotifier } from '../../shared/adapters/notify';
import type { Config } from '../../shared/config/config';
import { readRuntimeEnv } from '../../shared/config/env';
import type { IsoDate } from '../../shared/model/types';
import type { BlobStore, RecordStore } from '../../shared/ports';
import { runReport, type PublishedNotice, type ReportLogger } from '../../shared/usecases/run-report';
import { defaultAsOf, kindsOf, parseReportEvent } from './event';

export interface ReportHandlerDeps {
  store: RecordStore;
  blobs: BlobStore;
  config: Config;
  now: () => Date;
  notify?: (e: PublishedNotice) => Promise<void>;
  logger?: ReportLogger;
  maxListRows?: number;
  /** How workbooks name stored files (local runs: paths under the output folder). */
  where?: (bucketKey: string) => string;
}

export interface ReportHandlerResult {
  asOf: IsoDate;
  generatedAt: string;
  keys: string[];
  kpisKeys: string[];
  restatements: number;
  reports: { kind: string; periodId: string; key: string; closed: boolean }[];
}

export type ReportHandler = (event: unknown, context?: Context) => Promise<ReportHandlerResult>;

export function makeHandler(deps: ReportHandlerDeps): ReportHandler {
  return async (event) => {
    const req = parseReportEvent(event); // throws ReportEventError with a clear message
    const asOf = req.asOf ?? defaultAsOf(req.kind, deps.now(), deps.config.timeZone);
    deps.logger?.info('report run', { kind: req.kind, asOf, asOfGiven: req.asOf !== undefined });
    const out = await runReport(
      { store: deps.store, blobs: deps.blobs, now: deps.now, notify: deps.notify, logger: deps.logger, maxListRows: deps.maxListRows, where: deps.where },
      { kinds: kindsOf(req.kind), asOf, config: deps.config },
    );
    return {
      asOf: out.asOf,
      generatedAt: out.generatedAt,
      keys: out.keys,
      kpisKeys: out.kpisKeys,
      restatements: out.restatements,
      reports: out.reports.map((r) => ({ kind: r.kind, periodId: r.periodId, key: r.key, closed: r.closed })),
    };
  };
}

let cold: ReportHandler | undefined;
let coldLogger: Logger | undefined;

/** Built on the first invocation (cold start) from the Lambda environment. */
export const handler: ReportHandler = async (event, context) => {
  if (!cold) {
    const env = readRuntimeEnv();
    const clients = makeClients({ dynamoEndpoint: env.dynamoEndpoint, s3Endpoint: env.s3Endpoint });
    coldLogger = new Logger({ serviceName: 'scorecard-report' });
    cold = makeHandler({
      store: new DynamoRecordStore(clients.dynamo, env.tableName),
      blobs: new S3BlobStore(clients.s3, env.bucketName),
      config: env.config,
      now: () => new Date(),
      logger: coldLogger,
      notify: env.topicArn ? makeSnsNotifier(new SNSClient({}), env.topicArn, env.bucketName) : undefined,
    });
  }
  if (context) coldLogger?.addContext(context);
  return cold(event, context);
};
