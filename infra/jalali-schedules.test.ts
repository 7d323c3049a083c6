/**
 * A Jalali company's deployed schedules: EventBridge Scheduler cannot express Jalali
 * months, so the quarterly and annual runs are daily invocations that carry closeDay and
 * the report function decides (functions/report/event.ts reviewDueOn; docs/decisions/calendar.md).
 */
import { describe, expect, test } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { testApp } from './testing';

describe('schedules of a company on the Jalali calendar', () => {
  const built = testApp({ context: { scorecard: JSON.stringify({ calendar: 'jalali', timeZone: 'Asia/Tehran' }) } });
  const resources = Template.fromStack(built.pipeline).toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
  const schedules = Object.values(resources)
    .filter((r) => r.Type === 'AWS::Scheduler::Schedule' && r.Properties.Target.Input)
    .map((r) => ({ expr: r.Properties.ScheduleExpression, tz: r.Properties.ScheduleExpressionTimezone, input: JSON.parse(r.Properties.Target.Input) }));

  test('weekly on Saturday; quarterly and annual daily with closeDay, in Tehran time', () => {
    const reports = schedules.filter((s) => s.input.kind).sort((a, b) => a.input.kind.localeCompare(b.input.kind));
    expect(reports).toEqual([
      { expr: 'cron(0 6 * * ? *)', tz: 'Asia/Tehran', input: { kind: 'annual', closeDay: 5 } },
      { expr: 'cron(0 6 * * ? *)', tz: 'Asia/Tehran', input: { kind: 'quarterly', closeDay: 5 } },
      { expr: 'cron(0 6 ? * SAT *)', tz: 'Asia/Tehran', input: { kind: 'weekly' } },
    ]);
  });
});
