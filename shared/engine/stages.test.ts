import { describe, expect, it } from 'vitest';
import { deal, period, run } from './test-support/fixture';
import type { StageEvent } from '../model/types';

/*
 * Stage fixture, stages lead > qualified > proposal > negotiation, stuckDays 30, as of 2026-09-30.
 * FY2026-Q3 = 2026-07-01 .. 2026-09-30.
 * S1 (won 08-04): events lead 06-20, qualified 07-05, proposal 07-25, won 08-04
 *     visits: lead 06-20..07-05 (15 d, advanced), qualified 07-05..07-25 (20 d, advanced), proposal 07-25..08-04 (10 d, -> won: advanced)
 * S2 (open): events lead 07-01, qualified 07-10, lead 07-20 (moved back)
 *     visits: lead 07-01..07-10 (9 d, advanced), qualified 07-10..07-20 (10 d, back to lead: not advanced), lead 07-20.. open
 * S3 (open, no events -> derived): created 08-01, stage proposal entered 09-15
 *     visits: lead 08-01..09-15 (45 d, advanced), proposal 09-15.. open
 * S4 (lost 07-31, no events -> derived): created 05-01
 *     visits: lead 05-01..07-31 (91 d, -> lost: not advanced)
 * S5 (open): events negotiation 06-01 only -> in negotiation since 06-01
 */
const ev = (dealId: string, stage: string, enteredDate: string): StageEvent => ({ dealId, stage, enteredDate });
const deals = [
  deal({ dealId: 'S1', customerId: 'a', createdDate: '2026-06-20', status: 'won', closedDate: '2026-08-04', amount: 1 }),
  deal({ dealId: 'S2', customerId: 'b', createdDate: '2026-07-01', status: 'open', stage: 'lead', amount: 2 }),
  deal({ dealId: 'S3', customerId: 'c', createdDate: '2026-08-01', status: 'open', stage: 'Proposal', stageEnteredDate: '2026-09-15', amount: 3 }),
  deal({ dealId: 'S4', customerId: 'd', createdDate: '2026-05-01', status: 'lost', closedDate: '2026-07-31', stage: 'lost', amount: 4 }),
  deal({ dealId: 'S5', customerId: 'e', createdDate: '2026-06-01', status: 'open', stage: 'negotiation', amount: 5 }),
];
const stageEvents = [
  ev('S1', 'lead', '2026-06-20'), ev('S1', 'qualified', '2026-07-05'), ev('S1', 'proposal', '2026-07-25'), ev('S1', 'won', '2026-08-04'),
  ev('S2', 'lead', '2026-07-01'), ev('S2', 'qualified', '2026-07-10'), ev('S2', 'lead', '2026-07-20'),
  ev('S5', 'negotiation', '2026-06-01'),
];
const r = run({ deals, stageEvents }, '2026-09-30');

describe('pipeline stage review (FY2026-Q3)', () => {
  const rows = Object.fromEntries(period(r, 'FY2026-Q3').stages.map((s) => [s.stage, s]));

  it('lead: entered, days in stage, advance rate, open and stuck', () => {
    // entered in Q3: S2 07-01, S2 07-20, S3 08-01 = 3 (S1 06-20 and S4 05-01 entered before)
    // visits ending in Q3: S1 15 d (adv), S2 9 d (adv), S3 45 d (adv), S4 91 d (lost) -> mean 160 / 4 = 40, advance 3/4
    // open at 09-30: S2 (since 07-20, 72 days > 30 -> stuck)
    expect(rows.lead).toEqual({ stage: 'lead', entered: 3, avgDaysInStage: 40, advanceRate: 0.75, openInStage: 1, stuck: 1, bottleneck: ['longest_days_in_stage'] });
  });

  it('qualified: a move back to an earlier stage is not an advance', () => {
    // entered: S1 07-05, S2 07-10 = 2; ended: S1 20 d (adv), S2 10 d (back to lead) -> mean 15, advance 1/2
    expect(rows.qualified).toEqual({ stage: 'qualified', entered: 2, avgDaysInStage: 15, advanceRate: 0.5, openInStage: 0, stuck: 0, bottleneck: ['lowest_advance_rate'] });
  });

  it('proposal: derived history places the current stage on stage_entered_date', () => {
    // entered: S1 07-25, S3 09-15 (derived) = 2; ended: S1 10 d -> won (adv); open: S3 (15 days, not stuck)
    expect(rows.proposal).toEqual({ stage: 'proposal', entered: 2, avgDaysInStage: 10, advanceRate: 1, openInStage: 1, stuck: 0, bottleneck: [] });
  });

  it('negotiation: no visit ended -> null averages; open since before the period and stuck', () => {
    // S5 in negotiation since 06-01: 121 days at 09-30 > 30
    expect(rows.negotiation).toEqual({ stage: 'negotiation', entered: 0, avgDaysInStage: null, advanceRate: null, openInStage: 1, stuck: 1, bottleneck: [] });
  });

  it('stuck deals and open deals at the as-of date', () => {
    expect(r.details.stuckDeals.map((d) => [d.dealId, d.stage, d.daysInStage, d.enteredDate])).toEqual([
      ['S5', 'negotiation', 121, '2026-06-01'],
      ['S2', 'lead', 72, '2026-07-20'],
    ]);
    // open deals, largest amount first: S5 (5), S3 (3), S2 (2)
    expect(r.details.openDeals.map((d) => [d.dealId, d.stage])).toEqual([['S5', 'negotiation'], ['S3', 'proposal'], ['S2', 'lead']]);
  });

  it('a deal exactly stuckDays in its stage is not stuck; one day more is', () => {
    const mk = (asOf: string) =>
      period(run({ deals: [deal({ dealId: 'X', customerId: 'x', createdDate: '2026-07-01', status: 'open', amount: 1 })] }, asOf), 'FY2026-Q3').stages[0];
    // in lead since 07-01: on 07-31 it is 30 days -> not stuck; on 08-01 31 days -> stuck
    expect(mk('2026-07-31').stuck).toBe(0);
    expect(mk('2026-08-01').stuck).toBe(1);
  });

  it('weekly movement counts stage entries per week', () => {
    const last = r.details.weeks.at(-1)!;
    // the as-of week 2026-W40 runs 09-28 .. 10-04, cut at the as-of date 09-30
    expect(last).toMatchObject({ id: '2026-W40', start: '2026-09-28', end: '2026-09-30', toDate: true });
    expect(r.details.weeks).toHaveLength(8);
    // week 2026-W38 (09-14 .. 09-20) holds S3's derived proposal entry on 09-15
    expect(r.details.weeks.find((w) => w.id === '2026-W38')!.stageEntries.proposal).toBe(1);
  });

  it('derived history: no stage_entered_date -> current stage from created_date; entered after A -> still the first stage', () => {
    const d2 = [
      // open in qualified without a date: one visit to qualified from 07-01, no invented lead visit
      deal({ dealId: 'N1', customerId: 'n', createdDate: '2026-07-01', status: 'open', stage: 'qualified', amount: 1 }),
      // proposal entered 10-10, after the as-of date 09-30: at A the deal is still in lead
      deal({ dealId: 'N2', customerId: 'm', createdDate: '2026-07-01', status: 'open', stage: 'proposal', stageEnteredDate: '2026-10-10', amount: 1 }),
      // won after A: open at A, in lead since created
      deal({ dealId: 'N3', customerId: 'k', createdDate: '2026-07-01', status: 'won', stage: 'won', closedDate: '2026-10-05', amount: 1 }),
    ];
    const rows2 = Object.fromEntries(period(run({ deals: d2 }, '2026-09-30'), 'FY2026-Q3').stages.map((x) => [x.stage, x]));
    expect(rows2.qualified).toMatchObject({ entered: 1, openInStage: 1 });
    // lead: N2 and N3 entered 07-01 and are open there (91 days > 30: stuck)
    expect(rows2.lead).toMatchObject({ entered: 2, openInStage: 2, stuck: 2 });
    expect(rows2.proposal).toMatchObject({ entered: 0, openInStage: 0 });
  });

  it('unknown stage names end the previous visit but get no row; an outcome missing from events is added', () => {
    const d3 = [deal({ dealId: 'U1', customerId: 'u', createdDate: '2026-07-01', status: 'lost', closedDate: '2026-08-01', amount: 1 })];
    const e3 = [ev('U1', 'lead', '2026-07-01'), ev('U1', 'Demo', '2026-07-11')];
    const rows3 = period(run({ deals: d3, stageEvents: e3 }, '2026-09-30'), 'FY2026-Q3').stages;
    // lead 07-01 .. 07-11 (10 days), next stage "demo" is not a later configured stage -> not an advance
    expect(rows3.find((x) => x.stage === 'lead')).toMatchObject({ entered: 1, avgDaysInStage: 10, advanceRate: 0, openInStage: 0 });
    expect(rows3.map((x) => x.stage)).toEqual(['lead', 'qualified', 'proposal', 'negotiation']);
    // the lost outcome (08-01) closes "demo": nothing is open at 09-30
    expect(rows3.reduce((a, x) => a + x.openInStage, 0)).toBe(0);
  });
});
