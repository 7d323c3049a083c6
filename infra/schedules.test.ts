import { describe, expect, test } from 'vitest';
import { parseConfig } from '../shared/config/config';
import { cronExpression, freshnessCheckCron, quarterStartMonths, reportSchedules } from './schedules';
import { DEFAULT_SCHEDULE } from './settings';

describe('quarterStartMonths', () => {
  test('calendar fiscal year: January, April, July, October', () => {
    expect(quarterStartMonths(1)).toEqual([1, 4, 7, 10]);
  });
  test('fiscal year from April (UK, India, Japan): the same months, Q1 = April', () => {
    expect(quarterStartMonths(4)).toEqual([1, 4, 7, 10]);
  });
  test('fiscal year from February or from November wraps around the calendar year', () => {
    expect(quarterStartMonths(2)).toEqual([2, 5, 8, 11]);
    expect(quarterStartMonths(11)).toEqual([2, 5, 8, 11]);
    expect(quarterStartMonths(12)).toEqual([3, 6, 9, 12]);
  });
});

describe('reportSchedules', () => {
  const byKind = (fy: number, extra: Record<string, unknown> = {}, s = DEFAULT_SCHEDULE) =>
    Object.fromEntries(reportSchedules(parseConfig({ fiscalYearStartMonth: fy, ...extra }), s).map((x) => [x.kind, cronExpression(x.cron)]));

  test('weekly on the first day of the week at the configured hour; quarterly and annual a few days after the close', () => {
    expect(byKind(7)).toEqual({
      weekly: 'cron(0 6 ? * MON *)',
      quarterly: 'cron(0 6 5 1,4,7,10 ? *)',
      annual: 'cron(0 6 5 7 ? *)',
    });
  });

  test('a Sunday week start and other hour/day settings', () => {
    expect(byKind(10, { weekStartsOn: 0 }, { hour: 7, closeDay: 10, enabled: true })).toEqual({
      weekly: 'cron(0 7 ? * SUN *)',
      quarterly: 'cron(0 7 10 1,4,7,10 ? *)',
      annual: 'cron(0 7 10 10 ? *)',
    });
  });

  test('descriptions say when, in the configured time zone', () => {
    const specs = reportSchedules(parseConfig({ fiscalYearStartMonth: 4, timeZone: 'Europe/Berlin' }), DEFAULT_SCHEDULE);
    expect(specs.find((s) => s.kind === 'annual')?.description).toContain('Apr');
    for (const s of specs) expect(s.description).toContain('06:00 Europe/Berlin');
  });

  test('Jalali calendar: weekly on Saturday; quarterly and annual checked daily, run on closeDay of the Jalali quarter/year', () => {
    const specs = reportSchedules(parseConfig({ calendar: 'jalali', fiscalYearStartMonth: 4, timeZone: 'Asia/Tehran' }), DEFAULT_SCHEDULE);
    expect(specs.map((x) => [x.kind, cronExpression(x.cron), x.input])).toEqual([
      ['weekly', 'cron(0 6 ? * SAT *)', { kind: 'weekly' }],
      ['quarterly', 'cron(0 6 * * ? *)', { kind: 'quarterly', closeDay: 5 }],
      ['annual', 'cron(0 6 * * ? *)', { kind: 'annual', closeDay: 5 }],
    ]);
    expect(specs[1].description).toBe('Quarterly finance review, day 5 of Tir/Mehr/Dey/Farvardin (Jalali; checked daily) at 06:00 Asia/Tehran');
    expect(specs[2].description).toContain('day 5 of Tir');
  });

  test('Gregorian runs carry no closeDay: the cron alone decides', () => {
    for (const x of reportSchedules(parseConfig({}), DEFAULT_SCHEDULE)) expect(x.input).toEqual({ kind: x.kind });
  });

  test('the freshness check runs daily', () => {
    expect(cronExpression(freshnessCheckCron({ hour: 22, closeDay: 5, enabled: true }))).toBe('cron(30 1 * * ? *)');
  });
});
