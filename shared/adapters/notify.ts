/**
 * "Dashboard published" notifications: one SNS message per workbook written by a
 * report run, naming its S3 key (subscribers get an e-mail or a chat message).
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

/** The subject (<= 100 characters, as SNS requires) and body of the message. */
export function publishedMessage(e: PublishedWorkbook, bucket?: string): { subject: string; message: string } {
  const title = `${TITLES[e.kind]}${e.periodId ? ` ${e.periodId}` : ''}`;
  const where = bucket ? `s3://${bucket}/${e.key}` : e.key;
  const lines = [`${title} published${e.asOf ? ` (as of ${e.asOf})` : ''}.`, `Workbook: ${where}`];
  if (e.latestKey) lines.push(`Always the newest: ${bucket ? `s3://${bucket}/${e.latestKey}` : e.latestKey}`);
  return { subject: `Scorecard: ${title} published`.slice(0, 100), message: lines.join('\n') };
}

export function makeSnsNotifier(sns: SNSClient, topicArn: string, bucket?: string): (e: PublishedWorkbook) => Promise<void> {
  return async (e) => {
    const { subject, message } = publishedMessage(e, bucket);
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
