/**
 * Test data for the report tests: the synthetic company (a few hundred deals over
 * three years, from shared/generate) plus a handful of hostile strings from
 * "uploads" (formula-like names), run through the real engine.
 */
import { generateCompany } from '../../shared/generate';
import { computeScorecard, KPI_CATALOG } from '../../shared/engine';
import { parseConfig, type Config } from '../../shared/config/config';
import type { Dataset, FileRecord, Restatement } from '../../shared/model/types';
import type { ReportInput } from '../../shared/report/context';
import type { ScorecardResult } from '../../shared/engine/types';

export const AS_OF = '2026-11-22';
export const GENERATED_AT = '2026-11-22T06:00:03Z';

/** Upload text that must never become a formula. */
export const HOSTILE = {
  customerName: '=HYPERLINK("http://evil.example","click")',
  owner: '+1 555 0100',
  team: '@SUM(A1)',
  dealId: '-42-DEAL',
} as const;

export function fixtureDataset(seed = 7): { data: Dataset; config: Config } {
  const c = generateCompany({ asOf: AS_OF, seed, scale: 0.1 });
  const config = parseConfig({ ...c.config });
  const deals = c.deals.map((d) => ({ ...d }));
  // One old open deal, stuck, with formula-like text in every upload-derived field.
  deals.push({
    dealId: HOSTILE.dealId,
    customerId: 'C-HOSTILE',
    customerName: HOSTILE.customerName,
    createdDate: '2026-06-01',
    status: 'open',
    stage: 'proposal',
    stageEnteredDate: '2026-07-01',
    amount: 123456,
    dealType: 'new',
    owner: HOSTILE.owner,
    team: HOSTILE.team,
    region: 'EMEA',
    product: 'Core',
    source: 'inbound',
  });
  return { data: { deals, stageEvents: c.stageEvents, surveys: c.surveys, finance: c.finance, targets: c.targets }, config };
}

export const FILES: FileRecord[] = [
  { key: 'uploads/deals/deals-2026.csv', etag: '"a"', dataset: 'deals', fileName: 'deals-2026.csv', outcome: 'partial', rowsAccepted: 310, rowsRejected: 3, reportKey: 'reports/rejected/deals/deals-2026.csv.errors.csv', ingestedAt: '2026-11-21T09:15:00Z' },
  { key: 'uploads/deals/=cmd.csv', etag: '"b"', dataset: 'deals', fileName: '=cmd|calc.csv', outcome: 'quarantined', rowsAccepted: 0, rowsRejected: 0, error: 'missing required column deal_id', ingestedAt: '2026-11-20T08:00:00Z' },
  { key: 'uploads/surveys/s.xlsx', etag: '"c"', dataset: 'surveys', fileName: 's.xlsx', outcome: 'accepted', rowsAccepted: 140, rowsRejected: 0, ingestedAt: '2026-11-19T08:00:00Z' },
  { key: 'uploads/finance/f.csv', etag: '"d"', dataset: 'finance', fileName: 'finance.csv', outcome: 'accepted', rowsAccepted: 40, rowsRejected: 0, unknownColumns: ['notes'], ingestedAt: '2026-11-18T08:00:00Z' },
];

export const RESTATEMENTS: Restatement[] = [
  { periodId: 'FY2026-Q2', kpi: 'bookings', oldValue: 500000, newValue: 512345.5, firstPublishedAt: '2026-07-06T06:00:00Z', restatedAt: '2026-11-16T06:00:00Z' },
  { periodId: 'FY2026-Q1', kpi: 'win_rate', oldValue: 0.4, newValue: 0.38, firstPublishedAt: '2026-04-06T06:00:00Z', restatedAt: '2026-11-16T06:00:00Z' },
  { periodId: 'FY2026-Q1', kpi: 'cac', oldValue: null, newValue: 1200, firstPublishedAt: '2026-04-06T06:00:00Z', restatedAt: '2026-11-16T06:00:00Z' },
];

let cached: ScorecardResult | undefined;

export function fixtureResult(): ScorecardResult {
  if (!cached) {
    const { data, config } = fixtureDataset();
    cached = computeScorecard(data, AS_OF, config, GENERATED_AT);
  }
  return cached;
}

export function fixtureInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    result: fixtureResult(),
    catalog: [...KPI_CATALOG],
    files: FILES,
    restatements: RESTATEMENTS,
    ...overrides,
  };
}
