import { describe, expect, it } from 'vitest';
import { dataset, deal, kpi, period, run, val } from './test-support/fixture';
import { computeScorecard } from './index';
import { DEFAULT_CONFIG } from '../config/config';
import { ConfigError, ScorecardError } from '../errors';

/*
 * Fixture (fiscal year = calendar year, as of 2026-11-22). FY2026-Q3 = 2026-07-01 .. 2026-09-30.
 *
 * | deal | cust | created    | status | closed     | amount | type       | months |
 * | D1   | C1   | 2026-06-01 | won    | 2026-07-01 | 1000   | new        | -      |  first day of Q3
 * | D2   | C2   | 2026-07-10 | won    | 2026-09-30 | 3000   | upsell     | 24     |  last day of Q3
 * | D3   | C1   | 2026-08-01 | won    | 2026-08-11 | 2000   | new        | 24     |
 * | D4   | C3   | 2026-05-01 | lost   | 2026-07-15 | 500    | new        |        |
 * | D5   | C4   | 2026-03-01 | lost   | 2026-06-30 | 700    | new        |        |  closed before Q3
 * | D6   | C5   | 2026-09-15 | open   |            | 4000   | new        |        |
 * | D7   | C6   | 2026-10-05 | open   |            | 9999   | new        |        |  created after Q3
 * | D8   | C2   | 2026-04-01 | won    | 2026-10-02 | 800    | cross_sell |        |  closed after Q3
 * | D9   | C7   | 2026-09-01 | lost   | 2026-09-20 | 100    | new        |        |
 * | D10  | C8   | 2026-09-01 | won    | 2026-12-01 | 50     | new        |        |  closed after the as-of date
 */
const deals = [
  deal({ dealId: 'D1', customerId: 'C1', createdDate: '2026-06-01', status: 'won', closedDate: '2026-07-01', amount: 1000, team: 'EMEA' }),
  deal({ dealId: 'D2', customerId: 'C2', createdDate: '2026-07-10', status: 'won', closedDate: '2026-09-30', amount: 3000, dealType: 'upsell', contractMonths: 24, team: 'EMEA' }),
  deal({ dealId: 'D3', customerId: 'C1', createdDate: '2026-08-01', status: 'won', closedDate: '2026-08-11', amount: 2000, contractMonths: 24, team: 'Americas' }),
  deal({ dealId: 'D4', customerId: 'C3', createdDate: '2026-05-01', status: 'lost', closedDate: '2026-07-15', amount: 500, team: 'EMEA' }),
  deal({ dealId: 'D5', customerId: 'C4', createdDate: '2026-03-01', status: 'lost', closedDate: '2026-06-30', amount: 700 }),
  deal({ dealId: 'D6', customerId: 'C5', createdDate: '2026-09-15', status: 'open', amount: 4000 }),
  deal({ dealId: 'D7', customerId: 'C6', createdDate: '2026-10-05', status: 'open', amount: 9999 }),
  deal({ dealId: 'D8', customerId: 'C2', createdDate: '2026-04-01', status: 'won', closedDate: '2026-10-02', amount: 800, dealType: 'cross_sell' }),
  deal({ dealId: 'D9', customerId: 'C7', createdDate: '2026-09-01', status: 'lost', closedDate: '2026-09-20', amount: 100 }),
  deal({ dealId: 'D10', customerId: 'C8', createdDate: '2026-09-01', status: 'won', closedDate: '2026-12-01', amount: 50 }),
];
const r = run({ deals }, '2026-11-22');
const Q3 = 'FY2026-Q3';

describe('pipeline and sales KPIs on the hand-made fixture (FY2026-Q3)', () => {
  it('deals_won / deals_lost / bookings count a deal closed on the first and on the last day of the period', () => {
    // won in Q3: D1 (07-01, first day), D3 (08-11), D2 (09-30, last day) = 3; D8 closed 10-02 is Q4
    expect(val(r, Q3, 'deals_won')).toBe(3);
    // lost in Q3: D4 (07-15), D9 (09-20) = 2; D5 closed 06-30 belongs to Q2
    expect(val(r, Q3, 'deals_lost')).toBe(2);
    // bookings = 1000 + 3000 + 2000 = 6000
    expect(val(r, Q3, 'bookings')).toBe(6000);
    // D1 is not in Q2 and D2 is not in Q4 (only D8 won in Q4 to date; D10 closes after the as-of date)
    expect(val(r, 'FY2026-Q2', 'deals_won')).toBe(0);
    expect(val(r, 'FY2026-Q2', 'deals_lost')).toBe(1); // D5
    expect(val(r, 'FY2026-Q4', 'deals_won')).toBe(1);
    expect(val(r, 'FY2026-Q4', 'bookings')).toBe(800);
  });

  it('avg_deal_size = bookings / deals_won', () => {
    // 6000 / 3 = 2000
    expect(val(r, Q3, 'avg_deal_size')).toBe(2000);
  });

  it('win_rate = won / (won + lost)', () => {
    // 3 / (3 + 2) = 0.6
    expect(val(r, Q3, 'win_rate')).toBe(0.6);
  });

  it('close_rate = won / pipeline deals (created <= end, not closed before start)', () => {
    // pipeline: D1 (closed on 07-01, not before), D2, D3, D4, D6, D8 (closed 10-02), D9, D10 (open at A) = 8;
    // D5 closed 06-30 < 07-01 is out, D7 created 10-05 > 09-30 is out. 3 / 8 = 0.375
    expect(val(r, Q3, 'close_rate')).toBe(3 / 8);
  });

  it('conversion_rate = share of deals created in P that are won as of A', () => {
    // created in Q3: D2, D3, D6, D9, D10 = 5; won as of A: D2, D3 = 2 (D10 is won only on 12-01, after A) -> 2/5
    expect(val(r, Q3, 'conversion_rate')).toBe(0.4);
  });

  it('sales_cycle_days (mean) and sales_cycle_days_median', () => {
    // D1 06-01 -> 07-01 = 30 days; D2 07-10 -> 09-30 = 21 + 31 + 30 = 82; D3 08-01 -> 08-11 = 10
    // mean = (30 + 82 + 10) / 3 = 122 / 3; median of 10, 30, 82 = 30
    expect(val(r, Q3, 'sales_cycle_days')).toBeCloseTo(122 / 3, 12);
    expect(val(r, Q3, 'sales_cycle_days_median')).toBe(30);
  });

  it('median of an even count is the mean of the two middle values', () => {
    // Q3 + D8 would be even; use FY2026 instead: won D1 30, D3 10, D2 82, D8 (04-01 -> 10-02 = 184 days)
    // sorted 10, 30, 82, 184 -> (30 + 82) / 2 = 56
    expect(val(r, 'FY2026', 'sales_cycle_days_median')).toBe(56);
  });

  it('open_pipeline_value and open_deals at the period end', () => {
    // open at 09-30: D6 (4000, open), D8 (800, closed only 10-02), D10 (50, open at A) -> 3 deals, 4850
    expect(val(r, Q3, 'open_deals')).toBe(3);
    expect(val(r, Q3, 'open_pipeline_value')).toBe(4850);
    // at the as-of date 2026-11-22: D6, D7, D10 -> 4000 + 9999 + 50
    expect(val(r, 'FY2026-Q4', 'open_pipeline_value')).toBe(14049);
  });

  it('pipeline_velocity = open_deals x win_rate x avg_deal_size / sales_cycle_days', () => {
    // 3 x 0.6 x 2000 / (122/3) = 3600 x 3 / 122
    expect(val(r, Q3, 'pipeline_velocity')).toBeCloseTo((3600 * 3) / 122, 9);
  });

  it('net_new_revenue counts the first-year value of new deals', () => {
    // new deals won in Q3: D1 one-time 1000 -> 1000; D3 2000 over 24 months -> 2000 x 12 / 24 = 1000; total 2000
    expect(val(r, Q3, 'net_new_revenue')).toBe(2000);
  });

  it('expansion_revenue and upsell_rate', () => {
    // expansion: D2 upsell 3000 (D8 cross_sell closes in Q4) -> 3000
    expect(val(r, Q3, 'expansion_revenue')).toBe(3000);
    // customers with a won deal: C1 (D1, D3), C2 (D2) = 2; with upsell/cross-sell: C2 -> 1/2
    expect(val(r, Q3, 'upsell_rate')).toBe(0.5);
  });

  it('breakdowns by team with "(none)"', () => {
    const team = period(r, Q3).breakdowns.team;
    expect(Object.keys(team)).toEqual(['(none)', 'Americas', 'EMEA']);
    // EMEA: won D1 (1000), D2 (3000); lost D4 -> win rate 2/3, bookings 4000
    expect(team.EMEA.deals_won.value).toBe(2);
    expect(team.EMEA.bookings.value).toBe(4000);
    expect(team.EMEA.win_rate.value).toBeCloseTo(2 / 3, 12);
    // Americas: D3 only -> 1 won, win rate 1
    expect(team.Americas.win_rate.value).toBe(1);
    // (none): D9 lost in Q3, nothing won -> win rate 0/1 = 0, avg deal size null (no deals won)
    expect(team['(none)'].win_rate.value).toBe(0);
    expect(team['(none)'].avg_deal_size).toMatchObject({ value: null, reason: 'no deals won in period' });
    // every dimension is present, each with the breakdown KPIs only
    expect(Object.keys(period(r, Q3).breakdowns).sort()).toEqual(['owner', 'product', 'region', 'source', 'team']);
    expect(Object.keys(team.EMEA)).toContain('pipeline_velocity');
    expect(Object.keys(team.EMEA)).not.toContain('nps');
  });
});

describe('"(none)" rows', () => {
  it('appear only in a dimension where some deal has no value (or a blank one)', () => {
    const d = (id: string, team: string | undefined, product: string, source?: string) =>
      deal({ dealId: id, customerId: id, createdDate: '2026-07-01', status: 'won', closedDate: '2026-07-02', amount: 10, team, product, source });
    const q = period(run({ deals: [d('A', 'EMEA', 'Core', ' '), d('B', undefined, 'Plus', 'web'), d('C', 'APAC', 'Core', 'web')] }, '2026-09-30'), 'FY2026-Q3');
    // every deal has a product: no (none) row
    expect(Object.keys(q.breakdowns.product)).toEqual(['Core', 'Plus']);
    // B has no team, A a blank source: those dimensions keep their (none) row, first
    expect(Object.keys(q.breakdowns.team)).toEqual(['(none)', 'APAC', 'EMEA']);
    expect(q.breakdowns.team['(none)'].bookings.value).toBe(10);
    expect(Object.keys(q.breakdowns.source)).toEqual(['(none)', 'web']);
    // no deal has a region or an owner: everything is (none)
    expect(Object.keys(q.breakdowns.region)).toEqual(['(none)']);
    expect(q.breakdowns.region['(none)'].deals_won.value).toBe(3);
  });
});

describe('pipeline edge cases', () => {
  it('an empty period gives zero counts and null rates with reasons, never 0/NaN', () => {
    // FY2026-Q1: no deal created, won or lost (D5 created 03-01 is the only deal in Q1 and stays open through Q1)
    expect(val(r, 'FY2026-Q1', 'deals_won')).toBe(0);
    expect(val(r, 'FY2026-Q1', 'bookings')).toBe(0);
    expect(kpi(r, 'FY2026-Q1', 'win_rate')).toMatchObject({ value: null, reason: 'no deals closed in period' });
    expect(kpi(r, 'FY2026-Q1', 'avg_deal_size')).toMatchObject({ value: null, reason: 'no deals won in period' });
    expect(kpi(r, 'FY2026-Q1', 'sales_cycle_days_median').value).toBeNull();
    expect(kpi(r, 'FY2026-Q1', 'upsell_rate').value).toBeNull();
    expect(kpi(r, 'FY2026-Q1', 'pipeline_velocity').reason).toMatch(/^win rate unavailable/);
    // pipeline deals in Q1: D5 (created 03-01, open then) -> close rate 0 / 1 = 0, a real zero
    expect(val(r, 'FY2026-Q1', 'close_rate')).toBe(0);
  });

  it('a won deal with a zero-day cycle makes pipeline velocity null, not Infinity', () => {
    const z = run({ deals: [deal({ customerId: 'X', createdDate: '2026-02-02', status: 'won', closedDate: '2026-02-02', amount: 10 }), deal({ customerId: 'Y', createdDate: '2026-02-02', amount: 5 })] }, '2026-03-31');
    // cycle = 0 days: mean 0 -> velocity = 1 x 1 x 10 / 0 -> null
    expect(val(z, 'FY2026-Q1', 'sales_cycle_days')).toBe(0);
    expect(kpi(z, 'FY2026-Q1', 'pipeline_velocity')).toMatchObject({ value: null, reason: 'mean sales cycle is 0 days' });
  });

  it('no deals at all: only the as-of quarter and year, every KPI present', () => {
    const e = run({}, '2026-05-05');
    expect(e.document.periods.map((p) => p.id)).toEqual(['FY2026-Q2', 'FY2026']);
    expect(val(e, 'FY2026-Q2', 'deals_won')).toBe(0);
    expect(kpi(e, 'FY2026-Q2', 'win_rate').value).toBeNull();
  });

  it('rejects a bad as-of date or config with named errors', () => {
    expect(() => computeScorecard(dataset({}), '2026-02-30', { ...DEFAULT_CONFIG, stages: [...DEFAULT_CONFIG.stages] }, 'x')).toThrow(ScorecardError);
    expect(() => computeScorecard(dataset({}), '2026-02-03', { ...DEFAULT_CONFIG, stages: [], fiscalYearStartMonth: 13 }, 'x')).toThrow(ConfigError);
  });

  it('deals dated after the as-of date are left out and counted', () => {
    // D7 (created 10-05) does not exist as of 2026-09-30; D8 (won 10-02) is open then
    const early = run({ deals }, '2026-09-30');
    expect(early.details.diagnostics.dealsAfterAsOf).toBe(1);
    expect(val(early, 'FY2026-Q3', 'open_deals')).toBe(3); // D6, D8, D10
  });
});
