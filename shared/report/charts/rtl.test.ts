/**
 * Mirrored charts for right-to-left (Persian) sheets: the XML reverses the right axis, and
 * LibreOffice draws the first category on the right.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { renderChartXml } from './chart-xml';
import { sampleCharts } from './fixture';
import { addCharts } from './index';
import { convertWithLibreOffice } from './libreoffice';
import { all, parseTree, schemaViolations, type XmlNode } from './schema-order';
import type { ChartSpec } from './types';
import { localName } from './xml';

const child = (n: XmlNode, name: string) => n.children.find((c) => localName(c.name) === name);
const orientation = (ax: XmlNode) => child(child(ax, 'scaling')!, 'orientation')!.attrs.val;
const axPos = (ax: XmlNode) => child(ax, 'axPos')!.attrs.val;
const spec = (kind: ChartSpec['kind'], rtl: boolean): ChartSpec => ({ ...sampleCharts().find((c) => c.kind === kind)!, rtl });

describe('rtl charts (XML)', () => {
  it('a combo chart runs both category axes right to left, value axis on the right, secondary on the left', () => {
    const xml = renderChartXml(spec('combo', true));
    expect(schemaViolations(xml)).toEqual([]);
    const tree = parseTree(xml);
    expect(all(tree, 'catAx').map(orientation)).toEqual(['maxMin', 'maxMin']);
    expect(all(tree, 'valAx').map(axPos)).toEqual(['r', 'l']);
  });
  it('horizontal bars grow from right to left with their labels on the right', () => {
    const tree = parseTree(renderChartXml(spec('bar', true)));
    expect(orientation(all(tree, 'valAx')[0])).toBe('maxMin');
    expect(axPos(all(tree, 'catAx')[0])).toBe('r');
  });
  it('names a font in every text property, in schema order', () => {
    const xml = renderChartXml({ ...spec('combo', true), font: 'Noto Sans Arabic' });
    expect(schemaViolations(xml)).toEqual([]);
    const runs = xml.match(/<a:(defRPr|rPr)\b/g)!.length;
    expect(xml.match(/<a:cs typeface="Noto Sans Arabic"\/>/g)).toHaveLength(runs);
    expect(renderChartXml(spec('combo', true))).not.toContain('typeface');
  });

  it('left-to-right charts are unchanged', () => {
    expect(renderChartXml(spec('combo', false))).toBe(renderChartXml({ ...spec('combo', false), rtl: undefined }));
    const tree = parseTree(renderChartXml(spec('column', false)));
    expect(all(tree, 'catAx').map(orientation)).toEqual(['minMax']);
    expect(all(tree, 'valAx').map(axPos)).toEqual(['l']);
  });
});

describe('rtl charts (LibreOffice)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rtl-chart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('draws the first category on the right of a mirrored chart, left of an ordinary one, with the named font', async () => {
    const cats = ['Qa', 'Qb', 'Qc', 'Qd'];
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('LTR');
    wb.addWorksheet('RTL', { views: [{ rightToLeft: true }] });
    const data = wb.addWorksheet('Data');
    cats.forEach((c, i) => data.getRow(i + 1).values = [c, (i + 1) * 10]);
    const chart = (sheet: string, rtl: boolean): ChartSpec => ({
      sheet,
      title: rtl ? '\u200fفروش قطعی ۱۴۰۳\u200f' : sheet,
      font: rtl ? 'Noto Sans Arabic' : undefined,
      kind: 'column',
      rtl,
      anchor: { from: { col: 0, row: 0 }, to: { col: 8, row: 20 } },
      series: [{ name: 'v', categoriesRef: "'Data'!$A$1:$A$4", valuesRef: "'Data'!$B$1:$B$4", categories: cats, values: [10, 20, 30, 40] }],
    });
    const path = join(dir, 'rtl.xlsx');
    writeFileSync(path, await addCharts(Buffer.from(await wb.xlsx.writeBuffer()), [chart('LTR', false), chart('RTL', true)]));
    const pdf = await convertWithLibreOffice(path, 'pdf', dir);
    const xOf = (page: number, word: string): number => {
      const html = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' });
      const m = new RegExp(`<word xMin="([\\d.]+)"[^>]*>${word}</word>`).exec(html);
      if (!m) throw new Error(`${word} not on page ${page}`);
      return Number(m[1]);
    };
    expect(xOf(1, 'Qa')).toBeLessThan(xOf(1, 'Qd'));
    expect(xOf(2, 'Qa')).toBeGreaterThan(xOf(2, 'Qd'));
    // the Persian title is drawn with the named font, not a fallback
    expect(execFileSync('pdffonts', ['-f', '2', '-l', '2', pdf], { encoding: 'utf8' })).toMatch(/NotoSansArabic/);
  }, 120_000);
});
