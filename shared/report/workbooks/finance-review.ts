/**
 * Quarterly finance review (outputs.md): its sheets, in order (modules in ../sheets).
 */
import type { ReportInput } from '../context';
import type { PeriodChoice } from '../periods';
import { buildWorkbook, type SheetModule } from '../sheets/module';
import { reviewContext, type ReviewContext } from '../sheets/review-context';
import { financeQuarter, financeTrends, financeYear, restatements } from '../sheets/finance-sheets';
import { definitions } from '../sheets/definitions';

export { financeTrendDefs } from '../sheets/finance-sheets';

export const FINANCE_SHEETS: SheetModule<ReviewContext>[] = [financeQuarter, financeYear, financeTrends, restatements, definitions];

export async function renderFinanceReview(input: ReportInput, choice: PeriodChoice): Promise<Buffer> {
  const ctx = reviewContext(input, choice, 'quarter');
  return buildWorkbook(ctx, ctx.t('finance.bookTitle', { quarter: ctx.period.id }), FINANCE_SHEETS);
}
