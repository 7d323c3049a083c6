/**
 * A Persian workbook (config `locale: "fa-IR"`): right-to-left sheets with Persian
 * names, numbers that stay numbers but show Persian digits (`[$-3000429]` formats),
 * mirrored charts, and what LibreOffice actually prints (Persian words and digits in
 * the PDF text, the order kept by direction marks).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertWithLibreOffice } from '../../shared/report/charts/libreoffice';
import { renderDashboard } from '../../shared/report/workbooks/dashboard';
import { MESSAGES_FA } from '../../shared/i18n/messages-fa';
import { SUMMARY_COLS } from '../../shared/report/sheets/summary';
import { displayLength } from '../../shared/report/sheet';
import { fixtureInput, fixtureResult } from './fixture';
import { load, rowWith } from './xlsx';
import { asPdfText, expectChartsWhole, pages } from './pdf';

const dir = mkdtempSync(join(tmpdir(), 'report-fa-'));
let buf: Buffer;
let wb: ExcelJS.Workbook;
let pdfText: string;
let pdfPath: string;

beforeAll(async () => {
  const result = structuredClone(fixtureResult());
  result.document.config = { ...result.document.config, locale: 'fa-IR', currency: 'IRR', timeZone: 'Asia/Tehran' };
  // rial amounts are large: a deal of 3.7 billion rials must still fit its cells
  for (const d of result.details.openDeals) d.amount *= 100_000;
  buf = await renderDashboard(fixtureInput({ result }));
  wb = await load(buf);
  writeFileSync(join(dir, 'dashboard-fa.xlsx'), buf);
  const pdf = await convertWithLibreOffice(join(dir, 'dashboard-fa.xlsx'), 'pdf', dir, { timeoutMs: 300_000 });
  pdfText = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  pdfPath = pdf;
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a Persian dashboard', () => {
  it('has right-to-left sheets named in Persian', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      MESSAGES_FA['sheet.summary'], MESSAGES_FA['sheet.pipeline'], MESSAGES_FA['sheet.openPipeline'], MESSAGES_FA['sheet.thisWeek'], MESSAGES_FA['sheet.trends'],
      MESSAGES_FA['sheet.customers'], MESSAGES_FA['sheet.surveys'], MESSAGES_FA['sheet.breakdowns'], MESSAGES_FA['sheet.definitions'], MESSAGES_FA['sheet.dataQuality'],
    ]);
    for (const ws of wb.worksheets) expect(ws.views[0]?.rightToLeft, ws.name).toBe(true);
  });

  it('keeps numbers as numbers and shows them with Persian digits through the number format', () => {
    const ws = wb.getWorksheet(MESSAGES_FA['sheet.summary'])!;
    const r = rowWith(ws, 'فروش قطعی');
    const q = fixtureResult().document.periods.find((p) => p.id === fixtureResult().details.currentQuarter)!;
    expect(ws.getCell(r, SUMMARY_COLS.value).value).toBe(q.kpis.bookings.value);
    expect(ws.getCell(r, SUMMARY_COLS.value).numFmt).toMatch(/^\[\$-3000429\]/);
    let numbers = 0;
    for (const sheet of wb.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (typeof cell.value !== 'number') return;
          numbers++;
          for (const section of (cell.numFmt || 'General').split(';')) expect(section, `${sheet.name}!${cell.address}`).toMatch(/^\[\$-3000429\]/);
        }),
      );
    }
    expect(numbers).toBeGreaterThan(100);
  });

  it('gives every number room at the default widths (no "###", rial amounts are long)', () => {
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          const v = cell.value;
          const n = typeof v === 'number' ? v : v && typeof v === 'object' && 'result' in v && typeof v.result === 'number' ? v.result : null;
          if (n === null) return;
          expect(displayLength(n, cell.numFmt || 'General') + 1, `${ws.name}!${cell.address}`).toBeLessThanOrEqual(ws.getColumn(Number(cell.col)).width ?? 8.43);
        }),
      );
    }
  });

  it('mirrors its column and line charts: categories right to left, the value axis on the right', async () => {
    const zip = await JSZip.loadAsync(buf);
    const parts = Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f));
    let mirrored = 0;
    for (const p of parts) {
      const xml = await zip.file(p)!.async('string');
      if (!/<c:barDir val="col"\/>|<c:lineChart>/.test(xml)) continue;
      mirrored++;
      expect(xml, p).toMatch(/<c:catAx><c:axId val="\d+"\/><c:scaling><c:orientation val="maxMin"\/>/);
      expect(xml, p).toMatch(/<c:valAx>(?:(?!<\/c:valAx>).)*<c:axPos val="r"\/>/s);
    }
    expect(mirrored).toBeGreaterThan(3);
  });

  it('prints Persian words and Persian digits (LibreOffice PDF text)', () => {
    expect(pdfText).toContain('داشبورد هفتگی مدیران');
    expect(pdfText).toContain('فروش قطعی');
    expect(pdfText).toContain('مشتریان جدید');
    expect(pdfText).toMatch(/ریال ‪?[۰-۹]{1,3}٬[۰-۹]{3}/); // rial amounts grouped with the Persian separator
    expect(pdfText).toMatch(/[۰-۹]+٫[۰-۹]%/); // percentages with the Persian decimal separator
    expect(pdfText).toMatch(/۱۴۰۵\/۰۹\/۰۱/); // the as-of date in the Jalali calendar (2026-11-22)
  });

  it('prints every chart whole on one page (taller Persian rows move the page breaks)', async () => {
    const list = pages(pdfPath);
    expect(list.length).toBeLessThanOrEqual(15);
    expect(list[0].sheet).toBe(asPdfText(MESSAGES_FA['sheet.summary']));
    await expectChartsWhole(pdfPath, buf);
  });
});
