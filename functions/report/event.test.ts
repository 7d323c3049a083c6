import { describe, expect, it } from 'vitest';
import { defaultAsOf, kindsOf, parseReportEvent, ReportEventError } from './event';

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
