import { describe, expect, it } from 'vitest';
import { defaultAsOf, kindsOf, parseReportEvent, ReportEventError, reviewDueOn } from './event';
import { fiscalCalendar, gregorianCalendar } from '../../shared/calendar/fiscal-calendar';

describe('parseReportEvent', () => {
  it('accepts direct and Scheduler input and the EventBridge envelope', () => {
    expect(parseReportEvent({ kind: 'weekly' })).toEqual({ kind: 'weekly' });
    expect(parseReportEvent({ kind: 'Quarterly', asOf: '2026-09-30' })).toEqual({ kind: 'quarterly', asOf: '2026-09-30' });
    expect(parseReportEvent('{"kind":"all"}')).toEqual({ kind: 'all' });
    expect(parseReportEvent({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: { kind: 'annual', asOf: '2026-12-31' } })).toEqual({
      kind: 'annual',
      asOf: '2026-12-31',
    });
  });
  it('rejects a bad kind or date with a message naming the field', () => {
    expect(() => parseReportEvent({ kind: 'daily' })).toThrow(ReportEventError);
    expect(() => parseReportEvent({ kind: 'daily' })).toThrow(/"kind" must be one of weekly, quarterly, annual, all/);
    expect(() => parseReportEvent({ kind: 'weekly', asOf: '2026-02-30' })).toThrow(/"asOf" must be a calendar date/);
    expect(() => parseReportEvent({})).toThrow(/"kind"/);
    expect(() => parseReportEvent(null)).toThrow(ReportEventError);
  });
  it('expands all into the three reports', () => {
    expect(kindsOf('all')).toEqual(['weekly', 'quarterly', 'annual']);
  });
});

describe('defaultAsOf', () => {
  const mondayRun = new Date('2026-11-23T06:00:00Z');
  it('a weekly run covers the day before the run date (the week that just ended)', () => {
    expect(defaultAsOf('weekly', mondayRun, 'UTC')).toBe('2026-11-22');
    expect(defaultAsOf('all', mondayRun, 'UTC')).toBe('2026-11-22');
  });
  it('quarterly and annual runs use the run date in the configured time zone', () => {
    expect(defaultAsOf('quarterly', mondayRun, 'UTC')).toBe('2026-11-23');
    // 2026-10-01T02:00Z is still 30 September in New York
    expect(defaultAsOf('quarterly', new Date('2026-10-01T02:00:00Z'), 'America/New_York')).toBe('2026-09-30');
    expect(defaultAsOf('weekly', new Date('2026-11-22T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-11-22');
  });
});

describe('closeDay: the daily schedules of a Jalali company', () => {
  it('is read for the quarterly and annual reports only', () => {
    expect(parseReportEvent({ kind: 'quarterly', closeDay: 5 })).toEqual({ kind: 'quarterly', closeDay: 5 });
    expect(() => parseReportEvent({ kind: 'weekly', closeDay: 5 })).toThrow(/quarterly and annual reports only/);
    expect(() => parseReportEvent({ kind: 'annual', closeDay: 31 })).toThrow(/"closeDay" must be an integer from 1 to 28/);
  });

  it('a review is due on closeDay of the first Jalali month of a fiscal quarter or year', () => {
    const cal = fiscalCalendar({ calendar: 'jalali', fiscalYearStartMonth: 1, weekStartsOn: 6 });
    // 1403/04/05 (Tir 5, first month of FY1403-Q2) = 2024-06-25
    expect(reviewDueOn('quarterly', '2024-06-25', 5, cal)).toBe(true);
    expect(reviewDueOn('annual', '2024-06-25', 5, cal)).toBe(false);
    expect(reviewDueOn('quarterly', '2024-06-24', 5, cal)).toBe(false);
    // 1403/05/05 (Mordad: mid-quarter)
    expect(reviewDueOn('quarterly', '2024-07-26', 5, cal)).toBe(false);
    // 1404/01/05 = 2025-03-25: the year and its first quarter
    expect(reviewDueOn('annual', '2025-03-25', 5, cal)).toBe(true);
    expect(reviewDueOn('quarterly', '2025-03-25', 5, cal)).toBe(true);
    // a fiscal year from Tir: 1 Tir starts the year
    const tir = fiscalCalendar({ calendar: 'jalali', fiscalYearStartMonth: 4, weekStartsOn: 6 });
    expect(reviewDueOn('annual', '2024-06-25', 5, tir)).toBe(true);
    expect(reviewDueOn('annual', '2025-03-25', 5, tir)).toBe(false);
    // the same rule in the Gregorian calendar
    expect(reviewDueOn('quarterly', '2026-07-05', 5, gregorianCalendar(1))).toBe(true);
  });
});
