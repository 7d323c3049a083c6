import { describe, expect, it } from 'vitest';
import { generateCompany } from './company';
import { STAGES } from './company';
import { isIsoDate } from './dates';

const ASOF = '2026-11-22';
const company = generateCompany({ asOf: ASOF, seed: 42 });

const quarterKey = (d: string) => `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;

describe('generateCompany', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const small = (seed: number) => generateCompany({ asOf: ASOF, seed, scale: 0.2 });
    expect(small(42)).toEqual(small(42));
    expect(small(43).deals.map((d) => d.amount)).not.toEqual(small(42).deals.map((d) => d.amount));
  });

  it('gives the demo a few thousand deals over three years ending at the as-of date', () => {
    expect(company.deals.length).toBeGreaterThanOrEqual(2000);
    expect(company.deals.length).toBeLessThanOrEqual(5000);
    const created = company.deals.map((d) => d.createdDate).sort();
    expect(created[0] >= '2023-11-23').toBe(true);
    expect(created[0] <= '2023-12-31').toBe(true);
  });

  it('dates nothing after the as-of date (except planned CRM cost, which crm_tco_3y counts)', () => {
    const late = company.deals.filter((d) => [d.createdDate, d.closedDate, d.stageEnteredDate].some((v) => v && v > ASOF));
    expect(late).toEqual([]);
    expect(company.deals.filter((d) => d.closedDate && d.closedDate < d.createdDate)).toEqual([]);
    expect(company.stageEvents.filter((e) => e.enteredDate > ASOF)).toEqual([]);
    expect(company.surveys.filter((s) => s.respondedDate > ASOF)).toEqual([]);
    const future = company.finance.filter((f) => f.period.startsWith('FY2027') || f.period.startsWith('FY2028'));
    expect(future.length).toBeGreaterThan(0);
    for (const f of future) expect(Object.keys(f).sort()).toEqual(['crmCost', 'period']);
  });

  it('has the deal mix a CRM export has: subscriptions of 12/24/36 months, one-time sales, every deal type, open deals', () => {
    const terms = new Set(company.deals.map((d) => d.contractMonths ?? 0));
    for (const t of [0, 12, 24, 36]) expect(terms.has(t)).toBe(true);
    for (const t of ['new', 'upsell', 'cross_sell', 'renewal']) expect(company.deals.some((d) => d.dealType === t && d.status === 'won')).toBe(true);
    expect(company.deals.filter((d) => d.status === 'open').length).toBeGreaterThan(20);
    expect(new Set(company.deals.map((d) => d.team))).toEqual(new Set(['EMEA', 'Americas', 'APAC']));
    expect(company.deals.some((d) => d.status === 'lost' && /competitor/.test(d.lostReason ?? ''))).toBe(true);
  });

  it('peaks in Q4: bookings of the last full Q4 beat each of Q1-Q3 of that year', () => {
    const bookings = new Map<string, number>();
    for (const d of company.deals) if (d.status === 'won') bookings.set(quarterKey(d.closedDate!), (bookings.get(quarterKey(d.closedDate!)) ?? 0) + d.amount);
    const q4 = bookings.get('2025-Q4')!;
    for (const q of ['2025-Q1', '2025-Q2', '2025-Q3']) expect(q4).toBeGreaterThan(bookings.get(q)!);
  });

  it('takes another seasonality: leads by month follow the given factors', () => {
    // a spring peak (March-May x2) and a summer slump (July-August x0.3) instead of the autumn peak
    const spring = generateCompany({ asOf: ASOF, seed: 7, seasonality: [1, 1, 2, 2, 2, 1, 0.3, 0.3, 1, 1, 1, 1] });
    const leads = new Map<string, number>();
    for (const d of spring.deals) if (d.dealType === 'new') leads.set(d.createdDate.slice(5, 7), (leads.get(d.createdDate.slice(5, 7)) ?? 0) + 1);
    expect(leads.get('04')!).toBeGreaterThan(1.6 * leads.get('01')!);
    expect(leads.get('08')!).toBeLessThan(leads.get('01')! / 2);
    expect(() => generateCompany({ asOf: ASOF, seasonality: [1, 2] })).toThrow(/12 monthly factors/);
  });

  it('has a genuine bottleneck: deals stay longest in proposal and advance from it least often', () => {
    const byDeal = new Map<string, { stage: string; enteredDate: string }[]>();
    for (const e of company.stageEvents) byDeal.set(e.dealId, [...(byDeal.get(e.dealId) ?? []), e]);
    const stay = new Map<string, number[]>();
    for (const events of byDeal.values()) {
      for (let i = 0; i + 1 < events.length; i++) {
        const days = (Date.parse(events[i + 1].enteredDate) - Date.parse(events[i].enteredDate)) / 86_400_000;
        stay.set(events[i].stage, [...(stay.get(events[i].stage) ?? []), days]);
      }
    }
    const mean = (s: string) => stay.get(s)!.reduce((a, b) => a + b, 0) / stay.get(s)!.length;
    for (const s of STAGES.filter((x) => x !== 'proposal')) expect(mean('proposal')).toBeGreaterThan(mean(s));
    // Advance rate (kpis.md): of the visits that ended, the share whose next stage is later or won; last two quarters.
    const order = [...STAGES, 'won'];
    const advance = (stage: string) => {
      let ended = 0;
      let advanced = 0;
      for (const events of byDeal.values()) {
        for (let i = 0; i + 1 < events.length; i++) {
          if (events[i].stage !== stage || events[i + 1].enteredDate < '2026-05-22') continue;
          ended++;
          if (order.indexOf(events[i + 1].stage) > order.indexOf(stage)) advanced++;
        }
      }
      return advanced / ended;
    };
    for (const s of STAGES.filter((x) => x !== 'proposal')) expect(advance('proposal')).toBeLessThan(advance(s));
  });

  it('lets NPS improve over time', () => {
    const nps = (year: string) => {
      const xs = company.surveys.filter((s) => s.respondedDate.startsWith(year) && s.nps !== undefined).map((s) => s.nps!);
      return (100 * (xs.filter((x) => x >= 9).length - xs.filter((x) => x <= 6).length)) / xs.length;
    };
    expect(nps('2026')).toBeGreaterThan(nps('2024') + 10);
  });

  it('puts the CRM go-live in the history with four quarters before it, and finance as quarter and month rows', () => {
    const goLive = company.config.crmGoLive;
    expect(goLive).toMatch(/^\d{4}-(01|04|07|10)-01$/);
    // At least four full quarters of history before it (the savings and ROI baseline), and some quarters after it.
    expect(goLive >= '2024-12-01').toBe(true);
    expect(goLive <= '2026-04-01').toBe(true);
    expect(company.finance.some((f) => /^FY2024-Q[1-4]$/.test(f.period) && f.revenue! > 0)).toBe(true);
    expect(company.finance.some((f) => /^2026-\d\d$/.test(f.period) && f.revenue! > 0)).toBe(true);
    const goLiveQuarter = `FY${goLive.slice(0, 4)}-Q${(Number(goLive.slice(5, 7)) + 2) / 3}`;
    expect(company.finance.filter((f) => f.crmCost !== undefined && /^FY\d{4}-Q\d$/.test(f.period) && f.period < goLiveQuarter)).toEqual([]);
    expect(company.finance.filter((f) => f.crmCost !== undefined && /^\d{4}-\d\d$/.test(f.period) && f.period < goLive.slice(0, 7))).toEqual([]);
    expect(company.finance.some((f) => f.crmCost !== undefined && f.period.startsWith(goLive.slice(0, 7)))).toBe(true);
  });

  it('sets targets company-wide and for team=EMEA', () => {
    expect(company.targets.some((t) => t.scope === '' && t.period === 'FY2026' && t.kpi === 'bookings')).toBe(true);
    expect(company.targets.some((t) => t.scope === 'team=EMEA' && t.period === 'FY2026-Q4')).toBe(true);
  });

  it('includes the bad rows the data-quality sheet should show', () => {
    const [missingAmount, closedBeforeCreated, badDate] = company.badRows.deals;
    expect(missingAmount.amount).toBe('');
    expect(closedBeforeCreated.closed_date < closedBeforeCreated.created_date).toBe(true);
    expect(isIsoDate(badDate.created_date)).toBe(false);
    expect(Number(company.badRows.surveys[0].nps)).toBeGreaterThan(10);
    const ids = new Set(company.deals.map((d) => d.dealId));
    for (const r of company.badRows.deals) expect(ids.has(r.deal_id)).toBe(false);
  });
});
