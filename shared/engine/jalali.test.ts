import { describe, expect, it } from 'vitest';
import { deal, kpi, period, run, val } from './test-support/fixture';
import type { FinanceRow } from '../model/types';

/*
 * A company on the Solar Hijri calendar (config calendar "jalali", fiscal year from
 * Farvardin), worked out by hand. Jalali dates first, the Gregorian ISO date the deals carry after.
 */
const won = (customerId: string, closedDate: string, amount: number, contractMonths?: number) =>
  deal({ customerId, createdDate: closedDate, status: 'won', closedDate, amount, contractMonths });

describe('Jalali quarters to date and their same-span comparisons', () => {
  /*
   * As of 1403/08/15 (2024-11-05). Won deals (created = closed):
   *   1402/07/09  2023-10-01   300  (earliest data: FY1402-Q3 = 1402/07/01 .. 1402/09/30 is the first quarter)
   *   1402/08/29  2023-11-20   700  (after FY1402-Q3's same span)
   *   1403/04/11  2024-07-01   500
   *   1403/05/20  2024-08-10   900  (after FY1403-Q2's same span)
   *   1403/06/31  2024-09-21    50  (last day of Shahrivar: FY1403-Q2, although a Gregorian Q3 day)
   *   1403/07/01  2024-09-22  1000  (first day of FY1403-Q3)
   *   1403/08/15  2024-11-05  2000  (the as-of date)
   *   1403/08/16  2024-11-06  9999  (after the as-of date: does not exist yet)
   */
  const deals = [
    won('a', '2023-10-01', 300), won('b', '2023-11-20', 700), won('c', '2024-07-01', 500), won('d', '2024-08-10', 900),
    won('e', '2024-09-21', 50), won('f', '2024-09-22', 1000), won('g', '2024-11-05', 2000), won('h', '2024-11-06', 9999),
  ];
  const r = run({ deals }, '2024-11-05', { calendar: 'jalali' });

  it('reports Jalali fiscal quarters and years with Gregorian ISO bounds', () => {
    expect(r.document.periods.map((p) => p.id)).toEqual(['FY1402-Q3', 'FY1402-Q4', 'FY1402', 'FY1403-Q1', 'FY1403-Q2', 'FY1403-Q3', 'FY1403']);
    expect(period(r, 'FY1402-Q3')).toMatchObject({ start: '2023-09-23', end: '2023-12-21', toDate: false });
    expect(period(r, 'FY1403-Q2')).toMatchObject({ start: '2024-06-21', end: '2024-09-21', toDate: false });
    expect(period(r, 'FY1403')).toMatchObject({ start: '2024-03-20', end: '2024-11-05', toDate: true });
  });

  it('QTD 1403/07/01 .. 1403/08/15 against the same 44 days of FY1403-Q2 and of FY1402-Q3', () => {
    const q3 = period(r, 'FY1403-Q3');
    expect(q3).toMatchObject({ start: '2024-09-22', end: '2024-11-05', toDate: true });
    // 1000 + 2000
    expect(q3.kpis.bookings.value).toBe(3000);
    // Tir 1 + 44 days = 1403/05/14 (2024-08-04): 500 only (Mordad 20's 900 and Shahrivar 31's 50 are later)
    expect(q3.kpis.bookings.previousQuarter).toEqual({
      value: 500, change: 2500, changePct: 5, period: 'FY1403-Q2', start: '2024-06-21', end: '2024-08-04', sameSpan: true, reason: null,
    });
    // Mehr 1 1402 + 44 days = 1402/08/15 (2023-11-06): 300 (1402/08/29's 700 is later)
    expect(q3.kpis.bookings.sameQuarterLastYear).toEqual({
      value: 300, change: 2700, changePct: 9, period: 'FY1402-Q3', start: '2023-09-23', end: '2023-11-06', sameSpan: true, reason: null,
    });
  });

  it('a whole Jalali quarter holds its 31st of Shahrivar', () => {
    // 500 + 900 + 50
    expect(val(r, 'FY1403-Q2', 'bookings')).toBe(1450);
    // the year to date 1403/01/01 .. 1403/08/15 against 1402/01/01 .. 1402/08/15 (2023-03-21 .. 2023-11-06): 300
    expect(kpi(r, 'FY1403', 'bookings')).toMatchObject({ value: 4450, previousYear: { value: 300, start: '2023-03-21', end: '2023-11-06', sameSpan: true } });
  });

  it('the weekly dashboard weeks start on Saturday and carry Jalali week ids', () => {
    expect(r.details.currentQuarter).toBe('FY1403-Q3');
    expect(r.details.currentYear).toBe('FY1403');
    // 1403/08/15 is a Tuesday; its week starts on Saturday 1403/08/12 (2024-11-02)
    expect(r.details.weeks[7]).toMatchObject({ id: r.details.currentWeek, start: '2024-11-02', end: '2024-11-05', toDate: true, dealsWon: 1 });
    expect(r.details.currentWeek).toBe('1403-W33');
    expect(r.details.weeks[6]).toMatchObject({ id: '1403-W32', start: '2024-10-26', end: '2024-11-01' });
  });
});

describe('Jalali months in coverage, renewals, 12-month windows and finance', () => {
  /*
   * As of 1404/01/10 (2025-03-30); activity window 6 months, renewal grace 0 days.
   * FY1403-Q4 = 1403/10/01 .. 1403/12/30 = 2024-12-21 .. 2025-03-20 (1403 is a leap year).
   *
   * K one-time 1403/06/31 (2024-09-21): covered through 1403/12/30 - 1 day? no: 1403/06/31 + 6 months
   *   = 1403/12/30 (clamped to Esfand's 30 days), - 1 day = 1403/12/29 (2025-03-19). Not active on the
   *   quarter's last day 1403/12/30. (Gregorian months would say 2024-09-21 + 6 = 2025-03-21, active.)
   * L 6-month subscription 1403/06/31 (2024-09-21): term ends 1403/12/29 (2025-03-19); the next one, closed
   *   1403/12/30 (2025-03-20), is one day after the term with grace 0: not renewed. Covered throughout.
   * M 3-month subscription 1403/07/30 (2024-10-21): + 3 months = 1403/10/30, term ends 1403/10/29
   *   (2025-01-18); renewed by a 3-month subscription closed that day (covered to 1404/01/28 = 2025-04-17).
   * N one-time 1403/01/01 (2024-03-20, Nowruz) and 1403/02/12 (2024-05-01): covered to 1403/08/11 (2024-11-01).
   */
  const deals = [
    won('K', '2024-09-21', 100),
    won('L', '2024-09-21', 600, 6), won('L', '2025-03-20', 600, 6),
    won('M', '2024-10-21', 300, 3), won('M', '2025-01-18', 300, 3),
    won('N', '2024-03-20', 100), won('N', '2024-05-01', 100),
  ];
  // Jalali month rows summed into FY1403-Q4; a quarter row for FY1403-Q3
  const finance: FinanceRow[] = [
    { period: 'FY1403-Q3', revenue: 1000 },
    { period: '1403-10', revenue: 100 },
    { period: '1403-11', revenue: 200 },
    { period: '1403-12', revenue: 300 },
    { period: '1404-01', revenue: 40 },
  ];
  const r = run({ deals, finance }, '2025-03-30', { calendar: 'jalali', activityWindowMonths: 6, renewalGraceDays: 0 });
  const Q4 = 'FY1403-Q4';

  it('coverage ends with the Jalali month arithmetic: K is gone on 30 Esfand', () => {
    expect(period(r, Q4)).toMatchObject({ start: '2024-12-21', end: '2025-03-20', toDate: false });
    // S (1403/09/30 = 2024-12-20): K, L, M = 3. E (1403/12/30): L, M = 2 (N left on 1403/08/11)
    expect(val(r, Q4, 'active_customers')).toBe(2);
    expect(val(r, Q4, 'churned_customers')).toBe(1);
    expect(val(r, Q4, 'churn_rate')).toBe(1 / 3);
  });

  it('renewals: terms ending in the quarter, renewed within grace counted in Jalali months', () => {
    // terms ending in FY1403-Q4: L's (1403/12/29, not renewed: one day late), M's (1403/10/29, renewed) -> 1/2
    expect(kpi(r, Q4, 'renewal_rate')).toMatchObject({ value: 0.5, reason: null });
  });

  it('"the 12 months ending 1403/12/30" are the Jalali year 1403, Nowruz included', () => {
    // 30 Esfand 1403 - 12 months = 29 Esfand 1402 (clamped), + 1 day = 1 Farvardin 1403 (2024-03-20).
    // Buyers in the window: K, L, M, N = 4; with >= 2 won deals: L, M, N (N's Nowruz deal counts) = 3
    expect(val(r, Q4, 'repeat_purchase_rate')).toBe(0.75);
    expect(val(r, 'FY1403', 'repeat_purchase_rate')).toBe(0.75);
  });

  it('finance month rows by Jalali month are summed into their Jalali quarter and year', () => {
    // Dey + Bahman + Esfand = 100 + 200 + 300
    expect(val(r, Q4, 'revenue')).toBe(600);
    // the year: FY1403-Q3's quarter row + Q4's months (no FY row)
    expect(val(r, 'FY1403', 'revenue')).toBe(1600);
    // FY1404-Q1 to date (Farvardin begun, its row present): 40, no partial-months issue
    expect(val(r, 'FY1404-Q1', 'revenue')).toBe(40);
    expect(r.details.financeIssues).toEqual([]);
    expect(r.details.diagnostics.financeUnreadablePeriods).toEqual([]);
  });
});
