/**
 * The SNS "dashboard published" notifier. There is no embedded SNS server, so the
 * client is mocked (aws-sdk-client-mock) to see what would be published, and to
 * inject a failure that runReport must survive.
 */
import { describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { makeSnsNotifier, publishedMessage } from '../../shared/adapters/notify';

describe('SNS notifier', () => {
  it('publishes the workbook key, kind and period with a short subject', async () => {
    const sns = new SNSClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    const mock = mockClient(sns);
    mock.on(PublishCommand).resolves({ MessageId: '1' });
    const notify = makeSnsNotifier(sns, 'arn:aws:sns:us-east-1:123456789012:scorecard', 'scorecard-reports');
    await notify({ kind: 'weekly', key: 'reports/weekly/2026-W47/manager-dashboard-2026-W47.xlsx', latestKey: 'reports/latest/manager-dashboard.xlsx', periodId: '2026-W47', asOf: '2026-11-22' });
    const calls = mock.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0].args[0].input;
    expect(input.TopicArn).toBe('arn:aws:sns:us-east-1:123456789012:scorecard');
    expect(input.Subject).toBe('Scorecard: Weekly manager dashboard 2026-W47 published');
    expect(input.Message).toContain('s3://scorecard-reports/reports/weekly/2026-W47/manager-dashboard-2026-W47.xlsx');
    expect(input.Message).toContain('s3://scorecard-reports/reports/latest/manager-dashboard.xlsx');
    expect(input.MessageAttributes?.event.StringValue).toBe('dashboard published');
    expect(input.MessageAttributes?.key.StringValue).toBe('reports/weekly/2026-W47/manager-dashboard-2026-W47.xlsx');
  });

  it('names the keys in forms a person can use: the console page, the scorecard link command, the S3 URI', () => {
    const { message } = publishedMessage(
      { kind: 'weekly', key: 'reports/weekly/2026-W47/manager-dashboard-2026-W47.xlsx', latestKey: 'reports/latest/manager-dashboard.xlsx', periodId: '2026-W47', asOf: '2026-11-22' },
      'scorecard-data-123',
      'eu-central-1',
    );
    expect(message).toContain(
      'https://eu-central-1.console.aws.amazon.com/s3/object/scorecard-data-123?region=eu-central-1&bucketType=general&prefix=reports%2Fweekly%2F2026-W47%2Fmanager-dashboard-2026-W47.xlsx',
    );
    expect(message).toContain('prefix=reports%2Flatest%2Fmanager-dashboard.xlsx');
    expect(message).toContain('npx scorecard link --bucket scorecard-data-123 --region eu-central-1');
  });

  it('keeps the subject within the 100 characters SNS allows', () => {
    const long = publishedMessage({ kind: 'quarterly', key: 'k', periodId: 'X'.repeat(200) });
    expect(long.subject.length).toBeLessThanOrEqual(100);
  });

  it('passes an SNS failure to the caller (runReport logs and counts it)', async () => {
    const sns = new SNSClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    mockClient(sns).on(PublishCommand).rejects(new Error('AuthorizationError'));
    const notify = makeSnsNotifier(sns, 'arn:aws:sns:us-east-1:123456789012:scorecard');
    await expect(notify({ kind: 'annual', key: 'reports/annual/FY2025/annual-review-FY2025.xlsx' })).rejects.toThrow('AuthorizationError');
  });
});
