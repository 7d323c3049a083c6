import { describe, expect, it } from 'vitest';
import type { KpiDocument, PeriodResult } from '../engine/types';
import { gregorianCalendar } from '../calendar/fiscal-calendar';
import { chooseReviewPeriod, kpisKeyBeside, latestClosed, latestKey, weekIdOf, workbookKey } from './periods';

const p = (id: string, kind: 'quarter' | 'year', start: string, end: string, toDate: boolean): PeriodResult => ({
  id,
  kind,
  start,
  end,
  toDate,
  kpis: {},
  stages: [],
  breakdowns: { team: {}, region: {}, product: {}, owner: {}, source: {} },
});
const doc = (asOf: string, periods: PeriodResult[]) => ({ asOf, generatedAt: 'x', config: {}, periods }) as unknown as KpiDocument;

describe('period choice', () => {
  it('the latest closed quarter/year ends on or before the as-of date', () => {
    expect(latestClosed('quarter', '2026-11-22', gregorianCalendar(1)).id).toBe('FY2026-Q3');
    expect(latestClosed('quarter', '2026-09-30', gregorianCalendar(1)).id).toBe('FY2026-Q3');
    expect(latestClosed('quarter', '2026-10-01', gregorianCalendar(1)).id).toBe('FY2026-Q3');
    expect(latestClosed('year', '2026-11-22', gregorianCalendar(1)).id).toBe('FY2025');
    expect(latestClosed('year', '2026-12-31', gregorianCalendar(1)).id).toBe('FY2026');
    // fiscal year from April: FY2027 = 2026-04-01 .. 2027-03-31
    expect(latestClosed('quarter', '2026-11-22', gregorianCalendar(4)).id).toBe('FY2027-Q2');
    expect(latestClosed('year', '2026-11-22', gregorianCalendar(4)).id).toBe('FY2026');
  });

  it('uses the closed period when the engine has it, else the to-date one with a note', () => {
    const full = doc('2026-11-22', [
      p('FY2026-Q3', 'quarter', '2026-07-01', '2026-09-30', false),
      p('FY2026-Q4', 'quarter', '2026-10-01', '2026-11-22', true),
    ]);
    expect(chooseReviewPeriod('quarter', full, gregorianCalendar(1))).toEqual({ id: 'FY2026-Q3', closed: true, note: null });
    const young = doc('2026-11-22', [p('FY2026-Q4', 'quarter', '2026-10-01', '2026-11-22', true), p('FY2026', 'year', '2026-01-01', '2026-11-22', true)]);
    const q = chooseReviewPeriod('quarter', young, gregorianCalendar(1));
    expect(q).toMatchObject({ id: 'FY2026-Q4', closed: false });
    expect(q.note).toContain('to date');
    expect(chooseReviewPeriod('year', young, gregorianCalendar(1))).toMatchObject({ id: 'FY2026', closed: false });
  });
});

describe('bucket keys', () => {
  it('follows outputs.md', () => {
    expect(weekIdOf('2026-11-22', gregorianCalendar(1))).toBe('2026-W47');
    expect(workbookKey('weekly', '2026-W47')).toBe('reports/weekly/2026-W47/manager-dashboard-2026-W47.xlsx');
    expect(workbookKey('quarterly', 'FY2026-Q3')).toBe('reports/quarterly/FY2026-Q3/finance-review-FY2026-Q3.xlsx');
    expect(workbookKey('annual', 'FY2026')).toBe('reports/annual/FY2026/annual-review-FY2026.xlsx');
    expect(kpisKeyBeside(workbookKey('annual', 'FY2026'))).toBe('reports/annual/FY2026/kpis.json');
    expect(latestKey('weekly')).toBe('reports/latest/manager-dashboard.xlsx');
    expect(latestKey('quarterly')).toBe('reports/latest/finance-review.xlsx');
  });
});
