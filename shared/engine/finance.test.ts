import { describe, expect, it } from 'vitest';
import { deal, kpi, run, val } from './test-support/fixture';
import type { FinanceRow } from '../model/types';

describe('finance KPIs: quarter rows, month rows, FY rows', () => {
  /*
   * FY = calendar year, as of 2026-11-22.
   * FY2025 row: revenue 5000; FY2025-Q1 row: revenue 1000 (the year uses its FY row)
   * FY2026-Q1 row: revenue 1000, cost 600, market 10000
   * 2026-04, 2026-05, 2026-06 month rows: revenue 100 / cost 50 each (summed into Q2)
   * FY2026-Q3 row: revenue 2000, cost 1000; 2026-07 month row revenue 999 -> conflict, quarter row wins
   * 2026-10 month row: revenue 400, cost 100 (Q4 to date: November has begun but has no row -> flagged)
   */
  const finance: FinanceRow[] = [
    { period: 'FY2025', revenue: 5000 },
    { period: 'FY2025-Q1', revenue: 1000 },
    { period: 'FY2026-Q1', revenue: 1000, costOfRevenue: 600, marketRevenue: 10000 },
    { period: '2026-04', revenue: 100, costOfRevenue: 50 },
    { period: '2026-05', revenue: 100, costOfRevenue: 50 },
    { period: '2026-06', revenue: 100, costOfRevenue: 50 },
    { period: 'FY2026-Q3', revenue: 2000, costOfRevenue: 1000 },
    { period: '2026-07', revenue: 999 },
    { period: '2026-10', revenue: 400, costOfRevenue: 100 },
  ];
  const r = run({ finance }, '2026-11-22');

  it('revenue of a quarter from its quarter row or its summed month rows', () => {
    expect(val(r, 'FY2026-Q1', 'revenue')).toBe(1000);
    // 100 + 100 + 100
    expect(val(r, 'FY2026-Q2', 'revenue')).toBe(300);
    // quarter row 2000 wins over the July month row (999)
    expect(val(r, 'FY2026-Q3', 'revenue')).toBe(2000);
  });

  it('a year uses its FY row, else the sum of its quarter and month rows', () => {
    expect(val(r, 'FY2025', 'revenue')).toBe(5000);
    // FY2026 (to date): 1000 + 300 + 2000 + 400 = 3700
    expect(val(r, 'FY2026', 'revenue')).toBe(3700);
  });

  it('gross_profit and gross_margin', () => {
    // Q2: 300 - 150 = 150; margin 150 / 300 = 0.5
    expect(val(r, 'FY2026-Q2', 'gross_profit')).toBe(150);
    expect(val(r, 'FY2026-Q2', 'gross_margin')).toBe(0.5);
    // FY2025 row has no cost_of_revenue -> null, with the column named
    expect(kpi(r, 'FY2025', 'gross_profit')).toMatchObject({ value: null, reason: 'no cost_of_revenue in finance data' });
    expect(kpi(r, 'FY2025', 'gross_margin').value).toBeNull();
  });

  it('market_share = revenue / market_revenue', () => {
    // Q1: 1000 / 10000
    expect(val(r, 'FY2026-Q1', 'market_share')).toBe(0.1);
    expect(kpi(r, 'FY2026-Q2', 'market_share')).toMatchObject({ value: null, reason: 'no market_revenue in finance data' });
  });

  it('a to-date year and its same span of last year use their FY rows', () => {
    // FY2027 row only (no quarter rows), as of 2027-05-15: FY2027 to date -> 800; previous year to date -> FY2026 sum
    const r2 = run({ finance: [...finance, { period: 'FY2027', revenue: 800 }, { period: 'FY2027-Q1', revenue: 10 }] }, '2027-05-15');
    expect(val(r2, 'FY2027', 'revenue')).toBe(800);
    // FY2027-Q2 (to date) has no rows; FY2027-Q1 has its quarter row
    expect(val(r2, 'FY2027-Q1', 'revenue')).toBe(10);
    // same span of FY2026 (01-01 .. 05-15) has no FY row -> its rows starting in the span: Q1 1000 + April 100 + May 100
    expect(kpi(r2, 'FY2027', 'revenue').previousYear).toMatchObject({ value: 1200, start: '2026-01-01', end: '2026-05-15', sameSpan: true });
  });

  it('a quarter without finance rows is null with "no finance data"', () => {
    expect(kpi(r, 'FY2025-Q2', 'revenue')).toMatchObject({ value: null, reason: 'no finance data' });
  });

  it('conflicts and partly covered quarters are reported for data quality', () => {
    expect(r.details.financeIssues).toEqual([
      expect.objectContaining({ kind: 'conflict', quarter: 'FY2026-Q3', monthsPresent: ['2026-07'] }),
      expect.objectContaining({ kind: 'partial_months', quarter: 'FY2026-Q4', monthsPresent: ['2026-10'], monthsMissing: ['2026-11'] }),
    ]);
  });

  it('crm KPIs are null with a reason when config crmGoLive is unset', () => {
    for (const id of ['crm_tco_to_date', 'crm_tco_3y', 'savings', 'crm_roi_to_date']) {
      expect(kpi(r, 'FY2026-Q3', id)).toMatchObject({ value: null, reason: 'config crmGoLive is not set' });
    }
  });
});

describe('CRM TCO, savings and ROI', () => {
  /*
   * One customer X active the whole time (won 2024-01-01, 60-month contract): |S| = |E| = 1 from 2024-Q2 on.
   * Go-live 2026-02-10 -> go-live quarter FY2026-Q1; baseline quarters FY2025-Q1..Q4.
   * | quarter   | revenue | cost | service | crm |  cost to serve | gross profit |
   * | FY2025-Qn | 1000    | 600  | 100,120,80,100 | - | 100,120,80,100 (mean 100) | 400 (mean 400) |
   * | FY2026-Q1 | 1000    | 500  | 70      | 300 |  70            | 500          |
   * | FY2026-Q2 | 1100    | 500  | 60      | 100 |  60            | 600          |
   * | FY2027-Q1 (future, planned) | | |    | 50  |
   */
  const f = (period: string, o: Partial<FinanceRow>): FinanceRow => ({ period, ...o });
  const finance: FinanceRow[] = [
    f('FY2025-Q1', { revenue: 1000, costOfRevenue: 600, serviceCost: 100 }),
    f('FY2025-Q2', { revenue: 1000, costOfRevenue: 600, serviceCost: 120 }),
    f('FY2025-Q3', { revenue: 1000, costOfRevenue: 600, serviceCost: 80 }),
    f('FY2025-Q4', { revenue: 1000, costOfRevenue: 600, serviceCost: 100 }),
    f('FY2026-Q1', { revenue: 1000, costOfRevenue: 500, serviceCost: 70, crmCost: 300 }),
    f('FY2026-Q2', { revenue: 1100, costOfRevenue: 500, serviceCost: 60, crmCost: 100 }),
    f('FY2027-Q1', { crmCost: 50 }),
  ];
  const deals = [deal({ customerId: 'X', createdDate: '2024-01-01', status: 'won', closedDate: '2024-01-01', amount: 1, contractMonths: 60 })];
  const r = run({ deals, finance }, '2026-06-30', { crmGoLive: '2026-02-10' });

  it('crm_tco_to_date sums crm_cost from the go-live quarter through end(P)', () => {
    expect(val(r, 'FY2026-Q1', 'crm_tco_to_date')).toBe(300);
    // 300 + 100
    expect(val(r, 'FY2026-Q2', 'crm_tco_to_date')).toBe(400);
    expect(val(r, 'FY2026', 'crm_tco_to_date')).toBe(400);
    expect(kpi(r, 'FY2025-Q4', 'crm_tco_to_date')).toMatchObject({ value: null, reason: 'period ends before the CRM go-live quarter FY2026-Q1' });
  });

  it('crm_tco_3y sums the 12 quarters from go-live, planned future rows included', () => {
    // FY2026-Q1 300 + FY2026-Q2 100 + FY2027-Q1 50 (planned) = 450, 3 of 12 quarters present (said in the reason)
    expect(val(r, 'FY2026-Q2', 'crm_tco_3y')).toBe(450);
    expect(kpi(r, 'FY2026-Q2', 'crm_tco_3y').reason).toBe('crm_cost present for 3 of the 12 quarters FY2026-Q1..FY2028-Q4');
  });

  it('savings = (baseline cost to serve - cost to serve) x mean customers; a year sums its quarters', () => {
    // baseline = (100 + 120 + 80 + 100) / 4 = 100
    // Q1: (100 - 70 / mean(1, 1)) x 1 = 30; Q2: (100 - 60) x 1 = 40
    expect(val(r, 'FY2026-Q1', 'savings')).toBe(30);
    expect(val(r, 'FY2026-Q2', 'savings')).toBe(40);
    // FY2026 (to date) = 30 + 40 = 70 (not the formula over the year's cost, which would mix a quarterly baseline with a yearly cost)
    expect(val(r, 'FY2026', 'savings')).toBe(70);
    expect(kpi(r, 'FY2025-Q4', 'savings')).toMatchObject({ value: null, reason: 'period before the CRM go-live quarter FY2026-Q1' });
    expect(kpi(r, 'FY2025', 'savings').value).toBeNull();
  });

  it('crm_roi_to_date', () => {
    // baseline gross profit = 400; Q1 benefit = 30 + 500 - 400 = 130; Q2 benefit = 40 + 600 - 400 = 240
    // Q1: (130 - 300) / 300; Q2: (130 + 240 - 400) / 400 = -0.075
    expect(val(r, 'FY2026-Q1', 'crm_roi_to_date')).toBeCloseTo(-170 / 300, 12);
    expect(val(r, 'FY2026-Q2', 'crm_roi_to_date')).toBeCloseTo(-0.075, 12);
    expect(val(r, 'FY2026', 'crm_roi_to_date')).toBeCloseTo(-0.075, 12);
  });

  it('a baseline quarter without service cost makes savings null with the reason', () => {
    const r2 = run({ deals, finance: finance.filter((x) => x.period !== 'FY2025-Q2') }, '2026-06-30', { crmGoLive: '2026-02-10' });
    expect(kpi(r2, 'FY2026-Q1', 'savings')).toMatchObject({ value: null, reason: 'baseline cost_to_serve needs the 4 quarters before go-live (FY2025-Q2: no finance data)' });
    expect(kpi(r2, 'FY2026-Q1', 'crm_roi_to_date').value).toBeNull();
  });
});
