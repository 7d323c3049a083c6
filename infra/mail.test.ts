/**
 * Template assertions for e-mail delivery: the sender identity from CDK context,
 * the report role's send permission (only that identity and configuration set, only
 * from that address), the configuration set's bounce and complaint events to the
 * notification topic, and the alarm on e-mails given up on.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { testApp } from './testing';
import { readAppSettings } from './settings';
import { ConfigError } from '../shared/errors';

const CONFIG = {
  companyName: 'Acme',
  deliveries: [
    { workbook: 'weekly', to: ['ceo@acme.example'] },
    { workbook: 'weekly', scope: 'team=EMEA', to: ['emea@acme.example'] },
  ],
};
const MAIL = { from: 'Acme Scorecard <reports@acme.example>', identity: 'acme.example' };

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;
let P: Resources;
let pipeline: Template;

const ofType = (type: string) => Object.entries(P).filter(([, v]) => v.Type === type);
const flat = (x: unknown): string => JSON.stringify(x);

beforeAll(() => {
  const built = testApp({ context: { scorecard: JSON.stringify(CONFIG), scorecardMail: JSON.stringify(MAIL) } });
  built.app.synth(); // cdk-nag runs here and throws on an unacknowledged finding
  pipeline = Template.fromStack(built.pipeline);
  P = pipeline.toJSON().Resources;
});

describe('e-mail delivery resources', () => {
  test('the sender identity of CDK context scorecardMail', () => {
    const ids = ofType('AWS::SES::EmailIdentity');
    expect(ids).toHaveLength(1);
    expect(ids[0][1].Properties.EmailIdentity).toBe('acme.example');
  });

  test('a configuration set sends bounces, complaints, rejects and rendering failures to the notification topic', () => {
    const [[setId]] = ofType('AWS::SES::ConfigurationSet');
    const dests = ofType('AWS::SES::ConfigurationSetEventDestination');
    expect(dests).toHaveLength(1);
    const d = dests[0][1].Properties;
    expect(d.ConfigurationSetName).toEqual({ Ref: setId });
    expect(d.EventDestination.Enabled).toBe(true);
    expect([...d.EventDestination.MatchingEventTypes].sort()).toEqual(['bounce', 'complaint', 'reject', 'renderingFailure']);
    const [[topicId]] = ofType('AWS::SNS::Topic');
    expect(d.EventDestination.SnsDestination.TopicARN).toEqual({ Ref: topicId });
    // SES may publish to the topic, and use its key.
    const topicPolicy = ofType('AWS::SNS::TopicPolicy').map(([, v]) => v.Properties.PolicyDocument.Statement).flat();
    expect(topicPolicy.some((s: any) => s.Principal?.Service === 'ses.amazonaws.com' && s.Action === 'sns:Publish')).toBe(true);
    const keyPolicy = ofType('AWS::KMS::Key')[0][1].Properties.KeyPolicy.Statement;
    expect(keyPolicy.some((s: any) => s.Sid === 'AllowSesEventsToPublish' && s.Principal.Service === 'ses.amazonaws.com')).toBe(true);
  });

  test('only the report role may send, only as the configured address, only through that identity and configuration set', () => {
    const statements = ofType('AWS::IAM::Policy').flatMap(([, p]) =>
      (p.Properties.PolicyDocument.Statement as any[]).map((s) => ({ roles: p.Properties.Roles, ...s })),
    );
    const sesStatements = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('ses:')));
    expect(sesStatements).toHaveLength(1);
    const s = sesStatements[0];
    expect([s.Action].flat().sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    expect(s.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'reports@acme.example' } });
    const resources = [s.Resource].flat().map(flat);
    expect(resources).toHaveLength(2);
    expect(resources.some((r) => /:identity\/acme\.example"/.test(r))).toBe(true);
    expect(resources.some((r) => /:configuration-set\/",\{"Ref":"MailConfigurationSet/.test(r))).toBe(true);
    expect(resources.join(' ')).not.toContain('*');
    const [[, report]] = ofType('AWS::Lambda::Function').filter(([, v]) => v.Properties.Description?.startsWith('Computes the KPIs'));
    expect(s.roles).toEqual([{ Ref: report.Properties.Role['Fn::GetAtt'][0] }]);
    const env = report.Properties.Environment.Variables;
    expect(env.MAIL_FROM).toBe(MAIL.from);
    expect(env.MAIL_IDENTITY).toBe('acme.example');
    expect(flat(env.MAIL_CONFIGURATION_SET)).toContain('ConfigurationSet');
    expect(JSON.parse(env.SCORECARD_CONFIG).deliveries).toHaveLength(2);
  });

  test('an alarm fires on any e-mail given up on, counted from the report log', () => {
    const [[, filter]] = ofType('AWS::Logs::MetricFilter');
    expect(filter.Properties.FilterPattern).toBe('{ $.message = "e-mail not delivered" }');
    expect(filter.Properties.MetricTransformations).toEqual([{ MetricNamespace: 'Scorecard', MetricName: 'EmailsNotDelivered', MetricValue: '1' }]);
    const alarms = ofType('AWS::CloudWatch::Alarm').filter(([, a]) => a.Properties.MetricName === 'EmailsNotDelivered');
    expect(alarms).toHaveLength(1);
    expect(alarms[0][1].Properties).toMatchObject({ Namespace: 'Scorecard', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });
});

describe('e-mail settings from CDK context', () => {
  test('no scorecardMail and no deliveries: no SES resources', () => {
    const built = testApp({ context: { scorecard: JSON.stringify({ companyName: 'Acme' }) } });
    const r = Template.fromStack(built.pipeline).toJSON().Resources as Resources;
    expect(Object.values(r).filter((v) => v.Type.startsWith('AWS::SES::'))).toEqual([]);
  });

  test('deliveries without a sender, or a bad sender, fail synth with a ConfigError naming the key', () => {
    const ctx = (v: Record<string, unknown>) => (k: string) => v[k];
    expect(() => readAppSettings(ctx({ scorecard: CONFIG }))).toThrow(ConfigError);
    expect(() => readAppSettings(ctx({ scorecard: CONFIG }))).toThrow(/CDK context "scorecardMail" must name the sender/);
    expect(() => readAppSettings(ctx({ scorecard: CONFIG, scorecardMail: { from: 'nobody' } }))).toThrow(/CDK context "scorecardMail" key "from" must be an e-mail address/);
    const many = Array.from({ length: 40 }, (_, i) => ({ workbook: 'weekly', to: [`manager.number.${i}@acme.example`, `assistant.${i}@acme.example`] }));
    expect(() => readAppSettings(ctx({ scorecard: { deliveries: many }, scorecardMail: MAIL }))).toThrow(/Lambda allows 4 KB .* mailing-list address/);
    expect(() => readAppSettings(ctx({ scorecard: { deliveries: [{ workbook: 'weekly', to: 'x' }] }, scorecardMail: MAIL }))).toThrow(
      'CDK context "scorecard" key "deliveries[0]".to: "x" is not an e-mail address (name@example.com)',
    );
  });
});
