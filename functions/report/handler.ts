/**
 * Report Lambda (EventBridge Scheduler): parse the request, run the report use
 * case, return the keys written. Clients are built once at cold start.
 */
import type { Context } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { SNSClient } from '@aws-sdk/client-sns';
import { makeClients, makeSesClient, type Clients } from '../../shared/adapters/clients';
import { DynamoDeliveryLog } from '../../shared/adapters/dynamo-delivery-log';
import { SesMailer } from '../../shared/adapters/ses-mailer';
import { ConfigError } from '../../shared/errors';
import { DynamoRecordStore } from '../../shared/adapters/dynamo-store';
import { S3BlobStore } from '../../shared/adapters/s3-blob-store';
import { makeSnsNotifier } from '../../shared/adapters/notify';
import type { Config } from '../../shared/config/config';
import { readRuntimeEnv, type RuntimeEnv } from '../../shared/config/env';
import type { IsoDate } from '../../shared/model/types';
import type { BlobStore, RecordStore } from '../../shared/ports';
import { runReport, type PublishedNotice, type ReportLogger } from '../../shared/usecases/run-report';
import { defaultAsOf, kindsOf, parseReportEvent, reviewDueOn } from './event';
import { toCalendarDate } from '../../shared/calendar/fiscal';
import { fiscalCalendar } from '../../shared/calendar/fiscal-calendar';
import { deliver, type DeliverDeps, type DeliverResult } from '../../shared/usecases/deliver';

export interface ReportHandlerDeps {
  store: RecordStore;
  blobs: BlobStore;
  config: Config;
  now: () => Date;
  notify?: (e: PublishedNotice) => Promise<void>;
  logger?: ReportLogger;
  maxListRows?: number;
  /** E-mail delivery of the workbooks to the config's `deliveries` (none without it). */
  mail?: Pick<DeliverDeps, 'mailer' | 'log' | 'maxAttempts' | 'retryDelayMs' | 'sleep'>;
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
  /** Set when a daily-scheduled review was not due today (nothing was read or written). */
  skipped?: string;
  /** Set when deliveries are configured and a mailer is given. */
  deliveries?: DeliverResult;
}

export type ReportHandler = (event: unknown, context?: Context) => Promise<ReportHandlerResult>;

export function makeHandler(deps: ReportHandlerDeps): ReportHandler {
  return async (event) => {
    const req = parseReportEvent(event); // throws ReportEventError with a clear message
    if (req.closeDay !== undefined && (req.kind === 'quarterly' || req.kind === 'annual')) {
      const now = deps.now();
      const today = toCalendarDate(now, deps.config.timeZone);
      if (!reviewDueOn(req.kind, today, req.closeDay, fiscalCalendar(deps.config))) {
        const skipped = `not due: the ${req.kind} review runs on day ${req.closeDay} of the first month of a fiscal ${req.kind === 'annual' ? 'year' : 'quarter'}`;
        deps.logger?.info('report run skipped', { kind: req.kind, today, closeDay: req.closeDay });
        return { asOf: today, generatedAt: now.toISOString(), keys: [], kpisKeys: [], restatements: 0, reports: [], skipped };
      }
    }
    const asOf = req.asOf ?? defaultAsOf(req.kind, deps.now(), deps.config.timeZone);
    deps.logger?.info('report run', { kind: req.kind, asOf, asOfGiven: req.asOf !== undefined });
    const out = await runReport(
      {
        store: deps.store,
        blobs: deps.blobs,
        now: deps.now,
        notify: deps.notify,
        logger: deps.logger,
        maxListRows: deps.maxListRows,
        where: deps.where,
        ...(deps.mail ? { deliveryFailures: (since: string) => deps.mail!.log.failuresSince(since) } : {}),
      },
      { kinds: kindsOf(req.kind), asOf, config: deps.config },
    );
    const deliveries =
      deps.mail && deps.config.deliveries.length
        ? await deliver({ ...deps.mail, blobs: deps.blobs, store: deps.store, now: deps.now, logger: deps.logger, maxListRows: deps.maxListRows }, deps.config, out)
        : undefined;
    return {
      asOf: out.asOf,
      generatedAt: out.generatedAt,
      keys: out.keys,
      kpisKeys: out.kpisKeys,
      restatements: out.restatements,
      reports: out.reports.map((r) => ({ kind: r.kind, periodId: r.periodId, key: r.key, closed: r.closed })),
      ...(deliveries ? { deliveries } : {}),
    };
  };
}

/** The SES mailer and the delivery log, when the config has deliveries (then MAIL_FROM is required). */
function mailFromEnv(env: RuntimeEnv, clients: Clients): ReportHandlerDeps['mail'] {
  if (!env.config.deliveries.length) return undefined;
  if (!env.mail) throw new ConfigError('the config has deliveries but MAIL_FROM (the verified sender) is not set', 'MAIL_FROM');
  return {
    mailer: new SesMailer(makeSesClient(), { from: env.mail.from, fromIdentityArn: env.mail.identityArn, configurationSet: env.mail.configurationSet }),
    log: new DynamoDeliveryLog(clients.dynamo, env.tableName),
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
      notify: env.topicArn ? makeSnsNotifier(new SNSClient({}), env.topicArn, env.bucketName, process.env.AWS_REGION) : undefined,
      mail: mailFromEnv(env, clients),
    });
  }
  if (context) coldLogger?.addContext(context);
  return cold(event, context);
};
