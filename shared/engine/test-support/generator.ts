/**
 * Small seeded generator of multi-year datasets for the engine's invariant tests (and
 * ad-hoc timing). Deterministic for a given seed; not the product's demo generator.
 */
import type { Dataset, Deal, FinanceRow, StageEvent, SurveyResponse, Target } from '../../model/types';
import { dayOf, isoOfDay } from '../../calendar/fiscal';
import { fiscalCalendar, type CalendarKind } from '../../calendar/fiscal-calendar';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenOptions {
  seed: number;
  deals: number;
  customers: number;
  from: string;
  to: string;
  surveys?: number;
  /** Share of deals that get explicit stage events (the rest derive their history). */
  stageEventShare?: number;
  stages?: string[];
  fyStartMonth?: number;
  /** The calendar of the finance rows' periods and the targets (default gregorian). */
  calendar?: CalendarKind;
}

export function generateDataset(o: GenOptions): Dataset {
  const r = rng(o.seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const stages = o.stages ?? ['lead', 'qualified', 'proposal', 'negotiation'];
  const d0 = dayOf(o.from);
  const d1 = dayOf(o.to);
  const span = d1 - d0 + 1;
  const deals: Deal[] = [];
  const stageEvents: StageEvent[] = [];
  const teams = ['EMEA', 'Americas', 'APAC', ''];
  const regions = ['North', 'South', 'East', 'West'];
  const products = ['Core', 'Plus', 'Enterprise'];
  const sources = ['web', 'referral', 'event', ''];
  const owners = Array.from({ length: 12 }, (_, i) => `owner${i + 1}`);
  for (let k = 0; k < o.deals; k++) {
    const created = d0 + Math.floor(r() * span);
    const cycle = Math.floor(r() * r() * 200);
    const closed = created + cycle;
    const x = r();
    const status = closed > d1 || x < 0.15 ? 'open' : x < 0.6 ? 'won' : 'lost';
    const type = pick(['new', 'new', 'new', 'upsell', 'cross_sell', 'renewal'] as const);
    const deal: Deal = {
      dealId: `D${k + 1}`,
      customerId: `C${1 + Math.floor(r() * r() * o.customers)}`,
      createdDate: isoOfDay(created),
      status,
      amount: Math.round(1000 + r() * 50000),
      dealType: type,
      contractMonths: r() < 0.5 ? pick([0, 12, 24, 36]) : undefined,
      team: pick(teams) || undefined,
      region: pick(regions),
      product: pick(products),
      owner: pick(owners),
      source: pick(sources) || undefined,
    };
    if (status !== 'open') {
      deal.closedDate = isoOfDay(closed);
      deal.stage = status;
      if (status === 'lost') deal.lostReason = r() < 0.4 ? 'went with a competitor' : 'no budget';
    } else {
      const si = Math.floor(r() * stages.length);
      deal.stage = stages[si];
      deal.stageEnteredDate = isoOfDay(Math.min(d1, created + Math.floor(r() * 60)));
    }
    deals.push(deal);
    if (r() < (o.stageEventShare ?? 0.5)) {
      const end = status === 'open' ? Math.min(d1, created + cycle) : closed;
      let day = created;
      const last = status === 'open' ? stages.indexOf(deal.stage!) : Math.floor(r() * stages.length);
      for (let s = 0; s <= Math.max(0, last); s++) {
        stageEvents.push({ dealId: deal.dealId, stage: stages[s], enteredDate: isoOfDay(Math.min(day, end)) });
        day += Math.floor(r() * 25);
      }
      if (status !== 'open') stageEvents.push({ dealId: deal.dealId, stage: status, enteredDate: isoOfDay(closed) });
    }
  }
  const surveys: SurveyResponse[] = [];
  for (let k = 0; k < (o.surveys ?? Math.floor(o.deals / 2)); k++) {
    const s: SurveyResponse = { responseId: `R${k + 1}`, respondedDate: isoOfDay(d0 + Math.floor(r() * span)) };
    if (r() < 0.8) s.customerId = `C${1 + Math.floor(r() * o.customers)}`;
    if (r() < 0.7) s.nps = Math.floor(r() * 11);
    if (r() < 0.6) s.csat = 1 + Math.floor(r() * 5);
    if (r() < 0.5) s.ces = 1 + Math.floor(r() * 7);
    if (r() < 0.5) {
      s.expectation = 1 + Math.floor(r() * 5);
      s.performance = 1 + Math.floor(r() * 5);
    }
    surveys.push(s);
  }
  const cal = fiscalCalendar({ calendar: o.calendar ?? 'gregorian', fiscalYearStartMonth: o.fyStartMonth ?? 1, weekStartsOn: 1 });
  const finance: FinanceRow[] = [];
  const qs = cal.quartersBetween(o.from, o.to);
  qs.forEach((q, i) => {
    const fin = () => ({
      revenue: Math.round(1e6 + r() * 5e5),
      costOfRevenue: Math.round(4e5 + r() * 1e5),
      salesMarketingCost: Math.round(1e5 + r() * 5e4),
      serviceCost: Math.round(5e4 + r() * 2e4),
      crmCost: Math.round(1e4 + r() * 5e3),
      marketRevenue: Math.round(2e7 + r() * 1e6),
    });
    if (i % 2 === 0) finance.push({ period: q.id, ...fin() });
    else {
      for (const month of cal.monthsOfQuarter(q)) {
        const f = fin();
        finance.push({ period: month, revenue: f.revenue / 3, costOfRevenue: f.costOfRevenue / 3, salesMarketingCost: f.salesMarketingCost / 3, serviceCost: f.serviceCost / 3, crmCost: f.crmCost / 3, marketRevenue: f.marketRevenue / 3 });
      }
    }
  });
  const cur = cal.quarterOf(o.to);
  const targets: Target[] = [
    { kpi: 'win_rate', period: cur.id, target: 0.45, scope: '' },
    { kpi: 'churn_rate', period: cur.id, target: 0.05, scope: '' },
    { kpi: 'bookings', period: cur.id, target: 1e6, scope: 'team=EMEA' },
  ];
  return { deals, stageEvents, surveys, finance, targets };
}
