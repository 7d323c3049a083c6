/**
 * Writes a synthetic company as the files a user would upload, in the layout
 * `scorecard report --data DIR` reads: DIR/<dataset>/*.csv|xlsx plus DIR/config.json.
 * Deals and stage events are CSV (deals split by the year they were created), surveys
 * a CSV with a byte-order mark (as Excel saves it), finance and targets XLSX workbooks.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Deal, FinanceRow, StageEvent, SurveyResponse, Target } from '../model/types';
import type { RawRow, SyntheticCompany } from './company';
import { fileDate, type FileDateStyle } from './persian';

export const DEAL_COLUMNS = [
  'deal_id', 'customer_id', 'customer_name', 'created_date', 'status', 'stage', 'stage_entered_date', 'closed_date',
  'amount', 'deal_type', 'contract_months', 'lost_reason', 'owner', 'team', 'region', 'product', 'source',
] as const;
export const STAGE_EVENT_COLUMNS = ['deal_id', 'stage', 'entered_date'] as const;
export const SURVEY_COLUMNS = ['response_id', 'customer_id', 'responded_date', 'nps', 'csat', 'ces', 'expectation', 'performance', 'channel', 'comment'] as const;
export const FINANCE_COLUMNS = ['period', 'revenue', 'cost_of_revenue', 'sales_marketing_cost', 'service_cost', 'crm_cost', 'market_revenue'] as const;
export const TARGET_COLUMNS = ['kpi', 'period', 'target', 'scope'] as const;

type Cell = string | number | undefined;

export function dealRow(d: Deal): Cell[] {
  return [d.dealId, d.customerId, d.customerName, d.createdDate, d.status, d.stage, d.stageEnteredDate, d.closedDate, d.amount, d.dealType, d.contractMonths, d.lostReason, d.owner, d.team, d.region, d.product, d.source];
}
export function stageEventRow(e: StageEvent): Cell[] {
  return [e.dealId, e.stage, e.enteredDate];
}
export function surveyRow(s: SurveyResponse): Cell[] {
  return [s.responseId, s.customerId, s.respondedDate, s.nps, s.csat, s.ces, s.expectation, s.performance, s.channel, s.comment];
}
export function financeRow(f: FinanceRow): Cell[] {
  return [f.period, f.revenue, f.costOfRevenue, f.salesMarketingCost, f.serviceCost, f.crmCost, f.marketRevenue];
}
export function targetRow(t: Target): Cell[] {
  return [t.kpi, t.period, t.target, t.scope];
}

/** One CSV field: quoted when it holds a separator, quote or line break. */
export function csvField(v: Cell): string {
  if (v === undefined) return '';
  const s = String(v);
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: Cell[][], bom = false): string {
  const lines = [header.join(','), ...rows.map((r) => r.map(csvField).join(','))];
  return (bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n';
}

const raw = (header: readonly string[], r: RawRow): Cell[] => header.map((h) => r[h] ?? '');

/** The `*_date` columns written in the file's date style (ISO rows unchanged). */
function dated(header: readonly string[], rows: Cell[][], style: FileDateStyle | undefined): Cell[][] {
  if (!style || style === 'iso') return rows;
  const cols = header.flatMap((h, i) => (h.endsWith('_date') ? [i] : []));
  return rows.map((r) => r.map((v, i) => (typeof v === 'string' && cols.includes(i) ? fileDate(v, style) : v)));
}

async function writeXlsx(path: string, sheetName: string, header: readonly string[], rows: Cell[][], asOf: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  // Document dates from the data, not the clock, so the same seed gives the same workbook.
  wb.created = wb.modified = new Date(`${asOf}T00:00:00Z`);
  wb.creator = 'scorecard generate';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow([...header]).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((v) => (v === undefined ? null : v)));
  ws.columns.forEach((c, i) => {
    c.width = Math.max(12, header[i].length + 4);
    if (i > 0 && sheetName === 'finance') c.numFmt = '#,##0';
  });
  await wb.xlsx.writeFile(path);
}

export interface WrittenFiles {
  /** Every file written, relative to the folder. */
  files: string[];
}

/**
 * Writes the company into `dir` (created if missing). The rows that break the
 * contract on purpose are appended to the latest deals file and to the surveys file.
 */
export async function writeCompany(company: SyntheticCompany, dir: string): Promise<WrittenFiles> {
  const files: string[] = [];
  const put = async (rel: string, content: string | Buffer) => {
    await mkdir(join(dir, rel, '..'), { recursive: true });
    await writeFile(join(dir, rel), content);
    files.push(rel);
  };

  const byYear = new Map<string, Deal[]>();
  const dealStyle = company.fileDates?.deals;
  for (const d of company.deals) {
    // Split by the year the file's calendar gives the creation date (deals-1404.csv in a Jalali company).
    const y = fileDate(d.createdDate, dealStyle === 'jalali-fa' ? 'jalali' : (dealStyle ?? 'iso')).slice(0, 4);
    byYear.set(y, [...(byYear.get(y) ?? []), d]);
  }
  const years = [...byYear.keys()].sort();
  for (const y of years) {
    const rows = byYear.get(y)!.map(dealRow);
    if (y === years[years.length - 1]) rows.push(...company.badRows.deals.map((r) => raw(DEAL_COLUMNS, r)));
    await put(`deals/deals-${y}.csv`, toCsv(DEAL_COLUMNS, dated(DEAL_COLUMNS, rows, company.fileDates?.deals)));
  }
  await put('stage-events/stage-events.csv', toCsv(STAGE_EVENT_COLUMNS, dated(STAGE_EVENT_COLUMNS, company.stageEvents.map(stageEventRow), company.fileDates?.['stage-events'])));
  await put(
    'surveys/surveys.csv',
    toCsv(
      SURVEY_COLUMNS,
      dated(SURVEY_COLUMNS, [...company.surveys.map(surveyRow), ...company.badRows.surveys.map((r) => raw(SURVEY_COLUMNS, r))], company.fileDates?.surveys),
      true,
    ),
  );
  await mkdir(join(dir, 'finance'), { recursive: true });
  await writeXlsx(join(dir, 'finance', 'finance.xlsx'), 'finance', FINANCE_COLUMNS, company.finance.map(financeRow), company.asOf);
  files.push('finance/finance.xlsx');
  await mkdir(join(dir, 'targets'), { recursive: true });
  await writeXlsx(join(dir, 'targets', 'targets.xlsx'), 'targets', TARGET_COLUMNS, company.targets.map(targetRow), company.asOf);
  files.push('targets/targets.xlsx');
  await put('config.json', JSON.stringify(company.config, null, 2) + '\n');
  return { files };
}
