/**
 * A seeded synthetic company: three years of CRM history ending at the as-of date,
 * shaped so every sheet of the dashboards has something to say.
 *
 * - Leads arrive daily with seasonality (Q4 peak) and growth; teams EMEA, Americas
 *   and APAC with their regions, owners, products and lead sources.
 * - Each deal walks the pipeline lead -> qualified -> proposal -> negotiation; the
 *   `proposal` stage is the genuine bottleneck (longest stay, lowest advance rate).
 * - Subscriptions (12/24/36 months) and one-time sales; renewal deals are opened
 *   near term end; upsells and cross-sells during the term; lost renewals churn,
 *   and some churned customers come back later (reactivation).
 * - The CRM goes live about five quarters before the as-of date: afterwards the
 *   proposal stage advances more often, renewals are won more often, cost to serve
 *   falls and NPS improves (so TCO, savings and ROI have a story).
 * - Survey answers move over time (NPS improving); finance rows are quarter rows
 *   for the older years and month rows for the recent ones; targets company-wide
 *   and for team=EMEA; and a few rows that break the contract on purpose.
 *
 * Pure: the same options give the same records (no clock, no I/O).
 */
import type { Deal, DealType, FinanceRow, IsoDate, StageEvent, SurveyResponse, Target } from '../model/types';
import { addMonths, fromDay, isIsoDate, monthOf, quarterOf, quarterStart, toDay, weekday, daysInMonth } from './dates';
import { createRng, type Rng } from './random';
import type { FileDateStyle } from './persian';

export interface GenerateOptions {
  /** The last day of history (`YYYY-MM-DD`); nothing is dated after it. */
  asOf: IsoDate;
  /** PRNG seed; the same seed gives the same company. Default 42. */
  seed?: number;
  /** Years of history ending at asOf. Default 3. */
  years?: number;
  /** Lead volume multiplier: 1 gives about 3-5k deals over three years; 0.1 a small fixture. */
  scale?: number;
}

/** The config.json written beside the data (keys of shared/config/config.ts). */
export interface CompanyConfig {
  companyName: string;
  crmGoLive: IsoDate;
  currency: string;
  /** The Persian company (persian.ts) also sets these. */
  locale?: 'en' | 'fa-IR';
  timeZone?: string;
  weekStartsOn?: number;
  calendar?: 'gregorian' | 'jalali';
}

/** A row as it would appear in a file: contract column name -> cell text. */
export type RawRow = Record<string, string>;

export interface SyntheticCompany {
  asOf: IsoDate;
  seed: number;
  config: CompanyConfig;
  deals: Deal[];
  stageEvents: StageEvent[];
  surveys: SurveyResponse[];
  finance: FinanceRow[];
  targets: Target[];
  /** Rows that break the data contract on purpose; they end up in the rejected-rows reports. */
  badRows: { deals: RawRow[]; surveys: RawRow[] };
  /** How each dataset's file writes dates (default ISO); the Persian company writes Jalali dates. */
  fileDates?: Partial<Record<'deals' | 'stage-events' | 'surveys', FileDateStyle>>;
}

export const COMPANY_NAME = 'Northwind Analytics';

export const TEAMS = {
  EMEA: { regions: ['UK & Ireland', 'DACH', 'Nordics', 'Southern Europe'], owners: ['Anna Berg', 'Lukas Meyer', 'Sofia Rossi', 'James Walker'], weight: 0.42, price: 1.0 },
  Americas: { regions: ['North America', 'LATAM'], owners: ['Maria Lopez', 'Ethan Brooks', 'Olivia Chen'], weight: 0.4, price: 1.12 },
  APAC: { regions: ['ANZ', 'Japan', 'Southeast Asia'], owners: ['Kenji Sato', 'Priya Nair'], weight: 0.18, price: 0.88 },
} as const;
type TeamName = keyof typeof TEAMS;

interface Product {
  name: string;
  /** Median annual value (subscriptions) or price (one-time). */
  median: number;
  subscription: boolean;
}
export const PRODUCTS: readonly Product[] = [
  { name: 'Platform', median: 22_000, subscription: true },
  { name: 'Analytics Add-on', median: 8_000, subscription: true },
  { name: 'Onboarding Services', median: 6_500, subscription: false },
  { name: 'Hardware Kit', median: 3_800, subscription: false },
];
const NEW_PRODUCT_WEIGHTS: [Product, number][] = [
  [PRODUCTS[0], 0.5],
  [PRODUCTS[1], 0.2],
  [PRODUCTS[2], 0.15],
  [PRODUCTS[3], 0.15],
];
export const SOURCES = ['inbound', 'outbound', 'partner', 'referral', 'event'] as const;
const SOURCE_WEIGHTS: [string, number][] = [
  ['inbound', 0.35],
  ['outbound', 0.25],
  ['partner', 0.15],
  ['referral', 0.15],
  ['event', 0.1],
];
export const STAGES = ['lead', 'qualified', 'proposal', 'negotiation'] as const;

/** Lead arrivals by calendar month (index 0 = January): the pipeline fills in autumn, deals close in Q4. */
const LEAD_SEASON = [0.8, 0.85, 0.95, 0.9, 0.95, 0.9, 0.8, 0.85, 1.15, 1.35, 1.3, 0.95];

const LOST_REASONS: Record<string, [string, number][]> = {
  lead: [['no response', 0.6], ['not a fit', 0.4]],
  qualified: [['no budget', 0.5], ['no decision', 0.3], ['timing', 0.2]],
  proposal: [['price too high', 0.4], ['lost to competitor', 0.35], ['no decision', 0.15], ['timing', 0.1]],
  negotiation: [['lost to competitor', 0.45], ['price too high', 0.35], ['legal terms', 0.2]],
  renewal: [['moved to competitor', 0.45], ['budget cuts', 0.3], ['no longer needed', 0.25]],
};

const NAME_A = ['Nordic', 'Blue', 'Silver', 'Oak', 'Summit', 'Harbor', 'Cedar', 'Atlas', 'Pioneer', 'Bright', 'Iron', 'Crescent', 'Golden', 'Red', 'Green', 'Polar', 'Coastal', 'Alpine', 'Union', 'Metro'];
const NAME_B = ['Logistics', 'Foods', 'Health', 'Energy', 'Retail', 'Systems', 'Motors', 'Finance', 'Textiles', 'Labs', 'Media', 'Pharma', 'Builders', 'Travel', 'Robotics', 'Farms', 'Insurance', 'Telecom'];
const NAME_C = ['Ltd', 'GmbH', 'Inc', 'AB', 'SA', 'Pty', 'KK', 'Group', 'Co'];

const COMMENTS = [
  'Great onboarding, the team was very responsive.',
  'Support took too long to answer.',
  'Reports are much easier since the new portal.',
  'Pricing is hard to understand.',
  'The account manager knows our business.',
  'Invoices were wrong twice this year.',
  '+1 for the new self-service portal',
  '=very happy overall',
  '-',
];

interface Customer {
  id: string;
  name: string;
  team: TeamName;
  region: string;
  owner: string;
  source: string;
}

interface SimDeal {
  order: number;
  customer: Customer;
  created: number;
  status: 'open' | 'won' | 'lost';
  stage: string;
  stageEntered: number;
  closed?: number;
  amount: number;
  dealType: DealType;
  contractMonths?: number;
  lostReason?: string;
  product: string;
  source: string;
  events: { stage: string; day: number }[];
}

interface StageSpec {
  name: string;
  min: number;
  max: number;
  /** Probability of advancing out of the stage (for the last stage: of winning). */
  advance: number;
}

/** Round money to whole units of 10. */
const money = (v: number): number => Math.max(10, Math.round(v / 10) * 10);

export function generateCompany(options: GenerateOptions): SyntheticCompany {
  const { asOf } = options;
  if (!isIsoDate(asOf)) throw new RangeError(`asOf must be a date YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
  const seed = options.seed ?? 42;
  const years = options.years ?? 3;
  const scale = options.scale ?? 1;
  const rng = createRng(seed);

  const asOfDay = toDay(asOf);
  const startIso = fromDay(toDay(addMonths(asOf, -12 * years)) + 1);
  const startDay = toDay(startIso);
  const goLiveIso = quarterStart(addMonths(asOf, -15));
  const goLiveDay = toDay(goLiveIso);
  const span = Math.max(1, asOfDay - startDay);
  /** 0 before go-live, ramping to 1 over the two quarters after it. */
  const crm = (day: number): number => Math.min(1, Math.max(0, (day - goLiveDay) / 180));

  const deals: SimDeal[] = [];
  let order = 0;
  let customerSeq = 0;
  const usedNames = new Set<string>();

  const newCustomer = (): Customer => {
    customerSeq++;
    let name = '';
    for (let tries = 0; tries < 20; tries++) {
      name = `${rng.pick(NAME_A)} ${rng.pick(NAME_B)} ${rng.pick(NAME_C)}`;
      if (!usedNames.has(name)) break;
    }
    if (usedNames.has(name)) name = `${name} ${customerSeq}`;
    usedNames.add(name);
    const team = rng.weighted(Object.entries(TEAMS).map(([t, v]) => [t as TeamName, v.weight] as const));
    return {
      id: `C${String(customerSeq).padStart(5, '0')}`,
      name,
      team,
      region: rng.pick(TEAMS[team].regions),
      owner: rng.pick(TEAMS[team].owners),
      source: rng.weighted(SOURCE_WEIGHTS),
    };
  };

  const annualValue = (product: Product, c: Customer): number =>
    product.median * TEAMS[c.team].price * Math.exp(rng.normal(0, 0.45));

  /** Walks a deal through the given stages until it is won, lost or still open at asOf. */
  const walk = (d: SimDeal, specs: StageSpec[], lostKey?: string): void => {
    let day = d.created;
    for (let i = 0; i < specs.length; i++) {
      const s = specs[i];
      d.events.push({ stage: s.name, day });
      d.stage = s.name;
      d.stageEntered = day;
      let dur = rng.int(s.min, s.max);
      if (s.name === 'proposal' && rng.chance(0.12)) dur = Math.round(dur * 2.5); // stalled proposals
      const next = day + dur;
      if (next > asOfDay) return; // still open at asOf
      if (!rng.chance(s.advance)) {
        d.status = 'lost';
        d.closed = next;
        d.stage = 'lost';
        d.stageEntered = next;
        d.lostReason = rng.weighted(LOST_REASONS[lostKey ?? s.name] ?? LOST_REASONS.proposal);
        d.events.push({ stage: 'lost', day: next });
        return;
      }
      day = next;
    }
    d.status = 'won';
    d.closed = day;
    d.stage = 'won';
    d.stageEntered = day;
    d.events.push({ stage: 'won', day });
  };

  const makeDeal = (c: Customer, created: number, dealType: DealType, product: Product, source = c.source): SimDeal => {
    const d: SimDeal = {
      order: order++,
      customer: c,
      created,
      status: 'open',
      stage: 'lead',
      stageEntered: created,
      amount: 0,
      dealType,
      product: product.name,
      source,
      events: [],
    };
    deals.push(d);
    return d;
  };

  const newBusinessSpecs = (day: number): StageSpec[] => {
    const k = crm(day);
    return [
      { name: 'lead', min: 2, max: 10, advance: 0.76 },
      { name: 'qualified', min: 5, max: 18, advance: 0.74 },
      { name: 'proposal', min: 18, max: 50 - Math.round(8 * k), advance: 0.45 + 0.08 * k },
      { name: 'negotiation', min: 5, max: 18, advance: 0.78 + 0.05 * k },
    ];
  };
  const expansionSpecs = (day: number): StageSpec[] => {
    const k = crm(day);
    return [
      { name: 'qualified', min: 3, max: 12, advance: 0.8 },
      { name: 'proposal', min: 10, max: 35, advance: 0.62 + 0.08 * k },
      { name: 'negotiation', min: 4, max: 14, advance: 0.85 },
    ];
  };
  const renewalSpecs = (day: number): StageSpec[] => {
    const k = crm(day);
    // Renewals skip the new-business stages: the account manager negotiates the new term.
    return [{ name: 'negotiation', min: 12, max: 50, advance: 0.76 + 0.1 * k }];
  };

  const pickTerm = (): number => rng.weighted([[12, 0.5], [24, 0.3], [36, 0.2]]);

  /** After a won subscription or one-time sale: expansion, renewal or lapse, churn and reactivation. */
  const afterWon = (d: SimDeal, annual: number, depth: number): void => {
    if (depth > 12 || d.closed === undefined) return;
    const c = d.customer;
    const closed = d.closed;
    if (d.contractMonths) {
      const termEnd = toDay(addMonths(fromDay(closed), d.contractMonths)) - 1;
      let renewAnnual = annual;
      // Expansion during the term: roughly once every four customer-years.
      for (let y = 0; y * 12 < d.contractMonths; y++) {
        if (!rng.chance(0.24)) continue;
        const created = closed + y * 365 + rng.int(45, 300);
        if (created > asOfDay || created > termEnd - 60) continue;
        const upsell = rng.chance(0.6);
        const product = upsell ? PRODUCTS.find((p) => p.name === d.product)! : rng.pick(PRODUCTS.filter((p) => p.name !== d.product));
        const x = makeDeal(c, created, upsell ? 'upsell' : 'cross_sell', product, 'account management');
        walk(x, expansionSpecs(created));
        const xAnnual = upsell ? annual * (0.2 + rng.next() * 0.25) : annualValue(product, c) * 0.8;
        if (product.subscription && x.closed !== undefined && x.closed < termEnd - 30) {
          // Co-termed with the main subscription: the customer renews both together.
          const months = Math.max(1, Math.round((termEnd - x.closed) / 30.44));
          x.contractMonths = months;
          x.amount = money((xAnnual * months) / 12);
          if (x.status === 'won') renewAnnual += xAnnual;
        } else if (product.subscription) {
          x.contractMonths = 12;
          x.amount = money(xAnnual);
        } else {
          x.amount = money(xAnnual);
        }
      }
      // The renewal deal opens 40-75 days before the term ends.
      const created = termEnd - rng.int(40, 75);
      if (created > asOfDay) return;
      const r = makeDeal(c, created, 'renewal', PRODUCTS.find((p) => p.name === d.product)!, 'account management');
      walk(r, renewalSpecs(created), 'renewal');
      const term = rng.chance(0.7) ? d.contractMonths : pickTerm();
      const nextAnnual = renewAnnual * (1 + rng.next() * 0.08);
      r.contractMonths = term;
      r.amount = money((nextAnnual * term) / 12);
      if (r.status === 'won') afterWon(r, nextAnnual, depth + 1);
      else if (r.status === 'lost') reactivate(c, r.closed!, depth);
    } else {
      // One-time buyers: some buy again (a subscription or another one-time sale), the rest lapse.
      if (rng.chance(0.4)) {
        const created = closed + rng.int(120, 480);
        if (created > asOfDay) return;
        const product = rng.weighted(NEW_PRODUCT_WEIGHTS);
        const withinWindow = created <= toDay(addMonths(fromDay(closed), 12)) - 1;
        const x = makeDeal(c, created, withinWindow ? 'cross_sell' : 'new', product, withinWindow ? 'account management' : c.source);
        walk(x, withinWindow ? expansionSpecs(created) : newBusinessSpecs(created));
        sellTerms(x, product, c);
        if (x.status === 'won') afterWon(x, x.contractMonths ? (x.amount * 12) / x.contractMonths : x.amount, depth + 1);
      }
    }
  };

  const sellTerms = (d: SimDeal, product: Product, c: Customer): void => {
    const annual = annualValue(product, c);
    if (product.subscription) {
      d.contractMonths = pickTerm();
      d.amount = money((annual * d.contractMonths) / 12);
    } else {
      d.amount = money(annual);
    }
  };

  /** A churned customer sometimes comes back 6-18 months later. */
  const reactivate = (c: Customer, churnedDay: number, depth: number): void => {
    if (!rng.chance(0.18)) return;
    const created = churnedDay + rng.int(180, 540);
    if (created > asOfDay) return;
    const product = rng.weighted(NEW_PRODUCT_WEIGHTS);
    const d = makeDeal(c, created, 'new', product, rng.chance(0.5) ? 'referral' : c.source);
    walk(d, newBusinessSpecs(created));
    sellTerms(d, product, c);
    if (d.status === 'won') afterWon(d, d.contractMonths ? (d.amount * 12) / d.contractMonths : d.amount, depth + 1);
  };

  // Lead arrivals.
  const baseRate = 2.3 * scale;
  for (let day = startDay; day <= asOfDay; day++) {
    const iso = fromDay(day);
    const month = Number(iso.slice(5, 7)) - 1;
    const growth = 0.85 + (0.4 * (day - startDay)) / span;
    const wd = weekday(day);
    const weekFactor = wd === 0 || wd === 6 ? 0.25 : 1.3;
    const n = rng.poisson(baseRate * LEAD_SEASON[month] * growth * weekFactor);
    for (let i = 0; i < n; i++) {
      const c = newCustomer();
      const product = rng.weighted(NEW_PRODUCT_WEIGHTS);
      const d = makeDeal(c, day, 'new', product);
      // Referrals and partner leads often skip the lead stage.
      const specs = newBusinessSpecs(day);
      walk(d, c.source === 'referral' && rng.chance(0.5) ? specs.slice(1) : specs);
      sellTerms(d, product, c);
      if (d.status === 'won') afterWon(d, d.contractMonths ? (d.amount * 12) / d.contractMonths : d.amount, 0);
      else if (d.status === 'lost' && rng.chance(0.08)) reactivate(c, d.closed!, 0);
    }
  }

  // Ids in creation order.
  deals.sort((a, b) => a.created - b.created || a.order - b.order);
  const dealRecords: Deal[] = [];
  const stageEvents: StageEvent[] = [];
  deals.forEach((d, i) => {
    const dealId = `D${String(i + 1).padStart(6, '0')}`;
    const rec: Deal = {
      dealId,
      customerId: d.customer.id,
      customerName: d.customer.name,
      createdDate: fromDay(d.created),
      status: d.status,
      stage: d.stage,
      stageEnteredDate: fromDay(d.stageEntered),
      amount: d.amount,
      dealType: d.dealType,
      owner: d.customer.owner,
      team: d.customer.team,
      region: d.customer.region,
      product: d.product,
      source: d.source,
    };
    if (d.closed !== undefined) rec.closedDate = fromDay(d.closed);
    if (d.contractMonths) rec.contractMonths = d.contractMonths;
    if (d.lostReason) rec.lostReason = d.lostReason;
    dealRecords.push(rec);
    for (const e of d.events) stageEvents.push({ dealId, stage: e.stage, enteredDate: fromDay(e.day) });
  });

  const coverage = coverageByCustomer(dealRecords);
  const surveys = generateSurveys(rng, coverage, startDay, asOfDay, goLiveDay, scale);
  const finance = generateFinance(rng, dealRecords, coverage, startIso, asOf, goLiveIso, scale);
  const targets = generateTargets(dealRecords, asOf);

  const lastDeal = dealRecords.length;
  const nextId = (k: number) => `D${String(lastDeal + k).padStart(6, '0')}`;
  const badDeal = (id: string, patch: RawRow): RawRow => ({
    deal_id: id,
    customer_id: 'C99999',
    customer_name: 'Typo Traders Ltd',
    created_date: fromDay(asOfDay - 40),
    status: 'won',
    stage: 'won',
    stage_entered_date: fromDay(asOfDay - 10),
    closed_date: fromDay(asOfDay - 10),
    amount: '12000',
    deal_type: 'new',
    contract_months: '12',
    lost_reason: '',
    owner: 'Anna Berg',
    team: 'EMEA',
    region: 'DACH',
    product: 'Platform',
    source: 'inbound',
    ...patch,
  });
  const badRows = {
    deals: [
      badDeal(nextId(1), { amount: '' }),
      badDeal(nextId(2), { closed_date: fromDay(asOfDay - 50), stage_entered_date: fromDay(asOfDay - 50) }),
      badDeal(nextId(3), { created_date: `${asOf.slice(0, 4)}-02-30` }),
    ],
    surveys: [
      {
        response_id: `R${String(surveys.length + 1).padStart(6, '0')}`,
        customer_id: dealRecords[0]?.customerId ?? '',
        responded_date: fromDay(asOfDay - 5),
        nps: '11',
        csat: '',
        ces: '',
        expectation: '',
        performance: '',
        channel: 'email',
        comment: 'score typed by hand',
      },
    ],
  };

  return {
    asOf,
    seed,
    config: { companyName: COMPANY_NAME, crmGoLive: goLiveIso, currency: 'USD' },
    deals: dealRecords,
    stageEvents,
    surveys,
    finance,
    targets,
    badRows,
  };
}

/** Per customer: the [start, end] day intervals its won deals cover (12-month window for one-time sales). */
export function coverageByCustomer(deals: Deal[]): Map<string, [number, number][]> {
  const cov = new Map<string, [number, number][]>();
  for (const d of deals) {
    if (d.status !== 'won' || !d.closedDate) continue;
    const months = d.contractMonths && d.contractMonths > 0 ? d.contractMonths : 12;
    const end = toDay(addMonths(d.closedDate, months)) - 1;
    const list = cov.get(d.customerId) ?? [];
    list.push([toDay(d.closedDate), end]);
    cov.set(d.customerId, list);
  }
  return cov;
}

function activeOn(cov: Map<string, [number, number][]>, day: number): number {
  let n = 0;
  for (const list of cov.values()) if (list.some(([s, e]) => s <= day && day <= e)) n++;
  return n;
}

function generateSurveys(
  rng: Rng,
  coverage: Map<string, [number, number][]>,
  startDay: number,
  asOfDay: number,
  goLiveDay: number,
  scale: number,
): SurveyResponse[] {
  const out: { day: number; r: Omit<SurveyResponse, 'responseId'> }[] = [];
  const span = Math.max(1, asOfDay - startDay);
  const answer = (day: number, customerId?: string): Omit<SurveyResponse, 'responseId'> => {
    const t = (day - startDay) / span;
    const k = Math.min(1, Math.max(0, (day - goLiveDay) / 270));
    const pPromoter = 0.3 + 0.12 * t + 0.12 * k;
    const pDetractor = Math.max(0.08, 0.34 - 0.08 * t - 0.12 * k);
    const group = rng.weighted([
      ['promoter', pPromoter],
      ['detractor', pDetractor],
      ['passive', Math.max(0.05, 1 - pPromoter - pDetractor)],
    ] as const);
    const r: Omit<SurveyResponse, 'responseId'> = { respondedDate: fromDay(day), channel: rng.weighted([['email', 0.6], ['in-app', 0.3], ['phone', 0.1]]) };
    if (customerId) r.customerId = customerId;
    const good = group === 'promoter' ? 1 : group === 'passive' ? 0.5 : 0;
    const has = { nps: rng.chance(0.85), csat: rng.chance(0.7), ces: rng.chance(0.5), gap: rng.chance(0.6) };
    if (!has.nps && !has.csat && !has.ces && !has.gap) has.nps = true;
    if (has.nps) r.nps = group === 'promoter' ? rng.int(9, 10) : group === 'passive' ? rng.int(7, 8) : rng.weighted([[6, 0.35], [5, 0.25], [4, 0.15], [3, 0.1], [2, 0.08], [0, 0.07]]);
    if (has.csat) r.csat = Math.min(5, Math.max(1, Math.round(2.6 + 2.2 * good + rng.normal(0, 0.7))));
    if (has.ces) r.ces = Math.min(7, Math.max(1, Math.round(3.4 + 3 * good + 0.5 * k + rng.normal(0, 1))));
    if (has.gap) {
      const expectation = rng.int(2, 5);
      const delta = rng.weighted([[-1, 0.5 - 0.35 * good], [0, 0.35], [1, 0.15 + 0.35 * good]]);
      r.expectation = expectation;
      r.performance = Math.min(5, Math.max(1, expectation + delta));
    }
    if (rng.chance(0.08)) r.comment = rng.pick(COMMENTS);
    return r;
  };
  for (const [customerId, list] of coverage) {
    for (const [s, e] of list) {
      for (let day = Math.max(s, startDay) + rng.int(10, 60); day <= Math.min(e, asOfDay); day += rng.int(60, 150)) {
        if (rng.chance(0.45)) out.push({ day, r: answer(day, customerId) });
      }
    }
  }
  // Anonymous responses (website widget).
  for (let day = startDay; day <= asOfDay; day++) {
    if (rng.chance(0.15 * scale)) out.push({ day, r: answer(day) });
  }
  out.sort((a, b) => a.day - b.day || (a.r.customerId ?? '').localeCompare(b.r.customerId ?? ''));
  return out.map((x, i) => ({ responseId: `R${String(i + 1).padStart(6, '0')}`, ...x.r }));
}

function generateFinance(
  rng: Rng,
  deals: Deal[],
  coverage: Map<string, [number, number][]>,
  startIso: IsoDate,
  asOf: IsoDate,
  goLiveIso: IsoDate,
  scale: number,
): FinanceRow[] {
  // Revenue recognised per calendar month: subscriptions spread over their term, one-time sales when closed.
  const recognised = new Map<string, number>();
  const leads = new Map<string, number>();
  const add = (m: string, v: number) => recognised.set(m, (recognised.get(m) ?? 0) + v);
  for (const d of deals) {
    leads.set(monthOf(d.createdDate), (leads.get(monthOf(d.createdDate)) ?? 0) + 1);
    if (d.status !== 'won' || !d.closedDate) continue;
    if (d.contractMonths) {
      for (let i = 0; i < d.contractMonths; i++) add(monthOf(addMonths(d.closedDate, i)), d.amount / d.contractMonths);
    } else add(monthOf(d.closedDate), d.amount);
  }
  const asOfDay = toDay(asOf);
  const goLiveDay = toDay(goLiveIso);
  const goLiveQuarter = quarterOf(goLiveIso);
  const months: { month: string; row: FinanceRow }[] = [];
  let crmMonthly = 0;
  for (let m = `${startIso.slice(0, 7)}-01`; m <= asOf; m = addMonths(m, 1)) {
    const month = monthOf(m);
    const y = Number(m.slice(0, 4));
    const mm = Number(m.slice(5, 7));
    const lastDay = Math.min(toDay(`${month}-${String(daysInMonth(y, mm)).padStart(2, '0')}`), asOfDay);
    const fraction = (lastDay - toDay(m) + 1) / daysInMonth(y, mm);
    const t = (toDay(m) - toDay(startIso)) / Math.max(1, asOfDay - toDay(startIso));
    const k = Math.min(1, Math.max(0, (toDay(m) - goLiveDay) / 180));
    const active = activeOn(coverage, lastDay);
    const noise = () => 1 + rng.normal(0, 0.03);
    const revenue = ((recognised.get(month) ?? 0) * fraction * 1.08 + 15_000 * scale * fraction) * noise();
    const row: FinanceRow = {
      period: month,
      revenue: Math.round(revenue),
      costOfRevenue: Math.round(revenue * (0.4 - 0.05 * t) * noise()),
      salesMarketingCost: Math.round((30_000 * scale + (leads.get(month) ?? 0) * 650) * fraction * noise()),
      serviceCost: Math.round((active * (140 - 35 * k) + 6_000 * scale) * fraction * noise()),
      marketRevenue: Math.round((revenue / (0.035 + 0.02 * t)) * noise()),
    };
    if (toDay(m) >= goLiveDay) {
      // Licences per seat and per customer record, operation and training; implementation in the go-live quarter.
      crmMonthly = 12_000 * Math.max(scale, 0.1) + 45 * active;
      const implementation = quarterOf(m) === goLiveQuarter ? (450_000 * Math.max(scale, 0.1)) / 3 : 0;
      row.crmCost = Math.round((crmMonthly * fraction + implementation) * noise());
    }
    months.push({ month, row });
  }
  // Older years as quarter rows (as an ERP export would give them); the last two fiscal years as month rows.
  const monthRowsFrom = `${Number(asOf.slice(0, 4)) - 1}-01`;
  const rows: FinanceRow[] = [];
  const byQuarter = new Map<string, FinanceRow>();
  for (const { month, row } of months) {
    if (month >= monthRowsFrom) {
      rows.push(row);
      continue;
    }
    const q = quarterOf(`${month}-01`);
    let acc = byQuarter.get(q);
    if (!acc) {
      acc = { period: q };
      byQuarter.set(q, acc);
      rows.push(acc);
    }
    for (const key of ['revenue', 'costOfRevenue', 'salesMarketingCost', 'serviceCost', 'crmCost', 'marketRevenue'] as const) {
      if (row[key] !== undefined) acc[key] = (acc[key] ?? 0) + row[key]!;
    }
  }
  // Planned CRM cost for the rest of the three years after go-live (counts in crm_tco_3y).
  let q = addMonths(quarterStart(asOf), 3);
  const lastPlanned = addMonths(goLiveIso, 33);
  while (q <= lastPlanned) {
    rows.push({ period: quarterOf(q), crmCost: Math.round(crmMonthly * 3) });
    q = addMonths(q, 3);
  }
  return rows;
}

/** Targets for the last two fiscal years; `yearOf` names a date's fiscal year (default: its calendar year). */
export function generateTargets(deals: Deal[], asOf: IsoDate, yearOf: (d: IsoDate) => number = (d) => Number(d.slice(0, 4))): Target[] {
  const year = yearOf(asOf);
  const actual = (fy: number) => {
    let won = 0;
    let lost = 0;
    let bookings = 0;
    for (const d of deals) {
      if (!d.closedDate || yearOf(d.closedDate) !== fy) continue;
      if (d.status === 'won') {
        won++;
        bookings += d.amount;
      } else if (d.status === 'lost') lost++;
    }
    return { bookings, winRate: won + lost ? won / (won + lost) : 0.3 };
  };
  const round = (v: number, step: number) => Math.round(v / step) * step;
  const quarterShare = [0.22, 0.23, 0.23, 0.32];
  const out: Target[] = [];
  for (const fy of [year - 1, year]) {
    const prior = actual(fy - 1);
    if (prior.bookings === 0) continue;
    const bookings = round(prior.bookings * 1.25, 1000);
    const winRate = round(prior.winRate + 0.03, 0.01);
    out.push({ kpi: 'bookings', period: `FY${fy}`, target: bookings, scope: '' });
    out.push({ kpi: 'win_rate', period: `FY${fy}`, target: winRate, scope: '' });
    out.push({ kpi: 'nps', period: `FY${fy}`, target: fy === year ? 30 : 20, scope: '' });
    out.push({ kpi: 'churn_rate', period: `FY${fy}`, target: 0.15, scope: '' });
    for (let qn = 1; qn <= 4; qn++) {
      const period = `FY${fy}-Q${qn}`;
      out.push({ kpi: 'bookings', period, target: round(bookings * quarterShare[qn - 1], 1000), scope: '' });
      out.push({ kpi: 'win_rate', period, target: winRate, scope: '' });
      out.push({ kpi: 'nps', period, target: fy === year ? 30 : 20, scope: '' });
      out.push({ kpi: 'csat', period, target: 0.8, scope: '' });
      out.push({ kpi: 'churn_rate', period, target: 0.04, scope: '' });
      out.push({ kpi: 'sales_cycle_days', period, target: 60, scope: '' });
      out.push({ kpi: 'bookings', period, target: round(bookings * quarterShare[qn - 1] * 0.42, 1000), scope: 'team=EMEA' });
      out.push({ kpi: 'win_rate', period, target: winRate, scope: 'team=EMEA' });
    }
  }
  return out;
}
