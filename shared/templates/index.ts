/**
 * Blank upload templates, one CSV and one XLSX per dataset, plus a README.txt.
 *
 * XLSX: the first sheet is named after the dataset (the sheet the reader reads) and
 * holds only the header row; every header cell carries a note (type, required,
 * meaning); enum columns get drop-down lists (status, deal_type; targets' kpi from a
 * hidden "Lists" sheet, too long for an inline list), numbers and dates get
 * validations. A "Notes" sheet documents every column. Nothing but the header row is
 * on the data sheet, so no note can be mistaken for data.
 * CSV: the header row only; README.txt beside it explains the columns.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { DATASETS, type DatasetName } from '../model/types';
import { KPI_CATALOG } from '../engine/catalog';
import { columnDocs, type ColumnDoc } from './columns';

export { columnDocs, type ColumnDoc } from './columns';

/** Rows of the data sheet that carry the validations (a generous upload). */
export const VALIDATED_ROWS = 5000;

function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/**
 * One paragraph, no line breaks: exceljs marks text with a line break xml:space="preserve", which the
 * ECMA-376 transitional schema does not allow on a comment's <t> (docs/decisions/ooxml.md).
 */
function noteText(c: ColumnDoc): string {
  const parts = [`Type: ${c.type}.`, `Required: ${c.required}.`];
  if (c.meaning) parts.push(/[.!?]$/.test(c.meaning) ? c.meaning : `${c.meaning}.`);
  if (c.values) parts.push(`Allowed: ${c.values.join(', ')}.`);
  return parts.join(' ');
}

function validationFor(c: ColumnDoc, kpiRange: string): ExcelJS.DataValidation | null {
  const base = { allowBlank: true, showErrorMessage: true, showInputMessage: true, promptTitle: c.name, prompt: `${c.type}. Required: ${c.required}`.slice(0, 255) };
  switch (c.kind) {
    case 'enum':
      return { ...base, type: 'list', formulae: [`"${c.values!.join(',')}"`], errorStyle: 'stop', errorTitle: c.name, error: `Choose one of: ${c.values!.join(', ')}` };
    case 'kpi':
      return { ...base, type: 'list', formulae: [kpiRange], errorStyle: 'stop', errorTitle: 'kpi', error: 'Choose a KPI id from the list (see the Lists sheet).' };
    case 'integer':
      return {
        ...base,
        type: 'whole',
        operator: 'between',
        formulae: [c.min ?? 0, c.max ?? 1_000_000],
        errorStyle: 'stop',
        errorTitle: c.name,
        error: `A whole number${c.max !== undefined ? ` from ${c.min} to ${c.max}` : ` >= ${c.min ?? 0}`}.`,
      };
    case 'number':
      return c.min !== undefined
        ? { ...base, type: 'decimal', operator: 'greaterThanOrEqual', formulae: [c.min], errorStyle: 'stop', errorTitle: c.name, error: `A number >= ${c.min}.` }
        : { ...base, type: 'decimal', operator: 'between', formulae: [-1e15, 1e15], errorStyle: 'warning', errorTitle: c.name, error: 'A plain number is expected.' };
    case 'date':
      // Warning only: ISO text such as 2026-03-31 is accepted by the reader too.
      return { ...base, type: 'date', operator: 'greaterThan', formulae: [new Date(Date.UTC(1990, 0, 1))], errorStyle: 'warning', errorTitle: c.name, error: 'A date is expected (YYYY-MM-DD).' };
    default:
      return null;
  }
}

/** The XLSX template of one dataset. */
export function templateWorkbook(dataset: DatasetName): ExcelJS.Workbook {
  const cols = columnDocs(dataset);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'scorecard templates';
  const ws = wb.addWorksheet(dataset, { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = ws.addRow(cols.map((c) => c.name));
  header.font = { bold: true };
  cols.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.note = noteText(c);
    if (c.required === 'yes') cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
    const col = ws.getColumn(i + 1);
    col.width = Math.max(14, c.name.length + 4);
    if (c.kind === 'date') col.numFmt = 'yyyy-mm-dd';
  });

  const lists = wb.addWorksheet('Lists', { state: 'hidden' });
  lists.addRow(['kpi', 'label', 'unit']).font = { bold: true };
  for (const k of KPI_CATALOG) lists.addRow([k.id, k.label, k.unit]);
  const kpiRange = `Lists!$A$2:$A$${KPI_CATALOG.length + 1}`;

  cols.forEach((c, i) => {
    const v = validationFor(c, kpiRange);
    if (v) {
      const letter = columnLetter(i + 1);
      // exceljs supports range addresses here (merged into one sqref); its typings lack the property.
      (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}2:${letter}${VALIDATED_ROWS + 1}`, v);
    }
  });

  const notes = wb.addWorksheet('Notes');
  notes.addRow([`Template for the "${dataset}" dataset: fill the "${dataset}" sheet, one row per record below the header row.`]);
  notes.addRow(['Column names match without regard to case, spaces, "-" or "_". Yellow headers are required columns.']);
  notes.addRow([]);
  const h = notes.addRow(['column', 'type', 'required', 'meaning', 'allowed values']);
  h.font = { bold: true };
  for (const c of cols) notes.addRow([c.name, c.type, c.required, c.meaning, c.values?.join(', ') ?? (c.kind === 'kpi' ? 'see the Lists sheet' : '')]);
  notes.getColumn(1).width = 22;
  notes.getColumn(2).width = 40;
  notes.getColumn(3).width = 24;
  notes.getColumn(4).width = 90;
  notes.getColumn(5).width = 30;
  return wb;
}

export function templateCsv(dataset: DatasetName): string {
  return columnDocs(dataset).map((c) => c.name).join(',') + '\r\n';
}

export function templatesReadme(): string {
  const out: string[] = [
    'Scorecard upload templates',
    '==========================',
    '',
    'One CSV and one XLSX template per dataset. Fill either one and put it in the',
    'dataset\'s folder: DATA/<dataset>/<any name>.csv|xlsx, then run',
    '  npx scorecard report --data DATA --out OUT',
    '(in AWS: upload it under uploads/<dataset>/ in the bucket).',
    '',
    'CSV: UTF-8 (with or without BOM), comma or semicolon separated, header row first.',
    'XLSX: the first sheet, or a sheet named after the dataset. Header notes and the',
    'Notes sheet explain every column; drop-downs list the allowed values.',
    'Dates: YYYY-MM-DD (or an ISO timestamp, or a date cell in XLSX); a year-first date with a year 1300-1499 is Solar Hijri: 1403/01/15.',
    'Numbers: plain decimals; thousands separators and currency symbols are accepted.',
    'Column names match without regard to case, spaces, "-" or "_".',
    'Rows with the same key as an earlier upload replace it (last upload wins).',
    '',
  ];
  for (const ds of DATASETS) {
    out.push(`${ds}`, '-'.repeat(ds.length));
    for (const c of columnDocs(ds)) {
      out.push(`  ${c.name.padEnd(22)} ${c.type}; required: ${c.required}${c.meaning ? `. ${c.meaning}` : ''}`);
    }
    if (ds === 'targets') out.push(`  KPI ids: ${KPI_CATALOG.map((k) => k.id).join(', ')}`);
    out.push('');
  }
  return out.join('\n');
}

/** Writes OUT/<dataset>.csv, OUT/<dataset>.xlsx and OUT/README.txt; returns the file names written. */
export async function writeTemplates(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const ds of DATASETS) {
    await writeFile(join(dir, `${ds}.csv`), templateCsv(ds));
    files.push(`${ds}.csv`);
    await templateWorkbook(ds).xlsx.writeFile(join(dir, `${ds}.xlsx`));
    files.push(`${ds}.xlsx`);
  }
  await writeFile(join(dir, 'README.txt'), templatesReadme());
  files.push('README.txt');
  return files;
}
