/**
 * Weekly manager dashboard (outputs.md "The workbooks"): Summary, Pipeline, Open
 * pipeline, This week, Trends, Customers, Surveys, Breakdowns, Definitions, Data quality.
 */
import { ScorecardError } from '../../errors';
import { scopeNote } from '../scope';
import type ExcelJS from 'exceljs';
import type { Comparison, KpiDefinition, KpiValue, PeriodResult, StageRow } from '../../engine/types';
import type { EngineDetails } from '../../engine';
import { DIMENSIONS, type DatasetName, type FileRecord } from '../../model/types';
import { DATASETS } from '../../model/types';
import {
  anchorAt,
  band,
  Book,
  capNote,
  changeRules,
  COLORS,
  dateTimeCell,
  exprRule,
  freeze,
  headerRow,
  naCell,
  numberCell,
  section,
  STATUS_LABEL,
  statusRules,
  titleBlock,
  widths,
} from '../book';
import {
  addr,
  COUNT_FORMAT,
  DATE_FORMAT,
  dateCell,
  num,
  PCT_CHANGE_FORMAT,
  PCT_FORMAT,
  safeText,
  sheetRef,
  valueFormat,
} from '../cells';
import { DEFAULT_MAX_LIST_ROWS, type ReportInput } from '../context';
import { writeDefinitions } from '../definitions';
import { labelOf, lastQuarters, orderedDefs, PCT_EPSILON, periodLabel, trendSeries, writeTrendTable } from '../kpi-tables';

/** Headline KPIs when the catalog marks none (keeps the summary useful with any catalog). */
const FALLBACK_HEADLINES = [
  'bookings',
  'deals_won',
  'win_rate',
  'avg_deal_size',
  'sales_cycle_days',
  'open_pipeline_value',
  'pipeline_velocity',
  'new_customers',
  'active_customers',
  'churn_rate',
  'nps',
  'csat',
  'revenue',
  'gross_margin',
];

export function headlineDefs(catalog: KpiDefinition[]): KpiDefinition[] {
  const marked = catalog.filter((d) => d.headline);
  if (marked.length) return orderedDefs(marked);
  return orderedDefs(catalog.filter((d) => FALLBACK_HEADLINES.includes(d.id)));
}

const SEGMENT_LABEL = {
  loyal: 'Loyal',
  somewhat_loyal: 'Somewhat loyal',
  disloyal: 'Disloyal (lapsed)',
  competitor_loyal: 'Lost to a competitor',
} as const;

function span(c: Comparison | undefined): string {
  return c ? `${c.period} ${c.start} to ${c.end}` : 'n/a';
}

export async function renderDashboard(input: ReportInput): Promise<Buffer> {
  const { document: doc, details } = input.result;
  const config = doc.config;
  const currency = config.currency;
  const max = input.maxListRows ?? DEFAULT_MAX_LIST_ROWS;
  const company = config.companyName;
  const quarter = doc.periods.find((p) => p.id === details.currentQuarter);
  if (!quarter) throw new ScorecardError(`engine result has no period ${details.currentQuarter}`);
  const week = details.weeks[details.weeks.length - 1];
  const book = new Book({ title: `Weekly manager dashboard ${details.currentWeek}`, company, generatedAt: doc.generatedAt });
  const headlines = headlineDefs(input.catalog);
  const currentHeader = `${quarter.id}${quarter.toDate ? ' to date' : ''}`;
  const weekLine = week
    ? `Week ${week.id}: ${week.start} to ${week.end}${week.toDate ? ' (to date)' : ''}`
    : `Week ${details.currentWeek}`;

  // ------------------------------------------------------------------ Summary
  {
    const ws = book.sheet('Summary', COLORS.headerFill);
    const anyKpi = headlines.map((d) => quarter.kpis[d.id]).find((k) => k?.previousQuarter);
    const pq = anyKpi?.previousQuarter;
    const ly = anyKpi?.sameQuarterLastYear;
    titleBlock(ws, [
      { text: `${company}: weekly manager dashboard`, kind: 'title' },
      { text: `${weekLine} · quarter ${currentHeader} (${quarter.start} to ${quarter.end})`, kind: 'subtitle' },
      { text: '' },
      {
        text: `Compared with the same span of the previous quarter (${span(pq)}) and of the same quarter last year (${span(ly)}).`,
      },
      { text: 'Green: target met or a change for the better. Amber: at risk (at least 90% of target). Red: behind, or a change for the worse.' },
      ...(input.scope ? [{ text: scopeNote(input.scope), kind: 'warning' as const }] : []),
    ]);
    ws.getCell('A3').value = 'As of';
    ws.getCell('A3').font = { bold: true };
    ws.getCell('B3').value = dateCell(doc.asOf);
    ws.getCell('B3').numFmt = DATE_FORMAT;
    ws.getCell('B3').alignment = { horizontal: 'left' };
    ws.getCell('B3').font = { bold: true };
    ws.getCell('C3').value = `Generated ${doc.generatedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}`;
    ws.getCell('C3').font = { color: { argb: COLORS.subtle } };
    const h = 7;
    widths(ws, [30, 15, 15, 12, 15, 12, 14, 12, 10, 40]);
    headerRow(ws, h, [
      'KPI',
      currentHeader,
      pq ? `${pq.period} same span` : 'Previous quarter',
      'vs previous quarter',
      ly ? `${ly.period} same span` : 'Same quarter last year',
      'vs last year',
      'Target',
      'Attainment',
      'Status',
      'Note',
    ]);
    let r = h + 1;
    for (const def of headlines) {
      const kv: KpiValue | undefined = quarter.kpis[def.id];
      const fk = { unit: kv?.unit ?? def.unit, id: def.id };
      const fmt = valueFormat(fk, currency);
      const row = ws.getRow(r);
      row.getCell(1).value = def.label;
      row.getCell(1).font = { bold: true };
      numberCell(row.getCell(2), num(kv?.value ?? null), fmt);
      row.getCell(2).font = { bold: true };
      const cmp = (c: Comparison | undefined, vc: number, pc: number) => {
        numberCell(row.getCell(vc), num(c?.value ?? null), fmt);
        const pct = num(c?.changePct ?? null);
        if (pct === null) naCell(row.getCell(pc));
        else numberCell(row.getCell(pc), pct, PCT_CHANGE_FORMAT);
        changeRules(ws, addr(pc, r), kv?.better ?? def.better, PCT_EPSILON);
      };
      cmp(kv?.previousQuarter, 3, 4);
      cmp(kv?.sameQuarterLastYear, 5, 6);
      const t = kv?.target;
      if (t) {
        numberCell(row.getCell(7), num(t.value), fmt);
        numberCell(row.getCell(8), num(t.attainment), PCT_FORMAT);
        row.getCell(9).value = t.status ? STATUS_LABEL[t.status] : 'n/a';
      } else {
        row.getCell(9).value = 'no target';
        row.getCell(9).font = { color: { argb: COLORS.naFont } };
      }
      row.getCell(9).alignment = { horizontal: 'center' };
      const notes: string[] = [];
      if (kv?.value === null || kv?.value === undefined) notes.push(kv?.reason ?? 'not computed');
      for (const [c, what] of [[kv?.previousQuarter, 'previous quarter'], [kv?.sameQuarterLastYear, 'last year']] as const) {
        if (c && c.value === null && c.reason) notes.push(`${what}: ${c.reason}`);
      }
      if (t?.reason) notes.push(`target: ${t.reason}`);
      if (input.scope?.companyWideKpis.includes(def.id)) notes.push(`whole company (cannot be split by ${input.scope.label})`);
      row.getCell(10).value = notes.join('; ') || null;
      row.getCell(10).font = { italic: true, color: { argb: COLORS.subtle } };
      r++;
    }
    if (r > h + 1) {
      statusRules(ws, `${addr(9, h + 1)}:${addr(9, r - 1)}`);
      ws.autoFilter = { from: addr(1, h), to: addr(10, r - 1) };
    }
    freeze(ws, h + 1, 2);
  }

  // ------------------------------------------------------------------ Pipeline
  {
    const ws = book.sheet('Pipeline');
    let r = titleBlock(ws, [
      { text: `${company}: pipeline`, kind: 'title' },
      { text: `Stage review for ${currentHeader} (${quarter.start} to ${quarter.end}); open and stuck deals as of ${doc.asOf}.` },
    ]);
    widths(ws, [22, 36, 16, 13, 13, 14, 40, 16, 3]);
    section(ws, r, 'Stage review');
    r += 1;
    const h = headerRow(ws, r, [
      'Stage',
      `Entered (${quarter.toDate ? 'QTD' : quarter.id})`,
      'Avg days in stage',
      'Advance rate',
      'Open now',
      `Stuck > ${config.stuckDays} d`,
      'Bottleneck',
    ]);
    const stages: StageRow[] = quarter.stages ?? [];
    r = h + 1;
    const firstStageRow = r;
    for (const s of stages) {
      const row = ws.getRow(r);
      row.getCell(1).value = safeText(s.stage);
      numberCell(row.getCell(2), s.entered, COUNT_FORMAT);
      numberCell(row.getCell(3), num(s.avgDaysInStage), '0.0" d"');
      numberCell(row.getCell(4), num(s.advanceRate), PCT_FORMAT);
      numberCell(row.getCell(5), s.openInStage, COUNT_FORMAT);
      numberCell(row.getCell(6), s.stuck, COUNT_FORMAT);
      const flags = (s.bottleneck ?? []).map((b) => (b === 'lowest_advance_rate' ? 'Lowest advance rate' : 'Longest time in stage'));
      row.getCell(7).value = flags.join(', ') || null;
      if (flags.length) {
        row.getCell(7).font = { bold: true, color: { argb: COLORS.badFont } };
        row.getCell(7).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLORS.badFill } };
      }
      if (s.avgDaysInStage === null || s.advanceRate === null) {
        // keep empty cells; the reason is structural (no visit ended in the period)
      }
      r++;
    }
    const lastStageRow = r - 1;
    const noteRow = r;
    ws.getCell(noteRow, 1).value =
      stages.length === 0
        ? 'No stage data for this period.'
        : 'Avg days and advance rate count stage visits that ended in the period; empty = no visit ended. Bottleneck: the lowest advance rate and the longest average time in stage.';
    ws.getCell(noteRow, 1).font = { italic: true, color: { argb: COLORS.subtle } };
    if (stages.length) {
      const cats = stages.map((s) => s.stage);
      book.chart({
        sheet: 'Pipeline',
        title: `Pipeline funnel (${quarter.toDate ? 'quarter to date' : quarter.id})`,
        kind: 'bar',
        series: [
          {
            name: 'Entered stage',
            categoriesRef: sheetRef('Pipeline', 1, firstStageRow, 1, lastStageRow),
            valuesRef: sheetRef('Pipeline', 2, firstStageRow, 2, lastStageRow),
            categories: cats,
            values: stages.map((s) => s.entered),
            color: COLORS.chartBlue,
          },
          {
            name: 'Open now',
            categoriesRef: sheetRef('Pipeline', 1, firstStageRow, 1, lastStageRow),
            valuesRef: sheetRef('Pipeline', 5, firstStageRow, 5, lastStageRow),
            categories: cats,
            values: stages.map((s) => s.openInStage),
            color: COLORS.chartOrange,
          },
        ],
        anchor: anchorAt(10, 4, 7, Math.max(16, lastStageRow - 2)),
        valueFormat: '#,##0',
        legend: 'bottom',
        dataLabels: true,
      });
    }
    // stuck deals
    r = noteRow + 3;
    const stuck = details.stuckDeals;
    const shown = stuck.slice(0, max);
    section(ws, r, `Stuck deals (open more than ${config.stuckDays} days in their stage)`, capNote(shown.length, stuck.length, 'stuck deals', 'longest in stage first'));
    r += 2;
    const sh = headerRow(ws, r, ['Deal', 'Customer', 'Stage', 'In stage since', 'Days in stage', 'Amount', 'Owner', 'Team']);
    r = sh + 1;
    const money = valueFormat({ unit: 'money' }, currency);
    for (const d of shown) {
      const row = ws.getRow(r);
      row.getCell(1).value = safeText(d.dealId);
      row.getCell(2).value = safeText(d.customerName || d.customerId);
      row.getCell(3).value = safeText(d.stage);
      row.getCell(4).value = dateCell(d.enteredDate);
      row.getCell(4).numFmt = DATE_FORMAT;
      numberCell(row.getCell(5), d.daysInStage, '#,##0" d"');
      numberCell(row.getCell(6), d.amount, money);
      row.getCell(7).value = safeText(d.owner);
      row.getCell(7).alignment = { indent: 1 }; // keeps the owner clear of the right-aligned amount
      row.getCell(8).value = safeText(d.team);
      r++;
    }
    ws.autoFilter = { from: addr(1, sh), to: addr(8, Math.max(sh, r - 1)) };
    freeze(ws, 4);
  }

  // ------------------------------------------------------------------ Open pipeline
  {
    const ws = book.sheet('Open pipeline');
    const open = details.openDeals;
    const shown = open.slice(0, max);
    const start = titleBlock(ws, [
      { text: `${company}: open pipeline on ${doc.asOf}`, kind: 'title' },
      { text: `${capNote(shown.length, open.length, 'open deals', 'largest amount first')} The total open pipeline value is on the Summary sheet.` },
    ]);
    widths(ws, [22, 30, 16, 13, 16, 18, 16, 10]);
    const h = headerRow(ws, start, ['Deal', 'Customer', 'Stage', 'Created', 'Amount', 'Owner', 'Team', 'Age (d)']);
    let r = h + 1;
    const money = valueFormat({ unit: 'money' }, currency);
    const asOfDay = Date.parse(`${doc.asOf}T00:00:00Z`);
    for (const d of shown) {
      const row = ws.getRow(r);
      row.getCell(1).value = safeText(d.dealId);
      row.getCell(2).value = safeText(d.customerName || d.customerId);
      row.getCell(3).value = safeText(d.stage);
      row.getCell(4).value = dateCell(d.createdDate);
      row.getCell(4).numFmt = DATE_FORMAT;
      numberCell(row.getCell(5), d.amount, money);
      row.getCell(6).value = safeText(d.owner);
      row.getCell(6).alignment = { indent: 1 }; // keeps the owner clear of the right-aligned amount
      row.getCell(7).value = safeText(d.team);
      const created = Date.parse(`${d.createdDate}T00:00:00Z`);
      numberCell(row.getCell(8), Number.isFinite(created) ? Math.round((asOfDay - created) / 86_400_000) : null, COUNT_FORMAT);
      r++;
    }
    ws.autoFilter = { from: addr(1, h), to: addr(8, Math.max(h, r - 1)) };
    freeze(ws, h + 1);
  }

  // ------------------------------------------------------------------ This week
  {
    const ws = book.sheet('This week');
    const weeks = details.weeks;
    const cur = weeks[weeks.length - 1];
    const prev = weeks.length > 1 ? weeks[weeks.length - 2] : undefined;
    let r = titleBlock(ws, [
      { text: `${company}: this week's movement`, kind: 'title' },
      {
        text: cur
          ? `Week ${cur.id} (${cur.start} to ${cur.end}${cur.toDate ? ', to date' : ''}) against week ${prev?.id ?? 'n/a'}; the 8 most recent weeks below.`
          : 'No week data.',
      },
    ]);
    widths(ws, [30, 15, 15, 13, 13, 13, 13, 13, 13, 16, 13]);
    section(ws, r, 'This week against last week');
    r += 1;
    const h1 = headerRow(ws, r, ['Measure', cur ? `${cur.id}${cur.toDate ? ' (to date)' : ''}` : 'This week', prev ? prev.id : 'Last week', 'Change']);
    r = h1 + 1;
    const money = valueFormat({ unit: 'money' }, currency);
    type M = { label: string; get: (w: (typeof weeks)[number]) => number; fmt: string; better: 'higher' | 'lower' };
    const measures: M[] = [
      { label: 'Deals created', get: (w) => w.dealsCreated, fmt: COUNT_FORMAT, better: 'higher' },
      { label: 'Deals won', get: (w) => w.dealsWon, fmt: COUNT_FORMAT, better: 'higher' },
      { label: 'Bookings', get: (w) => w.bookings, fmt: money, better: 'higher' },
      { label: 'Deals lost', get: (w) => w.dealsLost, fmt: COUNT_FORMAT, better: 'lower' },
      { label: 'New customers', get: (w) => w.newCustomers, fmt: COUNT_FORMAT, better: 'higher' },
      { label: 'Survey responses', get: (w) => w.surveyResponses, fmt: COUNT_FORMAT, better: 'higher' },
      { label: 'Open pipeline value at week end', get: (w) => w.openPipelineValueAtEnd, fmt: money, better: 'higher' },
      { label: 'Open deals at week end', get: (w) => w.openDealsAtEnd, fmt: COUNT_FORMAT, better: 'higher' },
      ...config.stages.map(
        (s): M => ({ label: `Entered stage: ${s}`, get: (w) => w.stageEntries?.[s] ?? 0, fmt: COUNT_FORMAT, better: 'higher' }),
      ),
    ];
    for (const m of measures) {
      const row = ws.getRow(r);
      row.getCell(1).value = m.label;
      const a = cur ? num(m.get(cur)) : null;
      const b = prev ? num(m.get(prev)) : null;
      numberCell(row.getCell(2), a, m.fmt);
      numberCell(row.getCell(3), b, m.fmt);
      const f = `IF(OR(B${r}="",C${r}=""),"n/a",B${r}-C${r})`;
      row.getCell(4).value = { formula: f, result: a === null || b === null ? 'n/a' : a - b } as ExcelJS.CellFormulaValue;
      row.getCell(4).numFmt = m.fmt.startsWith('"') ? `+${m.fmt};-${m.fmt};${m.fmt}` : '+#,##0;-#,##0;0';
      row.getCell(4).alignment = { horizontal: 'right' };
      changeRules(ws, addr(4, r), m.better);
      r++;
    }
    r += 2;
    section(ws, r, 'Last 8 weeks');
    r += 1;
    const h2 = headerRow(ws, r, [
      'Week',
      'Start',
      'End',
      'Deals created',
      'Deals won',
      'Bookings',
      'Deals lost',
      'New customers',
      'Survey responses',
      'Open pipeline at end',
      'Open deals at end',
    ]);
    r = h2 + 1;
    const first = r;
    for (const w of weeks) {
      const row = ws.getRow(r);
      row.getCell(1).value = w.toDate ? `${w.id} (to date)` : w.id;
      row.getCell(2).value = dateCell(w.start);
      row.getCell(2).numFmt = DATE_FORMAT;
      row.getCell(3).value = dateCell(w.end);
      row.getCell(3).numFmt = DATE_FORMAT;
      numberCell(row.getCell(4), w.dealsCreated, COUNT_FORMAT);
      numberCell(row.getCell(5), w.dealsWon, COUNT_FORMAT);
      numberCell(row.getCell(6), w.bookings, money);
      numberCell(row.getCell(7), w.dealsLost, COUNT_FORMAT);
      numberCell(row.getCell(8), w.newCustomers, COUNT_FORMAT);
      numberCell(row.getCell(9), w.surveyResponses, COUNT_FORMAT);
      numberCell(row.getCell(10), w.openPipelineValueAtEnd, money);
      numberCell(row.getCell(11), w.openDealsAtEnd, COUNT_FORMAT);
      r++;
    }
    const last = r - 1;
    ws.autoFilter = { from: addr(1, h2), to: addr(11, Math.max(h2, last)) };
    if (weeks.length) {
      const cats = weeks.map((w) => (w.toDate ? `${w.id} (to date)` : w.id));
      book.chart({
        sheet: 'This week',
        title: 'Bookings and deals won, last 8 weeks',
        kind: 'combo',
        series: [
          {
            name: 'Bookings',
            categoriesRef: sheetRef('This week', 1, first, 1, last),
            valuesRef: sheetRef('This week', 6, first, 6, last),
            categories: cats,
            values: weeks.map((w) => w.bookings),
            type: 'column',
            color: COLORS.chartBlue,
          },
          {
            name: 'Deals won',
            categoriesRef: sheetRef('This week', 1, first, 1, last),
            valuesRef: sheetRef('This week', 5, first, 5, last),
            categories: cats,
            values: weeks.map((w) => w.dealsWon),
            type: 'line',
            secondaryAxis: true,
            color: COLORS.chartOrange,
          },
        ],
        anchor: anchorAt(6, 4, 6, Math.max(16, h2 - 6)),
        valueFormat: money,
        secondaryValueFormat: '#,##0',
        legend: 'bottom',
      });
    }
    freeze(ws, 4);
  }

  // ------------------------------------------------------------------ Trends
  const quarters8 = lastQuarters(doc.periods, quarter.id, 8);
  {
    const ws = book.sheet('Trends');
    const chartIds = ['bookings', 'win_rate', 'new_customers', 'churn_rate', 'open_pipeline_value', 'nps'];
    const ids = new Set(headlines.map((d) => d.id));
    const defs = [...headlines, ...orderedDefs(input.catalog.filter((d) => chartIds.includes(d.id) && !ids.has(d.id)))];
    const start = titleBlock(ws, [
      { text: `${company}: last ${quarters8.length} quarters`, kind: 'title' },
      { text: `Headline KPIs by fiscal quarter, ${quarters8[0]?.id ?? ''} to ${quarters8[quarters8.length - 1]?.id ?? ''}. The current quarter is to date (QTD).` },
    ]);
    widths(ws, [30, ...quarters8.map(() => 15)]);
    const t = writeTrendTable(ws, start, defs, quarters8, currency);
    ws.autoFilter = { from: addr(1, t.headerRow), to: addr(t.lastCol, t.lastRow) };
    freeze(ws, t.headerRow + 1, 2);
    const chartRow = t.lastRow + 3;
    const seriesOf = (id: string, type?: 'column' | 'line', secondaryAxis?: boolean, color?: string) =>
      trendSeries('Trends', t, quarters8, input.catalog, id, { type, secondaryAxis, color });
    const charts: { title: string; a: [string, string]; fmt: [string, string] }[] = [
      { title: 'Bookings and win rate', a: ['bookings', 'win_rate'], fmt: [valueFormat({ unit: 'money' }, currency), '0%'] },
      { title: 'New customers and churn rate', a: ['new_customers', 'churn_rate'], fmt: ['#,##0', '0.0%'] },
      { title: 'Open pipeline and NPS', a: ['open_pipeline_value', 'nps'], fmt: [valueFormat({ unit: 'money' }, currency), '0'] },
    ];
    charts.forEach((c, i) => {
      const s1 = seriesOf(c.a[0], 'column', false, COLORS.chartBlue);
      const s2 = seriesOf(c.a[1], 'line', true, COLORS.chartOrange);
      const series = [s1, s2].filter((s): s is NonNullable<typeof s> => s !== null);
      if (!series.length) return;
      book.chart({
        sheet: 'Trends',
        title: c.title,
        kind: 'combo',
        series,
        anchor: i === 0 ? anchorAt(1, chartRow, 3, 18) : anchorAt(4 + (i - 1) * 3, chartRow, 3, 18),
        valueFormat: c.fmt[0],
        secondaryValueFormat: c.fmt[1],
        legend: 'bottom',
      });
    });
  }

  // ------------------------------------------------------------------ Customers
  {
    const ws = book.sheet('Customers');
    let r = titleBlock(ws, [
      { text: `${company}: customers`, kind: 'title' },
      { text: `Loyalty segments on ${doc.asOf}; top customers by won amount over the 12 months ending ${doc.asOf}.` },
    ]);
    widths(ws, [36, 14, 18, 12, 14, 22, 3]);
    section(ws, r, 'Loyalty segments');
    r += 1;
    const h = headerRow(ws, r, ['Segment', 'Customers', 'Share']);
    r = h + 1;
    const segs = details.loyaltySegments;
    const keys = Object.keys(SEGMENT_LABEL) as (keyof typeof SEGMENT_LABEL)[];
    const total = keys.reduce((s, k) => s + (segs?.[k] ?? 0), 0);
    const segFirst = r;
    for (const k of keys) {
      const row = ws.getRow(r);
      row.getCell(1).value = SEGMENT_LABEL[k];
      numberCell(row.getCell(2), segs?.[k] ?? 0, COUNT_FORMAT);
      const f = `IF(SUM($B$${segFirst}:$B$${segFirst + keys.length - 1})=0,"n/a",B${r}/SUM($B$${segFirst}:$B$${segFirst + keys.length - 1}))`;
      row.getCell(3).value = { formula: f, result: total === 0 ? 'n/a' : (segs?.[k] ?? 0) / total } as ExcelJS.CellFormulaValue;
      row.getCell(3).numFmt = PCT_FORMAT;
      row.getCell(3).alignment = { horizontal: 'right' };
      r++;
    }
    const segLast = r - 1;
    ws.getCell(r, 1).value = 'Total segmented customers';
    ws.getCell(r, 1).font = { bold: true };
    ws.getCell(r, 2).value = { formula: `SUM(B${segFirst}:B${segLast})`, result: total } as ExcelJS.CellFormulaValue;
    ws.getCell(r, 2).numFmt = COUNT_FORMAT;
    ws.getCell(r, 2).font = { bold: true };
    r++;
    const pk = (id: string) => num(quarter.kpis[id]?.value ?? null);
    const p20 = pk('pareto_top20_share');
    const p80 = pk('pareto_80_customer_share');
    ws.getCell(r + 1, 1).value = 'Top 20% of customers bring (12 months)';
    numberCell(ws.getCell(r + 1, 2), p20, PCT_FORMAT);
    ws.getCell(r + 2, 1).value = 'Customers bringing 80% of won amount';
    numberCell(ws.getCell(r + 2, 2), p80, PCT_FORMAT);
    if (p20 === null) ws.getCell(r + 1, 3).value = quarter.kpis.pareto_top20_share?.reason ?? null;
    if (p80 === null) ws.getCell(r + 2, 3).value = quarter.kpis.pareto_80_customer_share?.reason ?? null;
    book.chart({
      sheet: 'Customers',
      title: 'Loyalty segments',
      kind: 'doughnut',
      series: [
        {
          name: 'Customers',
          categoriesRef: sheetRef('Customers', 1, segFirst, 1, segLast),
          valuesRef: sheetRef('Customers', 2, segFirst, 2, segLast),
          categories: keys.map((k) => SEGMENT_LABEL[k]),
          values: keys.map((k) => segs?.[k] ?? 0),
        },
      ],
      anchor: anchorAt(5, 4, 3, 14),
      varyColors: true,
      holeSize: 55,
      legend: 'right',
      dataLabels: true,
    });
    r = Math.max(r + 5, 20);
    const top = details.topCustomers;
    const shown = top.slice(0, max);
    section(ws, r, 'Top customers (Pareto)', capNote(shown.length, top.length, 'customers with won deals in the last 12 months', 'largest won amount first'));
    r += 2;
    const th = headerRow(ws, r, ['Customer', 'Customer id', 'Won amount (12 months)', 'Share', 'Cumulative share', 'Segment']);
    r = th + 1;
    const topFirst = r;
    const money = valueFormat({ unit: 'money' }, currency);
    for (const c of shown) {
      const row = ws.getRow(r);
      row.getCell(1).value = safeText(c.customerName || c.customerId);
      row.getCell(2).value = safeText(c.customerId);
      numberCell(row.getCell(3), c.wonAmount, money);
      numberCell(row.getCell(4), num(c.share), PCT_FORMAT);
      numberCell(row.getCell(5), num(c.cumulativeShare), PCT_FORMAT);
      row.getCell(6).value = c.segment ? SEGMENT_LABEL[c.segment] : null;
      row.getCell(6).alignment = { horizontal: 'center' };
      r++;
    }
    ws.autoFilter = { from: addr(1, th), to: addr(6, Math.max(th, r - 1)) };
    const n = Math.min(shown.length, 20);
    if (n > 0) {
      const last = topFirst + n - 1;
      const cats = shown.slice(0, n).map((c) => c.customerName || c.customerId);
      book.chart({
        sheet: 'Customers',
        title: `Pareto: top ${n} customers by won amount`,
        kind: 'combo',
        series: [
          {
            name: 'Won amount',
            categoriesRef: sheetRef('Customers', 1, topFirst, 1, last),
            valuesRef: sheetRef('Customers', 3, topFirst, 3, last),
            categories: cats,
            values: shown.slice(0, n).map((c) => c.wonAmount),
            type: 'column',
            color: COLORS.chartBlue,
          },
          {
            name: 'Cumulative share of all won amount',
            categoriesRef: sheetRef('Customers', 1, topFirst, 1, last),
            valuesRef: sheetRef('Customers', 5, topFirst, 5, last),
            categories: cats,
            values: shown.slice(0, n).map((c) => num(c.cumulativeShare)),
            type: 'line',
            secondaryAxis: true,
            color: COLORS.chartOrange,
          },
        ],
        anchor: anchorAt(8, th - 2, 9, 20),
        valueFormat: money,
        secondaryValueFormat: '0%',
        legend: 'bottom',
      });
    }
    freeze(ws, 4);
  }

  // ------------------------------------------------------------------ Surveys
  {
    const ws = book.sheet('Surveys');
    const defs = orderedDefs(input.catalog.filter((d) => d.group === 'surveys'));
    let r = titleBlock(ws, [
      { text: `${company}: customer surveys`, kind: 'title' },
      { text: `NPS, CSAT, CES and expectation gap by quarter; NPS answers of ${currentHeader} below.` },
    ]);
    widths(ws, [30, ...quarters8.map(() => 15)]);
    const t = writeTrendTable(ws, r, defs, quarters8, currency, 'Survey KPI');
    r = t.lastRow + 2;
    const cats = quarters8.map(periodLabel);
    const catRef = sheetRef('Surveys', t.firstCol, t.headerRow, t.lastCol, t.headerRow);
    const line = (id: string, secondary: boolean, color: string) => {
      const row = t.rowOf.get(id);
      return row
        ? {
            name: labelOf(input.catalog, id),
            categoriesRef: catRef,
            valuesRef: sheetRef('Surveys', t.firstCol, row, t.lastCol, row),
            categories: cats,
            values: quarters8.map((p) => num(p.kpis[id]?.value ?? null)),
            type: 'line' as const,
            ...(secondary ? { secondaryAxis: true } : {}),
            color,
          }
        : null;
    };
    const trendSeries = [line('nps', false, COLORS.chartBlue), line('csat', true, COLORS.chartOrange)].filter(
      (s): s is NonNullable<typeof s> => s !== null,
    );
    const trendChartRow = r;
    if (trendSeries.length) {
      book.chart({
        sheet: 'Surveys',
        title: 'NPS (left axis) and CSAT (right axis) by quarter',
        kind: trendSeries.length > 1 ? 'combo' : 'line',
        series: trendSeries,
        anchor: anchorAt(1, trendChartRow, 5, 16),
        valueFormat: '0',
        secondaryValueFormat: '0%',
        legend: 'bottom',
      });
      r += 17;
    }
    section(ws, r, `NPS answers, ${currentHeader}`);
    r += 1;
    const dh = headerRow(ws, r, ['Score (0-10)', 'Responses', 'Group']);
    r = dh + 1;
    const distFirst = r;
    const dist = details.npsDistribution ?? [];
    for (let s = 0; s <= 10; s++) {
      const row = ws.getRow(r);
      row.getCell(1).value = s;
      row.getCell(1).numFmt = '0';
      row.getCell(1).alignment = { horizontal: 'center' };
      numberCell(row.getCell(2), dist[s] ?? 0, COUNT_FORMAT);
      row.getCell(3).value = s <= 6 ? 'Detractor' : s <= 8 ? 'Passive' : 'Promoter';
      r++;
    }
    const distLast = r - 1;
    ws.autoFilter = { from: addr(1, dh), to: addr(3, distLast) };
    book.chart({
      sheet: 'Surveys',
      title: `NPS answers ${currentHeader}`,
      kind: 'column',
      series: [
        {
          name: 'Responses',
          categoriesRef: sheetRef('Surveys', 1, distFirst, 1, distLast),
          valuesRef: sheetRef('Surveys', 2, distFirst, 2, distLast),
          categories: Array.from({ length: 11 }, (_, i) => String(i)),
          values: Array.from({ length: 11 }, (_, i) => dist[i] ?? 0),
          color: COLORS.chartNavy,
        },
      ],
      anchor: anchorAt(5, dh - 1, 5, 14),
      valueFormat: '#,##0',
      legend: 'none',
    });
    freeze(ws, t.headerRow + 1, 2);
  }

  // ------------------------------------------------------------------ Breakdowns
  {
    const ws = book.sheet('Breakdowns');
    const bdefs = orderedDefs(
      input.catalog.filter((d) => d.breakdown || Object.values(quarter.breakdowns?.team ?? {}).some((v) => d.id in v)),
    );
    const notes: string[] = [];
    const rows: { dim: string; value: string; kpis: Record<string, { value: number | null }> }[] = [];
    const sortId = bdefs.find((d) => d.id === 'bookings') ? 'bookings' : bdefs[0]?.id;
    for (const dim of DIMENSIONS) {
      const entries = Object.entries(quarter.breakdowns?.[dim] ?? {});
      entries.sort((a, b) => (num(b[1][sortId]?.value ?? null) ?? -Infinity) - (num(a[1][sortId]?.value ?? null) ?? -Infinity));
      const cap = entries.slice(0, max);
      if (entries.length > cap.length) notes.push(`${dim}: ${capNote(cap.length, entries.length, 'values', 'largest bookings first')}`);
      for (const [value, kpis] of cap) rows.push({ dim, value, kpis });
    }
    const start = titleBlock(ws, [
      { text: `${company}: pipeline and sales by team, region, product, owner and source`, kind: 'title' },
      {
        text: `${currentHeader} (${quarter.start} to ${quarter.end}). Filter the Dimension column to compare teams, regions, products, owners or sources. "(none)" = deals without a value.`,
      },
      ...(notes.length ? [{ text: notes.join(' '), kind: 'warning' as const }] : []),
    ]);
    widths(ws, [12, 26, ...bdefs.map(() => 14)]);
    const h = headerRow(ws, start, ['Dimension', 'Value', ...bdefs.map((d) => d.label)]);
    let r = h + 1;
    for (const row of rows) {
      const xr = ws.getRow(r);
      xr.getCell(1).value = row.dim;
      xr.getCell(2).value = safeText(row.value);
      bdefs.forEach((d, i) => {
        numberCell(xr.getCell(3 + i), num(row.kpis[d.id]?.value ?? null), valueFormat({ unit: d.unit, id: d.id }, currency));
      });
      r++;
    }
    if (!rows.length) ws.getCell(r, 1).value = 'No breakdown data for this period.';
    ws.autoFilter = { from: addr(1, h), to: addr(2 + bdefs.length, Math.max(h, r - 1)) };
    freeze(ws, h + 1, 3);
  }

  writeDefinitions(book, input.catalog, currency, company);
  writeDataQuality(book, input, quarter, max);
  return book.toBuffer();
}

function writeDataQuality(book: Book, input: ReportInput, quarter: PeriodResult, max: number): void {
  const { document: doc, details } = input.result;
  const ws = book.sheet('Data quality');
  const files = [...input.files].sort((a, b) => (a.ingestedAt < b.ingestedAt ? 1 : a.ingestedAt > b.ingestedAt ? -1 : 0));
  let r = titleBlock(ws, [
    { text: `${doc.config.companyName}: data quality`, kind: 'title' },
    { text: `Files ingested up to this run (${doc.generatedAt}); rows rejected are listed in reports/rejected/<dataset>/<file>.errors.csv.` },
  ]);
  widths(ws, [36, 14, 14, 14, 14, 22, 22, 60]);
  section(ws, r, 'Uploads by dataset');
  r += 1;
  const h1 = headerRow(ws, r, ['Dataset', 'Files', 'Rows accepted', 'Rows rejected', 'Files quarantined', 'Latest upload', 'Latest file']);
  r = h1 + 1;
  const byDataset = new Map<DatasetName, FileRecord[]>();
  for (const f of files) {
    const list = byDataset.get(f.dataset) ?? [];
    list.push(f);
    byDataset.set(f.dataset, list);
  }
  for (const ds of DATASETS) {
    const list = byDataset.get(ds) ?? [];
    const row = ws.getRow(r);
    row.getCell(1).value = ds;
    numberCell(row.getCell(2), list.length, COUNT_FORMAT);
    numberCell(row.getCell(3), list.reduce((s, f) => s + (f.rowsAccepted || 0), 0), COUNT_FORMAT);
    numberCell(row.getCell(4), list.reduce((s, f) => s + (f.rowsRejected || 0), 0), COUNT_FORMAT);
    numberCell(row.getCell(5), list.filter((f) => f.outcome === 'quarantined').length, COUNT_FORMAT);
    if (list.length) {
      dateTimeCell(row.getCell(6), list[0].ingestedAt);
      row.getCell(7).value = safeText(list[0].fileName);
    } else {
      row.getCell(7).value = 'no file uploaded';
      row.getCell(7).font = { italic: true, color: { argb: COLORS.badFont } };
    }
    r++;
  }
  r += 1;
  // Warnings: finance conflicts (from the engine when it reports them) and KPIs that could not be computed.
  const warnings: { what: string; detail: string }[] = [];
  for (const issue of details.financeIssues ?? []) {
    warnings.push({
      what: issue.kind === 'conflict' ? `Finance conflict ${issue.quarter}` : `Finance months missing ${issue.quarter}`,
      detail: issue.message,
    });
  }
  // Engine diagnostics (present when the engine reports them): targets it could not place, rows it ignored.
  const diag = details as Partial<EngineDetails>;
  for (const t of diag.ignoredTargets ?? []) {
    warnings.push({ what: `Target ignored: ${t.target.kpi} ${t.target.period}${t.target.scope ? ` (${t.target.scope})` : ''}`, detail: t.reason });
  }
  const d = diag.diagnostics;
  if (d) {
    if (d.dealsAfterAsOf) warnings.push({ what: 'Deals dated after the as-of date', detail: `${d.dealsAfterAsOf.toLocaleString('en-US')} deals created after ${doc.asOf} are not counted.` });
    if (d.dealsInvalid) warnings.push({ what: 'Deals not usable', detail: `${d.dealsInvalid.toLocaleString('en-US')} deals could not be used (inconsistent dates or status).` });
    if (d.stageEventsIgnored) warnings.push({ what: 'Stage events ignored', detail: `${d.stageEventsIgnored.toLocaleString('en-US')} stage events refer to unknown deals or stages, or lie outside the deal's life.` });
    if (d.surveysAfterAsOf) warnings.push({ what: 'Survey responses after the as-of date', detail: `${d.surveysAfterAsOf.toLocaleString('en-US')} responses dated after ${doc.asOf} are not counted.` });
    if (d.financeUnreadablePeriods?.length) warnings.push({ what: 'Finance periods not understood', detail: d.financeUnreadablePeriods.join(', ') });
  }
  const labels = new Map(input.catalog.map((d) => [d.id, d.label]));
  for (const [id, kv] of Object.entries(quarter.kpis)) {
    if (kv.value === null) warnings.push({ what: `KPI not computed: ${labels.get(id) ?? id}`, detail: kv.reason ?? 'no reason given' });
  }
  section(ws, r, `Warnings: finance data, ignored rows and targets, KPIs not computed for ${quarter.id}${quarter.toDate ? ' (to date)' : ''}`, warnings.length ? undefined : 'None: finance data is consistent, nothing was ignored and every KPI could be computed.');
  r += warnings.length ? 1 : 3;
  if (warnings.length) {
    headerRow(ws, r, ['Warning', 'Detail']);
    r++;
    for (const w of warnings.slice(0, max)) {
      ws.getCell(r, 1).value = safeText(w.what);
      ws.getCell(r, 2).value = safeText(w.detail);
      r++;
    }
    r += 1;
  }
  const shown = files.slice(0, max);
  section(ws, r, 'Files', capNote(shown.length, files.length, 'files', 'newest first'));
  r += 2;
  const h3 = headerRow(ws, r, ['File', 'Dataset', 'Outcome', 'Rows accepted', 'Rows rejected', 'Ingested', 'Unknown columns', 'Problem / rejected rows report']);
  r = h3 + 1;
  for (const f of shown) {
    const row = ws.getRow(r);
    row.getCell(1).value = safeText(f.fileName);
    row.getCell(2).value = f.dataset;
    row.getCell(3).value = f.outcome;
    numberCell(row.getCell(4), f.rowsAccepted, COUNT_FORMAT);
    numberCell(row.getCell(5), f.rowsRejected, COUNT_FORMAT);
    dateTimeCell(row.getCell(6), f.ingestedAt);
    row.getCell(7).value = safeText((f.unknownColumns ?? []).join(', ')) || null;
    row.getCell(8).value = safeText(f.error ?? f.reportKey ?? '') || null;
    if (f.outcome !== 'accepted') band(ws, r, 1, 8);
    r++;
  }
  if (!shown.length) ws.getCell(r, 1).value = 'No files ingested yet.';
  const first = addr(3, h3 + 1);
  ws.addConditionalFormatting({
    ref: `${first}:${addr(3, Math.max(h3 + 1, r - 1))}`,
    rules: [
      exprRule(`${first}="quarantined"`, { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: COLORS.badFill } }, font: { color: { argb: COLORS.badFont } } }),
      exprRule(`${first}="partial"`, { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: COLORS.warnFill } }, font: { color: { argb: COLORS.warnFont } } }),
    ],
  });
  ws.autoFilter = { from: addr(1, h3), to: addr(8, Math.max(h3, r - 1)) };
  freeze(ws, 4);
}
