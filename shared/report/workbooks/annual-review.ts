/**
 * Annual review (outputs.md): the fiscal year beside the previous one (changes as
 * live formulas), quarter by quarter for both years, charts, definitions.
 */
import { ScorecardError } from '../../errors';
import type { PeriodResult } from '../../engine/types';
import { fiscalCalendar } from '../../calendar/fiscal-calendar';
import { anchorAt, Book, COLORS, freeze, headerRow, numberCell, titleBlock, widths } from '../book';
import { addr, num, sheetRef, valueFormat } from '../cells';
import type { ReportInput } from '../context';
import { writeDefinitions } from '../definitions';
import { GROUP_LABEL, labelOf, orderedDefs, periodLabel, writeComparisonTable } from '../kpi-tables';
import type { PeriodChoice } from '../periods';

const HIGHLIGHTS: { id: string; kind: 'column' | 'line' }[] = [
  { id: 'bookings', kind: 'column' },
  { id: 'revenue', kind: 'column' },
  { id: 'new_customers', kind: 'column' },
  { id: 'nps', kind: 'line' },
];

export async function renderAnnualReview(input: ReportInput, choice: PeriodChoice): Promise<Buffer> {
  const { document: doc } = input.result;
  const config = doc.config;
  const currency = config.currency;
  const company = config.companyName;
  const fy = doc.periods.find((p) => p.id === choice.id && p.kind === 'year');
  if (!fy) throw new ScorecardError(`engine result has no fiscal year ${choice.id}`);
  const prevId = fiscalCalendar(config).previousYear(fy).id;
  const py = doc.periods.find((p) => p.id === prevId && p.kind === 'year');
  const book = new Book({ title: `Annual review ${fy.id}`, company, generatedAt: doc.generatedAt });
  const defs = orderedDefs(input.catalog);
  const cmp = Object.values(fy.kpis)[0]?.previousYear;

  // ------------------------------------------------------------------ Year
  {
    const ws = book.sheet('Year', COLORS.headerFill);
    const start = titleBlock(ws, [
      { text: `${company}: annual review ${fy.id}${fy.toDate ? ' (to date)' : ''}`, kind: 'title' },
      {
        text: `${fy.id}: ${fy.start} to ${fy.end} against ${cmp ? `${cmp.period}${cmp.sameSpan ? ' same span' : ''} (${cmp.start} to ${cmp.end})` : 'the previous year'} · as of ${doc.asOf}`,
        kind: 'subtitle',
      },
      ...(choice.note ? [{ text: choice.note, kind: 'warning' as const }] : []),
      { text: 'Change and Change % are live formulas over the value cells; percent KPIs change in percentage points (pp). Quarter by quarter: see the Quarters sheet.' },
    ]);
    widths(ws, [17, 30, 15, 15, 13, 11, 14, 12, 10, 60]);
    const t = writeComparisonTable(ws, {
      defs,
      period: fy,
      currentHeader: periodLabel(fy),
      priors: [{ header: cmp ? `${cmp.period}${cmp.sameSpan ? ' (same span)' : ''}` : prevId, pick: (kv) => kv.previousYear }],
      currency,
      headerRowNumber: start,
    });
    freeze(ws, t.headerRow + 1, 3);
  }

  // ------------------------------------------------------------------ Quarters
  const ids = (yearId: string) => fiscalCalendar(config).quartersOfYear(yearId).map((q) => q.id);
  const find = (id: string): PeriodResult | undefined => doc.periods.find((p) => p.id === id);
  const cols: { header: string; period: PeriodResult | undefined }[] = [
    ...ids(fy.id).map((id) => ({ header: find(id) ? periodLabel(find(id)!) : id, period: find(id) })),
    { header: periodLabel(fy), period: fy },
    ...ids(prevId).map((id) => ({ header: find(id) ? periodLabel(find(id)!) : id, period: find(id) })),
    { header: py ? periodLabel(py) : prevId, period: py },
  ];
  {
    const ws = book.sheet('Quarters');
    const start = titleBlock(ws, [
      { text: `${company}: ${fy.id} and ${prevId} quarter by quarter`, kind: 'title' },
      { text: 'Every KPI per fiscal quarter and for the whole year (year columns shaded). Empty: no data for that period (quarters before the earliest data or after the as-of date).' },
    ]);
    widths(ws, [17, 30, ...cols.map(() => 14)]);
    const h = headerRow(ws, start, ['Area', 'KPI', ...cols.map((c) => c.header)]);
    let r = h + 1;
    for (const def of defs) {
      const row = ws.getRow(r);
      row.getCell(1).value = GROUP_LABEL[def.group] ?? def.group;
      row.getCell(2).value = def.label;
      cols.forEach((c, i) => {
        const cell = row.getCell(3 + i);
        numberCell(cell, num(c.period?.kpis[def.id]?.value ?? null), valueFormat({ unit: def.unit, id: def.id }, currency));
        if (i === 4 || i === 9) {
          cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
          cell.font = { bold: true };
        }
      });
      r++;
    }
    ws.autoFilter = { from: addr(1, h), to: addr(2 + cols.length, r - 1) };
    freeze(ws, h + 1, 3);
  }

  // ------------------------------------------------------------------ Highlights (chart data + charts)
  {
    const ws = book.sheet('Highlights');
    const present = HIGHLIGHTS.filter((x) => input.catalog.some((d) => d.id === x.id));
    const start = titleBlock(ws, [
      { text: `${company}: ${fy.id} against ${prevId} by quarter`, kind: 'title' },
      { text: 'The charts below are drawn from this table.' },
    ]);
    const header = ['Quarter'];
    for (const x of present) header.push(`${labelOf(input.catalog, x.id)} ${fy.id}`, `${labelOf(input.catalog, x.id)} ${prevId}`);
    widths(ws, [12, ...header.slice(1).map(() => 17)]);
    const h = headerRow(ws, start, header);
    const cur = ids(fy.id);
    const prev = ids(prevId);
    const first = h + 1;
    for (let i = 0; i < 4; i++) {
      const row = ws.getRow(first + i);
      row.getCell(1).value = `Q${i + 1}`;
      present.forEach((x, j) => {
        const def = input.catalog.find((d) => d.id === x.id)!;
        const fmt = valueFormat({ unit: def.unit, id: def.id }, currency);
        numberCell(row.getCell(2 + j * 2), num(find(cur[i])?.kpis[x.id]?.value ?? null), fmt);
        numberCell(row.getCell(3 + j * 2), num(find(prev[i])?.kpis[x.id]?.value ?? null), fmt);
      });
    }
    const last = first + 3;
    ws.autoFilter = { from: addr(1, h), to: addr(header.length, last) };
    freeze(ws, h + 1, 2);
    const cats = ['Q1', 'Q2', 'Q3', 'Q4'];
    present.forEach((x, j) => {
      const def = input.catalog.find((d) => d.id === x.id)!;
      const colCur = 2 + j * 2;
      const mk = (col: number, name: string, periods: string[], color: string) => ({
        name,
        categoriesRef: sheetRef('Highlights', 1, first, 1, last),
        valuesRef: sheetRef('Highlights', col, first, col, last),
        categories: cats,
        values: periods.map((id) => num(find(id)?.kpis[x.id]?.value ?? null)),
        color,
      });
      book.chart({
        sheet: 'Highlights',
        title: `${def.label} by quarter: ${fy.id} vs ${prevId}`,
        kind: x.kind,
        series: [mk(colCur, fy.id, cur, COLORS.chartBlue), mk(colCur + 1, prevId, prev, COLORS.chartGrey)],
        anchor: anchorAt(1 + (j % 2) * 5, last + 3 + Math.floor(j / 2) * 18, j % 2 === 0 ? 4 : 5, 17),
        valueFormat: valueFormat({ unit: def.unit, id: def.id }, currency).replace(/0\.0+/, '0'),
        legend: 'bottom',
      });
    });
  }

  writeDefinitions(book, input.catalog, currency, company);
  return book.toBuffer();
}
