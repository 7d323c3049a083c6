/**
 * The dashboard tells the truth (issue 13, workbook side): paced targets and the
 * quarter-end forecast on the Summary, the forecast chart on Trends, fair weeks, the
 * backtest on Definitions, "n/a" for a change on a negative base, no "###" at the
 * default widths, "(none)" rows only with data, local paths in a local run, the
 * generated time in the config's time zone. The engine fields are set by hand here
 * (the engine fills them on its own branch), so each expectation is worked out.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { renderDashboard } from '../../shared/report/workbooks/dashboard';
import { renderFinanceReview } from '../../shared/report/workbooks/finance-review';
import { SUMMARY_COLS } from '../../shared/report/sheets/summary';
import { displayLength } from '../../shared/report/sheet';
import { localPathOf } from '../../shared/report/periods';
import type { ScorecardResult, WeekMovement } from '../../shared/engine/types';
import { AS_OF, fixtureDataset, fixtureInput, fixtureResult } from './fixture';
import { computeScorecard, type EngineDetails } from '../../shared/engine';
import { cellsOf, charts, formulaCells, load, rowWith } from './xlsx';

let result: ScorecardResult;
let dash: ExcelJS.Workbook;
let dashBuf: Buffer;
let fin: ExcelJS.Workbook;
let finBuf: Buffer;

const week = (id: string, start: string, end: string, bookings: number, toDate = false): WeekMovement => ({
  id, start, end, toDate, dealsCreated: 4, dealsWon: 2, bookings, dealsLost: 1, newCustomers: 1, surveyResponses: 3, stageEntries: {}, openPipelineValueAtEnd: 900000, openDealsAtEnd: 40,
});

beforeAll(async () => {
  result = structuredClone(fixtureResult());
  result.document.config = { ...result.document.config, timeZone: 'Europe/Berlin' };
  const q = result.document.periods.find((p) => p.id === result.details.currentQuarter)!;
  // A full-quarter target of 3,000,000 paced to 2,000,000 by the as-of date; 1,800,000 booked: 90% = at risk.
  q.kpis.bookings = {
    ...q.kpis.bookings,
    value: 1_800_000,
    target: { value: 3_000_000, expectedToDate: 2_000_000, attainment: 0.9, status: 'at_risk', scope: '', reason: null },
    forecast: { value: 2_750_000, low: 2_400_000, high: 3_100_000, method: 'stage-history' },
  };
  q.kpis.deals_won = { ...q.kpis.deals_won, value: 60, forecast: { value: 92, low: 80, high: 104, method: 'stage-history' } };
  // CRM ROI from -38.7% to 315.7%: no relative change on a negative base.
  q.kpis.win_rate = { ...q.kpis.win_rate, value: 0.3, previousQuarter: { ...q.kpis.win_rate.previousQuarter!, value: -0.387, changePct: 1.775 } };
  result.details.weekComparison = {
    days: 3,
    current: week('2026-W47', '2026-11-16', '2026-11-18', 50_000, true),
    previousWeek: week('2026-W46', '2026-11-09', '2026-11-11', 40_000),
    sameWeekLastYear: week('2025-W47', '2025-11-17', '2025-11-19', 30_000),
  };
  result.details.forecastBacktest = {
    rows: [],
    summary: [
      { kpi: 'bookings', method: 'forecast', quarters: 6, mape: 0.081, coverage: 0.833 },
      { kpi: 'bookings', method: 'run_rate', quarters: 6, mape: 0.214, coverage: null },
      { kpi: 'bookings', method: 'stage_probability', quarters: 6, mape: 0.167, coverage: null },
    ],
  };
  // "(none)": one all-zero row (no deal lacks a region) and one with data (deals without a source).
  const zero = Object.fromEntries(Object.keys(Object.values(q.breakdowns.team)[0]).map((k) => [k, { value: 0 }]));
  q.breakdowns.region['(none)'] = zero;
  q.breakdowns.source['(none)'] = { ...zero, bookings: { value: 12_345 } };
  const input = fixtureInput({ result, where: localPathOf('out') });
  dashBuf = await renderDashboard(input);
  dash = await load(dashBuf);
  finBuf = await renderFinanceReview(input, { id: 'FY2026-Q3', closed: true, note: null });
  fin = await load(finBuf);
});

describe('summary: paced target and forecast at a glance', () => {
  it('shows the full target, the expected-to-date figure it is judged against, and the forecast range', () => {
    const ws = dash.getWorksheet('Summary')!;
    const h = rowWith(ws, 'KPI');
    expect(ws.getCell(h, SUMMARY_COLS.target).value).toBe('Target (quarter)');
    expect(ws.getCell(h, SUMMARY_COLS.expected).value).toBe('Expected to date');
    expect(ws.getCell(h, SUMMARY_COLS.forecast).value).toBe('Forecast (quarter end)');
    const r = rowWith(ws, 'Bookings');
    expect(ws.getCell(r, SUMMARY_COLS.value).value).toBe(1_800_000);
    expect(ws.getCell(r, SUMMARY_COLS.target).value).toBe(3_000_000);
    expect(ws.getCell(r, SUMMARY_COLS.expected).value).toBe(2_000_000);
    expect(ws.getCell(r, SUMMARY_COLS.attainment).value).toBe(0.9);
    expect(ws.getCell(r, SUMMARY_COLS.status).value).toBe('At risk');
    expect(ws.getCell(r, SUMMARY_COLS.forecast).value).toBe(2_750_000);
    expect(ws.getCell(r, SUMMARY_COLS.low).value).toBe(2_400_000);
    expect(ws.getCell(r, SUMMARY_COLS.high).value).toBe(3_100_000);
    expect(ws.getCell(r, SUMMARY_COLS.forecast).numFmt).toBe('"$"#,##0');
    expect(ws.getCell(r, SUMMARY_COLS.note).value).toContain('paced');
    const w = rowWith(ws, 'Deals won');
    expect(ws.getCell(w, SUMMARY_COLS.forecast).value).toBe(92);
    // a KPI without a forecast leaves the forecast cells empty, not 0
    expect(ws.getCell(rowWith(ws, 'Win rate'), SUMMARY_COLS.forecast).value).toBeNull();
  });

  it('shows "n/a", not a percentage, for a change on a negative base', () => {
    const ws = dash.getWorksheet('Summary')!;
    expect(ws.getCell(rowWith(ws, 'Win rate'), SUMMARY_COLS.vsPq).value).toBe('n/a');
  });

  it('says when it was generated, in the configured time zone', () => {
    // generated 2026-11-22T06:00:03Z = 07:00 in Berlin (CET)
    expect(dash.getWorksheet('Summary')!.getCell('C3').value).toBe('Generated 2026-11-22 07:00 Europe/Berlin');
  });
});

describe('trends: the forecast as a chart linked to its cells', () => {
  it('charts actual to date, forecast low/point/high and the target for each forecast KPI', async () => {
    const list = (await charts(dashBuf)).filter((c) => c.title.includes('forecast and target'));
    expect(list.map((c) => c.title).sort()).toEqual([
      `Bookings: ${result.details.currentQuarter} to date, forecast and target`,
      `Deals won: ${result.details.currentQuarter} to date, forecast and target`,
    ]);
    const b = list.find((c) => c.title.startsWith('Bookings'))!;
    expect(b.series[0].categories).toEqual(['Actual to date', 'Forecast low (P10)', 'Forecast (quarter end)', 'Forecast high (P90)', 'Target (quarter)']);
    expect(b.series[0].values).toEqual([1_800_000, 2_400_000, 2_750_000, 3_100_000, 3_000_000]);
    expect(cellsOf(dash, b.series[0].valRef).values).toEqual([1_800_000, 2_400_000, 2_750_000, 3_100_000, 3_000_000]);
  });
});

describe('this week: fair weeks', () => {
  it('says what is compared and compares the same weekdays of last week and last year', async () => {
    const ws = dash.getWorksheet('This week')!;
    expect(ws.getCell('A2').value).toBe(
      'Fair comparison: week 2026-W47 (2026-11-16 to 2026-11-18), its first 3 day(s), against the same 3 day(s) of week 2026-W46 (2026-11-09 to 2026-11-11) and of the same week last year, week 2025-W47 (2025-11-17 to 2025-11-19); the 8 most recent weeks below.',
    );
    const h = rowWith(ws, 'Measure');
    expect(ws.getRow(h).values).toEqual([undefined, 'Measure', '2026-W47 (to date)', '2026-W46, first 3 d', 'Change', '2025-W47, first 3 d', 'Change']);
    const r = rowWith(ws, 'Bookings');
    const f = await formulaCells(dashBuf, 'This week');
    expect([ws.getCell(r, 2).value, ws.getCell(r, 3).value, ws.getCell(r, 5).value]).toEqual([50_000, 40_000, 30_000]);
    expect(f.get(`D${r}`)).toEqual({ formula: `IF(OR(B${r}="",C${r}=""),"n/a",B${r}-C${r})`, result: 10_000 });
    expect(f.get(`F${r}`)).toEqual({ formula: `IF(OR(B${r}="",E${r}=""),"n/a",B${r}-E${r})`, result: 20_000 });
  });
});

describe('definitions: how far to trust the forecast', () => {
  it('explains the method and lists the backtest error of ours, run rate and stage probability', () => {
    const ws = dash.getWorksheet('Definitions')!;
    const r = rowWith(ws, 'Ours (stage history)', 2);
    expect(ws.getCell(r, 4).value).toBe(0.081);
    expect(ws.getCell(r, 5).value).toBe(0.833);
    expect(ws.getCell(rowWith(ws, 'Run rate', 2), 4).value).toBe(0.214);
    expect(ws.getCell(rowWith(ws, 'Fixed stage probability', 2), 5).value).toBeNull();
    expect(() => rowWith(ws, 'Quarter-end forecast')).not.toThrow();
  });
});

describe('breakdowns', () => {
  it('shows a "(none)" row only where deals lack the value', () => {
    const ws = dash.getWorksheet('Breakdowns')!;
    const none: string[] = [];
    ws.eachRow((row) => {
      if (row.getCell(2).value === '(none)') none.push(String(row.getCell(1).value));
    });
    expect(none).toContain('source');
    expect(none).not.toContain('region');
  });
});

describe('data quality in a local run', () => {
  it('names the local paths of the rejected-rows reports, not bucket keys', () => {
    const ws = dash.getWorksheet('Data quality')!;
    expect(String(ws.getCell('A2').value)).toContain('out/rejected/<dataset>/<file>.errors.csv');
    expect(() => rowWith(ws, 'out/rejected/deals/deals-2026.csv.errors.csv', 9)).not.toThrow();
  });
});

describe('finance review', () => {
  it('shows no "###": every number fits its column at the default width', () => {
    for (const wb of [fin, dash]) {
      for (const ws of wb.worksheets) {
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            const v = cell.value;
            const n = typeof v === 'number' ? v : v && typeof v === 'object' && 'result' in v && typeof v.result === 'number' ? v.result : null;
            if (n === null || cell.isMerged) return;
            const width = ws.getColumn(Number(cell.col)).width ?? 8.43;
            expect(displayLength(n, cell.numFmt || 'General') + 1, `${ws.name}!${cell.address} ${n} ${cell.numFmt}`).toBeLessThanOrEqual(width);
          }),
        );
      }
    }
  });

  it('a change on a zero or negative prior is "n/a" as a live formula', async () => {
    const ws = fin.getWorksheet('Quarter')!;
    const f = await formulaCells(finBuf, 'Quarter');
    const r = rowWith(ws, 'CRM ROI to date', 2);
    expect(f.get(`F${r}`)!.formula).toBe(`IF(OR(C${r}="",D${r}=""),"n/a",IF(D${r}<=0,"n/a",(C${r}-D${r})/D${r}))`);
  });
});

describe('open deals uploaded without an amount', () => {
  it('show a blank amount, not $0, and the data-quality sheet counts them', async () => {
    const { data, config } = fixtureDataset();
    const open = data.deals.filter((d) => d.status === 'open' && d.createdDate <= AS_OF).slice(0, 3);
    for (const d of open) Object.assign(d, { amount: 0, amountUnknown: true });
    const result = computeScorecard(data, AS_OF, config, '2026-11-22T06:00:00Z');
    expect((result.details as EngineDetails).diagnostics.openDealsAmountUnknown).toBe(3);
    const wb = await load(await renderDashboard(fixtureInput({ result })));
    const ws = wb.getWorksheet('Open pipeline')!;
    const amountCol = (() => {
      let c = -1;
      ws.eachRow((row) => row.eachCell((cell, n) => { if (c < 0 && cell.value === 'Amount') c = n; }));
      return c;
    })();
    expect(amountCol).toBeGreaterThan(0);
    for (const d of open) expect(ws.getCell(rowWith(ws, d.dealId), amountCol).value, d.dealId).toBeNull();
    const known = result.details.openDeals.find((d) => !d.amountUnknown && d.amount > 0)!;
    expect(ws.getCell(rowWith(ws, known.dealId), amountCol).value).toBe(known.amount);
    const dq = wb.getWorksheet('Data quality')!;
    const r = rowWith(dq, 'Open deals without an amount');
    expect(String(dq.getCell(r, 2).value)).toMatch(/^3 open deals were uploaded with a blank amount/);
  });
});
