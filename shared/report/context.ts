/**
 * What a workbook renderer gets: the engine's result for the run, the KPI
 * catalog, and what the store knows (files, restatements).
 */
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
  /** Locale asked for by a delivery (`en`, `fa-IR`); a renderer that does not know it renders English. */
  locale?: string;
}

export const DEFAULT_MAX_LIST_ROWS = 500;
