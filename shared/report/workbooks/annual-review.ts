/**
 * Annual review (outputs.md): its sheets, in order (modules in ../sheets).
 */
import type { ReportInput } from '../context';
import type { PeriodChoice } from '../periods';
import { buildWorkbook, type SheetModule } from '../sheets/module';
import { reviewContext, type ReviewContext } from '../sheets/review-context';
import { annualHighlights, annualQuarters, annualYear } from '../sheets/annual-sheets';
import { definitions } from '../sheets/definitions';

export const ANNUAL_SHEETS: SheetModule<ReviewContext>[] = [annualYear, annualQuarters, annualHighlights, definitions];

export async function renderAnnualReview(input: ReportInput, choice: PeriodChoice): Promise<Buffer> {
  const ctx = reviewContext(input, choice, 'year');
  return buildWorkbook(ctx, ctx.t('annual.bookTitle', { year: ctx.period.id }), ANNUAL_SHEETS);
}
