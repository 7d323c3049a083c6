/**
 * The pipeline stack: functions, queues, schedules, alarms and the notification
 * topic. The bucket and table come from the stateful stack as props.
 *
 *   S3 ObjectCreated (uploads/) -> SQS (DLQ) -> ingest Lambda (partial batch responses)
 *   EventBridge Scheduler (weekly / quarterly / annual, in config.timeZone) -> report Lambda
 *   report Lambda -> workbooks under reports/, "dashboard published" on the topic
 *   alarms (dead letters, errors, stale weekly dashboard) -> the same topic
 */
import { ArnFormat, CfnOutput, Duration, Stack, type StackProps, TimeZone, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as lambdaDestinations from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ScorecardFunction } from './constructs/scorecard-function';
import { MailDelivery } from './constructs/mail-delivery';
import { acknowledgeWildcardResource } from './nag';
import { METRIC_NAME, METRIC_NAMESPACE } from './freshness/metric';
import { freshnessCheckCron, reportSchedules, type CronFields } from './schedules';
import { FUNCTION_SIZING, MAX_RECEIVE_COUNT, WEEKLY_DASHBOARD_MAX_AGE_DAYS, type AppSettings } from './settings';
import { PREFIXES } from './stateful-stack';
import { ENTITY } from '../shared/adapters/dynamo-store';
import { DELIVERY_ENTITY } from '../shared/adapters/dynamo-delivery-log';
import { DELETIONS_REPORT_PREFIX } from '../shared/usecases/delete-object';

export interface PipelineStackProps extends StackProps {
  bucket: s3.IBucket;
  table: dynamodb.ITableV2;
  settings: AppSettings;
}

/**
 * Least privilege per function, by partition key (`<entity>#<shard>`, dynamo-store.ts)
 * with the dynamodb:LeadingKeys condition:
 * - ingest: conditional Put/Update of records (and tombstones), Put/Get of file records,
 *   Query of records and file records (a re-uploaded file's earlier rows, an erasure's
 *   customers, which uploads are incomplete). No Delete, no BatchWrite, no snapshots.
 * - report: Query/Get of everything it reports; Put only of its own items (first-published
 *   values and restatements, put-if-absent; the e-mail delivery log). No Update, no Delete.
 */
const RECORD_ENTITIES = [ENTITY.deals, ENTITY['stage-events'], ENTITY.surveys, ENTITY.finance, ENTITY.targets];
const partitionsOf = (entities: readonly string[]) => entities.map((e) => `${e}#*`);
export const TABLE_ACCESS = {
  ingest: [
    { actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'], partitions: partitionsOf(RECORD_ENTITIES) },
    { actions: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query'], partitions: partitionsOf([ENTITY.file]) },
  ],
  report: [
    { actions: ['dynamodb:Query', 'dynamodb:GetItem'], partitions: partitionsOf([...RECORD_ENTITIES, ENTITY.file, ENTITY.published, ENTITY.restatement, DELIVERY_ENTITY]) },
    { actions: ['dynamodb:PutItem'], partitions: partitionsOf([ENTITY.published, ENTITY.restatement, DELIVERY_ENTITY]) },
  ],
} as const;

function grantTable(role: iam.IRole, table: dynamodb.ITableV2, access: readonly { actions: readonly string[]; partitions: readonly string[] }[]): void {
  for (const a of access) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...a.actions],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...a.partitions] } },
      }),
    );
  }
}

/** How often EventBridge Scheduler retries a report run it could not deliver, and for how long. */
export const SCHEDULE_RETRY = { retryAttempts: 3, maxEventAge: Duration.hours(6) } as const;

export class PipelineStack extends Stack {
  readonly topic: sns.Topic;
  readonly ingestQueue: sqs.Queue;
  readonly ingestDlq: sqs.Queue;
  readonly reportDlq: sqs.Queue;
  readonly ingest: ScorecardFunction;
  readonly report: ScorecardFunction;
  readonly freshness: ScorecardFunction;
  readonly schedules: scheduler.Schedule[] = [];
  readonly alarms: cloudwatch.Alarm[] = [];
  /** E-mail delivery (SES identity, configuration set, send permission); only with CDK context scorecardMail. */
  readonly mail?: MailDelivery;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { bucket, table, settings } = props;
    const configJson = JSON.stringify(settings.config);

    // --- notification topic (alarms and "dashboard published") -------------------
    // A customer managed key: CloudWatch alarms cannot publish to a topic encrypted
    // with the AWS managed aws/sns key.
    const topicKey = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the Scorecard notification topic',
      enableKeyRotation: true,
    });
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        // In a key policy "*" means this key. No source condition: the publish is
        // authorised by the topic policy, and CloudWatch's KMS calls (made through SNS)
        // are not documented to carry aws:SourceAccount/SourceArn.
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'Notifications', {
      displayName: 'Scorecard',
      masterKey: topicKey,
      enforceSSL: true,
    });
    // The topic policy CDK writes replaces SNS's default one, so CloudWatch alarms of
    // this account are allowed to publish explicitly.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': this.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
          StringEquals: { 'aws:SourceAccount': this.account },
        },
      }),
    );

    // --- ingest path -----------------------------------------------------------------
    this.ingestDlq = secureQueue(this, 'IngestDeadLetters', { retentionPeriod: Duration.days(14) });
    acknowledgeDeadLetterQueue(this.ingestDlq);
    this.ingestQueue = secureQueue(this, 'IngestQueue', {
      // SQS redelivers a message whose handler has not finished within the visibility
      // timeout; six times the function timeout leaves room for retries of a batch.
      visibilityTimeout: Duration.seconds(FUNCTION_SIZING.ingest.timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.ingestDlq, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    // The notification lives in this stack on an imported reference to the bucket:
    // adding it to the bucket object itself would put it in the stateful stack and
    // make the two stacks depend on each other (bucket name one way, queue ARN back).
    const uploadsEvents = s3.Bucket.fromBucketAttributes(this, 'DataBucketEvents', {
      bucketArn: bucket.bucketArn,
      bucketName: bucket.bucketName,
    });
    // The queue policy by hand (s3n.SqsDestination's has no source-account condition):
    // only S3, only for this bucket, only in this account, may send to the queue.
    const queueGrant = this.ingestQueue.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('s3.amazonaws.com')],
        actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        resources: [this.ingestQueue.queueArn],
        conditions: { ArnLike: { 'aws:SourceArn': bucket.bucketArn }, StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    const ingestQueueArn = this.ingestQueue.queueArn;
    uploadsEvents.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      {
        bind: () => ({
          arn: ingestQueueArn,
          type: s3.BucketNotificationDestinationType.QUEUE,
          ...(queueGrant.policyDependable ? { dependencies: [queueGrant.policyDependable] } : {}),
        }),
      },
      { prefix: PREFIXES.uploads },
    );
    const notificationsHandler = this.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
    if (notificationsHandler) {
      Validations.of(notificationsHandler).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "CDK's built-in custom resource that adds the uploads/ notification to the bucket at deploy time; the managed policy only lets it write its own logs, and its other permission is s3:PutBucketNotification.",
      });
    }

    const runtimeEnv = { TABLE_NAME: table.tableName, BUCKET_NAME: bucket.bucketName, SCORECARD_CONFIG: configJson };
    this.ingest = new ScorecardFunction(this, 'Ingest', {
      entry: 'functions/ingest/handler.ts',
      description: 'Validates uploads and stores their rows in DynamoDB',
      serviceName: 'scorecard-ingest',
      sizing: FUNCTION_SIZING.ingest,
      environment: runtimeEnv,
    });
    this.ingest.fn.addEventSource(
      new SqsEventSource(this.ingestQueue, {
        // One upload per invocation: a large file may need the whole timeout, and a
        // timed-out batch would send its other files back (and on to the DLQ) too.
        // Partial batch responses stay on (a message may carry several records).
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: 5,
      }),
    );
    allowObjects(this.ingest.role, bucket, PREFIXES.uploads, ['s3:GetObject', 's3:GetObjectTagging', 's3:DeleteObject']);
    allowObjects(this.ingest.role, bucket, PREFIXES.quarantine, ['s3:PutObject', 's3:PutObjectTagging']);
    allowObjects(this.ingest.role, bucket, PREFIXES.rejected, ['s3:PutObject', 's3:DeleteObject']);
    allowObjects(this.ingest.role, bucket, DELETIONS_REPORT_PREFIX, ['s3:PutObject']);
    allowListing(this.ingest.role, bucket);
    grantTable(this.ingest.role, table, TABLE_ACCESS.ingest);

    // --- report path -----------------------------------------------------------------
    this.reportDlq = secureQueue(this, 'ReportDeadLetters', { retentionPeriod: Duration.days(14) });
    acknowledgeDeadLetterQueue(this.reportDlq);
    this.report = new ScorecardFunction(this, 'Report', {
      entry: 'functions/report/handler.ts',
      description: 'Computes the KPIs and writes the weekly, quarterly and annual workbooks',
      serviceName: 'scorecard-report',
      sizing: FUNCTION_SIZING.report,
      environment: { ...runtimeEnv, TOPIC_ARN: this.topic.topicArn },
    });
    // Scheduler invokes asynchronously: Lambda retries a failed run twice, then the
    // event goes to the same dead-letter queue as runs Scheduler could not deliver.
    this.report.fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new lambdaDestinations.SqsDestination(this.reportDlq),
    });
    allowObjects(this.report.role, bucket, PREFIXES.reports, ['s3:GetObject', 's3:PutObject']);
    allowListing(this.report.role, bucket);
    // Read, and write the first-published values of closed quarters (restatements).
    grantTable(this.report.role, table, TABLE_ACCESS.report);
    this.topic.grantPublish(this.report.role);
    Validations.of(this.report.role).acknowledge({
      id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason: 'Added by topic.grantPublish for the encrypted topic: kms:GenerateDataKey* (GenerateDataKey and GenerateDataKeyWithoutPlaintext) on the topic key ARN only, which SNS needs to encrypt the published message.',
    });

    // One role for every schedule (instead of one generated per target): invoke the
    // scheduled functions, send undeliverable runs to the dead-letter queue.
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'EventBridge Scheduler: invokes the Scorecard report and freshness functions',
    });
    const timeZone = TimeZone.of(settings.config.timeZone);
    const schedule = (id: string, cron: CronFields, fn: lambda.IFunction, input: object, description: string): scheduler.Schedule => {
      const s = new scheduler.Schedule(this, id, {
        schedule: scheduler.ScheduleExpression.cron({ ...cron, timeZone }),
        target: new LambdaInvoke(fn, {
          role: schedulerRole,
          input: scheduler.ScheduleTargetInput.fromObject(input),
          deadLetterQueue: this.reportDlq,
          ...SCHEDULE_RETRY,
        }),
        description,
        enabled: settings.schedule.enabled,
      });
      this.schedules.push(s);
      return s;
    };
    const acknowledgeInvoke = (fn: lambda.IFunction) =>
      acknowledgeWildcardResource(schedulerRole, `${fn.functionArn}:*`,
        'Added by the Scheduler Lambda target: lambda:InvokeFunction on this one function and its versions/aliases (`:*`), nothing else.');
    for (const spec of reportSchedules(settings.config, settings.schedule)) {
      schedule(`${spec.id}Report`, spec.cron, this.report.fn, spec.input, spec.description);
    }
    acknowledgeInvoke(this.report.fn);

    // --- freshness check (feeds the "no weekly dashboard" alarm) ------------------------
    this.freshness = new ScorecardFunction(this, 'Freshness', {
      entry: 'infra/freshness/handler.ts',
      description: 'Daily: days since the newest weekly dashboard, as a CloudWatch metric',
      serviceName: 'scorecard-freshness',
      sizing: FUNCTION_SIZING.freshness,
      environment: { BUCKET_NAME: bucket.bucketName },
    });
    allowListing(this.freshness.role, bucket, PREFIXES.weekly);
    schedule('FreshnessCheck', freshnessCheckCron(settings.schedule), this.freshness.fn, {}, 'Daily check of the weekly dashboard age');
    acknowledgeInvoke(this.freshness.fn);

    // --- alarms -------------------------------------------------------------------------
    const alarm = (id: string, metric: cloudwatch.IMetric, opts: Omit<cloudwatch.CreateAlarmOptions, 'metric'>, description: string) => {
      const a = new cloudwatch.Alarm(this, id, { metric, alarmDescription: description, ...opts });
      a.addAlarmAction(new cwActions.SnsAction(this.topic));
      this.alarms.push(a);
      return a;
    };
    const deadLetterDepth = (q: sqs.Queue) =>
      q.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM });
    const anyDatapoint = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };
    alarm('IngestDeadLettersAlarm', deadLetterDepth(this.ingestDlq), anyDatapoint,
      'Uploads whose ingestion failed repeatedly are waiting in the ingest dead-letter queue. Fix the cause, then redrive the queue.');
    alarm('ReportDeadLettersAlarm', deadLetterDepth(this.reportDlq), anyDatapoint,
      'A scheduled run (report or freshness check) failed or could not be delivered; see the report dead-letter queue.');
    for (const [id, f] of [['Ingest', this.ingest], ['Report', this.report], ['Freshness', this.freshness]] as const) {
      alarm(`${id}ErrorsAlarm`, f.fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }), anyDatapoint,
        `The ${id.toLowerCase()} function reported errors; see its log group.`);
    }
    alarm('IngestBacklogAlarm',
      this.ingestQueue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      { threshold: 3600, evaluationPeriods: 3, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING },
      'Uploads have waited more than an hour to be ingested.');
    alarm('WeeklyDashboardStaleAlarm',
      new cloudwatch.Metric({
        namespace: METRIC_NAMESPACE,
        metricName: METRIC_NAME,
        dimensionsMap: { Bucket: bucket.bucketName },
        period: Duration.days(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      { threshold: WEEKLY_DASHBOARD_MAX_AGE_DAYS, evaluationPeriods: 1, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING },
      `No weekly dashboard has been published for more than ${WEEKLY_DASHBOARD_MAX_AGE_DAYS} days.`);

    // --- e-mail delivery of the workbooks (config deliveries, CDK context scorecardMail) ------------
    if (settings.mail) {
      this.mail = new MailDelivery(this, 'Mail', { mail: settings.mail, topic: this.topic, topicKey, report: this.report });
      alarm('EmailsNotDeliveredAlarm', this.mail.notDelivered, anyDatapoint,
        'A scheduled e-mail could not be sent after retries; the report log says to whom and why. A rerun of the report sends it (and nothing twice).');
      new CfnOutput(this, 'MailSenderIdentity', { value: settings.mail.identity, description: 'Verify it in SES (a link by e-mail, or DNS records for a domain) before the first delivery' });
    }

    new CfnOutput(this, 'TopicArn', { value: this.topic.topicArn, description: 'Subscribe (e.g. e-mail) for alarms and "dashboard published"' });
    new CfnOutput(this, 'IngestDeadLetterQueueUrl', { value: this.ingestDlq.queueUrl });
    new CfnOutput(this, 'ReportDeadLetterQueueUrl', { value: this.reportDlq.queueUrl });
    new CfnOutput(this, 'ReportFunctionName', { value: this.report.fn.functionName, description: 'Invoke with {"kind":"weekly"} to run a report now' });
  }
}

/** An SQS queue with SSE-SQS encryption and a policy denying requests without TLS. */
function secureQueue(scope: Construct, id: string, props: sqs.QueueProps): sqs.Queue {
  return new sqs.Queue(scope, id, { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, ...props });
}

function acknowledgeDeadLetterQueue(q: sqs.Queue): void {
  Validations.of(q).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: 'This queue is itself a dead-letter queue; messages in it are inspected and redriven by an operator (its depth raises an alarm).',
  });
}

/** Object actions on one key prefix of the bucket (`<bucket ARN>/<prefix>*`), never on the whole bucket. */
function allowObjects(role: iam.IRole, bucket: s3.IBucket, prefix: string, actions: string[]): void {
  const objects = bucket.arnForObjects(`${prefix}*`);
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [objects] }));
  acknowledgeWildcardResource(role, objects,
    `Scoped to the objects under ${prefix} of the Scorecard bucket (the key prefix this function owns); the wildcard only stands for the object names, which are user file names.`);
}

/**
 * s3:ListBucket on the bucket ARN. Without it S3 answers HEAD/GET of a missing key
 * with 403 instead of 404, and the adapters could not tell "absent" from "denied".
 * With a prefix, only listings under it are allowed.
 */
function allowListing(role: iam.IRole, bucket: s3.IBucket, prefix?: string): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      ...(prefix ? { conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } } } : {}),
    }),
  );
}
