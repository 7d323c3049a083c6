/** The report module: workbook renderers, period choice and bucket keys, snapshots. */
export { renderDashboard, headlineDefs } from './workbooks/dashboard';
export { renderFinanceReview } from './workbooks/finance-review';
export { renderAnnualReview } from './workbooks/annual-review';
export type { ReportInput } from './context';
export { DEFAULT_MAX_LIST_ROWS } from './context';
export {
  REPORT_KINDS,
  chooseReviewPeriod,
  latestClosed,
  weekIdOf,
  workbookKey,
  kpisKeyBeside,
  latestKey,
  LATEST_KPIS_KEY,
  localPathOf,
  type ReportKind,
  type PeriodChoice,
} from './periods';
export { diffSnapshots, sameValue, RESTATEMENT_TOLERANCE, type SnapshotDiff } from './snapshots';
export { safeText } from './cells';
