/**
 * LibreOffice headless opens every workbook, renders it to PDF, and recalculates
 * it: every formula's recalculated value must equal the value cached by the
 * renderer, and the re-saved package must still hold every chart.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSoffice } from '../../shared/report/charts/libreoffice';
import { renderDashboard } from '../../shared/report/workbooks/dashboard';
import { renderFinanceReview } from '../../shared/report/workbooks/finance-review';
import { renderAnnualReview } from '../../shared/report/workbooks/annual-review';
import { fixtureInput } from './fixture';
import { charts, formulaCells, load } from './xlsx';
import { expectValidWorkbook } from '../support/ooxml';
import { expectChartsWhole, pages } from './pdf';

const soffice = findSoffice();
if (!soffice) throw new Error('LibreOffice (soffice) is required for this test; install libreoffice-calc');

const dir = mkdtempSync(join(tmpdir(), 'report-lo-'));
const NAMES = ['dashboard', 'finance', 'annual', 'canary'] as const;
const REAL = ['dashboard', 'finance', 'annual'] as const;
type Name = (typeof NAMES)[number];
const files = {} as Record<Name, Buffer>;
const recalculated = {} as Record<Name, Buffer>;
const pdfs = {} as Record<(typeof REAL)[number], string>;
let canary: { sheet: string; cell: string; truth: number | string | null };

/**
 * One soffice run converting several files (one start-up for all of them), with a
 * profile that recalculates OOXML files on load (Tools > Options > Calc > Formula).
 */
function convertAll(inputs: string[], format: 'xlsx' | 'pdf', outDir: string): Promise<string[]> {
  const profile = mkdtempSync(join(tmpdir(), 'lo-recalc-'));
  mkdirSync(join(profile, 'user'), { recursive: true });
  writeFileSync(
    join(profile, 'user', 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
  );
  mkdirSync(outDir, { recursive: true });
  const args = [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--nologo', '--nodefault', '--nolockcheck', '--convert-to', format, '--outdir', outDir, ...inputs];
  return new Promise((done, fail) => {
    execFile(soffice!, args, { timeout: 300_000 }, (error, _stdout, stderr) => {
      rmSync(profile, { recursive: true, force: true });
      if (error) fail(new Error(`soffice could not convert ${inputs.join(', ')} to ${format}: ${error.message}\n${stderr}`));
      else done(inputs.map((i) => join(outDir, i.split('/').pop()!.replace(/\.xlsx$/, `.${format}`))));
    });
  });
}

beforeAll(async () => {
  const input = fixtureInput();
  files.dashboard = await renderDashboard(input);
  files.finance = await renderFinanceReview(input, { id: 'FY2026-Q3', closed: true, note: null });
  files.annual = await renderAnnualReview(input, { id: 'FY2025', closed: true, note: null });
  // Canary: the finance review with one cached result falsified. If LibreOffice
  // did not recalculate, the comparisons below would pass vacuously; this proves it does.
  const zip = await JSZip.loadAsync(files.finance);
  const sheetPath = 'xl/worksheets/sheet1.xml';
  const xml = await zip.file(sheetPath)!.async('string');
  const m = /<c r="([A-Z]+\d+)"[^>]*><f>[^<]*<\/f><v>(-?[\d.eE+-]+)<\/v><\/c>/.exec(xml)!;
  canary = { sheet: 'Quarter', cell: m[1], truth: Number(m[2]) };
  zip.file(sheetPath, xml.replace(m[0], m[0].replace(`<v>${m[2]}</v>`, '<v>987654321</v>')));
  files.canary = Buffer.from(await zip.generateAsync({ type: 'nodebuffer' }));
  for (const n of NAMES) writeFileSync(join(dir, `${n}.xlsx`), files[n]);
  const [xlsx, pdf] = await Promise.all([
    convertAll(NAMES.map((n) => join(dir, `${n}.xlsx`)), 'xlsx', join(dir, 'recalc')),
    convertAll(REAL.map((n) => join(dir, `${n}.xlsx`)), 'pdf', join(dir, 'pdf')),
  ]);
  NAMES.forEach((n, i) => (recalculated[n] = readFileSync(xlsx[i])));
  REAL.forEach((n, i) => (pdfs[n] = pdf[i]));
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('LibreOffice', () => {
  it('is given workbooks that pass the OOXML check', () => expectValidWorkbook(Object.fromEntries(REAL.map((n) => [n, files[n]]))));

  it('renders every workbook to a non-empty PDF', () => {
    for (const n of REAL) {
      const pdf = readFileSync(pdfs[n]);
      expect(pdf.subarray(0, 5).toString(), n).toBe('%PDF-');
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      expect(pages, n).toBeGreaterThanOrEqual(4);
    }
  });

  it('recalculates the canary, so the comparisons below are real', async () => {
    const after = await formulaCells(recalculated.canary, canary.sheet);
    expect(after.get(canary.cell)?.result as number).toBeCloseTo(canary.truth as number, 6);
    const before = await formulaCells(files.canary, canary.sheet);
    expect(before.get(canary.cell)?.result).toBe(987654321);
  });

  it('recalculates every formula to the value the renderer cached', async () => {
    for (const n of REAL) {
      const wb = await load(files[n]);
      let compared = 0;
      for (const ws of wb.worksheets) {
        const mine = await formulaCells(files[n], ws.name);
        const theirs = await formulaCells(recalculated[n], ws.name);
        for (const [cell, f] of mine) {
          const lo = theirs.get(cell);
          expect(lo, `${n}/${ws.name}!${cell} lost its formula`).toBeDefined();
          if (typeof f.result === 'number') expect(lo!.result as number, `${n}/${ws.name}!${cell} ${f.formula}`).toBeCloseTo(f.result, 6);
          else expect(lo!.result, `${n}/${ws.name}!${cell} ${f.formula}`).toBe(f.result);
          compared++;
        }
      }
      expect(compared, n).toBeGreaterThan(10);
    }
  });

  it('keeps every chart and its series ranges when it re-saves the workbook', async () => {
    for (const n of REAL) {
      const mine = await charts(files[n]);
      const theirs = await charts(recalculated[n]);
      expect(theirs.length, n).toBe(mine.length);
      const refs = (cs: typeof mine) => cs.flatMap((c) => c.series.map((s) => s.valRef.replace(/'/g, ''))).sort();
      expect(refs(theirs), n).toEqual(refs(mine));
    }
  });
});

describe('the printed dashboard', () => {
  it('prints in 14 pages: one each for Summary, Pipeline, This week and Customers (its top 25), Trends on two (the quarter-end forecast on its own page)', () => {
    const list = pages(pdfs.dashboard);
    const per = new Map<string, number>();
    for (const p of list) per.set(p.sheet, (per.get(p.sheet) ?? 0) + 1);
    expect(Object.fromEntries(per)).toEqual({
      Summary: 1, Pipeline: 1, 'Open pipeline': 1, 'This week': 1, Trends: 2, Customers: 1, Surveys: 2, Breakdowns: 1, Definitions: 2, 'Data quality': 1,
    });
  });

  it('prints every chart whole on one page of its own sheet, with no sliver of it on another', async () => {
    for (const n of REAL) await expectChartsWhole(pdfs[n], files[n]);
  });
});

