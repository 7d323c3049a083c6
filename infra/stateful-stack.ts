/**
 * The stateful stack: the data bucket (uploads, quarantine, reports), its access-log
 * bucket, and the DynamoDB table. Kept apart from the pipeline so the pipeline can
 * be changed, destroyed and redeployed without touching data. Bucket and table are
 * retained when the stack is deleted.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { LIFECYCLE_DAYS } from './settings';

export const PREFIXES = {
  uploads: 'uploads/',
  quarantine: 'quarantine/',
  reports: 'reports/',
  rejected: 'reports/rejected/',
  weekly: 'reports/weekly/',
  quarterly: 'reports/quarterly/',
  annual: 'reports/annual/',
  latest: 'reports/latest/',
} as const;

export class StatefulStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED, // the only encryption S3 server access logging delivers to
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(LIFECYCLE_DAYS.accessLogs) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log destination of the data bucket; logging its own access would log every log delivery (a loop), and it holds no user data.',
    });

    this.bucket = new s3.Bucket(this, 'Data', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'data-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire-quarantine',
          prefix: PREFIXES.quarantine,
          expiration: Duration.days(LIFECYCLE_DAYS.quarantine),
        },
        {
          id: 'expire-rejected-row-reports',
          prefix: PREFIXES.rejected,
          expiration: Duration.days(LIFECYCLE_DAYS.rejectedReports),
        },
        {
          id: 'expire-old-weekly-dashboards',
          prefix: PREFIXES.weekly,
          expiration: Duration.days(LIFECYCLE_DAYS.weeklyReports),
        },
        {
          id: 'noncurrent-versions-and-incomplete-uploads',
          noncurrentVersionExpiration: Duration.days(LIFECYCLE_DAYS.noncurrentVersions),
          abortIncompleteMultipartUploadAfter: Duration.days(LIFECYCLE_DAYS.incompleteMultipartUploads),
          expiredObjectDeleteMarker: true,
        },
      ],
    });

    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName, description: 'Data bucket: upload to uploads/<dataset>/, reports appear under reports/' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }
}
