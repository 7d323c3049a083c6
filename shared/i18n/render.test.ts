/**
 * The Persian kit as LibreOffice renders it: a small RTL workbook with a Persian label,
 * a KPI definition and numbers in `[$-3000429]` formats, converted to PDF. The PDF text
 * must carry Persian digits and joined Persian words, and the PDF must embed the kit's
 * font (real glyphs, not boxes).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertWithLibreOffice } from '../report/charts/libreoffice';
import { valueFormat } from '../report/cells';
import { localeOf } from './locale';

const fa = localeOf('fa-IR');
let dir: string;
let text: string;
let fonts: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fa-render-'));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('خلاصه', { views: [{ rightToLeft: fa.rtl, showGridLines: false }] });
  const font = { name: fa.font, size: 12 };
  ws.columns = [{ width: 34 }, { width: 22 }, { width: 22 }];
  const rows: [string, number, string][] = [
    [fa.kpiLabel('bookings'), 1234567, valueFormat({ unit: 'money' }, 'IRR', fa)],
    [fa.kpiLabel('churn_rate'), 0.125, valueFormat({ unit: 'fraction' }, 'IRR', fa)],
    [fa.kpiLabel('sales_cycle_days'), 45.5, valueFormat({ unit: 'days' }, 'IRR', fa)],
    [fa.kpiLabel('open_pipeline_value'), 440_855_000_000, valueFormat({ unit: 'money', maxAbs: 440_855_000_000 }, 'IRR', fa)],
  ];
  const title = ws.getRow(1).getCell(1);
  title.value = fa.dir(fa.periodLabel({ id: 'FY1403-Q1', kind: 'quarter', start: '2024-03-20', end: '2024-06-20' }));
  title.font = font;
  rows.forEach(([label, v, fmt], i) => {
    const row = ws.getRow(i + 2);
    row.getCell(1).value = fa.dir(label);
    row.getCell(2).value = v;
    row.getCell(2).numFmt = fmt;
    row.getCell(1).font = row.getCell(2).font = font;
  });
  const def = ws.getRow(7).getCell(1);
  def.value = fa.dir(fa.kpiFormula('nps'));
  def.font = font;
  def.alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(7).height = 80;
  ws.getRow(8).getCell(1).value = fa.dir(fa.periodLabel({ id: 'FY1403', kind: 'year', start: '2024-03-20', end: '2025-03-20' }));
  ws.getRow(9).getCell(1).value = fa.dir(fa.periodLabel({ id: 'FY1403-Q1', kind: 'quarter', start: '2024-03-20', end: '2024-05-04', toDate: true }));
  ws.getRow(8).getCell(1).font = ws.getRow(9).getCell(1).font = font;
  const path = join(dir, 'fa.xlsx');
  await wb.xlsx.writeFile(path);
  const pdf = await convertWithLibreOffice(path, 'pdf', dir);
  text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a Persian workbook rendered by LibreOffice', () => {
  it('shows the numbers with Persian digits, the cells being real numbers', () => {
    expect(text).toMatch(/۱٬۲۳۴٬۵۶۷/);
    expect(text).toMatch(/۴۵٫۵/);
    expect(text).toMatch(/۱۲٫۵/);
    expect(text).toMatch(/۱۴۰۳\/۰۲\/۱۵/);
    expect(text).toMatch(/۴۴۰٬۸۵۵/); // rials in millions (the ,, scaling)
    expect(text).toContain('میلیون');
    expect(text).not.toMatch(/1,234,567|45\.5|12\.5|440/);
  });

  it('shows Persian words as joined letters, not isolated forms or boxes', () => {
    // pdftotext maps shaped glyphs back to the base letters; unjoined or missing glyphs would not give these words.
    for (const w of ['ریال', 'روز', 'فروش', 'مشتری', 'میانگین', 'مروجان', 'سال', 'مالی', 'منتهی']) {
      if (!text.includes(w) && !text.includes([...w].reverse().join(''))) throw new Error(`"${w}" not found in:\n${text}`);
    }
    expect(text).not.toMatch(/[\ufe70-\ufeff]/); // presentation forms only appear when shaping went wrong
  });

  it('keeps a definition that starts with digits in reading order once wrapped in direction marks', () => {
    // Without the marks LibreOffice lays the cell out left to right: "... منتقدان( × ۱۰۰".
    const line = text.split('\n').find((l) => l.includes('مروجان'))!;
    expect(line.indexOf('۱۰۰')).toBeGreaterThanOrEqual(0);
    expect(line.indexOf('۱۰۰')).toBeLessThan(line.indexOf('مروجان'));
  });

  it('embeds the kit font', () => {
    expect(fonts.replace(/\s+/g, '')).toContain(fa.font.replace(/\s+/g, ''));
  });
});
