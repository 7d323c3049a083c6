/**
 * E-mail delivery of the workbooks (issue 14): the SES sender identity from CDK
 * context, a configuration set whose bounce, complaint, reject and rendering-failure
 * events go to the notification topic, and a report role that may send only from
 * that identity (and only through that configuration set). A metric counts the
 * report function's "e-mail not delivered" log lines, for an alarm.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { MailSettings } from '../../shared/config/deliveries';
import type { ScorecardFunction } from './scorecard-function';

export const MAIL_METRIC_NAMESPACE = 'Scorecard';
export const MAIL_METRIC_NAME = 'EmailsNotDelivered';
/** The log message shared/usecases/deliver.ts writes for every e-mail given up on. */
export const NOT_DELIVERED_MESSAGE = 'e-mail not delivered';
/** SES events worth a person's attention, sent to the notification topic. */
export const MAIL_EVENTS = [
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
  ses.EmailSendingEvent.RENDERING_FAILURE,
] as const;

export interface MailDeliveryProps {
  mail: MailSettings;
  topic: sns.ITopic;
  /** The topic's customer managed key: SES must be allowed to use it to publish. */
  topicKey: kms.Key;
  report: ScorecardFunction;
}

export class MailDelivery extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  /** Sum of e-mails given up on (after retries) per period. */
  readonly notDelivered: cloudwatch.Metric;

  constructor(scope: Construct, id: string, props: MailDeliveryProps) {
    super(scope, id);
    const { mail, report } = props;
    const stack = Stack.of(this);
    const isDomain = !mail.identity.includes('@');
    this.identity = new ses.EmailIdentity(this, 'Sender', {
      identity: isDomain ? ses.Identity.domain(mail.identity) : ses.Identity.email(mail.identity),
    });
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
    });
    this.configurationSet.addEventDestination('ToNotifications', {
      destination: ses.EventDestination.snsTopic(props.topic),
      events: [...MAIL_EVENTS],
    });
    props.topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSesEventsToPublish',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    const identityArn = stack.formatArn({ service: 'ses', resource: 'identity', resourceName: mail.identity });
    const configurationSetArn = stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName });
    report.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SendOnlyAsTheScorecardSender',
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [identityArn, configurationSetArn],
        conditions: { StringEquals: { 'ses:FromAddress': mail.fromAddress } },
      }),
    );
    report.fn.addEnvironment('MAIL_FROM', mail.from);
    report.fn.addEnvironment('MAIL_IDENTITY', mail.identity);
    report.fn.addEnvironment('MAIL_IDENTITY_ARN', identityArn);
    report.fn.addEnvironment('MAIL_CONFIGURATION_SET', this.configurationSet.configurationSetName);

    new logs.MetricFilter(this, 'NotDeliveredFilter', {
      logGroup: report.logGroup,
      filterPattern: logs.FilterPattern.stringValue('$.message', '=', NOT_DELIVERED_MESSAGE),
      metricNamespace: MAIL_METRIC_NAMESPACE,
      metricName: MAIL_METRIC_NAME,
      metricValue: '1',
    });
    this.notDelivered = new cloudwatch.Metric({
      namespace: MAIL_METRIC_NAMESPACE,
      metricName: MAIL_METRIC_NAME,
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.SUM,
    });
  }
}
