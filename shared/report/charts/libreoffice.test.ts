/**
 * LibreOffice opens the charted workbook: converts it to PDF (chart titles are rendered) and to ODS (every
 * chart survives as a chart object whose series still point at the sheet ranges, i.e. nothing was dropped).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNNEL_SHEET, sampleCharts, sampleWorkbook } from './fixture';
import { addCharts } from './index';
import { LibreOfficeError, convertWithLibreOffice, findSoffice } from './libreoffice';

const dir = mkdtempSync(join(tmpdir(), 'charts-lo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** "'Pipeline''s funnel'!$A$2:$A$6" and "'Pipeline''s funnel'.A2:'Pipeline''s funnel'.A6" -> "Pipeline's funnel!A2:A6". */
function canonical(ref: string): string {
  const parts = ref.split(/:(?=(?:'|[^'.:]+\.|\$?[A-Z]))/);
  const cells = parts.map((p) => {
    const m = /^(?:('(?:[^']|'')+'|[^'!.]+)[!.])?\$?([A-Z]+)\$?(\d+)$/.exec(p);
    if (!m) throw new Error(`cannot read reference ${ref}`);
    const sheet = m[1] ? m[1].replace(/^'|'$/g, '').replace(/''/g, "'") : '';
    return { sheet, cell: `${m[2]}${m[3]}` };
  });
  return `${cells[0].sheet}!${cells.map((c) => c.cell).join(':')}`;
}

describe('LibreOffice keeps the charts', () => {
  let pdfText: string;
  let ods: JSZip;
  const specs = sampleCharts();

  beforeAll(async () => {
    const xlsx = join(dir, 'charted.xlsx');
    writeFileSync(xlsx, await addCharts(await sampleWorkbook(), specs));
    // two independent conversions (each with its own profile) in parallel
    const [pdf, odsPath] = await Promise.all([
      convertWithLibreOffice(xlsx, 'pdf', join(dir, 'pdf')),
      convertWithLibreOffice(xlsx, 'ods', join(dir, 'ods')),
    ]);
    pdfText = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    ods = await JSZip.loadAsync(readFileSync(odsPath));
  });

  it('renders every chart title into the PDF', () => {
    for (const spec of specs) expect(pdfText).toContain(spec.title);
  });

  it('imports every chart as a chart object with the right type', async () => {
    const content = await ods.file('content.xml')!.async('string');
    const objects = [...content.matchAll(/<draw:object\b[^>]*xlink:href="\.\/([^"]+)"/g)].map((m) => m[1]);
    expect(objects).toHaveLength(specs.length);
    const classes: string[] = [];
    for (const o of objects) {
      const chart = await ods.file(`${o}/content.xml`)!.async('string');
      classes.push(/<chart:chart\b[^>]*chart:class="chart:([a-z]+)"/.exec(chart)![1]);
    }
    expect(classes.sort()).toEqual(['bar', 'bar', 'bar', 'line', 'ring']);
  });

  it('keeps each series linked to its sheet range, and the combo line on the secondary axis', async () => {
    const content = await ods.file('content.xml')!.async('string');
    const objects = [...content.matchAll(/<draw:object\b[^>]*xlink:href="\.\/([^"]+)"/g)].map((m) => m[1]);
    const linked: string[][] = [];
    let secondaryLines = 0;
    for (const o of objects) {
      const chart = await ods.file(`${o}/content.xml`)!.async('string');
      const series = [...chart.matchAll(/<chart:series\b[^>]*>/g)].map((m) => m[0]);
      linked.push(series.map((s) => canonical(/chart:values-cell-range-address="([^"]+)"/.exec(s)![1].replace(/&apos;/g, "'"))).sort());
      secondaryLines += series.filter((s) => s.includes('chart:class="chart:line"') && s.includes('secondary-y')).length;
    }
    const expected = specs.map((c) => c.series.map((s) => canonical(s.valuesRef)).sort());
    expect(linked.map((l) => l.join(' ')).sort()).toEqual(expected.map((l) => l.join(' ')).sort());
    expect(expected.flat()).toContain(`${FUNNEL_SHEET}!B2:B6`);
    expect(secondaryLines).toBe(1);
  });
});

describe('findSoffice / convertWithLibreOffice', () => {
  it('finds soffice on the given search path first', () => {
    const bin = mkdtempSync(join(dir, 'bin-'));
    const fake = join(bin, 'soffice');
    writeFileSync(fake, '#!/bin/sh\nexit 0\n');
    chmodSync(fake, 0o755);
    expect(findSoffice(bin)).toBe(fake);
    expect(findSoffice()).toMatch(/soffice$/);
  });

  it('reports a missing input, a failing soffice, a timeout and a missing output as LibreOfficeError', async () => {
    const bin = mkdtempSync(join(dir, 'bin-'));
    const failing = join(bin, 'fail.sh');
    writeFileSync(failing, '#!/bin/sh\necho "boom" >&2\nexit 3\n');
    const slow = join(bin, 'slow.sh');
    writeFileSync(slow, '#!/bin/sh\nsleep 5\n');
    const silent = join(bin, 'silent.sh');
    writeFileSync(silent, '#!/bin/sh\nexit 0\n');
    for (const f of [failing, slow, silent]) chmodSync(f, 0o755);
    const input = join(bin, 'in.xlsx');
    writeFileSync(input, 'x');
    await expect(convertWithLibreOffice(join(bin, 'missing.xlsx'), 'pdf', bin)).rejects.toThrow(/no such file/);
    await expect(convertWithLibreOffice(input, 'pdf', bin, { soffice: failing })).rejects.toThrow(/failed.*\n?boom/s);
    await expect(convertWithLibreOffice(input, 'pdf', bin, { soffice: slow, timeoutMs: 300 })).rejects.toThrow(/timed out/);
    await expect(convertWithLibreOffice(input, 'pdf', bin, { soffice: silent })).rejects.toBeInstanceOf(LibreOfficeError);
  });
});
