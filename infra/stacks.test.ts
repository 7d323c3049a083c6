import { beforeAll, describe, expect, test } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { testApp } from './testing';
import { FUNCTION_SIZING, LOG_RETENTION, MAX_RECEIVE_COUNT, WEEKLY_DASHBOARD_MAX_AGE_DAYS } from './settings';

// A configuration unlike the defaults, so that derived values can be told apart.
const CONFIG = { companyName: 'Acme', fiscalYearStartMonth: 4, timeZone: 'Europe/Berlin', weekStartsOn: 1, currency: 'EUR' };

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

let stateful: Template;
let pipeline: Template;
let S: Resources;
let P: Resources;

beforeAll(() => {
  const built = testApp({ context: { scorecard: JSON.stringify(CONFIG) } });
  built.app.synth(); // runs cdk-nag (throws on an unacknowledged finding)
  stateful = Template.fromStack(built.stateful);
  pipeline = Template.fromStack(built.pipeline);
  S = stateful.toJSON().Resources;
  P = pipeline.toJSON().Resources;
});

const ofType = (r: Resources, type: string) => Object.entries(r).filter(([, v]) => v.Type === type);
const one = (r: Resources, type: string, pred: (p: Record<string, any>) => boolean = () => true) => {
  const found = ofType(r, type).filter(([, v]) => pred(v.Properties));
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0];
};
const logicalIdOf = (r: Resources, type: string, idPrefix: string) => {
  const found = ofType(r, type).filter(([k]) => k.startsWith(idPrefix));
  expect(found, `${type} ${idPrefix}*`).toHaveLength(1);
  return found[0][0];
};
/** Every statement of every IAM policy of a template, with the policy's logical id. */
const statements = (r: Resources) =>
  ofType(r, 'AWS::IAM::Policy').flatMap(([id, p]) =>
    (p.Properties.PolicyDocument.Statement as any[]).map((s) => ({ policy: id, roles: p.Properties.Roles, ...s })),
  );
const asList = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
/** The literal suffix of a `{Fn::Join: ['', [<bucket ARN>, '/prefix/*']]}` resource. */
const joinSuffix = (res: any): string | undefined => {
  const parts = res?.['Fn::Join']?.[1];
  return Array.isArray(parts) && typeof parts[parts.length - 1] === 'string' ? parts[parts.length - 1] : undefined;
};
const roleOf = (fnId: string) => P[fnId].Properties.Role['Fn::GetAtt'][0];
const s3StatementsOf = (fnId: string) =>
  statements(P).filter((s) => s.roles.some((r: any) => r.Ref === roleOf(fnId)) && asList(s.Action).some((a: string) => a.startsWith('s3:')));

describe('stateful stack', () => {
  test('data bucket: public access blocked, TLS enforced, encrypted, versioned, access logs to the log bucket', () => {
    const [dataId, data] = one(S, 'AWS::S3::Bucket', (p) => p.VersioningConfiguration !== undefined);
    expect(data.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
    });
    expect(data.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(data.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    const logBucketId = data.Properties.LoggingConfiguration.DestinationBucketName.Ref;
    expect(S[logBucketId].Type).toBe('AWS::S3::Bucket');
    expect(S[logBucketId].Properties.PublicAccessBlockConfiguration.BlockPublicAcls).toBe(true);
    for (const id of [dataId, logBucketId]) {
      stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  test('lifecycle: quarantine and old weekly/rejected reports expire, noncurrent versions expire, uploads are kept', () => {
    const [, data] = one(S, 'AWS::S3::Bucket', (p) => p.VersioningConfiguration !== undefined);
    const rules = data.Properties.LifecycleConfiguration.Rules as any[];
    const byPrefix = (prefix: string) => rules.find((r) => r.Prefix === prefix);
    for (const prefix of ['quarantine/', 'reports/weekly/', 'reports/rejected/']) {
      expect(byPrefix(prefix)?.ExpirationInDays, prefix).toBeGreaterThan(0);
      expect(byPrefix(prefix)?.Status).toBe('Enabled');
    }
    const everything = rules.find((r) => r.Prefix === undefined);
    expect(everything.NoncurrentVersionExpiration.NoncurrentDays).toBeGreaterThan(0);
    expect(everything.AbortIncompleteMultipartUpload.DaysAfterInitiation).toBeGreaterThan(0);
    expect(everything.ExpirationInDays).toBeUndefined();
    // Nothing expires user uploads or the quarterly/annual reviews.
    expect(rules.filter((r) => r.ExpirationInDays !== undefined).map((r) => r.Prefix)).not.toContain('uploads/');
    expect(rules.some((r) => r.ExpirationInDays !== undefined && r.Prefix === undefined)).toBe(false);
  });

  test('table: pk/sk strings, on-demand, point-in-time recovery, retained on stack deletion', () => {
    const [, table] = one(S, 'AWS::DynamoDB::GlobalTable');
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table.Properties.AttributeDefinitions).toEqual([
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ]);
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.GlobalSecondaryIndexes).toBeUndefined();
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });

  test('data and log buckets are retained on stack deletion', () => {
    for (const [, b] of ofType(S, 'AWS::S3::Bucket')) expect(b.DeletionPolicy).toBe('Retain');
  });
});

describe('ingest path: S3 -> SQS -> Lambda', () => {
  test('uploads/ ObjectCreated events go to the ingest queue', () => {
    const queueId = logicalIdOf(P, 'AWS::SQS::Queue', 'IngestQueue');
    const [, notif] = one(P, 'Custom::S3BucketNotifications');
    expect(notif.Properties.NotificationConfiguration.QueueConfigurations).toEqual([
      {
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
        QueueArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      },
    ]);
    // The queue lets S3 send to it only for this bucket and only from this account.
    pipeline.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: Match.arrayWith(['sqs:SendMessage']),
            Condition: { ArnLike: { 'aws:SourceArn': Match.anyValue() }, StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
    // No statement lets S3 send without the account condition.
    const queuePolicies = ofType(P, 'AWS::SQS::QueuePolicy').filter(([, v]) => v.Properties.Queues.some((q: any) => q.Ref === queueId));
    for (const [, qp] of queuePolicies) {
      for (const st of qp.Properties.PolicyDocument.Statement as any[]) {
        if (st.Effect === 'Allow' && st.Principal?.Service === 's3.amazonaws.com') expect(st.Condition?.StringEquals?.['aws:SourceAccount']).toBeDefined();
      }
    }
  });

  test('the ingest queue is encrypted, TLS-only, has a dead-letter queue, and a visibility timeout of at least 6x the function timeout', () => {
    const queueId = logicalIdOf(P, 'AWS::SQS::Queue', 'IngestQueue');
    const dlqId = logicalIdOf(P, 'AWS::SQS::Queue', 'IngestDeadLetters');
    const fnId = logicalIdOf(P, 'AWS::Lambda::Function', 'IngestFunction');
    const q = P[queueId].Properties;
    expect(q.SqsManagedSseEnabled).toBe(true);
    expect(P[dlqId].Properties.SqsManagedSseEnabled).toBe(true);
    expect(q.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: MAX_RECEIVE_COUNT });
    expect(q.VisibilityTimeout).toBeGreaterThanOrEqual(6 * P[fnId].Properties.Timeout);
    for (const id of [queueId, dlqId]) {
      pipeline.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  test('the ingest function consumes the queue with partial batch responses', () => {
    const queueId = logicalIdOf(P, 'AWS::SQS::Queue', 'IngestQueue');
    const fnId = logicalIdOf(P, 'AWS::Lambda::Function', 'IngestFunction');
    const [, esm] = one(P, 'AWS::Lambda::EventSourceMapping');
    expect(esm.Properties.EventSourceArn).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
    expect(esm.Properties.FunctionName).toEqual({ Ref: fnId });
    expect(esm.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });
});

describe('functions', () => {
  test('every function: Node.js 22+ on ARM64, source maps, Powertools env, sizing from one place, bounded log retention', () => {
    const fns = ofType(P, 'AWS::Lambda::Function').filter(([id]) => !id.startsWith('BucketNotificationsHandler'));
    expect(fns.map(([id]) => id.replace(/Function[0-9A-F]{8}$/, '')).sort()).toEqual(['Freshness', 'Ingest', 'Report']);
    for (const [id, fn] of fns) {
      const p = fn.Properties;
      expect(Number(/^nodejs(\d+)\.x$/.exec(p.Runtime)?.[1]), id).toBeGreaterThanOrEqual(22);
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.Environment.Variables.NODE_OPTIONS).toContain('--enable-source-maps');
      expect(p.Environment.Variables.POWERTOOLS_SERVICE_NAME).toMatch(/^scorecard-/);
      expect(p.Environment.Variables.LOG_LEVEL).toBe('INFO');
      const logGroupId = p.LoggingConfig.LogGroup.Ref;
      expect(P[logGroupId].Properties.RetentionInDays).toBe(LOG_RETENTION);
    }
    const sized = (prefix: string) => P[logicalIdOf(P, 'AWS::Lambda::Function', `${prefix}Function`)].Properties;
    expect(sized('Ingest').MemorySize).toBe(FUNCTION_SIZING.ingest.memoryMb);
    expect(sized('Ingest').Timeout).toBe(FUNCTION_SIZING.ingest.timeout.toSeconds());
    expect(sized('Report').MemorySize).toBe(FUNCTION_SIZING.report.memoryMb);
    expect(sized('Report').Timeout).toBe(FUNCTION_SIZING.report.timeout.toSeconds());
  });

  test('ingest and report get the table, bucket and the validated config; report also the topic', () => {
    const topicId = logicalIdOf(P, 'AWS::SNS::Topic', 'Notifications');
    for (const prefix of ['Ingest', 'Report']) {
      const vars = P[logicalIdOf(P, 'AWS::Lambda::Function', `${prefix}Function`)].Properties.Environment.Variables;
      expect(vars.TABLE_NAME).toBeDefined();
      expect(vars.BUCKET_NAME).toBeDefined();
      const config = JSON.parse(vars.SCORECARD_CONFIG);
      expect(config).toMatchObject(CONFIG);
      expect(config.stages.length).toBeGreaterThan(0); // defaults filled in by parseConfig
    }
    const report = P[logicalIdOf(P, 'AWS::Lambda::Function', 'ReportFunction')].Properties.Environment.Variables;
    expect(report.TOPIC_ARN).toEqual({ Ref: topicId });
  });
});

describe('least privilege', () => {
  test('no IAM policy statement has a "*" resource', () => {
    for (const s of statements(P).concat(statements(S))) {
      for (const r of asList(s.Resource)) expect(r, `${s.policy} ${JSON.stringify(s.Action)}`).not.toBe('*');
    }
  });

  test('ingest: reads/deletes uploads/*, writes quarantine/*, reports/rejected/* and reports/deletions/*; nothing else in the bucket', () => {
    const fnId = logicalIdOf(P, 'AWS::Lambda::Function', 'IngestFunction');
    const objectGrants = Object.fromEntries(
      s3StatementsOf(fnId).filter((s) => joinSuffix(s.Resource)).map((s) => [joinSuffix(s.Resource), asList(s.Action).sort()]),
    );
    expect(Object.keys(objectGrants).sort()).toEqual(['/quarantine/*', '/reports/deletions/*', '/reports/rejected/*', '/uploads/*']);
    expect(objectGrants['/reports/deletions/*']).toEqual(['s3:PutObject']);
    expect(objectGrants['/uploads/*']).toEqual(expect.arrayContaining(['s3:GetObject', 's3:DeleteObject']));
    expect(objectGrants['/uploads/*']).not.toContain('s3:PutObject');
    expect(objectGrants['/quarantine/*']).toContain('s3:PutObject');
    expect(objectGrants['/quarantine/*']).not.toContain('s3:GetObject');
    expect(objectGrants['/reports/rejected/*']).toEqual(expect.arrayContaining(['s3:PutObject', 's3:DeleteObject']));
    const bucketLevel = s3StatementsOf(fnId).filter((s) => !joinSuffix(s.Resource));
    expect(bucketLevel.flatMap((s) => asList(s.Action))).toEqual(['s3:ListBucket']);
  });

  test('report: reads and writes reports/* only; publishes to the topic; the freshness check may only list reports/weekly/', () => {
    const reportId = logicalIdOf(P, 'AWS::Lambda::Function', 'ReportFunction');
    const objectGrants = s3StatementsOf(reportId).filter((s) => joinSuffix(s.Resource));
    expect(objectGrants.map((s) => joinSuffix(s.Resource))).toEqual(['/reports/*']);
    expect(asList(objectGrants[0].Action).sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    const topicId = logicalIdOf(P, 'AWS::SNS::Topic', 'Notifications');
    expect(statements(P).some((s) => s.roles.some((r: any) => r.Ref === roleOf(reportId)) && s.Action === 'sns:Publish' && s.Resource.Ref === topicId)).toBe(true);

    const freshId = logicalIdOf(P, 'AWS::Lambda::Function', 'FreshnessFunction');
    const fresh = s3StatementsOf(freshId);
    expect(fresh).toHaveLength(1);
    expect(fresh[0].Action).toBe('s3:ListBucket');
    expect(fresh[0].Condition).toEqual({ StringLike: { 's3:prefix': ['reports/weekly/*'] } });
  });

  test('least privilege on the table: each role only its own partitions (dynamodb:LeadingKeys), no Delete/BatchWrite/Scan', () => {
    const dynamoOf = (fnPrefix: string) => {
      const role = roleOf(logicalIdOf(P, 'AWS::Lambda::Function', fnPrefix));
      return statements(P).filter((s) => s.roles.some((r: any) => r.Ref === role) && asList(s.Action).some((a: string) => a.startsWith('dynamodb:')));
    };
    const allowed = (sts: any[], action: string) =>
      sts.filter((s) => asList(s.Action).includes(action)).flatMap((s) => s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? ['<any>']);
    const records = ['deal#*', 'stage#*', 'survey#*', 'finance#*', 'target#*'];
    const ingest = dynamoOf('IngestFunction');
    const report = dynamoOf('ReportFunction');
    for (const s of [...ingest, ...report]) {
      expect(s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'], JSON.stringify(s.Action)).toBeDefined();
      for (const a of ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:Scan', 'dynamodb:*']) expect(asList(s.Action)).not.toContain(a);
    }
    // Ingest puts records and file records, nothing else.
    expect(allowed(ingest, 'dynamodb:PutItem').sort()).toEqual([...records, 'file#*'].sort());
    expect(allowed(ingest, 'dynamodb:UpdateItem').sort()).toEqual([...records].sort());
    // The report reads everything it reports and writes only its own items.
    expect(allowed(report, 'dynamodb:PutItem').sort()).toEqual(['delivery#*', 'published#*', 'restatement#*']);
    expect(allowed(report, 'dynamodb:UpdateItem')).toEqual([]);
    expect(allowed(report, 'dynamodb:Query').sort()).toEqual([...records, 'file#*', 'published#*', 'restatement#*', 'delivery#*'].sort());
  });

  test('table access is item-level reads/writes on the table ARN: no Scan, no streams', () => {
    const dynamo = statements(P).filter((s) => asList(s.Action).some((a: string) => a.startsWith('dynamodb:')));
    expect(dynamo.length).toBeGreaterThan(0);
    for (const s of dynamo) {
      expect(asList(s.Action)).not.toContain('dynamodb:Scan');
      expect(asList(s.Action).some((a: string) => a.includes('Shard') || a.includes('Records'))).toBe(false);
      expect(asList(s.Resource)).toHaveLength(1);
    }
  });
});

describe('report path: schedules', () => {
  const schedules = () => ofType(P, 'AWS::Scheduler::Schedule').map(([, s]) => s.Properties);
  const scheduleFor = (kind: string) => {
    const found = schedules().filter((s) => s.Target.Input && JSON.parse(s.Target.Input).kind === kind);
    expect(found, kind).toHaveLength(1);
    return found[0];
  };

  test('weekly, quarterly and annual runs of the report function, in the configured time zone', () => {
    const reportId = logicalIdOf(P, 'AWS::Lambda::Function', 'ReportFunction');
    const dlqId = logicalIdOf(P, 'AWS::SQS::Queue', 'ReportDeadLetters');
    for (const kind of ['weekly', 'quarterly', 'annual']) {
      const s = scheduleFor(kind);
      expect(s.ScheduleExpressionTimezone).toBe('Europe/Berlin');
      expect(s.State).toBe('ENABLED');
      expect(s.Target.Arn).toEqual({ 'Fn::GetAtt': [reportId, 'Arn'] });
      expect(s.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } });
      expect(s.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
      expect(s.Target.RetryPolicy.MaximumEventAgeInSeconds).toBeGreaterThan(0);
    }
    expect(scheduleFor('weekly').ScheduleExpression).toBe('cron(0 6 ? * MON *)');
    // Fiscal year from April: quarters start in April, July, October and January.
    expect(scheduleFor('quarterly').ScheduleExpression).toBe('cron(0 6 5 1,4,7,10 ? *)');
    expect(scheduleFor('annual').ScheduleExpression).toBe('cron(0 6 5 4 ? *)');
  });

  test('the daily freshness check is scheduled too', () => {
    const freshId = logicalIdOf(P, 'AWS::Lambda::Function', 'FreshnessFunction');
    const fresh = schedules().filter((s) => s.Target.Arn['Fn::GetAtt'][0] === freshId);
    expect(fresh).toHaveLength(1);
    expect(fresh[0].ScheduleExpression).toMatch(/^cron\(\d+ \d+ \* \* \? \*\)$/);
  });

  test('a failed scheduled run ends in the report dead-letter queue (async invoke retries then on-failure)', () => {
    const dlqId = logicalIdOf(P, 'AWS::SQS::Queue', 'ReportDeadLetters');
    const [, cfg] = one(P, 'AWS::Lambda::EventInvokeConfig');
    expect(cfg.Properties.DestinationConfig.OnFailure.Destination).toEqual({ 'Fn::GetAtt': [dlqId, 'Arn'] });
  });
});

describe('observability', () => {
  const alarms = (): Record<string, any>[] => ofType(P, 'AWS::CloudWatch::Alarm').map(([id, a]) => ({ id, ...a.Properties }));
  const alarmOn = (metricName: string, dims: (d: any[]) => boolean = () => true) => {
    const found = alarms().filter((a) => a.MetricName === metricName && dims(a.Dimensions ?? []));
    expect(found.length, metricName).toBeGreaterThan(0);
    return found;
  };

  test('the topic is KMS-encrypted and TLS-only; every alarm notifies it', () => {
    const topicId = logicalIdOf(P, 'AWS::SNS::Topic', 'Notifications');
    expect(P[topicId].Properties.KmsMasterKeyId).toBeDefined();
    pipeline.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    // CloudWatch alarms of this account may publish, and use the key (an alarm cannot publish to a topic under aws/sns).
    pipeline.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }) }),
        ]),
      },
    });
    const keyId = P[topicId].Properties.KmsMasterKeyId['Fn::GetAtt'][0];
    expect(JSON.stringify(P[keyId].Properties.KeyPolicy)).toContain('cloudwatch.amazonaws.com');
    expect(P[keyId].Properties.EnableKeyRotation).toBe(true);
    for (const a of alarms()) expect(a.AlarmActions, a.id).toEqual([{ Ref: topicId }]);
  });

  test('alarms on both dead-letter queues and on every function\'s errors', () => {
    for (const dlq of ['IngestDeadLetters', 'ReportDeadLetters']) {
      const dlqId = logicalIdOf(P, 'AWS::SQS::Queue', dlq);
      const [a] = alarmOn('ApproximateNumberOfMessagesVisible', (d) => d.some((x) => x.Value?.['Fn::GetAtt']?.[0] === dlqId));
      expect(a.Threshold).toBe(1);
      expect(a.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
    }
    for (const fn of ['Ingest', 'Report', 'Freshness']) {
      const fnId = logicalIdOf(P, 'AWS::Lambda::Function', `${fn}Function`);
      alarmOn('Errors', (d) => d.some((x) => x.Value?.Ref === fnId));
    }
  });

  test('"no weekly dashboard for 8 days": a daily metric of the dashboard age, alarm above 8 days, within CloudWatch limits', () => {
    const [a] = alarmOn('DaysSinceWeeklyDashboard');
    expect(a.Threshold).toBe(WEEKLY_DASHBOARD_MAX_AGE_DAYS);
    expect(WEEKLY_DASHBOARD_MAX_AGE_DAYS).toBe(8);
    expect(a.ComparisonOperator).toBe('GreaterThanThreshold');
    expect(a.Statistic).toBe('Maximum');
    // CloudWatch: period x evaluation periods <= 7 days (1 day for periods under an hour).
    expect(a.Period * a.EvaluationPeriods).toBeLessThanOrEqual(7 * 86_400);
    expect(a.Period).toBeLessThanOrEqual(86_400);
  });

  test('log retention is bounded for every log group', () => {
    for (const [id, lg] of ofType(P, 'AWS::Logs::LogGroup')) expect(lg.Properties.RetentionInDays, id).toBeGreaterThan(0);
  });
});
