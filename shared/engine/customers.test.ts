import { describe, expect, it } from 'vitest';
import { deal, kpi, run, val } from './test-support/fixture';
import type { FinanceRow, SurveyResponse } from '../model/types';

/*
 * Customer fixture, as of 2026-11-22, activity window 12 months, renewal grace 30 days.
 * FY2026-Q3 = 2026-07-01 .. 2026-09-30; S = active on 2026-06-30, E = active on 2026-09-30.
 *
 * cust | won deals (closed, months, amount) -> coverage (merged)
 * A    | 2025-05-01 one-time 100; 2026-02-01 12m 5000       -> 2025-05-01 .. 2027-01-31
 * B    | 2025-08-01 one-time 100; lost 2026-08-20 "competitor pricing"  -> .. 2026-07-31
 * C    | 2025-07-20 one-time 100; 2026-08-15 one-time 1000  -> .. 2026-07-19, 2026-08-15 .. 2027-08-14 (churns, comes back)
 * D    | 2026-07-01 one-time 2000; 2026-09-10 one-time 2000 -> 2026-07-01 .. 2027-09-09 (new, first day of Q3)
 * E    | 2026-09-30 one-time 500                             -> new on the last day of Q3
 * F    | 2024-01-10 one-time 100                             -> .. 2025-01-09
 * G    | 2025-09-01 12m 100 (term end 2026-08-31); 2026-09-20 12m 2500 -> renewed (09-20 <= 08-31 + 30)
 * H    | 2025-07-05 12m 100 (term end 2026-07-04); 2026-08-10 12m 1000 -> not renewed (08-10 > 08-03)
 * P1   | lost 2026-05-01 "Chose a Competitor" (never won)
 * P2   | lost 2026-06-01 "no budget" (never won: not segmented)
 */
const won = (customerId: string, closedDate: string, amount: number, contractMonths?: number) =>
  deal({ customerId, createdDate: closedDate, status: 'won', closedDate, amount, contractMonths });
const lost = (customerId: string, closedDate: string, lostReason: string) =>
  deal({ customerId, createdDate: closedDate, status: 'lost', closedDate, amount: 10, lostReason });
const deals = [
  won('A', '2025-05-01', 100), won('A', '2026-02-01', 5000, 12),
  won('B', '2025-08-01', 100), lost('B', '2026-08-20', 'competitor pricing'),
  won('C', '2025-07-20', 100), won('C', '2026-08-15', 1000),
  won('D', '2026-07-01', 2000), won('D', '2026-09-10', 2000),
  won('E', '2026-09-30', 500),
  won('F', '2024-01-10', 100),
  won('G', '2025-09-01', 100, 12), won('G', '2026-09-20', 2500, 12),
  won('H', '2025-07-05', 100, 12), won('H', '2026-08-10', 1000, 12),
  lost('P1', '2026-05-01', 'Chose a Competitor'),
  lost('P2', '2026-06-01', 'no budget'),
];
const nps = (customerId: string, respondedDate: string, score: number): SurveyResponse => ({ responseId: `${customerId}${respondedDate}`, customerId, respondedDate, nps: score });
const surveys = [
  nps('A', '2026-09-01', 6), nps('D', '2026-09-15', 9), nps('G', '2026-03-01', 3), nps('G', '2026-09-25', 8),
  nps('H', '2026-07-01', 5), nps('H', '2026-10-15', 10),
];
// finance: 4 quarters of the 12 months ending 2026-09-30, revenue 1000 / cost 400 each -> gross margin 0.6
const q = (period: string, extra: Partial<FinanceRow> = {}): FinanceRow => ({ period, revenue: 1000, costOfRevenue: 400, ...extra });
const finance = [q('FY2025-Q4'), q('FY2026-Q1'), q('FY2026-Q2'), q('FY2026-Q3', { salesMarketingCost: 3000, serviceCost: 1100 })];
const r = run({ deals, surveys, finance }, '2026-11-22');
const Q3 = 'FY2026-Q3';

describe('customer KPIs on the hand-made fixture (FY2026-Q3)', () => {
  it('active, new, churned customers from merged coverage intervals', () => {
    // S (06-30): A, B, C, G, H = 5.  E (09-30): A, C, D, E, G, H = 6.
    expect(val(r, Q3, 'active_customers')).toBe(6);
    // acquisitions in Q3: D (07-01, first day), E (09-30, last day) = 2; C's return is not an acquisition
    expect(val(r, Q3, 'new_customers')).toBe(2);
    // churned = in S, not in E: B only (C churned 07-20 and came back 08-15: in both S and E) = 1
    expect(val(r, Q3, 'churned_customers')).toBe(1);
  });

  it('churn_rate, retention_rate, customer_growth_rate', () => {
    // churn 1/5; retention = in both (A, C, G, H) / 5 = 4/5; growth = (6 - 5) / 5
    expect(val(r, Q3, 'churn_rate')).toBe(0.2);
    expect(val(r, Q3, 'retention_rate')).toBe(0.8);
    expect(val(r, Q3, 'customer_growth_rate')).toBe(0.2);
  });

  it('a customer who churns and comes back counts as churned in the quarter it left and not as new when back', () => {
    // C's first coverage ends 2026-07-19; C comes back on 2026-08-15.
    // As of 2026-08-01 (Q3 to date) C is in the gap: S (06-30) = A, B, C, G, H = 5;
    // E (08-01): A yes, B no (through 07-31), C no (gap), D yes, G yes (through 08-31), H no (through 07-04)
    // -> E = {A, D, G} = 3; churned = S minus E = {B, C, H} = 3
    const early = run({ deals, surveys, finance }, '2026-08-01');
    expect(val(early, Q3, 'active_customers')).toBe(3);
    expect(val(early, Q3, 'churned_customers')).toBe(3);
    expect(val(early, Q3, 'new_customers')).toBe(1); // D
    // back on 08-15: as of the quarter end C is active again and not new
    expect(val(r, Q3, 'new_customers')).toBe(2);
  });

  it('renewal_rate over subscription terms ending in P', () => {
    // terms ending in Q3: G (2025-09-01 + 12 months - 1 day = 2026-08-31), H (2026-07-04) = 2
    // G renewed 2026-09-20 <= 2026-08-31 + 30 days = 2026-09-30; H's next (2026-08-10) > 2026-07-04 + 30 = 2026-08-03
    // -> 1 / 2
    expect(val(r, Q3, 'renewal_rate')).toBe(0.5);
    // no term ends in FY2026-Q1 -> null with reason
    expect(kpi(r, 'FY2026-Q1', 'renewal_rate')).toMatchObject({ value: null, reason: 'no subscription terms end in period' });
  });

  it('repeat_purchase_rate over the 12 months ending end(P)', () => {
    // W = 2025-10-01 .. 2026-09-30: buyers A (02-01), C (08-15), D (07-01, 09-10), E, G (09-20), H (08-10) = 6;
    // with >= 2 won deals: D -> 1/6
    expect(val(r, Q3, 'repeat_purchase_rate')).toBeCloseTo(1 / 6, 12);
  });

  it('pareto_top20_share and pareto_80_customer_share', () => {
    // won in W: A 5000, D 4000, G 2500, C 1000, H 1000, E 500; total 14000; 6 customers
    // top ceil(0.2 x 6) = 2 customers: (5000 + 4000) / 14000
    expect(val(r, Q3, 'pareto_top20_share')).toBeCloseTo(9000 / 14000, 12);
    // 80% of 14000 = 11200: 5000, 9000, 11500 -> 3 customers of 6 = 0.5
    expect(val(r, Q3, 'pareto_80_customer_share')).toBe(0.5);
    expect(kpi(r, Q3, 'pareto_top20_share').better).toBe('neutral');
  });

  it('cac and cost_to_serve', () => {
    // cac = sales_marketing_cost 3000 / new customers 2 = 1500
    expect(val(r, Q3, 'cac')).toBe(1500);
    // cost to serve = service_cost 1100 / mean(|S| 5, |E| 6) = 1100 / 5.5 = 200
    expect(val(r, Q3, 'cost_to_serve')).toBe(200);
    // Q2 has finance rows without sales_marketing_cost -> null with the column named
    expect(kpi(r, 'FY2026-Q2', 'cac')).toMatchObject({ value: null, reason: 'no sales_marketing_cost in finance data' });
  });

  it('clv and clv_to_cac', () => {
    // W = 2025-10-01 .. 2026-09-30: bookings in W = 14000; |E(P)| = 6; gross margin over W = (4000 - 1600) / 4000 = 0.6
    // active on 2025-09-30: A, B, C, G, H = 5; of them not active on 2026-09-30: B -> annual churn 1/5 = 0.2
    // clv = (14000 / 6) x 0.6 / 0.2 = 7000
    expect(val(r, Q3, 'clv')).toBeCloseTo(7000, 9);
    expect(kpi(r, Q3, 'clv').reason).toBeNull();
    // clv / cac = 7000 / 1500
    expect(val(r, Q3, 'clv_to_cac')).toBeCloseTo(7000 / 1500, 9);
  });

  it('clv takes gross margin 1 without finance, and says so', () => {
    const nf = run({ deals }, '2026-11-22');
    // (14000 / 6) x 1 / 0.2 = 11666.67
    expect(val(nf, Q3, 'clv')).toBeCloseTo(14000 / 6 / 0.2, 9);
    expect(kpi(nf, Q3, 'clv').reason).toMatch(/gross margin taken as 1/);
    expect(kpi(nf, Q3, 'clv_to_cac').value).toBeNull();
  });

  it('loyalty segment shares at the period end', () => {
    // segmented at 09-30: the won customers A..H (8) and prospect P1 (last closed deal lost to a competitor) = 9
    // loyal (active, >= 2 won in 24 months, latest NPS >= 7 or none): C (no NPS), D (NPS 9), G (latest NPS 8) = 3
    // somewhat loyal (active, not loyal): A (latest NPS 6), E (1 deal), H (latest NPS on/before 09-30 is 5) = 3
    // disloyal (inactive, has won, not competitor): F = 1
    // competitor loyal (inactive, latest closed deal lost to a competitor): B (lost 08-20), P1 = 2
    expect(val(r, Q3, 'loyal_share')).toBeCloseTo(3 / 9, 12);
    expect(val(r, Q3, 'somewhat_loyal_share')).toBeCloseTo(3 / 9, 12);
    expect(val(r, Q3, 'disloyal_share')).toBeCloseTo(1 / 9, 12);
    expect(val(r, Q3, 'competitor_loyal_share')).toBeCloseTo(2 / 9, 12);
    // at the as-of date 2026-11-22 H's latest NPS is 10 -> H becomes loyal: loyal C, D, G, H = 4
    expect(r.details.loyaltySegments).toEqual({ loyal: 4, somewhat_loyal: 2, disloyal: 1, competitor_loyal: 2 });
  });

  it('top customers over the 12 months ending at the as-of date, with share and segment', () => {
    // W = 2025-11-23 .. 2026-11-22: A 5000, D 4000, G 2500, C 1000, H 1000, E 500 -> total 14000
    const top = r.details.topCustomers;
    expect(top[0]).toMatchObject({ customerId: 'A', wonAmount: 5000, share: 5000 / 14000, segment: 'somewhat_loyal' });
    expect(top[1]).toMatchObject({ customerId: 'D', cumulativeShare: 9000 / 14000, segment: 'loyal' });
    expect(top.at(-1)!.cumulativeShare).toBeCloseTo(1, 12);
  });

  it('zero denominators give null with reasons', () => {
    // FY2024-Q1 (first period, starts with F's deal on 2024-01-10): S (2023-12-31) is empty
    expect(kpi(r, 'FY2024-Q1', 'churn_rate')).toMatchObject({ value: null, reason: 'no customers active on the day before the period' });
    expect(kpi(r, 'FY2024-Q1', 'retention_rate').value).toBeNull();
    expect(kpi(r, 'FY2024-Q1', 'customer_growth_rate').value).toBeNull();
    expect(val(r, 'FY2024-Q1', 'active_customers')).toBe(1);
  });

  it('leap day: a one-time sale closed 2024-02-29 covers through 2025-02-27 (12 months clamped to 02-28, minus one day)', () => {
    const lp = [won('L', '2024-02-29', 10)];
    expect(val(run({ deals: lp }, '2025-02-27'), 'FY2025-Q1', 'active_customers')).toBe(1);
    expect(val(run({ deals: lp }, '2025-02-28'), 'FY2025-Q1', 'active_customers')).toBe(0);
    // month-end clamping: a 1-month contract closed 2026-01-31 ends 2026-02-28 - 1 day = 2026-02-27
    const me = [won('M', '2026-01-31', 10, 1)];
    expect(val(run({ deals: me }, '2026-02-27'), 'FY2026-Q1', 'active_customers')).toBe(1);
    expect(val(run({ deals: me }, '2026-02-28'), 'FY2026-Q1', 'active_customers')).toBe(0);
  });
});
