/** One entry point per workbook kind (the deliveries render scoped and localised copies through it). */
import type { PeriodChoice, ReportKind } from './periods';
import type { ReportInput } from './context';
import { renderDashboard } from './workbooks/dashboard';
import { renderFinanceReview } from './workbooks/finance-review';
import { renderAnnualReview } from './workbooks/annual-review';

export function renderWorkbook(kind: ReportKind, input: ReportInput, choice: PeriodChoice): Promise<Buffer> {
  if (kind === 'weekly') return renderDashboard(input);
  if (kind === 'quarterly') return renderFinanceReview(input, choice);
  return renderAnnualReview(input, choice);
}
