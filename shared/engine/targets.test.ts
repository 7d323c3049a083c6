import { describe, expect, it } from 'vitest';
import { KPI_CATALOG } from './catalog';
import { paceOf } from './targets';
import { deal, kpi, period, run } from './test-support/fixture';

/*
 * As of 2026-11-22 (FY = calendar year). FY2026-Q4 = 2026-10-01 .. 12-31 = 92 days, of which
 * 31 (October) + 22 (November 1-22) = 53 have elapsed, the as-of day included: pace 53/92.
 * Won deals: Q3 2026-08-20 500 (EMEA); Q4 2026-10-05 1000 (EMEA), 2026-11-20 1000; one lost 2026-11-01.
 */
const won = (date: string, amount: number, team?: string) => deal({ customerId: `c${date}`, createdDate: date, status: 'won', closedDate: date, amount, team });
const deals = [won('2026-08-20', 500, 'EMEA'), won('2026-10-05', 1000, 'EMEA'), won('2026-11-20', 1000), deal({ customerId: 'x', createdDate: '2026-10-20', status: 'lost', closedDate: '2026-11-01' })];
const t = (kpi: string, p: string, target: number, scope = '') => ({ kpi, period: p, target, scope });
const targets = [
  t('bookings', 'FY2026-Q4', 3000),
  t('bookings', 'FY2026-Q3', 600),
  t('win_rate', 'FY2026-Q4', 0.7),
  t('deals_lost', 'FY2026-Q4', 2),
  t('bookings', 'FY2026-Q4', 2000, 'team=EMEA'),
  t('bookings', 'FY2026', 3650),
];
const r = run({ deals, targets }, '2026-11-22');
const PACE = 53 / 92;

describe('paced targets (kpis.md "Targets")', () => {
  it('the elapsed share counts the as-of day and is 1 for a complete period', () => {
    expect(paceOf({ start: '2026-10-01', end: '2026-12-31' }, '2026-11-22')).toBe(PACE);
    expect(paceOf({ start: '2026-10-01', end: '2026-12-31' }, '2026-10-01')).toBe(1 / 92);
    expect(paceOf({ start: '2026-07-01', end: '2026-09-30' }, '2026-09-30')).toBe(1);
  });

  it('a to-date quarter judges bookings against the target paced to the days elapsed', () => {
    // expected to date 3000 x 53/92 = 1728.26; QTD 2000 -> attainment 1.157: met (against the full 3000 it would read 0.667, behind)
    const b = kpi(r, 'FY2026-Q4', 'bookings');
    expect(b.value).toBe(2000);
    expect(b.target).toMatchObject({ value: 3000, status: 'met', scope: '' });
    expect(b.target!.expectedToDate).toBeCloseTo(1728.26, 2);
    expect(b.target!.attainment).toBeCloseTo(2000 / (3000 * PACE), 10);
  });

  it('a closed quarter is judged against its full target', () => {
    // Q3: 500 against 600 -> 0.833 behind; expected to date = the target
    expect(kpi(r, 'FY2026-Q3', 'bookings').target).toMatchObject({ value: 600, expectedToDate: 600, attainment: 500 / 600, status: 'behind' });
  });

  it('a rate is not paced: win rate QTD against the target as it is', () => {
    // Q4: 2 won, 1 lost -> 2/3 against 0.7 -> 0.952 at_risk
    expect(kpi(r, 'FY2026-Q4', 'win_rate').target).toMatchObject({ value: 0.7, expectedToDate: 0.7, attainment: (2 / 3) / 0.7, status: 'at_risk' });
  });

  it('a lower-is-better count is paced too: expected to date / value', () => {
    // deals lost: 1 so far against 2 x 53/92 = 1.152 expected -> attainment 1.152, met
    const l = kpi(r, 'FY2026-Q4', 'deals_lost').target!;
    expect(l.expectedToDate).toBeCloseTo(2 * PACE, 12);
    expect(l).toMatchObject({ attainment: 2 * PACE, status: 'met' });
  });

  it('a scoped target is paced the same way', () => {
    // EMEA QTD 1000 against 2000 x 53/92 = 1152.17 -> 0.868 behind
    const emea = period(r, 'FY2026-Q4').breakdowns.team.EMEA.bookings.target!;
    expect(emea).toMatchObject({ value: 2000, scope: 'team=EMEA', status: 'behind' });
    expect(emea.attainment).toBeCloseTo(1000 / (2000 * PACE), 12);
  });

  it('a to-date year is paced over the year', () => {
    // FY2026 through 11-22: 326 of 365 days; YTD 2500 against 3650 x 326/365 = 3260 -> 0.767 behind
    const y = kpi(r, 'FY2026', 'bookings').target!;
    expect(y.expectedToDate).toBeCloseTo(3260, 9);
    expect(y).toMatchObject({ status: 'behind' });
  });

  it('the catalog paces the counts and money sums only, never a stock, rate or mean', () => {
    const paced = KPI_CATALOG.filter((k) => k.accumulates).map((k) => k.id);
    expect(paced).toEqual(['deals_won', 'deals_lost', 'bookings', 'net_new_revenue', 'expansion_revenue', 'new_customers', 'churned_customers', 'survey_responses', 'revenue', 'gross_profit', 'savings']);
    for (const k of KPI_CATALOG.filter((x) => x.accumulates)) expect(['count', 'money']).toContain(k.unit);
  });
});
