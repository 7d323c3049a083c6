import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { posix } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNNEL_SHEET, REVENUE, STAGE_COUNTS, sampleCharts, sampleWorkbook } from './fixture';
import { ChartError, addCharts, rangeRef, type ChartSpec } from './index';
import { insertDrawingElement } from './package';
import { all, parseTree, schemaViolations, type XmlNode } from './schema-order';
import { localName, unescapeXml } from './xml';
import { expectValidWorkbook } from '../../../test/support/ooxml';

const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';

class Pkg {
  constructor(readonly zip: JSZip) {}
  static async of(buf: Buffer) {
    return new Pkg(await JSZip.loadAsync(buf));
  }
  async xml(path: string): Promise<string> {
    const f = this.zip.file(path);
    if (!f) throw new Error(`missing part ${path}`);
    return f.async('string');
  }
  async tree(path: string) {
    return parseTree(await this.xml(path));
  }
  async rels(part: string): Promise<{ Id: string; Type: string; Target: string }[]> {
    const path = posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
    if (!this.zip.file(path)) return [];
    return all(await this.tree(path), 'Relationship').map((r) => r.attrs as { Id: string; Type: string; Target: string });
  }
  /** Sheet name -> part, read the way Excel does (workbook.xml + its rels). */
  async sheetPart(name: string): Promise<string> {
    const wb = await this.tree('xl/workbook.xml');
    const sheet = all(wb, 'sheet').find((s) => s.attrs.name === name);
    if (!sheet) throw new Error(`no sheet ${name}`);
    const rel = (await this.rels('xl/workbook.xml')).find((r) => r.Id === sheet.attrs['r:id'])!;
    return posix.normalize(posix.join('xl', rel.Target));
  }
  async drawingOf(sheet: string): Promise<{ sheetPath: string; drawingPath: string; drawingRid: string }> {
    const sheetPath = await this.sheetPart(sheet);
    const drawings = all(await this.tree(sheetPath), 'drawing');
    expect(drawings).toHaveLength(1);
    const rel = (await this.rels(sheetPath)).find((r) => r.Id === drawings[0].attrs['r:id'])!;
    expect(rel.Type).toBe(REL_DRAWING);
    return { sheetPath, drawingPath: posix.normalize(posix.join(posix.dirname(sheetPath), rel.Target)), drawingRid: rel.Id };
  }
  /** Chart parts of a sheet's drawing, in anchor order. */
  async chartsOf(sheet: string): Promise<string[]> {
    const { drawingPath } = await this.drawingOf(sheet);
    const rels = await this.rels(drawingPath);
    const frames = all(await this.tree(drawingPath), 'graphicFrame');
    return frames.map((f) => {
      const rid = all(f, 'chart')[0].attrs['r:id'];
      const rel = rels.find((r) => r.Id === rid)!;
      expect(rel.Type).toBe(REL_CHART);
      return posix.normalize(posix.join(posix.dirname(drawingPath), rel.Target));
    });
  }
}

function topLevel(tree: XmlNode): string[] {
  return tree.children.map((c) => localName(c.name));
}

describe('addCharts on an exceljs workbook', () => {
  let original: Pkg;
  let pkg: Pkg;
  let out: Buffer;

  beforeAll(async () => {
    const xlsx = await sampleWorkbook();
    original = await Pkg.of(xlsx);
    out = await addCharts(xlsx, sampleCharts());
    pkg = await Pkg.of(out);
  });

  it('passes the OOXML check (ECMA-376 schemas, package, Excel rules)', () => expectValidWorkbook(out));

  it('writes one chart part per spec with a content-type override, and an override per new drawing', async () => {
    const ct = await pkg.tree('[Content_Types].xml');
    const overrides = all(ct, 'Override').map((o) => [o.attrs.PartName, o.attrs.ContentType]);
    const charts = Object.keys(pkg.zip.files).filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p));
    expect(charts).toHaveLength(5);
    for (const c of charts) expect(overrides).toContainEqual([`/${c}`, CT_CHART]);
    const drawings = Object.keys(pkg.zip.files).filter((p) => /^xl\/drawings\/drawing\d+\.xml$/.test(p));
    expect(drawings).toHaveLength(3); // Mix's existing picture drawing is reused
    for (const d of drawings) expect(overrides).toContainEqual([`/${d}`, CT_DRAWING]);
    const names = overrides.map((o) => o[0]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('Trends (table, frozen panes, footer): rels extended, <drawing> after headerFooter and before tableParts', async () => {
    const { sheetPath, drawingRid } = await pkg.drawingOf('Trends');
    const rels = await pkg.rels(sheetPath);
    const before = await original.rels(sheetPath);
    for (const r of before) expect(rels).toContainEqual(r);
    expect(rels).toHaveLength(before.length + 1);
    expect(new Set(rels.map((r) => r.Id)).size).toBe(rels.length);
    expect(rels.find((r) => r.Id === drawingRid)?.Type).toBe(REL_DRAWING);
    const tree = await pkg.tree(sheetPath);
    const order = topLevel(tree);
    expect(order.indexOf('drawing')).toBe(order.indexOf('tableParts') - 1);
    expect(order.indexOf('drawing')).toBeGreaterThan(order.indexOf('headerFooter'));
    expect(schemaViolations(await pkg.xml(sheetPath))).toEqual([]);
    // everything else of the sheet is unchanged
    const was = topLevel(await original.tree(sheetPath));
    expect(order.filter((n) => n !== 'drawing')).toEqual(was);
  });

  it('Trends holds three charts in one drawing, each anchored where the spec says', async () => {
    const { drawingPath } = await pkg.drawingOf('Trends');
    const tree = await pkg.tree(drawingPath);
    expect(schemaViolations(await pkg.xml(drawingPath))).toEqual([]);
    const anchors = all(tree, 'twoCellAnchor');
    expect(anchors).toHaveLength(3);
    const specs = sampleCharts().filter((c) => c.sheet === 'Trends');
    anchors.forEach((a, i) => {
      const from = all(a, 'from')[0].children.map((c) => Number(c.text));
      const to = all(a, 'to')[0].children.map((c) => Number(c.text));
      expect(from).toEqual([specs[i].anchor.from.col, 0, specs[i].anchor.from.row, 0]);
      expect(to).toEqual([specs[i].anchor.to.col, 0, specs[i].anchor.to.row, 0]);
      expect(unescapeXml(all(a, 'cNvPr')[0].attrs.descr)).toBe(specs[i].title);
    });
    const ids = all(tree, 'cNvPr').map((c) => c.attrs.id);
    expect(new Set(ids).size).toBe(3);
    const charts = await pkg.chartsOf('Trends');
    expect(new Set(charts).size).toBe(3);
    const kinds = await Promise.all(charts.map(async (c) => all(await pkg.tree(c), 'plotArea')[0].children.map((x) => localName(x.name)).filter((n) => n.endsWith('Chart'))));
    expect(kinds).toEqual([['barChart'], ['lineChart'], ['barChart', 'lineChart']]);
  });

  it('the funnel sheet (apostrophe in its name, hyperlink, note, data bar) gets <drawing> in schema order', async () => {
    const { sheetPath } = await pkg.drawingOf(FUNNEL_SHEET);
    const rels = await pkg.rels(sheetPath);
    const before = await original.rels(sheetPath);
    for (const r of before) expect(rels).toContainEqual(r);
    expect(rels.some((r) => r.Type.endsWith('/hyperlink') && r.Target === 'https://example.com/definitions')).toBe(true);
    expect(rels.some((r) => r.Type.endsWith('/vmlDrawing'))).toBe(true);
    const order = topLevel(await pkg.tree(sheetPath));
    expect(order.slice(-5)).toEqual(['hyperlinks', 'pageSetup', 'drawing', 'legacyDrawing', 'extLst']);
    expect(schemaViolations(await pkg.xml(sheetPath))).toEqual([]);
    // the rule-level extLst of the data bar stays inside its rule
    const cf = all(await pkg.tree(sheetPath), 'conditionalFormatting')[0];
    expect(all(cf, 'extLst')).toHaveLength(1);
    const [chart] = await pkg.chartsOf(FUNNEL_SHEET);
    const tree = await pkg.tree(chart);
    const fs = all(tree, 'f').map((f) => unescapeXml(f.text));
    expect(fs).toEqual(["'Pipeline''s funnel'!$A$2:$A$6", "'Pipeline''s funnel'!$B$2:$B$6"]);
    expect(all(all(tree, 'numCache')[0], 'v').map((v) => Number(v.text))).toEqual(STAGE_COUNTS);
  });

  it('Mix: the chart is appended to the drawing exceljs wrote for its picture', async () => {
    const { drawingPath } = await pkg.drawingOf('Mix');
    const { drawingPath: before } = await original.drawingOf('Mix');
    expect(drawingPath).toBe(before);
    const tree = await pkg.tree(drawingPath);
    expect(all(tree, 'pic')).toHaveLength(1);
    expect(all(tree, 'graphicFrame')).toHaveLength(1);
    const ids = all(tree, 'cNvPr').map((c) => c.attrs.id);
    expect(new Set(ids).size).toBe(2);
    const rels = await pkg.rels(drawingPath);
    expect(rels.map((r) => r.Type.split('/').at(-1)).sort()).toEqual(['chart', 'image']);
    const [chart] = await pkg.chartsOf('Mix');
    expect(all(await pkg.tree(chart), 'doughnutChart')).toHaveLength(1);
  });

  it('every chart part is in schema order and its caches match the spec', async () => {
    const specs = sampleCharts();
    const bySheet = new Map<string, string[]>();
    for (const s of new Set(specs.map((c) => c.sheet))) bySheet.set(s, await pkg.chartsOf(s));
    const seen = new Map<string, number>();
    for (const spec of specs) {
      const i = seen.get(spec.sheet) ?? 0;
      seen.set(spec.sheet, i + 1);
      const path = bySheet.get(spec.sheet)![i];
      const xml = await pkg.xml(path);
      expect(schemaViolations(xml)).toEqual([]);
      const sers = all(parseTree(xml), 'ser');
      expect(sers).toHaveLength(spec.series.length);
      sers.forEach((ser, k) => {
        const s = spec.series[k];
        const cat = all(ser, 'cat')[0];
        const v = all(ser, 'val')[0];
        expect(unescapeXml(all(cat, 'f')[0].text)).toBe(s.categoriesRef);
        expect(unescapeXml(all(v, 'f')[0].text)).toBe(s.valuesRef);
        expect(all(cat, 'ptCount')[0].attrs.val).toBe(String(s.categories.length));
        expect(all(cat, 'v').map((x) => unescapeXml(x.text))).toEqual(s.categories);
        expect(all(v, 'ptCount')[0].attrs.val).toBe(String(s.values.length));
        const cached = new Array(s.values.length).fill(null);
        for (const pt of all(v, 'pt')) cached[Number(pt.attrs.idx)] = Number(all(pt, 'v')[0].text);
        expect(cached).toEqual(s.values);
        expect(all(v, 'formatCode')).toHaveLength(1);
      });
    }
  });

  it('the sheet without charts is untouched', async () => {
    const path = await pkg.sheetPart('Empty');
    expect(await pkg.xml(path)).toBe(await original.xml(path));
  });

  it('exceljs reads the charted workbook back with cells, table, hyperlink and picture intact', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Trends', FUNNEL_SHEET, 'Mix', 'Empty']);
    const trends = wb.getWorksheet('Trends')!;
    expect(trends.getCell('B2').value).toBe(REVENUE[0]);
    expect(trends.getCell('C2').numFmt).toBe('0%');
    expect(trends.getTable('TrendTable')).toBeDefined();
    expect(trends.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const funnel = wb.getWorksheet(FUNNEL_SHEET)!;
    expect(funnel.getCell('B6').value).toBe(STAGE_COUNTS[4]);
    expect(funnel.getCell('D1').value).toMatchObject({ hyperlink: 'https://example.com/definitions' });
    expect(funnel.getCell('A1').note).toBe('Stages in pipeline order');
    expect(wb.getWorksheet('Mix')!.getImages()).toHaveLength(1);
  });

  it('charts can be added to an already charted package: numbering continues, drawings are reused', async () => {
    const extra: ChartSpec = {
      ...sampleCharts()[0],
      title: 'Second pass',
      anchor: { from: { col: 14, row: 20 }, to: { col: 22, row: 36 } },
    };
    const again = await Pkg.of(await addCharts(out, [extra]));
    const charts = await again.chartsOf('Trends');
    expect(charts).toHaveLength(4);
    expect(new Set(charts).size).toBe(4);
    expect(Object.keys(again.zip.files).filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p))).toHaveLength(6);
    expect((await again.xml(charts[3])).includes('Second pass')).toBe(true);
    const sheet = await again.tree(await again.sheetPart('Trends'));
    expect(all(sheet, 'drawing')).toHaveLength(1);
  });

  it('no charts: the package is returned as is', async () => {
    const xlsx = await sampleWorkbook();
    expect(await addCharts(xlsx, [])).toBe(xlsx);
  });
});

describe('addCharts rejects specs it cannot draw, naming the chart', () => {
  let xlsx: Buffer;
  beforeAll(async () => {
    xlsx = await sampleWorkbook();
  });
  const base = () => sampleCharts()[0];

  it('unknown sheet', async () => {
    await expect(addCharts(xlsx, [{ ...base(), sheet: 'Nope' }])).rejects.toThrow(/Revenue by quarter.*no such sheet/);
    await expect(addCharts(xlsx, [{ ...base(), sheet: 'Nope' }])).rejects.toBeInstanceOf(ChartError);
  });

  it('a range that does not span the cached points', async () => {
    const spec = base();
    spec.series[0].valuesRef = rangeRef('Trends', 'B2:B8');
    await expect(addCharts(xlsx, [spec])).rejects.toThrow(/valuesRef spans 7 cells but 8 values/);
  });

  it('categories and values of different lengths', async () => {
    const spec = base();
    spec.series[0].categories = spec.series[0].categories.slice(1);
    await expect(addCharts(xlsx, [spec])).rejects.toThrow(/7 cached categories but 8 cached values/);
  });

  it('a reference without a sheet, a bad colour, an empty or inverted anchor, no series', async () => {
    const noSheet = base();
    noSheet.series[0].valuesRef = '$B$2:$B$9';
    await expect(addCharts(xlsx, [noSheet])).rejects.toThrow(/valuesRef is not a sheet reference/);
    const colour = base();
    colour.series[0].color = 'blue';
    await expect(addCharts(xlsx, [colour])).rejects.toThrow(/color must be hex/);
    await expect(addCharts(xlsx, [{ ...base(), anchor: { from: { col: 5, row: 5 }, to: { col: 5, row: 9 } } }])).rejects.toThrow(/anchor/);
    await expect(addCharts(xlsx, [{ ...base(), series: [] }])).rejects.toThrow(/no series/);
  });

  it('a buffer that is not a zip package', async () => {
    await expect(addCharts(Buffer.from('not a zip'), [base()])).rejects.toBeInstanceOf(ChartError);
  });
});

describe('insertDrawingElement', () => {
  const D = '<drawing r:id="rId9"/>';
  it('puts <drawing> after the page set-up and before notes, tables and extensions', () => {
    const xml = '<worksheet><sheetData/><pageMargins/><headerFooter/><legacyDrawing r:id="a"/><tableParts count="0"/></worksheet>';
    expect(insertDrawingElement(xml, D)).toBe(
      '<worksheet><sheetData/><pageMargins/><headerFooter/><drawing r:id="rId9"/><legacyDrawing r:id="a"/><tableParts count="0"/></worksheet>',
    );
  });
  it('appends it when nothing follows, and repairs an extLst written before legacyDrawing', () => {
    expect(insertDrawingElement('<worksheet><sheetData/></worksheet>', D)).toBe('<worksheet><sheetData/><drawing r:id="rId9"/></worksheet>');
    const exceljs = '<worksheet><sheetData/><extLst><ext/></extLst><legacyDrawing r:id="a"/></worksheet>';
    expect(insertDrawingElement(exceljs, D)).toBe('<worksheet><sheetData/><drawing r:id="rId9"/><legacyDrawing r:id="a"/><extLst><ext/></extLst></worksheet>');
  });
  it('leaves the order alone (inserting only) when it meets an element it does not know', () => {
    const xml = '<worksheet><sheetData/><mc:AlternateContent/><extLst/><legacyDrawing r:id="a"/></worksheet>';
    expect(insertDrawingElement(xml, D)).toBe('<worksheet><sheetData/><mc:AlternateContent/><drawing r:id="rId9"/><extLst/><legacyDrawing r:id="a"/></worksheet>');
  });
});
