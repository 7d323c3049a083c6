/**
 * Domain records: what the data contract (../shared/spec/data-contract.md) lets users
 * upload, after validation and normalisation. Dates are calendar dates in the
 * reporting time zone as ISO strings `YYYY-MM-DD` (they sort and compare as strings).
 */

export type IsoDate = string;

export const DATASETS = ['deals', 'stage-events', 'surveys', 'finance', 'targets'] as const;
export type DatasetName = (typeof DATASETS)[number];

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

export const DEAL_TYPES = ['new', 'upsell', 'cross_sell', 'renewal'] as const;
export type DealType = (typeof DEAL_TYPES)[number];

export const DIMENSIONS = ['team', 'region', 'product', 'owner', 'source'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface Deal {
  dealId: string;
  customerId: string;
  customerName?: string;
  createdDate: IsoDate;
  status: DealStatus;
  /** Current stage; for closed deals defaults to `won` / `lost`. */
  stage?: string;
  stageEnteredDate?: IsoDate;
  /** Present when status is won or lost; >= createdDate. */
  closedDate?: IsoDate;
  amount: number;
  /** True when an open deal's amount was empty in the upload (amount is then 0: not yet known). */
  amountUnknown?: boolean;
  /** An open deal's expected close date (a CRM's "Close Date" before the deal closes). */
  expectedCloseDate?: IsoDate;
  dealType: DealType;
  /** Subscription term in months; undefined or 0 = one-time sale. */
  contractMonths?: number;
  lostReason?: string;
  owner?: string;
  team?: string;
  region?: string;
  product?: string;
  source?: string;
}

export interface StageEvent {
  dealId: string;
  stage: string;
  enteredDate: IsoDate;
}

export interface SurveyResponse {
  responseId: string;
  customerId?: string;
  respondedDate: IsoDate;
  nps?: number; // 0-10
  csat?: number; // 1-5
  ces?: number; // 1-7
  expectation?: number; // 1-5
  performance?: number; // 1-5
  channel?: string;
  comment?: string;
}

/** `FY2026-Q1` (fiscal quarter), `2026-03` (calendar month) or `FY2026` (fiscal year). */
export interface FinanceRow {
  period: string;
  revenue?: number;
  costOfRevenue?: number;
  salesMarketingCost?: number;
  serviceCost?: number;
  crmCost?: number;
  marketRevenue?: number;
}

export interface Target {
  kpi: string;
  /** `FY2026-Q3` or `FY2026`. */
  period: string;
  target: number;
  /** `team=EMEA`; empty string = whole company. */
  scope: string;
}

export interface DatasetRecordMap {
  deals: Deal;
  'stage-events': StageEvent;
  surveys: SurveyResponse;
  finance: FinanceRow;
  targets: Target;
}
export type DatasetRecord = DatasetRecordMap[DatasetName];

/** Everything the engine needs, as loaded from the store. */
export interface Dataset {
  deals: Deal[];
  stageEvents: StageEvent[];
  surveys: SurveyResponse[];
  finance: FinanceRow[];
  targets: Target[];
}

/** One ingested file, recorded for the data-quality sheet. */
export interface FileRecord {
  key: string;
  etag: string;
  dataset: DatasetName;
  fileName: string;
  /**
   * accepted | partial (some rows rejected) | quarantined | incomplete (being stored, or its
   * ingestion failed after the last retry: none of its rows count; see startedAt)
   */
  outcome: 'accepted' | 'partial' | 'quarantined' | 'incomplete';
  /** The upload's version (S3 event time + sequencer): a later upload of the key has a greater one. */
  version?: string;
  /** ISO timestamp when storing the file's rows began (set while `incomplete`). */
  startedAt?: string;
  rowsAccepted: number;
  rowsRejected: number;
  /** Where rejected rows / the whole-file error were reported, if anywhere. */
  reportKey?: string;
  /** Whole-file error message for quarantined files. */
  error?: string;
  /** Column names in the file that the contract does not know. */
  unknownColumns?: string[];
  /** The known export the file was recognised as (e.g. "HubSpot deals export"); absent for the contract's own format. */
  recognisedAs?: string;
  /** Open stage names not in config `stages` that the file used, in order (a recognised export's pipeline order, then first seen). */
  stages?: string[];
  /**
   * What the reader noticed without rejecting anything (an ignored second sheet, a closed
   * date dropped on an open deal, values under a blank header...), at most MAX_FILE_WARNINGS.
   */
  warnings?: string[];
  /** Warnings beyond those kept in `warnings`. */
  warningsOmitted?: number;
  /** For deletion and erasure uploads: records deleted per dataset. */
  deleted?: Partial<Record<DatasetName, number>>;
  /** ISO timestamp of ingestion. */
  ingestedAt: string;
}

/** Warnings kept per file record (the rest are counted in warningsOmitted). */
export const MAX_FILE_WARNINGS = 20;

/** One rejected row of an accepted file. */
export interface RowIssue {
  row: number;
  /** The row's natural key values as written (cleaned), in the dataset spec's key order. */
  key?: string[];
  column: string;
  value: string;
  reason: string;
}

/** First-published value of a closed quarter's KPI, and later changes to it. */
export interface PublishedValue {
  periodId: string;
  kpi: string;
  value: number | null;
  publishedAt: string;
}

export interface Restatement {
  periodId: string;
  kpi: string;
  oldValue: number | null;
  newValue: number | null;
  firstPublishedAt: string;
  restatedAt: string;
  /** 1 for the first restatement of this period and KPI, 2 for the next...: two runs that see the same change store it once. */
  sequence?: number;
}
