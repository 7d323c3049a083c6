/**
 * Quarterly finance review (outputs.md): every KPI for the quarter beside the
 * previous quarter and the same quarter last year; the fiscal year to date beside
 * the previous year; changes as live formulas with cached results; 8-quarter
 * financial trends; restatements; definitions.
 */
import { ScorecardError } from '../../errors';
import type { KpiDefinition } from '../../engine/types';
import { anchorAt, Book, capNote, COLORS, dateTimeCell, freeze, headerRow, numberCell, titleBlock, widths } from '../book';
import { absChange, addr, changeFormat, changeScale, num, PCT_CHANGE_FORMAT, relChange, valueFormat } from '../cells';
import { DEFAULT_MAX_LIST_ROWS, type ReportInput } from '../context';
import { writeDefinitions } from '../definitions';
import {
  changeFormula,
  lastQuarters,
  orderedDefs,
  pctFormula,
  periodLabel,
  trendSeries,
  writeComparisonTable,
  writeTrendTable,
} from '../kpi-tables';
import type { PeriodChoice } from '../periods';
import type ExcelJS from 'exceljs';
import { changeRules } from '../book';

const FINANCE_TREND_IDS = [
  'revenue',
  'gross_profit',
  'gross_margin',
  'bookings',
  'net_new_revenue',
  'expansion_revenue',
  'cac',
  'cost_to_serve',
  'clv',
  'clv_to_cac',
  'market_share',
  'savings',
  'crm_tco_to_date',
  'crm_roi_to_date',
];

export function financeTrendDefs(catalog: KpiDefinition[]): KpiDefinition[] {
  const byId = new Map(catalog.map((d) => [d.id, d]));
  const picked = FINANCE_TREND_IDS.map((id) => byId.get(id)).filter((d): d is KpiDefinition => !!d);
  const extra = catalog.filter((d) => d.group === 'finance' && !FINANCE_TREND_IDS.includes(d.id));
  return [...picked, ...extra];
}

export async function renderFinanceReview(input: ReportInput, choice: PeriodChoice): Promise<Buffer> {
  const { document: doc } = input.result;
  const config = doc.config;
  const currency = config.currency;
  const company = config.companyName;
  const max = input.maxListRows ?? DEFAULT_MAX_LIST_ROWS;
  const q = doc.periods.find((p) => p.id === choice.id);
  if (!q) throw new ScorecardError(`engine result has no period ${choice.id}`);
  const book = new Book({ title: `Quarterly finance review ${q.id}`, company, generatedAt: doc.generatedAt });
  const defs = orderedDefs(input.catalog);
  const anyKpi = Object.values(q.kpis)[0];
  const pq = anyKpi?.previousQuarter;
  const ly = anyKpi?.sameQuarterLastYear;
  const same = (c?: { sameSpan: boolean; start: string; end: string; period: string }) =>
    c ? `${c.period}${c.sameSpan ? ' same span' : ''}` : 'n/a';

  // ------------------------------------------------------------------ Quarter
  {
    const ws = book.sheet('Quarter', COLORS.headerFill);
    const start = titleBlock(ws, [
      { text: `${company}: quarterly finance review ${q.id}${q.toDate ? ' (to date)' : ''}`, kind: 'title' },
      { text: `${q.id}: ${q.start} to ${q.end} · as of ${doc.asOf} · generated ${doc.generatedAt}`, kind: 'subtitle' },
      ...(choice.note ? [{ text: choice.note, kind: 'warning' as const }] : []),
      {
        text: `Compared with ${same(pq)} (${pq ? `${pq.start} to ${pq.end}` : 'n/a'}) and ${same(ly)} (${ly ? `${ly.start} to ${ly.end}` : 'n/a'}).`,
      },
      {
        text: 'Change and Change % are live formulas over the value cells; percent KPIs change in percentage points (pp). An empty value (see Note) or a zero prior gives "n/a".',
      },
    ]);
    widths(ws, [17, 30, 15, 15, 13, 11, 15, 13, 11, 14, 12, 10, 60]);
    const t = writeComparisonTable(ws, {
      defs,
      period: q,
      currentHeader: periodLabel(q),
      priors: [
        { header: pq ? `${pq.period}${pq.sameSpan ? ' (same span)' : ''}` : 'Previous quarter', pick: (kv) => kv.previousQuarter },
        { header: ly ? `${ly.period}${ly.sameSpan ? ' (same span)' : ''}` : 'Same quarter last year', pick: (kv) => kv.sameQuarterLastYear },
      ],
      currency,
      headerRowNumber: start,
    });
    freeze(ws, t.headerRow + 1, 3);
  }

  // ------------------------------------------------------------------ Year to date
  {
    const fyId = q.id.replace(/-Q\d$/, '');
    const fy = doc.periods.find((p) => p.id === fyId && p.kind === 'year');
    const ws = book.sheet('Fiscal year');
    if (!fy) {
      titleBlock(ws, [
        { text: `${company}: fiscal year ${fyId}`, kind: 'title' },
        { text: `The engine has no results for ${fyId}.`, kind: 'warning' },
      ]);
    } else {
      const py = Object.values(fy.kpis)[0]?.previousYear;
      const start = titleBlock(ws, [
        { text: `${company}: fiscal year ${fy.id}${fy.toDate ? ' to date' : ''} against ${py?.period ?? 'the previous year'}`, kind: 'title' },
        {
          text: `${fy.id}: ${fy.start} to ${fy.end}${fy.toDate ? ` (to date, as of ${doc.asOf})` : ''} · ${py ? `${py.period}${py.sameSpan ? ' same span' : ''}: ${py.start} to ${py.end}` : 'no previous year'}`,
          kind: 'subtitle',
        },
        { text: 'Change and Change % are live formulas over the value cells; percent KPIs change in percentage points (pp).' },
      ]);
      widths(ws, [17, 30, 15, 15, 13, 11, 14, 12, 10, 60]);
      const t = writeComparisonTable(ws, {
        defs,
        period: fy,
        currentHeader: periodLabel(fy),
        priors: [{ header: py ? `${py.period}${py.sameSpan ? ' (same span)' : ''}` : 'Previous year', pick: (kv) => kv.previousYear }],
        currency,
        headerRowNumber: start,
      });
      freeze(ws, t.headerRow + 1, 3);
    }
  }

  // ------------------------------------------------------------------ Trends
  {
    const ws = book.sheet('Trends');
    const qs = lastQuarters(doc.periods, q.id, 8);
    const tdefs = financeTrendDefs(input.catalog);
    const start = titleBlock(ws, [
      { text: `${company}: financial trends, last ${qs.length} quarters`, kind: 'title' },
      { text: `Fiscal quarters ${qs[0]?.id ?? ''} to ${qs[qs.length - 1]?.id ?? ''}; empty cells: no data (for example no finance rows uploaded).` },
    ]);
    widths(ws, [30, ...qs.map(() => 15)]);
    const t = writeTrendTable(ws, start, tdefs, qs, currency);
    ws.autoFilter = { from: addr(1, t.headerRow), to: addr(t.lastCol, t.lastRow) };
    freeze(ws, t.headerRow + 1, 2);
    const series = (id: string, type: 'column' | 'line', secondaryAxis: boolean, color: string) =>
      trendSeries('Trends', t, qs, input.catalog, id, { type, secondaryAxis, color });
    const money = valueFormat({ unit: 'money' }, currency);
    const chartRow = t.lastRow + 3;
    const s1 = [series('revenue', 'column', false, COLORS.chartBlue), series('gross_profit', 'column', false, COLORS.chartGrey), series('gross_margin', 'line', true, COLORS.chartOrange)].filter(
      (s): s is NonNullable<typeof s> => s !== null,
    );
    if (s1.length) {
      book.chart({
        sheet: 'Trends',
        title: 'Revenue and gross profit (columns), gross margin (line)',
        kind: 'combo',
        series: s1,
        anchor: anchorAt(1, chartRow, 4, 18),
        valueFormat: money,
        secondaryValueFormat: '0%',
        legend: 'bottom',
      });
    }
    const s2 = [series('bookings', 'column', false, COLORS.chartBlue), series('cac', 'line', true, COLORS.chartOrange)].filter(
      (s): s is NonNullable<typeof s> => s !== null,
    );
    if (s2.length) {
      book.chart({
        sheet: 'Trends',
        title: 'Bookings (columns) and customer acquisition cost (line)',
        kind: 'combo',
        series: s2,
        anchor: anchorAt(5, chartRow, 5, 18),
        valueFormat: money,
        secondaryValueFormat: money,
        legend: 'bottom',
      });
    }
  }

  // ------------------------------------------------------------------ Restatements
  writeRestatements(book, input, max);
  writeDefinitions(book, input.catalog, currency, company);
  return book.toBuffer();
}

function writeRestatements(book: Book, input: ReportInput, max: number): void {
  const { document: doc } = input.result;
  const currency = doc.config.currency;
  const ws = book.sheet('Restatements');
  const list = [...input.restatements].sort((a, b) =>
    a.restatedAt !== b.restatedAt ? (a.restatedAt < b.restatedAt ? 1 : -1) : a.periodId < b.periodId ? 1 : a.periodId > b.periodId ? -1 : a.kpi.localeCompare(b.kpi),
  );
  const shown = list.slice(0, max);
  const start = titleBlock(ws, [
    { text: `${doc.config.companyName}: restatements`, kind: 'title' },
    {
      text: list.length
        ? `Closed quarters whose KPI value changed after it was first published (for example after a corrected upload). ${capNote(shown.length, list.length, 'restatements', 'newest first')}`
        : 'No restatements: every closed quarter still shows the values first published.',
    },
    { text: 'Change and Change % are live formulas; percent KPIs change in percentage points (pp).' },
  ]);
  widths(ws, [13, 30, 15, 15, 13, 11, 21, 21, 40]);
  const h = headerRow(ws, start, ['Quarter', 'KPI', 'Old value', 'New value', 'Change', 'Change %', 'First published', 'Restated', 'Note']);
  let r = h + 1;
  const defs = new Map(input.catalog.map((d) => [d.id, d]));
  for (const x of shown) {
    const def = defs.get(x.kpi);
    const unit = def?.unit ?? 'count';
    const fk = { unit, id: x.kpi };
    const row = ws.getRow(r);
    row.getCell(1).value = x.periodId;
    row.getCell(2).value = def?.label ?? x.kpi;
    numberCell(row.getCell(3), num(x.oldValue), valueFormat(fk, currency));
    numberCell(row.getCell(4), num(x.newValue), valueFormat(fk, currency));
    const cur = addr(4, r);
    const old = addr(3, r);
    row.getCell(5).value = {
      formula: changeFormula(cur, old, changeScale(unit)),
      result: absChange(num(x.newValue), num(x.oldValue), unit) ?? 'n/a',
    } as ExcelJS.CellFormulaValue;
    row.getCell(5).numFmt = changeFormat(fk, currency);
    row.getCell(6).value = { formula: pctFormula(cur, old), result: relChange(num(x.newValue), num(x.oldValue)) ?? 'n/a' } as ExcelJS.CellFormulaValue;
    row.getCell(6).numFmt = PCT_CHANGE_FORMAT;
    row.getCell(5).alignment = { horizontal: 'right' };
    row.getCell(6).alignment = { horizontal: 'right' };
    changeRules(ws, `${addr(5, r)}:${addr(6, r)}`, def?.better ?? 'neutral');
    dateTimeCell(row.getCell(7), x.firstPublishedAt);
    dateTimeCell(row.getCell(8), x.restatedAt);
    const why = [x.oldValue === null ? 'old value: not computed' : '', x.newValue === null ? 'new value: not computed' : ''].filter(Boolean);
    row.getCell(9).value = why.join('; ') || null;
    row.getCell(9).font = { italic: true, color: { argb: COLORS.subtle } };
    r++;
  }
  ws.autoFilter = { from: addr(1, h), to: addr(9, Math.max(h, r - 1)) };
  freeze(ws, h + 1, 3);
}
