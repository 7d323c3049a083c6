/**
 * What a workbook renderer gets: the engine's result for the run, the KPI
 * catalog, and what the store knows (files, restatements).
 */
import type { DeliveryRecord } from '../ports';
import type { LocaleId } from '../i18n/ids';
import type { KpiDefinition, ScorecardResult } from '../engine/types';
import type { FileRecord, Restatement } from '../model/types';
import type { ReportScope } from './scope';

export interface ReportInput {
  result: ScorecardResult;
  catalog: KpiDefinition[];
  /** Ingested files (data-quality sheet). */
  files: FileRecord[];
  /** Every restatement recorded so far, including this run's (finance review). */
  restatements: Restatement[];
  /**
   * Longest list a sheet shows (stuck deals, open deals, top customers, files,
   * breakdown values per dimension); the rest is summarised as "top N of M".
   * Keeps rendering bounded for a million deals. Default 500.
   */
  maxListRows?: number;
  /** Set for a scoped dashboard (`team=EMEA`, ./scope.ts): the workbook says what is scoped and what is company-wide. */
  scope?: ReportScope;
  /** Locale asked for by a delivery (`en`, `fa-IR`); default: the config's `locale`. */
  locale?: LocaleId;
  /**
   * How a stored object is named for the reader: the bucket key in AWS (default),
   * the local path in a local run (`reports/rejected/x.csv` -> `out/rejected/x.csv`).
   */
  where?: (bucketKey: string) => string;
  /** E-mail deliveries that failed in the last days (data-quality sheet); absent without deliveries. */
  deliveryFailures?: DeliveryRecord[];
}

export const DEFAULT_MAX_LIST_ROWS = 500;
