/**
 * A Persian dashboard shows the engine's reasons (why a value, a comparison or a
 * target status is missing) in Persian, while the KPI document keeps the English.
 * The company of the report fixture, run through the real engine without finance
 * data and with targets the engine must ignore, so that it has many reasons to give.
 */
import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeScorecard } from '../../shared/engine';
import type { ScorecardResult } from '../../shared/engine/types';
import { MESSAGES_FA } from '../../shared/i18n/messages-fa';
import { REASONS_FA, reasonText } from '../../shared/i18n/reasons-fa';
import { SUMMARY_COLS } from '../../shared/report/sheets/summary';
import { renderDashboard } from '../../shared/report/workbooks/dashboard';
import { AS_OF, fixtureDataset, fixtureInput, GENERATED_AT } from './fixture';
import { load } from './xlsx';

/** Two or more Latin words in a row: English prose (ids such as FY2026-Q3, no_such_kpi or crm_cost are not words). */
const ENGLISH = /(?<![\w-])[A-Za-z]{2,}(?:[ ,:;]+[A-Za-z]{2,})+(?![\w-])/;

let result: ScorecardResult;
let wb: ExcelJS.Workbook;

const text = (v: ExcelJS.CellValue): string => (typeof v === 'string' ? v.replace(/[\u200E\u200F]/g, '') : '');

beforeAll(async () => {
  const { data, config } = fixtureDataset();
  const quarter = computeScorecard(data, AS_OF, config, GENERATED_AT).details.currentQuarter;
  data.finance = [];
  data.targets = [
    ...data.targets,
    { kpi: 'no_such_kpi', period: quarter, target: 1, scope: '' },
    { kpi: 'bookings', period: quarter, target: 1000, scope: 'team=Nowhere' },
    { kpi: 'revenue', period: quarter, target: 1000, scope: '' },
  ];
  result = computeScorecard(data, AS_OF, { ...config, locale: 'fa-IR', currency: 'IRR', timeZone: 'Asia/Tehran' }, GENERATED_AT);
  wb = await load(await renderDashboard(fixtureInput({ result })));
});

describe('engine reasons in a Persian dashboard', () => {
  it('the engine still writes them in English (the contract text of kpis.json)', () => {
    const q = result.document.periods.find((p) => p.id === result.details.currentQuarter)!;
    expect(q.kpis.revenue.reason).toBe('no finance data');
    expect(q.kpis.revenue.target?.reason).toBe('no KPI value to compare with the target');
  });

  it('the Summary notes column has them in Persian, none in English', () => {
    const ws = wb.getWorksheet(MESSAGES_FA['sheet.summary'])!;
    const notes: string[] = [];
    ws.eachRow((row, n) => {
      if (n > 7) notes.push(text(row.getCell(SUMMARY_COLS.note).value));
    });
    const all = notes.join('\n');
    expect(all).toContain(REASONS_FA['no finance data']);
    expect(all).toContain(reasonText('fa-IR', 'no KPI value to compare with the target'));
    for (const n of notes) expect(n).not.toMatch(ENGLISH);
  });

  it('the data-quality warnings have them in Persian, none in English', () => {
    const ws = wb.getWorksheet(MESSAGES_FA['sheet.dataQuality'])!;
    let header = -1;
    let col = -1;
    ws.eachRow((row, n) => {
      row.eachCell((c, k) => {
        if (header < 0 && c.value === MESSAGES_FA['dq.detail']) [header, col] = [n, k];
      });
    });
    expect(header).toBeGreaterThan(0);
    const rows: string[] = [];
    for (let r = header + 1; ws.getRow(r).getCell(1).value !== null; r++) rows.push(`${text(ws.getRow(r).getCell(1).value)} | ${text(ws.getRow(r).getCell(col).value)}`);
    const all = rows.join('\n');
    // a KPI not computed, a target for an unknown KPI and one for a scope without deals
    expect(all).toContain(REASONS_FA['no finance data']);
    expect(all).toContain('شناسهٔ شاخص ناشناخته');
    expect(all).toContain('Nowhere');
    for (const r of rows) expect(r).not.toMatch(ENGLISH);
  });
});
