/**
 * Adds native chart parts to an .xlsx package (as written by exceljs) with jszip:
 * chart parts, drawing parts and their rels, the sheet's <drawing> element and rels, content types.
 */
import JSZip from 'jszip';
import { posix } from 'node:path';
import { ScorecardError } from '../../errors';
import { NS_R, normalizeColor, renderChartXml } from './chart-xml';
import { renderAnchor, renderDrawing, type AnchorInput } from './drawing-xml';
import { isSheetRef, refCellCount } from './refs';
import type { ChartSpec } from './types';
import { escapeXml, localName, outline, scanTags } from './xml';

/** A chart spec that cannot be drawn, or a package the charts cannot be added to. */
export class ChartError extends ScorecardError {
  constructor(
    message: string,
    readonly chart?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';
const REL_OFFICE_DOC = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument';
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const NS_PKG_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** CT_Worksheet children in schema order (ECMA-376 Part 1, 18.3.1.99). */
const WORKSHEET_ORDER = [
  'sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'sheetData', 'sheetCalcPr', 'sheetProtection',
  'protectedRanges', 'scenarios', 'autoFilter', 'sortState', 'dataConsolidate', 'customSheetViews', 'mergeCells',
  'phoneticPr', 'conditionalFormatting', 'dataValidations', 'hyperlinks', 'printOptions', 'pageMargins', 'pageSetup',
  'headerFooter', 'rowBreaks', 'colBreaks', 'customProperties', 'cellWatches', 'ignoredErrors', 'smartTags', 'drawing',
  'legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts',
  'extLst',
];
const DRAWING_RANK = WORKSHEET_ORDER.indexOf('drawing');

/**
 * Inserts the <drawing> element where CT_Worksheet wants it. When every child is a known CT_Worksheet element
 * and only whitespace separates them, the children are also put back into schema order (stable): exceljs 4.4
 * writes <extLst> (data bars) before <legacyDrawing> (notes), which Excel reports as damaged content.
 */
export function insertDrawingElement(sheetXml: string, element: string): string {
  const doc = outline(sheetXml);
  if (doc.root.kind !== 'open') throw new ChartError('the worksheet part has no content (empty root element)');
  const ranks = doc.children.map((c) => WORKSHEET_ORDER.indexOf(localName(c.name)));
  const gaps: string[] = [];
  let pos = doc.root.end;
  for (const c of doc.children) {
    gaps.push(sheetXml.slice(pos, c.start));
    pos = c.end;
  }
  gaps.push(sheetXml.slice(pos, doc.rootCloseStart));
  if (ranks.every((r) => r >= 0) && gaps.every((g) => g.trim() === '')) {
    const parts = doc.children.map((c, i) => ({ rank: ranks[i], i, xml: sheetXml.slice(c.start, c.end) }));
    parts.push({ rank: DRAWING_RANK, i: parts.length, xml: element });
    parts.sort((a, b) => a.rank - b.rank || a.i - b.i);
    return sheetXml.slice(0, doc.root.end) + parts.map((p) => p.xml).join('') + sheetXml.slice(doc.rootCloseStart);
  }
  const before = doc.children.find((c, i) => ranks[i] > DRAWING_RANK);
  const at = before ? before.start : doc.rootCloseStart;
  return sheetXml.slice(0, at) + element + sheetXml.slice(at);
}

interface Rel {
  Id: string;
  Type: string;
  Target: string;
  TargetMode?: string;
}

function relsPathOf(part: string): string {
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
}

function resolveTarget(sourcePart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  return posix.normalize(posix.join(posix.dirname(sourcePart), target));
}

function parseRels(xml: string | undefined): Rel[] {
  if (!xml) return [];
  const rels: Rel[] = [];
  for (const t of scanTags(xml)) {
    if (t.kind !== 'close' && localName(t.name) === 'Relationship') {
      rels.push({ Id: t.attrs.Id, Type: t.attrs.Type, Target: t.attrs.Target, TargetMode: t.attrs.TargetMode });
    }
  }
  return rels;
}

function renderRels(rels: Rel[]): string {
  const items = rels
    .map(
      (r) =>
        `<Relationship Id="${escapeXml(r.Id)}" Type="${escapeXml(r.Type)}" Target="${escapeXml(r.Target)}"` +
        (r.TargetMode ? ` TargetMode="${escapeXml(r.TargetMode)}"` : '') +
        `/>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS_PKG_RELS}">${items}</Relationships>`;
}

function nextRelId(rels: Rel[]): string {
  const used = new Set(rels.map((r) => r.Id));
  let n = rels.reduce((max, r) => Math.max(max, Number(/^rId(\d+)$/.exec(r.Id)?.[1] ?? 0)), 0) + 1;
  while (used.has(`rId${n}`)) n++;
  return `rId${n}`;
}

function attrByLocal(attrs: Record<string, string>, local: string, exceptPlain = false): string | undefined {
  for (const [k, v] of Object.entries(attrs)) {
    if (localName(k) === local && (!exceptPlain || k.includes(':'))) return v;
  }
  return undefined;
}

async function text(zip: JSZip, path: string): Promise<string | undefined> {
  return zip.file(path)?.async('string');
}

function nextPartNumber(zip: JSZip, dir: string, stem: string): () => number {
  const re = new RegExp(`^${dir}/${stem}(\\d+)\\.xml$`);
  let n = 0;
  zip.forEach((p) => {
    const m = re.exec(p);
    if (m) n = Math.max(n, Number(m[1]));
  });
  return () => ++n;
}

/** Checks one spec against the workbook; throws ChartError naming the chart and the problem. */
export function validateSpec(spec: ChartSpec, sheetNames: string[]): void {
  const fail = (msg: string) => {
    throw new ChartError(`chart "${spec.title}" on sheet "${spec.sheet}": ${msg}`, spec.title);
  };
  if (!sheetNames.includes(spec.sheet)) fail(`no such sheet (sheets: ${sheetNames.join(', ')})`);
  if (!['column', 'bar', 'line', 'combo', 'doughnut'].includes(spec.kind)) fail(`unknown chart kind ${String(spec.kind)}`);
  if (!spec.series.length) fail('no series');
  const { from, to } = spec.anchor;
  const ints = [from.col, from.row, to.col, to.row];
  if (!ints.every((v) => Number.isInteger(v) && v >= 0)) fail('anchor cells must be 0-based integers');
  if (to.col <= from.col || to.row <= from.row) fail('anchor "to" must be below and right of "from"');
  spec.series.forEach((s, i) => {
    const where = `series ${i + 1} ("${s.name}")`;
    for (const [key, ref] of [
      ['categoriesRef', s.categoriesRef],
      ['valuesRef', s.valuesRef],
      ['nameRef', s.nameRef],
    ] as const) {
      if (ref === undefined && key === 'nameRef') continue;
      if (typeof ref !== 'string' || !isSheetRef(ref)) fail(`${where}: ${key} is not a sheet reference like 'Sheet'!$A$1:$A$4: ${ref}`);
    }
    if (s.categories.length !== s.values.length)
      fail(`${where}: ${s.categories.length} cached categories but ${s.values.length} cached values`);
    const nCat = refCellCount(s.categoriesRef.slice(s.categoriesRef.lastIndexOf('!') + 1));
    const nVal = refCellCount(s.valuesRef.slice(s.valuesRef.lastIndexOf('!') + 1));
    if (nVal !== s.values.length) fail(`${where}: valuesRef spans ${nVal} cells but ${s.values.length} values are cached`);
    if (nCat !== s.categories.length)
      fail(`${where}: categoriesRef spans ${nCat} cells but ${s.categories.length} categories are cached`);
    if (s.color !== undefined && normalizeColor(s.color, 0) !== s.color.replace(/^#/, '').toUpperCase())
      fail(`${where}: color must be hex RRGGBB: ${s.color}`);
  });
}

/** Adds the charts to an .xlsx package written by exceljs (in memory Buffer); returns the new package. */
export async function addCharts(xlsx: Buffer, charts: ChartSpec[]): Promise<Buffer> {
  if (!charts.length) return xlsx;
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(xlsx);
  } catch (cause) {
    throw new ChartError('the workbook is not a readable .xlsx (zip) package', undefined, { cause });
  }

  // Workbook part, its sheets and their part names.
  const rootRels = parseRels(await text(zip, '_rels/.rels'));
  const wbTarget = rootRels.find((r) => r.Type === REL_OFFICE_DOC)?.Target ?? 'xl/workbook.xml';
  const workbookPath = resolveTarget('', wbTarget);
  const workbookXml = await text(zip, workbookPath);
  if (!workbookXml) throw new ChartError(`the package has no workbook part (${workbookPath})`);
  const wbRels = parseRels(await text(zip, relsPathOf(workbookPath)));
  const sheetPart = new Map<string, string>();
  for (const t of scanTags(workbookXml)) {
    if (t.kind === 'close' || localName(t.name) !== 'sheet') continue;
    const rid = attrByLocal(t.attrs, 'id', true);
    const rel = wbRels.find((r) => r.Id === rid);
    if (rel && t.attrs.name !== undefined) sheetPart.set(t.attrs.name, resolveTarget(workbookPath, rel.Target));
  }
  const sheetNames = [...sheetPart.keys()];
  charts.forEach((c) => validateSpec(c, sheetNames));

  const ctPath = '[Content_Types].xml';
  let contentTypes = await text(zip, ctPath);
  if (!contentTypes) throw new ChartError('the package has no [Content_Types].xml');
  const overrides: string[] = [];
  const nextChart = nextPartNumber(zip, 'xl/charts', 'chart');
  const nextDrawing = nextPartNumber(zip, 'xl/drawings', 'drawing');

  const bySheet = new Map<string, ChartSpec[]>();
  for (const c of charts) bySheet.set(c.sheet, [...(bySheet.get(c.sheet) ?? []), c]);

  for (const [sheet, specs] of bySheet) {
    const sheetPath = sheetPart.get(sheet)!;
    let sheetXml = await text(zip, sheetPath);
    if (!sheetXml) throw new ChartError(`sheet "${sheet}" has no part ${sheetPath}`);
    const sheetRelsPath = relsPathOf(sheetPath);
    const sheetRels = parseRels(await text(zip, sheetRelsPath));
    const doc = outline(sheetXml);
    const existing = doc.children.find((c) => localName(c.name) === 'drawing');

    let drawingPath: string;
    let drawingXml: string | undefined;
    if (existing) {
      // exceljs drew images on this sheet: append the charts to its drawing (a sheet has at most one).
      const rid = attrByLocal(existing.attrs, 'id', true);
      const rel = sheetRels.find((r) => r.Id === rid);
      if (!rel) throw new ChartError(`sheet "${sheet}": <drawing> points at unknown relationship ${rid}`);
      drawingPath = resolveTarget(sheetPath, rel.Target);
      drawingXml = await text(zip, drawingPath);
      if (!drawingXml) throw new ChartError(`sheet "${sheet}": drawing part ${drawingPath} is missing`);
    } else {
      drawingPath = `xl/drawings/drawing${nextDrawing()}.xml`;
      const rId = nextRelId(sheetRels);
      sheetRels.push({ Id: rId, Type: REL_DRAWING, Target: posix.relative(posix.dirname(sheetPath), drawingPath) });
      const prefix = doc.root.name.includes(':') ? doc.root.name.slice(0, doc.root.name.indexOf(':') + 1) : '';
      const element = `<${prefix}drawing xmlns:r="${NS_R}" r:id="${rId}"/>`;
      sheetXml = insertDrawingElement(sheetXml, element);
      zip.file(sheetPath, sheetXml);
      zip.file(sheetRelsPath, renderRels(sheetRels));
      overrides.push(`/${drawingPath}`);
    }

    const drawingRelsPath = relsPathOf(drawingPath);
    const drawingRels = parseRels(await text(zip, drawingRelsPath));
    let shapeId = 1;
    if (drawingXml) {
      for (const t of scanTags(drawingXml)) {
        if (localName(t.name) === 'cNvPr') shapeId = Math.max(shapeId, Number(t.attrs.id) || 0);
      }
    }
    const anchors: AnchorInput[] = [];
    for (const spec of specs) {
      const chartPath = `xl/charts/chart${nextChart()}.xml`;
      zip.file(chartPath, renderChartXml(spec));
      overrides.push(`/${chartPath}`);
      const rId = nextRelId(drawingRels);
      drawingRels.push({ Id: rId, Type: REL_CHART, Target: posix.relative(posix.dirname(drawingPath), chartPath) });
      shapeId++;
      anchors.push({
        anchor: spec.anchor,
        shapeId,
        name: `Chart ${shapeId}`,
        altText: spec.altText ?? spec.title,
        rId,
      });
    }
    if (drawingXml) {
      const d = outline(drawingXml);
      if (d.root.kind === 'empty') throw new ChartError(`sheet "${sheet}": drawing part ${drawingPath} is an empty element`);
      drawingXml = drawingXml.slice(0, d.rootCloseStart) + anchors.map(renderAnchor).join('') + drawingXml.slice(d.rootCloseStart);
    } else {
      drawingXml = renderDrawing(anchors);
    }
    zip.file(drawingPath, drawingXml);
    zip.file(drawingRelsPath, renderRels(drawingRels));
  }

  const present = new Set<string>();
  for (const t of scanTags(contentTypes)) if (localName(t.name) === 'Override') present.add(t.attrs.PartName);
  const add = overrides
    .filter((p) => !present.has(p))
    .map((p) => `<Override PartName="${escapeXml(p)}" ContentType="${p.startsWith('/xl/charts/') ? CT_CHART : CT_DRAWING}"/>`)
    .join('');
  const ct = outline(contentTypes);
  contentTypes = contentTypes.slice(0, ct.rootCloseStart) + add + contentTypes.slice(ct.rootCloseStart);
  zip.file(ctPath, contentTypes);

  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
