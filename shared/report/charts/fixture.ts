/**
 * Sample workbook and one chart of each kind, shared by the tests of this folder (not used in production).
 * Sheets: "Trends" (a table with frozen header, page setup, footer), "Pipeline's funnel" (a hyperlink, an
 * apostrophe in the name), "Mix" (a picture drawn by exceljs), "Empty" (no charts).
 */
import ExcelJS from 'exceljs';
import { rangeRef } from './refs';
import type { ChartSpec } from './types';

export const QUARTERS = ['FY2025-Q1', 'FY2025-Q2', 'FY2025-Q3', 'FY2025-Q4', 'FY2026-Q1', 'FY2026-Q2', 'FY2026-Q3', 'FY2026-Q4'];
export const REVENUE = [1_200_000, 1_350_000, 1_280_000, 1_510_000, 1_470_000, 1_620_000, 1_700_000, null];
export const WIN_RATE = [0.38, 0.41, 0.4, 0.44, 0.43, 0.47, 0.45, null];
export const TARGET = [1_250_000, 1_300_000, 1_350_000, 1_400_000, 1_500_000, 1_550_000, 1_600_000, 1_650_000];
export const STAGES = ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won'];
export const STAGE_COUNTS = [420, 260, 140, 75, 48];
export const SEGMENTS = ['Champions', 'Loyal', 'At risk', 'Lost'];
export const SEGMENT_COUNTS = [120, 340, 85, 40];

export const FUNNEL_SHEET = "Pipeline's funnel";
// 1x1 transparent PNG
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

export async function sampleWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const trends = wb.addWorksheet('Trends');
  trends.views = [{ state: 'frozen', ySplit: 1 }];
  trends.addTable({
    name: 'TrendTable',
    ref: 'A1',
    headerRow: true,
    columns: [{ name: 'Quarter' }, { name: 'Revenue' }, { name: 'Win rate' }, { name: 'Target' }],
    rows: QUARTERS.map((q, i) => [q, REVENUE[i], WIN_RATE[i], TARGET[i]]),
  });
  trends.getColumn(1).width = 14;
  trends.getColumn(2).numFmt = '"$"#,##0';
  trends.getColumn(3).numFmt = '0%';
  trends.getColumn(4).numFmt = '"$"#,##0';
  trends.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  trends.headerFooter = { oddFooter: 'Page &P of &N' };

  const funnel = wb.addWorksheet(FUNNEL_SHEET);
  funnel.getCell('A1').value = 'Stage';
  funnel.getCell('B1').value = 'Deals';
  STAGES.forEach((s, i) => {
    funnel.getCell(i + 2, 1).value = s;
    funnel.getCell(i + 2, 2).value = STAGE_COUNTS[i];
  });
  funnel.getCell('D1').value = { text: 'Definitions', hyperlink: 'https://example.com/definitions' };
  funnel.pageSetup = { orientation: 'landscape' };
  // a note (legacyDrawing + vml rels) and a data bar (x14 extLst at the end of the sheet, and inside the rule)
  funnel.getCell('A1').note = 'Stages in pipeline order';
  funnel.addConditionalFormatting({
    ref: 'B2:B6',
    rules: [{ type: 'dataBar', priority: 1, cfvo: [{ type: 'min' }, { type: 'max' }], color: { argb: 'FF5B9BD5' } } as ExcelJS.ConditionalFormattingRule],
  });

  const mix = wb.addWorksheet('Mix');
  mix.getCell('A1').value = 'Segment';
  mix.getCell('B1').value = 'Customers';
  SEGMENTS.forEach((s, i) => {
    mix.getCell(i + 2, 1).value = s;
    mix.getCell(i + 2, 2).value = SEGMENT_COUNTS[i];
  });
  const img = wb.addImage({ buffer: PNG as unknown as ExcelJS.Buffer, extension: 'png' });
  mix.addImage(img, 'L1:L2');
  mix.pageSetup = { orientation: 'landscape' };

  wb.addWorksheet('Empty').getCell('A1').value = 'nothing to chart';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const cats = rangeRef('Trends', 'A2:A9');

export function sampleCharts(): ChartSpec[] {
  return [
    {
      sheet: 'Trends',
      title: 'Revenue by quarter',
      kind: 'column',
      series: [
        { name: 'Revenue', nameRef: rangeRef('Trends', 'B1'), categoriesRef: cats, valuesRef: rangeRef('Trends', 'B2:B9'), categories: QUARTERS, values: REVENUE },
        { name: 'Target', nameRef: rangeRef('Trends', 'D1'), categoriesRef: cats, valuesRef: rangeRef('Trends', 'D2:D9'), categories: QUARTERS, values: TARGET },
      ],
      anchor: { from: { col: 5, row: 1 }, to: { col: 13, row: 18 } },
      valueFormat: '"$"#,##0',
    },
    {
      sheet: 'Trends',
      title: 'Win rate <trend> & "target"',
      kind: 'line',
      series: [
        { name: 'Win rate', categoriesRef: cats, valuesRef: rangeRef('Trends', 'C2:C9'), categories: QUARTERS, values: WIN_RATE, color: 'C00000' },
      ],
      anchor: { from: { col: 5, row: 19 }, to: { col: 13, row: 36 } },
      valueFormat: '0%',
      dataLabels: true,
    },
    {
      sheet: 'Trends',
      title: 'Revenue and win rate',
      kind: 'combo',
      series: [
        { name: 'Revenue', categoriesRef: cats, valuesRef: rangeRef('Trends', 'B2:B9'), categories: QUARTERS, values: REVENUE, type: 'column' },
        { name: 'Win rate', categoriesRef: cats, valuesRef: rangeRef('Trends', 'C2:C9'), categories: QUARTERS, values: WIN_RATE, type: 'line', secondaryAxis: true },
      ],
      anchor: { from: { col: 14, row: 1 }, to: { col: 22, row: 18 } },
      valueFormat: '"$"#,##0',
      secondaryValueFormat: '0%',
    },
    {
      sheet: FUNNEL_SHEET,
      title: 'Pipeline funnel',
      kind: 'bar',
      series: [
        {
          name: 'Deals',
          categoriesRef: rangeRef(FUNNEL_SHEET, 'A2:A6'),
          valuesRef: rangeRef(FUNNEL_SHEET, 'B2:B6'),
          categories: STAGES,
          values: STAGE_COUNTS,
        },
      ],
      anchor: { from: { col: 3, row: 2 }, to: { col: 11, row: 18 } },
      valueFormat: '#,##0',
      legend: 'none',
      dataLabels: true,
    },
    {
      sheet: 'Mix',
      title: 'Loyalty segments',
      kind: 'doughnut',
      series: [
        {
          name: 'Customers',
          categoriesRef: rangeRef('Mix', 'A2:A5'),
          valuesRef: rangeRef('Mix', 'B2:B5'),
          categories: SEGMENTS,
          values: SEGMENT_COUNTS,
        },
      ],
      anchor: { from: { col: 3, row: 1 }, to: { col: 10, row: 16 } },
      legend: 'right',
      dataLabels: true,
      varyColors: true,
      holeSize: 55,
    },
  ];
}
