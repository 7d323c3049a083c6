import { describe, expect, test } from 'vitest';
import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { testApp } from './testing';

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id, reason }))),
  );
}

describe('cdk-nag AwsSolutions', () => {
  test('the synthesized app has no unacknowledged error or warning', () => {
    const { app } = testApp();
    expect(() => app.synth()).not.toThrow();
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(',')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  test('no construct warnings or errors either (deprecations, misconfigurations)', () => {
    const { app, stateful, pipeline } = testApp();
    app.synth();
    for (const stack of [stateful, pipeline]) {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findWarning('*', Match.anyValue()).map((w) => `${w.id}: ${JSON.stringify(w.entry.data)}`)).toEqual([]);
      expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    }
  });

  test('every acknowledgement names a specific finding with a reason, and only reviewed rule families are acknowledged', () => {
    const { app } = testApp();
    app.synth();
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) {
      expect(a.id, a.path).toMatch(/^(Annotation::)?AwsSolutions-(IAM4|IAM5|S1|SQS3)\b/i);
      expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThanOrEqual(60);
    }
    // No blanket IAM5: each wildcard acknowledgement names its resource or action.
    for (const a of acks.filter((x) => /IAM5/.test(x.id))) expect(a.id).toMatch(/IAM5\[(Resource|Action)::.+\]$/);
    // Prefix-scoped S3 grants are acknowledged one prefix at a time.
    const s3 = acks.filter((a) => /IAM5\[Resource::.*\/(uploads|quarantine|reports)\//.test(a.id)).map((a) => a.id.replace(/^.*\//, '').replace(/\]$/, ''));
    expect(s3.length).toBeGreaterThanOrEqual(4);
  });

  test('a non-compliant resource fails synthesis (the checks are really on)', () => {
    const { app, pipeline } = testApp();
    new sqs.Queue(pipeline, 'PlainQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS/);
  });
});
