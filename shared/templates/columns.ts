/**
 * What each column of each dataset means, for the templates' notes (from
 * ../shared/spec/data-contract.md). The column lists and required columns come from
 * the reader's schema so the templates can never drift from what is read.
 */
import { DEAL_STATUSES, DEAL_TYPES, type DatasetName } from '../model/types';
import { SCHEMAS } from '../ingest/schema';

export type ColumnKind = 'string' | 'date' | 'number' | 'integer' | 'enum' | 'period' | 'kpi';

export interface ColumnDoc {
  name: string;
  kind: ColumnKind;
  /** Type as written in the contract, for people. */
  type: string;
  /** yes / no / a condition. */
  required: string;
  meaning: string;
  /** Allowed values for enum columns. */
  values?: readonly string[];
  /** Bounds for numbers. */
  min?: number;
  max?: number;
}

const DATE = 'date (YYYY-MM-DD, an ISO timestamp, a date cell in XLSX, or a Solar Hijri date such as 1403/01/15)';

const DOCS: Record<DatasetName, Omit<ColumnDoc, 'required'>[]> = {
  deals: [
    { name: 'deal_id', kind: 'string', type: 'text', meaning: 'Unique id of the deal (opportunity). Sending the same id again replaces the earlier row.' },
    { name: 'customer_id', kind: 'string', type: 'text', meaning: 'The account the deal is with.' },
    { name: 'customer_name', kind: 'string', type: 'text', meaning: 'Display name of the customer.' },
    { name: 'created_date', kind: 'date', type: DATE, meaning: 'First contact / lead created.' },
    { name: 'status', kind: 'enum', type: 'open, won or lost', values: DEAL_STATUSES, meaning: 'Where the deal stands.' },
    { name: 'stage', kind: 'string', type: 'text', meaning: 'Current pipeline stage (config "stages", default lead, qualified, proposal, negotiation); defaults to won/lost for closed deals.' },
    { name: 'stage_entered_date', kind: 'date', type: DATE, meaning: 'When the deal entered its current stage.' },
    { name: 'closed_date', kind: 'date', type: DATE, meaning: 'When the deal was won or lost; on or after created_date.' },
    { name: 'amount', kind: 'number', type: 'number >= 0', min: 0, meaning: 'Deal value in the reporting currency (the whole contract value for subscriptions).' },
    { name: 'deal_type', kind: 'enum', type: 'new, upsell, cross_sell or renewal', values: DEAL_TYPES, meaning: 'Kind of deal; empty means new.' },
    { name: 'contract_months', kind: 'integer', type: 'whole number >= 0', min: 0, meaning: 'Subscription term in months; empty or 0 = one-time sale.' },
    { name: 'lost_reason', kind: 'string', type: 'text', meaning: 'Free text; containing "competitor" marks a loss to a competitor.' },
    { name: 'owner', kind: 'string', type: 'text', meaning: 'Sales owner (breakdowns).' },
    { name: 'team', kind: 'string', type: 'text', meaning: 'Sales team (breakdowns, targets with scope team=...).' },
    { name: 'region', kind: 'string', type: 'text', meaning: 'Region (breakdowns, targets with scope region=...).' },
    { name: 'product', kind: 'string', type: 'text', meaning: 'Product (breakdowns).' },
    { name: 'source', kind: 'string', type: 'text', meaning: 'Lead source (breakdowns).' },
  ],
  'stage-events': [
    { name: 'deal_id', kind: 'string', type: 'text', meaning: 'The deal that entered the stage.' },
    { name: 'stage', kind: 'string', type: 'text', meaning: 'The stage entered (an open stage, won or lost).' },
    { name: 'entered_date', kind: 'date', type: DATE, meaning: 'When the deal entered the stage. One row each time a deal enters a stage.' },
  ],
  surveys: [
    { name: 'response_id', kind: 'string', type: 'text', meaning: 'Unique id of the survey response.' },
    { name: 'customer_id', kind: 'string', type: 'text', meaning: 'The customer who answered; empty for anonymous responses.' },
    { name: 'responded_date', kind: 'date', type: DATE, meaning: 'When the customer answered.' },
    { name: 'nps', kind: 'integer', type: 'whole number 0-10', min: 0, max: 10, meaning: '"How likely are you to recommend us?" At least one score column must be filled in each row.' },
    { name: 'csat', kind: 'integer', type: 'whole number 1-5', min: 1, max: 5, meaning: '"How satisfied are you?"' },
    { name: 'ces', kind: 'integer', type: 'whole number 1-7', min: 1, max: 7, meaning: '"The company made it easy to handle my issue" (7 = strongly agree).' },
    { name: 'expectation', kind: 'integer', type: 'whole number 1-5', min: 1, max: 5, meaning: 'What the customer expected.' },
    { name: 'performance', kind: 'integer', type: 'whole number 1-5', min: 1, max: 5, meaning: 'What the customer received.' },
    { name: 'channel', kind: 'string', type: 'text', meaning: 'Where the survey was answered (email, phone, in-app...).' },
    { name: 'comment', kind: 'string', type: 'text', meaning: 'Free-text comment.' },
  ],
  finance: [
    { name: 'period', kind: 'period', type: 'FY2026-Q1 (fiscal quarter), 2026-03 (calendar month) or FY2026 (fiscal year); with config calendar "jalali": FY1403-Q1, 1403-01, FY1403', meaning: 'The period the figures are for. Months are summed into quarters and years; a quarter row wins over month rows of the same quarter.' },
    { name: 'revenue', kind: 'number', type: 'number', meaning: 'Company revenue recognised in the period.' },
    { name: 'cost_of_revenue', kind: 'number', type: 'number', meaning: 'Cost of goods sold / cost of revenue.' },
    { name: 'sales_marketing_cost', kind: 'number', type: 'number', meaning: 'Sales and marketing spend (for CAC).' },
    { name: 'service_cost', kind: 'number', type: 'number', meaning: 'Cost of serving customers: support, account management (cost to serve).' },
    { name: 'crm_cost', kind: 'number', type: 'number', meaning: 'What the CRM cost in the period: licences, implementation, operation, training (TCO and ROI).' },
    { name: 'market_revenue', kind: 'number', type: 'number', meaning: 'Total sales of the whole market in the period (market share).' },
  ],
  targets: [
    { name: 'kpi', kind: 'kpi', type: 'a KPI id (list on the Lists sheet)', meaning: 'The KPI the target is for.' },
    { name: 'period', kind: 'period', type: 'FY2026-Q3 or FY2026 (FY1403-Q3 or FY1403 with config calendar "jalali")', meaning: 'The fiscal quarter or year the target is for.' },
    { name: 'target', kind: 'number', type: 'number', meaning: "In the KPI's own unit: fractions for rates (0.8 = 80%)." },
    { name: 'scope', kind: 'string', type: 'text, optional', meaning: 'team=EMEA, region=North, ...; empty = whole company.' },
  ],
};

/** The documented columns of a dataset, in the reader's order, with `required` from the reader's schema. */
export function columnDocs(dataset: DatasetName): ColumnDoc[] {
  const schema = SCHEMAS[dataset];
  const docs = new Map(DOCS[dataset].map((d) => [d.name, d]));
  return schema.columns.map((name) => {
    const doc = docs.get(name) ?? { name, kind: 'string' as const, type: 'text', meaning: '' };
    let required = schema.required.includes(name) ? 'yes' : 'no';
    if (dataset === 'deals' && name === 'closed_date') required = 'when won or lost';
    if (dataset === 'surveys' && (name === 'nps' || name === 'csat' || name === 'ces' || name === 'expectation' || name === 'performance')) {
      required = 'at least one score per row';
    }
    return { ...doc, required };
  });
}
