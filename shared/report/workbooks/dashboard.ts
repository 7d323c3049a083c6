/**
 * Weekly manager dashboard (outputs.md "The workbooks"): its sheets, in order.
 * Each sheet is a module in ../sheets; adding a sheet = one module + one line here.
 */
import type { SheetModule } from '../sheets/module';
import { buildWorkbook } from '../sheets/module';
import type { ReportInput } from '../context';
import { dashboardContext, type DashboardContext } from '../sheets/dashboard-context';
import { summary } from '../sheets/summary';
import { pipeline } from '../sheets/pipeline';
import { openPipeline } from '../sheets/open-pipeline';
import { thisWeek } from '../sheets/this-week';
import { trends } from '../sheets/trends';
import { customers } from '../sheets/customers';
import { surveys } from '../sheets/surveys';
import { breakdowns } from '../sheets/breakdowns';
import { definitions } from '../sheets/definitions';
import { dataQuality } from '../sheets/data-quality';

export { headlineDefs } from '../sheets/dashboard-context';

export const DASHBOARD_SHEETS: SheetModule<DashboardContext>[] = [
  summary,
  pipeline,
  openPipeline,
  thisWeek,
  trends,
  customers,
  surveys,
  breakdowns,
  definitions,
  dataQuality,
];

export async function renderDashboard(input: ReportInput): Promise<Buffer> {
  const ctx = dashboardContext(input);
  return buildWorkbook(ctx, ctx.t('dashboard.bookTitle', { week: ctx.details.currentWeek }), DASHBOARD_SHEETS);
}
