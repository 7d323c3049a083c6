/**
 * Native Excel charts (DrawingML) for workbooks written by exceljs, which writes no charts.
 * Usage: const xlsx = await addCharts(Buffer.from(await wb.xlsx.writeBuffer()), specs).
 */
export type { ChartKind, ChartSeries, ChartSpec, ChartAnchor } from './types';
export { addCharts, ChartError, validateSpec } from './package';
export { renderChartXml, PALETTE } from './chart-xml';
export { rangeRef, quoteSheetName, columnLetters } from './refs';
