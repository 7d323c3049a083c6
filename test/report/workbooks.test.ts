/**
 * The three workbooks read back with exceljs (cells, number formats, formulas and
 * their cached results, filters, frozen panes) and jszip (print setup, charts and
 * the cells each chart series points at).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { renderDashboard } from '../../shared/report/workbooks/dashboard';
import { SUMMARY_COLS } from '../../shared/report/sheets/summary';
import { renderFinanceReview } from '../../shared/report/workbooks/finance-review';
import { renderAnnualReview } from '../../shared/report/workbooks/annual-review';
import { KPI_CATALOG } from '../../shared/engine';
import type { ScorecardResult } from '../../shared/engine/types';
import { fixtureInput, fixtureResult, HOSTILE, RESTATEMENTS } from './fixture';
import { cellsOf, charts, formulaCells, load, rowWith, sheetXml, type ChartXml } from './xlsx';
import { expectValidWorkbook } from '../support/ooxml';

const REVIEW_Q = 'FY2026-Q3';
const REVIEW_Y = 'FY2025';
let result: ScorecardResult;
const bufs: Record<'dash' | 'fin' | 'ann', Buffer> = {} as never;
const books: Record<'dash' | 'fin' | 'ann', ExcelJS.Workbook> = {} as never;

beforeAll(async () => {
  // The real engine result, with a few values made missing on purpose: a null KPI,
  // a missing prior and a zero prior must show as empty / "n/a", never as 0.
  result = structuredClone(fixtureResult());
  const q = result.document.periods.find((p) => p.id === REVIEW_Q)!;
  q.kpis.win_rate = { ...q.kpis.win_rate, value: null, reason: 'no deals closed in period' };
  q.kpis.bookings.previousQuarter = { ...q.kpis.bookings.previousQuarter!, value: null, change: null, changePct: null };
  q.kpis.avg_deal_size.sameQuarterLastYear = { ...q.kpis.avg_deal_size.sameQuarterLastYear!, value: 0, change: null, changePct: null };
  const cur = result.document.periods.find((p) => p.id === result.details.currentQuarter)!;
  cur.kpis.nps = { ...cur.kpis.nps, value: null, reason: 'no survey responses in period' };
  const input = fixtureInput({ result });
  bufs.dash = await renderDashboard(input);
  bufs.fin = await renderFinanceReview(input, { id: REVIEW_Q, closed: true, note: null });
  bufs.ann = await renderAnnualReview(input, { id: REVIEW_Y, closed: true, note: null });
  for (const k of ['dash', 'fin', 'ann'] as const) books[k] = await load(bufs[k]);
});

const period = (id: string) => result.document.periods.find((p) => p.id === id)!;
const label = (id: string) => KPI_CATALOG.find((d) => d.id === id)!.label;

describe('every workbook', () => {
  it('passes the OOXML check (ECMA-376 schemas, package, Excel rules)', () => expectValidWorkbook(bufs));

  it('has the sheets outputs.md lists', () => {
    expect(books.dash.worksheets.map((w) => w.name)).toEqual([
      'Summary', 'Pipeline', 'Open pipeline', 'This week', 'Trends', 'Customers', 'Surveys', 'Breakdowns', 'Definitions', 'Data quality',
    ]);
    expect(books.fin.worksheets.map((w) => w.name)).toEqual(['Quarter', 'Fiscal year', 'Trends', 'Restatements', 'Definitions']);
    expect(books.ann.worksheets.map((w) => w.name)).toEqual(['Year', 'Quarters', 'Highlights', 'Definitions']);
  });

  it('never writes numbers as text, and no text cell starts a formula', () => {
    for (const wb of Object.values(books)) {
      wb.eachSheet((ws) => {
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            if (typeof cell.value !== 'string') return;
            expect(cell.value, `${ws.name}!${cell.address}`).not.toMatch(/^[-+]?[\d,]+(\.\d+)?%?$/);
            expect(cell.value, `${ws.name}!${cell.address}`).not.toMatch(/^[=+\-@\t\r]/);
          }),
        );
      });
    }
  });

  it('prints landscape, one page wide, and freezes its header rows', async () => {
    for (const [k, wb] of Object.entries(books)) {
      for (const ws of wb.worksheets) {
        const xml = await sheetXml(bufs[k as 'dash'], ws.name);
        expect(xml, `${k}/${ws.name}`).toMatch(/<pageSetUpPr[^>]*fitToPage="1"/);
        expect(xml, `${k}/${ws.name}`).toMatch(/<pageSetup[^>]*orientation="landscape"/);
        expect(xml, `${k}/${ws.name}`).toMatch(/<pageSetup[^>]*fitToWidth="1"/);
        expect(xml, `${k}/${ws.name}`).toMatch(/<pageSetup[^>]*fitToHeight="0"/);
        expect(ws.views[0]?.state, `${k}/${ws.name}`).toBe('frozen');
      }
    }
  });

  it('repeats the header row of a long filtered table on every printed page', () => {
    let longTables = 0;
    for (const [k, wb] of Object.entries(books)) {
      for (const ws of wb.worksheets) {
        const f = ws.autoFilter as string | undefined;
        const [headerRow, lastRow] = typeof f === 'string' ? f.split(':').map((x) => Number(/\d+/.exec(x)![0])) : [];
        if (!headerRow) continue;
        if (lastRow <= headerRow + 30) {
          // a short table above charts does not repeat (its header would print over a chart's sliver)
          expect(ws.pageSetup.printTitlesRow, `${k}/${ws.name}`).toBeFalsy();
          continue;
        }
        longTables++;
        expect(ws.pageSetup.printTitlesRow, `${k}/${ws.name}`).toBe(`${headerRow}:${headerRow}`);
      }
    }
    expect(longTables).toBeGreaterThan(0);
  });

  it('generates the Definitions sheet from the KPI catalog', () => {
    for (const wb of Object.values(books)) {
      const ws = wb.getWorksheet('Definitions')!;
      for (const d of KPI_CATALOG) {
        const r = rowWith(ws, d.id);
        expect(ws.getCell(r, 2).value).toBe(d.label);
        expect(ws.getCell(r, 6).value).toBe(d.formula);
      }
      expect(ws.autoFilter).toBeTruthy();
    }
  });

  it('draws charts whose series point at the cells holding the charted values', async () => {
    // the dashboard: 9 charts, plus one on Trends per KPI the engine forecast for the quarter to date (bookings, deals won)
    const cur = result.document.periods.find((p) => p.id === result.details.currentQuarter)!;
    const forecasts = Object.values(cur.kpis).filter((k) => k.forecast).length;
    expect(forecasts).toBe(2);
    const expectCount = { dash: 9 + forecasts, fin: 2, ann: 4 };
    for (const k of ['dash', 'fin', 'ann'] as const) {
      const list = await charts(bufs[k]);
      expect(list.length, k).toBe(expectCount[k]);
      for (const c of list) {
        expect(c.series.length, c.title).toBeGreaterThan(0);
        for (const s of c.series) {
          const vals = cellsOf(books[k], s.valRef).values.map((v) => (typeof v === 'number' ? v : null));
          expect(vals, `${c.title} / ${s.name}`).toEqual(s.values);
          const cats = cellsOf(books[k], s.catRef).values.map((v) => String(v));
          expect(cats, `${c.title} / ${s.name}`).toEqual(s.categories);
        }
      }
    }
  });
});

describe('weekly manager dashboard', () => {
  it('summary: every headline KPI quarter to date against both prior spans, with target status', () => {
    const ws = books.dash.getWorksheet('Summary')!;
    const q = period(result.details.currentQuarter);
    expect(ws.getCell('A1').value).toContain(result.document.config.companyName);
    expect(ws.getCell('B3').value).toEqual(new Date(`${result.document.asOf}T00:00:00Z`));
    expect(ws.getCell('B3').numFmt).toBe('yyyy-mm-dd');
    const headlines = KPI_CATALOG.filter((d) => d.headline);
    expect(headlines.length).toBeGreaterThan(5);
    for (const d of headlines) {
      const r = rowWith(ws, d.label);
      const kv = q.kpis[d.id];
      expect(ws.getCell(r, 2).value, d.id).toBe(kv.value);
      expect(ws.getCell(r, 3).value ?? null, d.id).toBe(kv.previousQuarter!.value);
      // kpis.md "Comparisons": no relative change on a zero or negative base (NPS can be negative)
      const pct = (c: { value: number | null; changePct: number | null }) => (c.value === null || c.value <= 0 ? 'n/a' : (c.changePct ?? 'n/a'));
      expect(ws.getCell(r, 4).value, d.id).toBe(pct(kv.previousQuarter!));
      expect(ws.getCell(r, 5).value ?? null, d.id).toBe(kv.sameQuarterLastYear!.value);
      expect(ws.getCell(r, 6).value, d.id).toBe(pct(kv.sameQuarterLastYear!));
      if (kv.target?.status) expect(ws.getCell(r, SUMMARY_COLS.status).value).toBe({ met: 'Met', at_risk: 'At risk', behind: 'Behind' }[kv.target.status]);
    }
    const money = rowWith(ws, label('bookings'));
    expect(result.document.config.currency).toBe('USD');
    expect(ws.getCell(money, 2).numFmt).toBe('"$"#,##0');
    expect(ws.getCell(rowWith(ws, label('win_rate')), 2).numFmt).toBe('0.0%');
    expect(ws.getCell(rowWith(ws, label('sales_cycle_days')), 2).numFmt).toBe('0.0" d"');
    // fits one screen: title block + one row per headline KPI
    expect(ws.rowCount).toBeLessThanOrEqual(8 + headlines.length);
    expect(ws.columnCount).toBeLessThanOrEqual(SUMMARY_COLS.note);
    // a null KPI is an empty cell with its reason, never 0
    const nps = rowWith(ws, label('nps'));
    expect(ws.getCell(nps, 2).value).toBeNull();
    expect(ws.getCell(nps, SUMMARY_COLS.note).value).toBe('no survey responses in period');
  });

  it('summary colours status and changes, inverted for lower-is-better KPIs', () => {
    const ws = books.dash.getWorksheet('Summary')! as ExcelJS.Worksheet & { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] };
    const cf = ws.conditionalFormattings;
    const status = cf.find((c) => c.ref.startsWith('J'));
    expect(status?.rules.map((r) => (r as ExcelJS.ExpressionRuleType).formulae?.[0])).toEqual(['J8="Met"', 'J8="At risk"', 'J8="Behind"']);
    const greenWhenUp = (ref: string) => {
      const rules = cf.find((c) => c.ref === ref)!.rules as ExcelJS.ExpressionRuleType[];
      const up = rules.find((r) => String(r.formulae?.[0]).includes('>'))!;
      return (up.style?.fill as ExcelJS.FillPattern).bgColor?.argb === 'FFC6EFCE';
    };
    expect(greenWhenUp(`D${rowWith(ws, label('bookings'))}`)).toBe(true);
    expect(greenWhenUp(`D${rowWith(ws, label('churn_rate'))}`)).toBe(false);
  });

  it('pipeline: stage review, bottleneck flags and stuck deals with upload text made formula-safe', () => {
    const ws = books.dash.getWorksheet('Pipeline')!;
    const q = period(result.details.currentQuarter);
    for (const s of q.stages) {
      const r = rowWith(ws, s.stage);
      expect(ws.getCell(r, 2).value).toBe(s.entered);
      expect(ws.getCell(r, 5).value).toBe(s.openInStage);
      expect(Boolean(ws.getCell(r, 7).value)).toBe(s.bottleneck.length > 0);
    }
    const r = rowWith(ws, `'${HOSTILE.dealId}`);
    expect(ws.getCell(r, 2).value).toBe(`'${HOSTILE.customerName}`);
    expect(ws.getCell(r, 7).value).toBe(`'${HOSTILE.owner}`);
    expect(ws.getCell(r, 8).value).toBe(`'${HOSTILE.team}`);
    expect(ws.getCell(r, 4).value).toEqual(new Date('2026-07-01T00:00:00Z'));
    expect(ws.getCell(r, 6).value).toBe(123456);
    expect(ws.autoFilter).toBeTruthy();
  });

  it('this week: movement against last week as formulas, 8-week table', async () => {
    const ws = books.dash.getWorksheet('This week')!;
    const f = await formulaCells(bufs.dash, 'This week');
    const weeks = result.details.weeks;
    const [prev, cur] = weeks.slice(-2);
    const r = rowWith(ws, 'Bookings');
    expect(ws.getCell(r, 2).value).toBe(cur.bookings);
    expect(ws.getCell(r, 3).value).toBe(prev.bookings);
    expect(f.get(`D${r}`)).toEqual({ formula: `IF(OR(B${r}="",C${r}=""),"n/a",B${r}-C${r})`, result: cur.bookings - prev.bookings });
    expect(weeks).toHaveLength(8);
    for (const w of weeks) expect(() => rowWith(ws, w.toDate ? `${w.id} (to date)` : w.id)).not.toThrow();
  });

  it('trends chart plots the Bookings row of the last 8 quarters', async () => {
    const ws = books.dash.getWorksheet('Trends')!;
    const r = rowWith(ws, label('bookings'));
    const c = (await charts(bufs.dash)).find((x) => x.title === 'Bookings and win rate')!;
    expect(c.kinds).toEqual(['barChart', 'lineChart']);
    expect(c.series[0].valRef).toBe(`'Trends'!$B$${r}:$I$${r}`);
    expect(c.series[0].categories.at(-1)).toBe(`${result.details.currentQuarter} (QTD)`);
  });

  it('customers: segments with a doughnut, top customers with shares', async () => {
    const ws = books.dash.getWorksheet('Customers')!;
    const seg = result.details.loyaltySegments;
    expect(ws.getCell(rowWith(ws, 'Loyal'), 2).value).toBe(seg.loyal);
    const top = result.details.topCustomers[0];
    const r = rowWith(ws, top.customerName ?? top.customerId);
    expect(ws.getCell(r, 3).value).toBe(top.wonAmount);
    expect(ws.getCell(r, 4).numFmt).toBe('0.0%');
    const d = (await charts(bufs.dash)).find((c) => c.kinds.includes('doughnutChart'))!;
    expect(d.series[0].values).toEqual([seg.loyal, seg.somewhat_loyal, seg.disloyal, seg.competitor_loyal]);
  });

  it('breakdowns: every dimension, filterable', () => {
    const ws = books.dash.getWorksheet('Breakdowns')!;
    const dims = new Set<string>();
    ws.eachRow((row, n) => {
      if (n > 5 && typeof row.getCell(1).value === 'string') dims.add(row.getCell(1).value as string);
    });
    expect([...dims].filter((d) => ['team', 'region', 'product', 'owner', 'source'].includes(d)).sort()).toEqual(['owner', 'product', 'region', 'source', 'team']);
    expect(ws.autoFilter).toBeTruthy();
  });

  it('data quality: files, rows accepted and rejected, latest upload per dataset', () => {
    const ws = books.dash.getWorksheet('Data quality')!;
    const deals = rowWith(ws, 'deals');
    expect(ws.getCell(deals, 2).value).toBe(2);
    expect(ws.getCell(deals, 3).value).toBe(310);
    expect(ws.getCell(deals, 4).value).toBe(3);
    expect(ws.getCell(deals, 5).value).toBe(1);
    expect(ws.getCell(deals, 6).value).toEqual(new Date('2026-11-21T09:15:00Z'));
    expect(ws.getCell(rowWith(ws, 'targets'), 7).value).toBe('no file uploaded');
    expect(() => rowWith(ws, "'=cmd|calc.csv")).not.toThrow();
  });
});

describe('quarterly finance review', () => {
  it('writes every KPI beside the previous quarter and last year, changes as formulas with cached results', async () => {
    const ws = books.fin.getWorksheet('Quarter')!;
    const f = await formulaCells(bufs.fin, 'Quarter');
    const q = period(REVIEW_Q);
    for (const d of KPI_CATALOG) {
      const r = rowWith(ws, d.label, 2);
      const kv = q.kpis[d.id];
      const cur = kv.value;
      expect(ws.getCell(r, 3).value ?? null, d.id).toBe(cur);
      const scale = d.unit === 'fraction' ? 100 : 1;
      for (const [vc, cmp] of [[4, kv.previousQuarter], [7, kv.sameQuarterLastYear]] as const) {
        const prior = cmp?.value ?? null;
        expect(ws.getCell(r, vc).value ?? null, d.id).toBe(prior);
        const change = f.get(ws.getCell(r, vc + 1).address)!;
        const pct = f.get(ws.getCell(r, vc + 2).address)!;
        expect(change.formula, d.id).toContain(`OR(C${r}="",${ws.getCell(r, vc).address}="")`);
        expect(pct.formula, d.id).toContain(`IF(${ws.getCell(r, vc).address}<=0,"n/a"`);
        if (cur === null || prior === null) expect(change.result, d.id).toBe('n/a');
        else expect(change.result as number, d.id).toBeCloseTo((cur - prior) * scale, 9);
        if (cur === null || prior === null || prior <= 0) expect(pct.result, d.id).toBe('n/a');
        else expect(pct.result as number, d.id).toBeCloseTo((cur - prior) / prior, 12);
      }
    }
    const b = rowWith(ws, label('bookings'), 2);
    expect((ws.getCell(b, 5).value as ExcelJS.CellFormulaValue).formula).toBe(`IF(OR(C${b}="",D${b}=""),"n/a",C${b}-D${b})`);
    expect((ws.getCell(b, 6).value as ExcelJS.CellFormulaValue).formula).toBe(`IF(OR(C${b}="",D${b}=""),"n/a",IF(D${b}<=0,"n/a",(C${b}-D${b})/D${b}))`);
    expect((ws.getCell(b, 5).value as ExcelJS.CellFormulaValue).result).toBe('n/a'); // missing prior
    const w = rowWith(ws, label('win_rate'), 2);
    expect(ws.getCell(w, 3).value).toBeNull();
    expect(ws.getCell(w, 13).value).toBe('no deals closed in period');
    expect((ws.getCell(w, 5).value as ExcelJS.CellFormulaValue).formula).toBe(`IF(OR(C${w}="",D${w}=""),"n/a",(C${w}-D${w})*100)`);
    expect(ws.getCell(w, 5).numFmt).toBe('+0.0" pp";-0.0" pp";0.0" pp"');
    const a = rowWith(ws, label('avg_deal_size'), 2);
    expect(ws.getCell(a, 7).value).toBe(0); // a real zero prior is shown as 0 ...
    expect((ws.getCell(a, 9).value as ExcelJS.CellFormulaValue).result).toBe('n/a'); // ... and gives n/a relative change
    expect(ws.autoFilter).toBeTruthy();
  });

  it('shows the fiscal year to date beside the previous year', () => {
    const ws = books.fin.getWorksheet('Fiscal year')!;
    const fy = period('FY2026');
    const r = rowWith(ws, label('bookings'), 2);
    expect(ws.getCell(r, 3).value).toBe(fy.kpis.bookings.value);
    expect(ws.getCell(r, 4).value).toBe(fy.kpis.bookings.previousYear!.value);
    expect((ws.getCell(r, 5).value as ExcelJS.CellFormulaValue).result).toBeCloseTo(fy.kpis.bookings.value! - fy.kpis.bookings.previousYear!.value!, 6);
  });

  it('lists restatements with old value, new value and when', () => {
    const ws = books.fin.getWorksheet('Restatements')!;
    for (const x of RESTATEMENTS) {
      let found = 0;
      ws.eachRow((row, n) => {
        if (row.getCell(1).value === x.periodId && row.getCell(2).value === label(x.kpi)) found = n;
      });
      expect(found, `${x.periodId} ${x.kpi}`).toBeGreaterThan(0);
      expect(ws.getCell(found, 3).value ?? null).toBe(x.oldValue);
      expect(ws.getCell(found, 4).value).toBe(x.newValue);
      expect(ws.getCell(found, 8).value).toEqual(new Date(x.restatedAt));
    }
  });

  it('8-quarter financial trends with a revenue chart', async () => {
    const ws = books.fin.getWorksheet('Trends')!;
    expect(ws.getRow(ws.getCell('A1').value ? rowWith(ws, 'KPI') : 1).cellCount).toBe(9);
    const c: ChartXml = (await charts(bufs.fin)).find((x) => x.title.startsWith('Revenue'))!;
    expect(c.series.map((s) => s.name)).toEqual([label('revenue'), label('gross_profit'), label('gross_margin')]);
  });
});

describe('review of a to-date period (no closed quarter with data yet)', () => {
  it('says so under the title and compares the same span of the prior periods', async () => {
    const cur = result.details.currentQuarter;
    const note = `No closed quarter has data yet: this review shows ${cur} to date.`;
    const wb = await load(await renderFinanceReview(fixtureInput({ result }), { id: cur, closed: false, note }));
    const ws = wb.getWorksheet('Quarter')!;
    const texts: unknown[] = [];
    for (let r = 1; r <= 6; r++) texts.push(ws.getCell(r, 1).value);
    expect(texts).toContain(note);
    const h = rowWith(ws, 'Area');
    expect(ws.getCell(h, 3).value).toBe(`${cur} (QTD)`);
    expect(String(ws.getCell(h, 4).value)).toMatch(/\(same span\)$/);
  });
});

describe('annual review', () => {
  it('the fiscal year beside the previous one, and quarter by quarter', () => {
    const y = period(REVIEW_Y);
    const ws = books.ann.getWorksheet('Year')!;
    const r = rowWith(ws, label('bookings'), 2);
    expect(ws.getCell(r, 3).value).toBe(y.kpis.bookings.value);
    expect(ws.getCell(r, 4).value ?? null).toBe(y.kpis.bookings.previousYear!.value);
    const qs = books.ann.getWorksheet('Quarters')!;
    const h = rowWith(qs, 'Area');
    expect(qs.getRow(h).values).toEqual(
      expect.arrayContaining(['FY2025-Q1', 'FY2025-Q2', 'FY2025-Q3', 'FY2025-Q4', 'FY2025', 'FY2024']),
    );
    const b = rowWith(qs, label('bookings'), 2);
    expect(qs.getCell(b, 3).value).toBe(period('FY2025-Q1').kpis.bookings.value);
    expect(qs.getCell(b, 7).value).toBe(y.kpis.bookings.value);
  });
});
