import { describe, expect, it } from 'vitest';
import { renderChartXml, textColorOn } from './chart-xml';
import { QUARTERS, REVENUE, WIN_RATE, sampleCharts } from './fixture';
import { all, parseTree, schemaViolations, type XmlNode } from './schema-order';
import type { ChartSpec } from './types';
import { localName, unescapeXml } from './xml';

const child = (n: XmlNode, name: string) => n.children.find((c) => localName(c.name) === name);
const val = (n: XmlNode | undefined) => n?.attrs.val;

function byKind(kind: ChartSpec['kind']): ChartSpec {
  const spec = sampleCharts().find((c) => c.kind === kind);
  if (!spec) throw new Error(kind);
  return spec;
}

describe('textColorOn', () => {
  it('picks white on dark fills and near-black on light ones', () => {
    expect(textColorOn('2F5597')).toBe('FFFFFF');
    expect(textColorOn('000000')).toBe('FFFFFF');
    expect(textColorOn('FFC000')).toBe('262626');
    expect(textColorOn('FFFFFF')).toBe('262626');
  });
});

describe('renderChartXml', () => {
  it.each(['column', 'line', 'combo', 'bar', 'doughnut'] as const)('%s: well-formed and in schema order', (kind) => {
    const xml = renderChartXml(byKind(kind));
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')).toBe(true);
    expect(schemaViolations(xml)).toEqual([]);
  });

  it('schema check catches an out-of-order element (the check itself can fail)', () => {
    const xml = renderChartXml(byKind('column')).replace('<c:plotVisOnly val="1"/>', '').replace('<c:chart>', '<c:chart><c:plotVisOnly val="1"/>');
    expect(schemaViolations(xml).join()).toMatch(/out of order/);
  });

  it('column: clustered bars, one series per spec series with references and cached values', () => {
    const tree = parseTree(renderChartXml(byKind('column')));
    const bar = all(tree, 'barChart')[0];
    expect(val(child(bar, 'barDir'))).toBe('col');
    expect(val(child(bar, 'grouping'))).toBe('clustered');
    const sers = all(bar, 'ser');
    expect(sers).toHaveLength(2);
    const s0 = sers[0];
    expect(unescapeXml(all(child(s0, 'tx')!, 'f')[0].text)).toBe("'Trends'!$B$1");
    expect(all(child(s0, 'tx')!, 'v')[0].text).toBe('Revenue');
    expect(unescapeXml(all(child(s0, 'cat')!, 'f')[0].text)).toBe("'Trends'!$A$2:$A$9");
    expect(unescapeXml(all(child(s0, 'val')!, 'f')[0].text)).toBe("'Trends'!$B$2:$B$9");
    const strCache = all(child(s0, 'cat')!, 'strCache')[0];
    expect(val(child(strCache, 'ptCount'))).toBe(String(QUARTERS.length));
    expect(all(strCache, 'v').map((v) => v.text)).toEqual(QUARTERS);
    const numCache = all(child(s0, 'val')!, 'numCache')[0];
    expect(child(numCache, 'formatCode')!.text).toBe('&quot;$&quot;#,##0');
    expect(val(child(numCache, 'ptCount'))).toBe('8');
    // the empty last quarter has no point
    const pts = all(numCache, 'pt');
    expect(pts.map((p) => Number(p.attrs.idx))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(pts.map((p) => Number(child(p, 'v')!.text))).toEqual(REVENUE.slice(0, 7));
    // value axis shows the requested format, light gridlines, legend at the bottom
    const valAx = all(tree, 'valAx')[0];
    expect(unescapeXml(child(valAx, 'numFmt')!.attrs.formatCode)).toBe('"$"#,##0');
    expect(child(valAx, 'numFmt')!.attrs.sourceLinked).toBe('0');
    expect(child(valAx, 'majorGridlines')).toBeDefined();
    expect(val(all(tree, 'legendPos')[0])).toBe('b');
  });

  it('line: title escaped, markers, data labels with the axis format placed on top', () => {
    const xml = renderChartXml(byKind('line'));
    expect(xml).toContain('<a:t>Win rate &lt;trend&gt; &amp; &quot;target&quot;</a:t>');
    const tree = parseTree(xml);
    const line = all(tree, 'lineChart')[0];
    const ser = all(line, 'ser')[0];
    expect(all(ser, 'srgbClr')[0].attrs.val).toBe('C00000');
    expect(val(child(ser, 'smooth'))).toBe('0');
    const dl = child(ser, 'dLbls')!;
    expect(child(dl, 'numFmt')!.attrs.formatCode).toBe('0%');
    expect(val(child(dl, 'dLblPos'))).toBe('t');
    expect(val(child(dl, 'showVal'))).toBe('1');
    expect(all(child(ser, 'val')!, 'v').map((v) => Number(v.text))).toEqual(WIN_RATE.filter((v) => v !== null));
  });

  it('combo: columns on the primary axis, line on a secondary axis at the right', () => {
    const tree = parseTree(renderChartXml(byKind('combo')));
    const plot = all(tree, 'plotArea')[0];
    const kinds = plot.children.map((c) => localName(c.name));
    expect(kinds.indexOf('barChart')).toBeLessThan(kinds.indexOf('lineChart'));
    const barAx = all(all(plot, 'barChart')[0], 'axId').map(val);
    const lineAx = all(all(plot, 'lineChart')[0], 'axId').map(val);
    expect(barAx).toHaveLength(2);
    expect(lineAx).toHaveLength(2);
    expect(lineAx.some((id) => barAx.includes(id))).toBe(false);
    const valAxes = all(plot, 'valAx');
    expect(valAxes).toHaveLength(2);
    const secondary = valAxes.find((a) => val(child(a, 'axId')) === lineAx[1])!;
    expect(val(child(secondary, 'axPos'))).toBe('r');
    expect(val(child(secondary, 'crosses'))).toBe('max');
    expect(child(secondary, 'numFmt')!.attrs.formatCode).toBe('0%');
    // the secondary category axis exists (crossing partner) but is hidden
    const cat2 = all(plot, 'catAx').find((a) => val(child(a, 'axId')) === lineAx[0])!;
    expect(val(child(cat2, 'delete'))).toBe('1');
    // every axis's crossAx points at an axis of the same chart
    const ids = [...all(plot, 'catAx'), ...valAxes].map((a) => val(child(a, 'axId')));
    for (const a of [...all(plot, 'catAx'), ...valAxes]) expect(ids).toContain(val(child(a, 'crossAx')));
    // the line's numbers are cached in its own (percent) format
    expect(all(all(plot, 'lineChart')[0], 'formatCode')[0].text).toBe('0%');
  });

  it('bar (funnel): horizontal bars, first stage at the top, value axis kept at the bottom, no legend', () => {
    const tree = parseTree(renderChartXml(byKind('bar')));
    expect(val(all(tree, 'barDir')[0])).toBe('bar');
    const cat = all(tree, 'catAx')[0];
    expect(val(all(cat, 'orientation')[0])).toBe('maxMin');
    expect(val(child(cat, 'axPos'))).toBe('l');
    const v = all(tree, 'valAx')[0];
    expect(val(child(v, 'axPos'))).toBe('b');
    expect(val(child(v, 'crosses'))).toBe('max');
    expect(all(tree, 'legend')).toHaveLength(0);
    expect(val(all(tree, 'dLblPos')[0])).toBe('outEnd');
  });

  it('doughnut: one colour per point, hole size, percent labels without a (forbidden) position', () => {
    const spec = byKind('doughnut');
    const tree = parseTree(renderChartXml(spec));
    const d = all(tree, 'doughnutChart')[0];
    expect(val(child(d, 'varyColors'))).toBe('1');
    expect(val(child(d, 'holeSize'))).toBe('55');
    const ser = all(d, 'ser')[0];
    expect(all(ser, 'dPt')).toHaveLength(spec.series[0].values.length);
    const colours = all(ser, 'dPt').map((p) => all(p, 'srgbClr')[0].attrs.val);
    expect(new Set(colours).size).toBe(colours.length);
    expect(all(tree, 'dLblPos')).toHaveLength(0);
    expect(val(all(tree, 'showPercent')[0])).toBe('1');
    // each ring label is readable on its own slice colour
    const labels = all(ser, 'dLbl');
    expect(labels).toHaveLength(colours.length);
    labels.forEach((l, i) => {
      expect(val(child(l, 'idx'))).toBe(String(i));
      expect(all(child(l, 'txPr')!, 'srgbClr')[0].attrs.val).toBe(textColorOn(colours[i]));
    });
    expect(all(tree, 'catAx')).toHaveLength(0);
    expect(val(all(tree, 'legendPos')[0])).toBe('r');
  });

  it('line with a secondary series: two line groups on separate axis pairs', () => {
    const spec = byKind('combo');
    const tree = parseTree(renderChartXml({ ...spec, kind: 'line' }));
    const lines = all(tree, 'lineChart');
    expect(lines).toHaveLength(2);
    expect(all(tree, 'barChart')).toHaveLength(0);
    expect(all(lines[0], 'axId').map(val)).not.toEqual(all(lines[1], 'axId').map(val));
    expect(all(tree, 'valAx').map((a) => val(child(a, 'axPos')))).toEqual(['l', 'r']);
  });

  it('no title and legend none: autoTitleDeleted, no legend element', () => {
    const spec = { ...byKind('column'), title: '', legend: 'none' as const };
    const tree = parseTree(renderChartXml(spec));
    expect(all(tree, 'title')).toHaveLength(0);
    expect(val(all(tree, 'autoTitleDeleted')[0])).toBe('1');
    expect(all(tree, 'legend')).toHaveLength(0);
  });

  it('without a value format the axis is linked to the cell format and caches say General', () => {
    const spec = { ...byKind('column'), valueFormat: undefined };
    const tree = parseTree(renderChartXml(spec));
    const numFmt = child(all(tree, 'valAx')[0], 'numFmt')!;
    expect(numFmt.attrs).toMatchObject({ formatCode: 'General', sourceLinked: '1' });
    expect(all(tree, 'formatCode')[0].text).toBe('General');
  });

  it('a series name without nameRef is a literal; non-finite values are empty points', () => {
    const spec: ChartSpec = {
      ...byKind('column'),
      series: [{ name: 'A & B', categoriesRef: "'T'!$A$1:$A$3", valuesRef: "'T'!$B$1:$B$3", categories: ['x', 'y', 'z'], values: [1, Number.NaN, -0] }],
    };
    const tree = parseTree(renderChartXml(spec));
    const tx = all(tree, 'ser')[0].children.find((c) => localName(c.name) === 'tx')!;
    expect(all(tx, 'strRef')).toHaveLength(0);
    expect(unescapeXml(child(tx, 'v')!.text)).toBe('A & B');
    const pts = all(all(tree, 'numCache')[0], 'pt');
    expect(pts.map((p) => [p.attrs.idx, child(p, 'v')!.text])).toEqual([['0', '1'], ['2', '0']]);
  });
});
