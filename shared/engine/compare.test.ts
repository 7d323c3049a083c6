import { describe, expect, it } from 'vitest';
import { attainment } from './index';
import { deal, kpi, period, run, val } from './test-support/fixture';

/*
 * Comparison fixture, as of 2026-11-22 (FY = calendar year). Won deals (created = closed):
 *   2025-10-15  400   (earliest data: FY2025-Q4 is the first reported quarter)
 *   2026-07-10  500
 *   2026-08-20  500
 *   2026-09-10  9999  (after the same span of Q3: 07-01 .. 08-22)
 *   2026-10-05  1000
 *   2026-11-20  1000
 */
const w = (date: string, amount: number, team?: string) => deal({ customerId: `c${date}`, createdDate: date, status: 'won', closedDate: date, amount, team });
const deals = [w('2025-10-15', 400), w('2026-07-10', 500), w('2026-08-20', 500, 'EMEA'), w('2026-09-10', 9999), w('2026-10-05', 1000, 'EMEA'), w('2026-11-20', 1000)];

describe('comparisons', () => {
  const r = run({ deals }, '2026-11-22');

  it('a to-date quarter is compared with the same span of the previous quarter and of last year', () => {
    const q4 = period(r, 'FY2026-Q4');
    expect(q4).toMatchObject({ start: '2026-10-01', end: '2026-11-22', toDate: true });
    const b = q4.kpis.bookings;
    // QTD: 1000 + 1000 = 2000
    expect(b.value).toBe(2000);
    // QTD spans 10-01 .. 11-22 = offset 52 days; Q3 same span 07-01 .. 08-22 -> 500 + 500 = 1000 (09-10 excluded)
    expect(b.previousQuarter).toEqual({ value: 1000, change: 1000, changePct: 1, period: 'FY2026-Q3', start: '2026-07-01', end: '2026-08-22', sameSpan: true, reason: null });
    // last year 2025-10-01 .. 2025-11-22 -> 400; change 1600, relative 1600 / 400 = 4
    expect(b.sameQuarterLastYear).toEqual({ value: 400, change: 1600, changePct: 4, period: 'FY2025-Q4', start: '2025-10-01', end: '2025-11-22', sameSpan: true, reason: null });
  });

  it('a complete quarter is compared with the whole prior quarter', () => {
    const b = kpi(r, 'FY2026-Q3', 'bookings');
    // Q3 = 500 + 500 + 9999 = 10999; Q2 = 0 -> relative change n/a (null), never 0 or Infinity
    expect(b.value).toBe(10999);
    expect(b.previousQuarter).toMatchObject({ value: 0, change: 10999, changePct: null, sameSpan: false, start: '2026-04-01', end: '2026-06-30', reason: 'prior value is 0: relative change n/a' });
  });

  it('a missing prior period gives null value and null relative change, not 0', () => {
    // FY2025-Q4 is the first reported quarter: FY2025-Q3 lies before the earliest data
    const b = kpi(r, 'FY2025-Q4', 'bookings');
    expect(b.previousQuarter).toMatchObject({ value: null, change: null, changePct: null, period: 'FY2025-Q3' });
    expect(b.previousQuarter!.reason).toMatch(/no data before 2025-10-01/);
    expect(b.sameQuarterLastYear).toMatchObject({ value: null, changePct: null, period: 'FY2024-Q4' });
  });

  it('a prior value that is null passes its reason on', () => {
    // win rate in FY2026-Q2 has no closed deals -> Q3 compared with null
    const wr = kpi(r, 'FY2026-Q3', 'win_rate');
    expect(wr.value).toBe(1);
    expect(wr.previousQuarter).toMatchObject({ value: null, change: null, changePct: null, reason: 'no deals closed in period' });
  });

  it('a to-date year is compared with the same span of the previous year', () => {
    const y = kpi(r, 'FY2026', 'bookings');
    // YTD 2026-01-01 .. 11-22: 500 + 500 + 9999 + 1000 + 1000 = 12999; 2025-01-01 .. 2025-11-22: 400
    expect(y.value).toBe(12999);
    expect(y.previousYear).toMatchObject({ value: 400, change: 12599, changePct: 12599 / 400, start: '2025-01-01', end: '2025-11-22', sameSpan: true });
    expect(y.previousQuarter).toBeUndefined();
  });

  it('a negative prior gives a change but no relative change (n/a), with the reason', () => {
    // one-time sales (12-month activity): c1 won 2025-01-15, c2 2025-02-15, c3 2026-03-01, c4 2026-05-01
    // FY2026-Q1: S (2025-12-31) = {c1, c2} = 2, E (03-31) = {c3} = 1 -> growth (1 - 2) / 2 = -0.5
    // FY2026-Q2: S = {c3} = 1, E (06-30) = {c3, c4} = 2 -> growth (2 - 1) / 1 = 1
    // change = 1 - (-0.5) = 1.5; relative change across a negative base: null
    const g = run({ deals: [w('2025-01-15', 1), w('2025-02-15', 1), w('2026-03-01', 1), w('2026-05-01', 1)] }, '2026-06-30');
    expect(val(g, 'FY2026-Q1', 'customer_growth_rate')).toBe(-0.5);
    expect(kpi(g, 'FY2026-Q2', 'customer_growth_rate')).toMatchObject({
      value: 1,
      previousQuarter: { value: -0.5, change: 1.5, changePct: null, reason: 'prior value is negative: relative change n/a' },
    });
  });
});

describe('targets', () => {
  const targets = [
    { kpi: 'bookings', period: 'FY2026-Q3', target: 12000, scope: '' },
    { kpi: 'sales_cycle_days', period: 'FY2026-Q3', target: 0, scope: '' },
    { kpi: 'bookings', period: 'FY2026-Q3', target: 400, scope: 'team=emea' },
    { kpi: 'nps', period: 'FY2026-Q3', target: 30, scope: 'team=EMEA' },
    { kpi: 'no_such_kpi', period: 'FY2026-Q3', target: 1, scope: '' },
    { kpi: 'bookings', period: 'FY2030-Q1', target: 1, scope: '' },
    { kpi: 'bookings', period: 'FY2026-Q3', target: 1, scope: 'team=Mars' },
  ];
  const r = run({ deals, targets }, '2026-11-22');

  it('attainment = value / target for higher-is-better KPIs', () => {
    // 10999 / 12000 = 0.9166 -> at_risk (>= 0.9)
    expect(kpi(r, 'FY2026-Q3', 'bookings').target).toEqual({ value: 12000, expectedToDate: 12000, attainment: 10999 / 12000, status: 'at_risk', scope: '', reason: null });
    expect(kpi(r, 'FY2026-Q2', 'bookings').target).toBeNull();
  });

  it('a target on a lower-is-better KPI: attainment = target / value', () => {
    // sales cycle target 20 days: value 25 -> 20 / 25 = 0.8 -> behind; value 19 -> 20 / 19 -> met
    expect(attainment(25, 20, { better: 'lower' }, '')).toMatchObject({ attainment: 0.8, status: 'behind' });
    expect(attainment(19, 20, { better: 'lower' }, '')).toMatchObject({ attainment: 20 / 19, status: 'met' });
    // 21 days: 20 / 21 = 0.952 -> at_risk
    expect(attainment(21, 20, { better: 'lower' }, '')).toMatchObject({ status: 'at_risk' });
    // a value of 0 on a lower KPI (no churn): attainment n/a, status met
    expect(attainment(0, 0.05, { better: 'lower' }, '')).toMatchObject({ attainment: null, status: 'met' });
    // in the document: sales cycle in Q3 is 0 days (created = closed) with target 0 -> met, attainment null
    expect(kpi(r, 'FY2026-Q3', 'sales_cycle_days').target).toMatchObject({ value: 0, attainment: null, status: 'met' });
  });

  it('status thresholds, null values and informational KPIs', () => {
    expect(attainment(90, 100, { better: 'higher' }, '').status).toBe('at_risk');
    expect(attainment(89.9, 100, { better: 'higher' }, '').status).toBe('behind');
    expect(attainment(100, 100, { better: 'higher' }, '').status).toBe('met');
    expect(attainment(null, 100, { better: 'higher' }, '')).toMatchObject({ attainment: null, status: null });
    expect(attainment(0.5, 0.4, { better: 'neutral' }, '')).toMatchObject({ attainment: 1.25, status: null });
    // signed KPI (NPS) with a negative value against a positive target: no ratio, judged directly
    expect(attainment(-10, 20, { better: 'higher' }, '')).toMatchObject({ attainment: null, status: 'behind' });
  });

  it('a scoped target lands on the breakdown value (case-insensitive match)', () => {
    // EMEA in Q3: the 2026-08-20 deal, 500 -> 500 / 400 = 1.25 met
    const emea = period(r, 'FY2026-Q3').breakdowns.team.EMEA.bookings;
    expect(emea).toMatchObject({ value: 500, target: { value: 400, attainment: 1.25, status: 'met', scope: 'team=EMEA' } });
  });

  it('targets that cannot be placed are reported, not dropped silently', () => {
    const reasons = r.details.ignoredTargets.map((t) => t.reason);
    expect(reasons).toEqual([
      'nps is not computed per team (only the pipeline and sales KPIs are)',
      'unknown KPI id "no_such_kpi"',
      'period FY2030-Q1 is not reported (outside the data through the as-of date)',
      'no deals with team=Mars',
    ]);
  });
});

describe('fiscal year starting in April', () => {
  // FY2027 = 2026-04-01 .. 2027-03-31; a deal won 2026-04-01 is in FY2027-Q1, one won 2026-03-31 in FY2026-Q4
  const d = [w('2026-03-31', 100), w('2026-04-01', 200), w('2026-12-31', 300)];
  const r = run({ deals: d }, '2027-01-15', { fiscalYearStartMonth: 4 });

  it('periods are named after the year in which the fiscal year ends', () => {
    expect(r.document.periods.map((p) => p.id)).toEqual(['FY2026-Q4', 'FY2026', 'FY2027-Q1', 'FY2027-Q2', 'FY2027-Q3', 'FY2027-Q4', 'FY2027']);
    expect(period(r, 'FY2027-Q1')).toMatchObject({ start: '2026-04-01', end: '2026-06-30', toDate: false });
    expect(period(r, 'FY2027-Q4')).toMatchObject({ start: '2027-01-01', end: '2027-01-15', toDate: true });
    expect(period(r, 'FY2027')).toMatchObject({ start: '2026-04-01', end: '2027-01-15', toDate: true });
  });

  it('deals fall in the fiscal quarter of their closed date', () => {
    expect(val(r, 'FY2026-Q4', 'bookings')).toBe(100);
    expect(val(r, 'FY2027-Q1', 'bookings')).toBe(200);
    expect(val(r, 'FY2027-Q3', 'bookings')).toBe(300);
    // FY2026 here is only its Q4 (earliest data 2026-03-31); the year's value is still over its whole interval
    expect(val(r, 'FY2026', 'bookings')).toBe(100);
    expect(val(r, 'FY2027', 'bookings')).toBe(500);
    expect(r.details.currentQuarter).toBe('FY2027-Q4');
    expect(r.details.currentYear).toBe('FY2027');
  });
});
