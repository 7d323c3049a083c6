/**
 * "Dashboard published" notifications: one SNS message per workbook written by a
 * report run, naming its keys in forms a person can use (console page, `scorecard
 * link`, S3 URI); subscribers get an e-mail or a chat message.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';

export interface PublishedWorkbook {
  kind: 'weekly' | 'quarterly' | 'annual';
  /** Dated S3 key of the workbook. */
  key: string;
  /** Fixed key of the newest workbook of this kind. */
  latestKey?: string;
  periodId?: string;
  asOf?: string;
}

const TITLES = { weekly: 'Weekly manager dashboard', quarterly: 'Quarterly finance review', annual: 'Annual review' } as const;

/** The S3 console page of one object (sign in, then Download or Open). */
export function consoleUrl(bucket: string, key: string, region: string): string {
  return `https://${region}.console.aws.amazon.com/s3/object/${encodeURIComponent(bucket)}?region=${encodeURIComponent(region)}&bucketType=general&prefix=${encodeURIComponent(key)}`;
}

/**
 * The subject (<= 100 characters, as SNS requires) and body of the message. With the
 * bucket (and region), it names each key in forms a person can use: the AWS console
 * page, the `scorecard link` command that prints a download link, and the s3:// URI.
 */
export function publishedMessage(e: PublishedWorkbook, bucket?: string, region?: string): { subject: string; message: string } {
  const title = `${TITLES[e.kind]}${e.periodId ? ` ${e.periodId}` : ''}`;
  const lines = [`${title} published${e.asOf ? ` (as of ${e.asOf})` : ''}.`, ''];
  const where = (label: string, key: string) => {
    lines.push(`${label}: ${key}`);
    if (bucket && region) lines.push(`  in the AWS console: ${consoleUrl(bucket, key, region)}`);
    if (bucket) lines.push(`  S3 URI: s3://${bucket}/${key}`);
  };
  where('Workbook', e.key);
  if (e.latestKey) where('Always the newest', e.latestKey);
  if (bucket) {
    lines.push('', `Download links for the newest workbooks (signed with your AWS credentials, valid up to 7 days):`, `  npx scorecard link --bucket ${bucket}${region ? ` --region ${region}` : ''}`);
  }
  return { subject: `Scorecard: ${title} published`.slice(0, 100), message: lines.join('\n') };
}

export function makeSnsNotifier(sns: SNSClient, topicArn: string, bucket?: string, region?: string): (e: PublishedWorkbook) => Promise<void> {
  return async (e) => {
    const { subject, message } = publishedMessage(e, bucket, region);
    await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: subject,
        Message: message,
        MessageAttributes: {
          event: { DataType: 'String', StringValue: 'dashboard published' },
          kind: { DataType: 'String', StringValue: e.kind },
          key: { DataType: 'String', StringValue: e.key },
        },
      }),
    );
  };
}
