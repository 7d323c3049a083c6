import { describe, expect, it } from 'vitest';
import type { Deal, StageEvent } from '../model/types';
import { addDays } from '../calendar/fiscal';
import { fixedStageProbabilities, predictionMultiplier } from './forecast';
import { deal, kpi, run } from './test-support/fixture';
import { generateDataset } from './test-support/generator';

const Z90 = 1.2815515655446004;
let n = 0;
/** A deal that enters negotiation on `entered` and is won/lost `after` days later (open when after is undefined). */
function negotiation(entered: string, amount: number, outcome?: { status: 'won' | 'lost'; after: number }, extra: Partial<Deal> = {}): { d: Deal; ev: StageEvent[] } {
  const id = `N${++n}`;
  const closedDate = outcome ? addDays(entered, outcome.after) : undefined;
  const d = deal({ dealId: id, customerId: `c${id}`, createdDate: entered, amount, status: outcome?.status ?? 'open', closedDate, ...extra });
  const ev: StageEvent[] = [{ dealId: id, stage: 'negotiation', enteredDate: entered }];
  if (outcome) ev.push({ dealId: id, stage: outcome.status, enteredDate: closedDate! });
  return { d, ev };
}
const collect = (xs: { d: Deal; ev: StageEvent[] }[]) => ({ deals: xs.map((x) => x.d), stageEvents: xs.flatMap((x) => x.ev) });

describe('quarter-end forecast on a small hand-made history', () => {
  /*
   * As of 2026-11-15: FY2026-Q4 = 10-01 .. 12-31, 46 of 92 days elapsed; horizon H = 12-31 - 11-15 = 46 days.
   * History (early 2026, 10 deals entering negotiation, 100 each): 4 won 10 days later, 2 won 60 days
   * later, 4 lost 20 days later.
   * - At age 0 in negotiation: 10 at risk, 4 won within 46 days -> 0.4.
   * - At age 15: still there are the 4 lost (at 20) and the 2 slow wins (at 60) = 6; won within
   *   (15, 61] days: the 2 slow ones; pulled towards the age-0 rate by 5 pseudo-visits: (2 + 5 x 0.4) / (6 + 5) = 4/11.
   * Open at the as-of date: one deal in negotiation since today (1000), one since 15 days (1000).
   * Closed to date: one deal won 10-10 (500). Deals not yet created: of the previous quarters with
   * deals (Q2 and Q3 2026; Q1 starts before the first deal), the wins from deals created after
   * day 45: Q3 300 (created 08-20, won 09-10), Q2 0 -> mean 150 (no deals created in the 30 days
   * before those days: the inflow scale stays 1).
   */
  const history = Array.from({ length: 10 }, (_, k) => {
    const entered = addDays('2026-02-02', 3 * k);
    return negotiation(entered, 100, k < 4 ? { status: 'won', after: 10 } : k < 6 ? { status: 'won', after: 60 } : { status: 'lost', after: 20 });
  });
  const open = [negotiation('2026-11-15', 1000), negotiation('2026-10-31', 1000)];
  const closed = deal({ customerId: 'w', createdDate: '2026-10-05', status: 'won', closedDate: '2026-10-10', amount: 500 });
  const fresh = deal({ customerId: 'f', createdDate: '2026-08-20', status: 'won', closedDate: '2026-09-10', amount: 300 });
  const base = collect([...history, ...open]);
  const data = { deals: [...base.deals, closed, fresh], stageEvents: base.stageEvents };

  it('closed + open deals weighted by the stage history (by days in the stage) + deals not yet created', () => {
    const r = run(data, '2026-11-15');
    const b = kpi(r, 'FY2026-Q4', 'bookings').forecast!;
    const pipeline = 0.4 * 1000 + (4 / 11) * 1000;
    expect(b.parts!.closed).toBe(500);
    expect(b.parts!.pipeline).toBeCloseTo(pipeline, 9);
    expect(b.parts!.newDeals).toBeCloseTo(150, 9);
    expect(b.parts!.correction).toBe(1); // no past quarter could be backtested: no track record
    expect(b.value).toBeCloseTo(500 + pipeline + 150, 9);
    expect(b.method).toBe('stage-history');
    // range: normal approximation; variance = Bernoulli 0.4 x 0.6 x 1000^2 + 4/11 x 7/11 x 1000^2 + run-rate sample variance of (300, 0) = 45000
    const sd = Math.sqrt(0.24e6 + (28 / 121) * 1e6 + 45000);
    expect(b.high).toBeCloseTo(b.value + Z90 * sd, 6);
    expect(b.low).toBe(500); // value - 1.28 sd would fall below what is already won
    const d = kpi(r, 'FY2026-Q4', 'deals_won').forecast!;
    expect(d.value).toBeCloseTo(1 + 0.4 + 4 / 11 + 0.5, 9);
    expect(r.details.forecastBacktest).toEqual({ rows: [], summary: expect.any(Array) });
  });

  it('only the to-date quarter carries a forecast; none when the as-of date ends a quarter', () => {
    const r = run(data, '2026-11-15');
    expect(kpi(r, 'FY2026-Q3', 'bookings').forecast).toBeUndefined();
    expect(kpi(r, 'FY2026-Q4', 'win_rate').forecast).toBeUndefined();
    const end = run(data, '2026-09-30');
    expect(end.document.periods.some((p) => p.kpis.bookings.forecast)).toBe(false);
    expect(end.details.forecastBacktest).toBeUndefined();
  });

  it('a deal with an expected close date: chance of being won at all, if that date is in the quarter', () => {
    // won within 180 days from age 0: 6 of 10 -> 0.6; a date in the quarter counts 0.6 x 1000, one after it 0
    const inQ = negotiation('2026-11-15', 1000, undefined, { expectedCloseDate: '2026-12-20' } as Partial<Deal>);
    const after = negotiation('2026-11-15', 1000, undefined, { expectedCloseDate: '2027-01-20' } as Partial<Deal>);
    const more = collect([inQ, after]);
    const r = run({ deals: [...data.deals, ...more.deals], stageEvents: [...data.stageEvents, ...more.stageEvents] }, '2026-11-15');
    expect(kpi(r, 'FY2026-Q4', 'bookings').forecast!.parts!.pipeline).toBeCloseTo(0.4 * 1000 + (4 / 11) * 1000 + 0.6 * 1000, 9);
  });
});

describe('forecast backtest', () => {
  /*
   * Every quarter from FY2024-Q1 to the to-date FY2026-Q4 (as of 2026-11-15, day 45 of the
   * quarter) repeats: A enters negotiation on day 10 and is won on day 20 (100); B enters on day
   * 40, won on day 60 (200); L enters on day 40, lost on day 70 (50). Actual: 300 and 2 deals.
   * Forecast as of day 45: closed A (100) + B and L open 5 days in negotiation. From the earlier
   * quarters' visits: at age 5 all three are still there, A and B won within the horizon: by
   * deals 2/3, by amount 300/350 = 6/7 -> bookings 100 + 6/7 x 250 = 314.29, deals 1 + 2 x 2/3.
   * Quarters with 4 quarters of deals before them: FY2025-Q2 .. FY2026-Q3 (6).
   */
  const quarters = ['2024-01-01', '2024-04-01', '2024-07-01', '2024-10-01', '2025-01-01', '2025-04-01', '2025-07-01', '2025-10-01', '2026-01-01', '2026-04-01', '2026-07-01', '2026-10-01'];
  const xs = quarters.flatMap((qs) => [
    negotiation(addDays(qs, 10), 100, { status: 'won', after: 10 }),
    negotiation(addDays(qs, 40), 200, { status: 'won', after: 20 }),
    negotiation(addDays(qs, 40), 50, { status: 'lost', after: 30 }),
  ]);
  const r = run(collect(xs), '2026-11-15');
  const bt = r.details.forecastBacktest!;
  const rows = (kpi: string) => bt.rows.filter((x) => x.kpi === kpi);

  it('forecasts each past quarter as of the same day, with what was known then, against what happened', () => {
    expect(rows('bookings').map((x) => [x.quarter, x.asOf])).toEqual([
      ['FY2025-Q2', '2025-05-16'], ['FY2025-Q3', '2025-08-15'], ['FY2025-Q4', '2025-11-15'],
      ['FY2026-Q1', '2026-02-15'], ['FY2026-Q2', '2026-05-16'], ['FY2026-Q3', '2026-08-15'],
    ]);
    for (const x of rows('bookings')) {
      expect(x.actual).toBe(300);
      expect(x.forecast.parts).toMatchObject({ closed: 100, newDeals: 0 });
      expect(x.forecast.parts!.pipeline).toBeCloseTo((6 / 7) * 250, 9);
      // baselines: fixed stage probability (negotiation 90%) 100 + 0.9 x 250; run rate 100 x days / 46 elapsed
      expect(x.stageProbability).toBeCloseTo(325, 9);
    }
    expect(rows('bookings')[0].runRate).toBeCloseTo((100 * 91) / 46, 9); // FY2025-Q2 has 91 days
    for (const x of rows('deals_won')) expect(x.forecast.parts!.pipeline).toBeCloseTo(4 / 3, 9);
  });

  it('corrects the still-to-win part by its own past errors once 3 quarters are known', () => {
    const b = rows('bookings');
    // first 3: no correction, 314.29 with a normal range that holds 300
    for (const x of b.slice(0, 3)) {
      expect(x.forecast.value).toBeCloseTo(100 + (6 / 7) * 250, 9);
      expect(x.forecast.low).toBeLessThan(300);
      expect(x.forecast.high).toBeGreaterThan(300);
    }
    // then: each past error was log(200 / 214.29) -> the remainder x 0.9333 = 200: forecast 300, no spread
    for (const x of b.slice(3)) {
      expect(x.forecast.parts!.correction).toBeCloseTo(200 / ((6 / 7) * 250), 9);
      expect(x.forecast.value).toBeCloseTo(300, 9);
    }
    // the live forecast learns from all 6
    expect(kpi(r, 'FY2026-Q4', 'bookings').forecast!.value).toBeCloseTo(300, 9);
    expect(kpi(r, 'FY2026-Q4', 'deals_won').forecast!.value).toBeCloseTo(2, 9);
  });

  it('summarises MAPE and coverage against the run-rate and fixed-stage-probability baselines', () => {
    const s = (kpi: string, method: string) => bt.summary.find((x) => x.kpi === kpi && x.method === method)!;
    const ours = (3 * (100 + (6 / 7) * 250 - 300)) / 300 / 6;
    expect(s('bookings', 'forecast')).toMatchObject({ quarters: 6, coverage: 1 });
    expect(s('bookings', 'forecast').mape).toBeCloseTo(ours, 9);
    expect(s('bookings', 'stage_probability')).toMatchObject({ quarters: 6, coverage: null });
    expect(s('bookings', 'stage_probability').mape).toBeCloseTo(25 / 300, 9);
    const rr = rows('bookings').reduce((a, x) => a + Math.abs(x.runRate - 300) / 300, 0) / 6;
    expect(s('bookings', 'run_rate').mape).toBeCloseTo(rr, 9);
    expect(s('deals_won', 'forecast').mape).toBeCloseTo((3 * (1 / 3)) / 2 / 6, 9);
  });

  it('the range of a few past errors is a prediction interval: Student t, wider than the normal one', () => {
    // 3 errors: t(0.9, 2 df) = 1.886, times sqrt(1 + 1/3) for the new quarter's own error
    expect(predictionMultiplier(3)).toBeCloseTo(1.886 * Math.sqrt(4 / 3), 9);
    expect(predictionMultiplier(11)).toBeCloseTo(1.372 * Math.sqrt(1 + 1 / 11), 9);
    expect(predictionMultiplier(100)).toBeCloseTo(Z90 * Math.sqrt(1.01), 9);
  });

  it('fixed stage probabilities are Salesforce defaults for the default stages, by position otherwise', () => {
    expect(fixedStageProbabilities(['lead', 'qualified', 'proposal', 'negotiation'])).toEqual([0.1, 0.1, 0.75, 0.9]);
    expect(fixedStageProbabilities(['intro', 'demo', 'trial'])).toEqual([0.1, 0.5, 0.9]);
  });
});

describe('forecast invariants on a generated history', () => {
  const data = generateDataset({ seed: 11, deals: 3000, customers: 800, from: '2023-01-01', to: '2026-11-15', stageEventShare: 0.7 });
  const a = run(data, '2026-11-15');
  const b = run(data, '2026-11-15');

  it('is deterministic, never below what is won to date, and its range holds the point', () => {
    for (const id of ['bookings', 'deals_won']) {
      const f = kpi(a, 'FY2026-Q4', id).forecast!;
      expect(kpi(b, 'FY2026-Q4', id).forecast).toEqual(f);
      expect(f.parts!.closed).toBe(kpi(a, 'FY2026-Q4', id).value);
      expect(f.low).toBeGreaterThanOrEqual(f.parts!.closed);
      expect(f.low).toBeLessThanOrEqual(f.value);
      expect(f.high).toBeGreaterThanOrEqual(f.value);
      expect(f.value).toBeCloseTo(f.parts!.closed + (f.parts!.pipeline + f.parts!.newDeals) * f.parts!.correction, 6);
    }
  });

  it('backtests each past quarter with 4 quarters of deals before it, as of the same day, with the actual it reached', () => {
    const bt = a.details.forecastBacktest!;
    const quarters = bt.rows.filter((r) => r.kpi === 'bookings').map((r) => r.quarter);
    // deals from 2023-01-01: FY2024-Q1 is the first with 4 quarters before it, FY2026-Q3 the last closed one
    expect(quarters[0]).toBe('FY2024-Q1');
    expect(quarters.at(-1)).toBe('FY2026-Q3');
    for (const r of bt.rows) {
      expect(r.asOf.slice(5)).toMatch(/-15$|-16$/); // day 46 of each quarter (Feb 15, May 16, Aug 15, Nov 15)
      expect(r.actual).toBe(kpi(a, r.quarter, r.kpi).value);
    }
    expect(bt.summary.map((s) => `${s.kpi}/${s.method}`)).toEqual([
      'bookings/forecast', 'bookings/run_rate', 'bookings/stage_probability',
      'deals_won/forecast', 'deals_won/run_rate', 'deals_won/stage_probability',
    ]);
  });
});
