/**
 * Test support: a minimal check of the child-element order (and a few required children) that the
 * ECMA-376 schemas (dml-chart.xsd, sml.xsd CT_Worksheet) prescribe. Excel "repairs" (drops) charts whose
 * elements are out of order, so the tests run every generated part through this.
 * The tables are transcribed from the schema, not from the renderer.
 */
import { localName, scanTags } from './xml';

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Every node below (and including) `node` whose local name is `name`, in document order. */
export function all(node: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  const walk = (n: XmlNode) => {
    if (localName(n.name) === name) out.push(n);
    n.children.forEach(walk);
  };
  walk(node);
  return out;
}

/** Parses a document into a tree; throws when tags do not balance. */
export function parseTree(xml: string): XmlNode {
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let lastEnd = 0;
  for (const t of scanTags(xml)) {
    if (stack.length) stack[stack.length - 1].text += xml.slice(lastEnd, t.start);
    lastEnd = t.end;
    if (t.kind === 'close') {
      const node = stack.pop();
      if (!node || node.name !== t.name) throw new Error(`</${t.name}> closes <${node?.name}>`);
      continue;
    }
    const node: XmlNode = { name: t.name, attrs: t.attrs, children: [], text: '' };
    if (stack.length) stack[stack.length - 1].children.push(node);
    else if (root) throw new Error('more than one root element');
    else root = node;
    if (t.kind === 'open') stack.push(node);
  }
  if (!root || stack.length) throw new Error('unbalanced document');
  return root;
}

const CHART_TYPES = ['areaChart', 'area3DChart', 'lineChart', 'line3DChart', 'stockChart', 'radarChart', 'scatterChart', 'pieChart', 'pie3DChart', 'doughnutChart', 'barChart', 'bar3DChart', 'ofPieChart', 'surfaceChart', 'surface3DChart', 'bubbleChart'];
const AXES = ['valAx', 'catAx', 'dateAx', 'serAx'];
const AX_COMMON = ['axId', 'scaling', 'delete', 'axPos', 'majorGridlines', 'minorGridlines', 'title', 'numFmt', 'majorTickMark', 'minorTickMark', 'tickLblPos', 'spPr', 'txPr', 'crossAx', ['crosses', 'crossesAt']];

type Seq = (string | string[])[];

/** Sequences by element (or "parent>element" where the content depends on the parent). */
const SEQUENCES: Record<string, Seq> = {
  chartSpace: ['date1904', 'lang', 'roundedCorners', 'AlternateContent', 'style', 'clrMapOvr', 'pivotSource', 'protection', 'chart', 'spPr', 'txPr', 'externalData', 'printSettings', 'userShapes', 'extLst'],
  'chartSpace>chart': ['title', 'autoTitleDeleted', 'pivotFmts', 'view3D', 'floor', 'sideWall', 'backWall', 'plotArea', 'legend', 'plotVisOnly', 'dispBlanksAs', 'showDLblsOverMax', 'extLst'],
  title: ['tx', 'layout', 'overlay', 'spPr', 'txPr', 'extLst'],
  plotArea: ['layout', CHART_TYPES, AXES, 'dTable', 'spPr', 'extLst'],
  barChart: ['barDir', 'grouping', 'varyColors', 'ser', 'dLbls', 'gapWidth', 'overlap', 'serLines', 'axId', 'extLst'],
  lineChart: ['grouping', 'varyColors', 'ser', 'dLbls', 'dropLines', 'hiLowLines', 'upDownBars', 'marker', 'smooth', 'axId', 'extLst'],
  doughnutChart: ['varyColors', 'ser', 'dLbls', 'firstSliceAng', 'holeSize', 'extLst'],
  'barChart>ser': ['idx', 'order', 'tx', 'spPr', 'invertIfNegative', 'pictureOptions', 'dPt', 'dLbls', 'trendline', 'errBars', 'cat', 'val', 'shape', 'extLst'],
  'lineChart>ser': ['idx', 'order', 'tx', 'spPr', 'marker', 'dPt', 'dLbls', 'trendline', 'errBars', 'cat', 'val', 'smooth', 'extLst'],
  'doughnutChart>ser': ['idx', 'order', 'tx', 'spPr', 'explosion', 'dPt', 'dLbls', 'cat', 'val', 'extLst'],
  dLbls: ['dLbl', 'delete', 'numFmt', 'spPr', 'txPr', 'dLblPos', 'showLegendKey', 'showVal', 'showCatName', 'showSerName', 'showPercent', 'showBubbleSize', 'separator', 'showLeaderLines', 'leaderLines', 'extLst'],
  dLbl: ['idx', 'delete', 'layout', 'tx', 'numFmt', 'spPr', 'txPr', 'dLblPos', 'showLegendKey', 'showVal', 'showCatName', 'showSerName', 'showPercent', 'showBubbleSize', 'separator', 'extLst'],
  dPt: ['idx', 'invertIfNegative', 'marker', 'bubble3D', 'explosion', 'spPr', 'pictureOptions', 'extLst'],
  'ser>marker': ['symbol', 'size', 'spPr', 'extLst'],
  catAx: [...AX_COMMON, 'auto', 'lblAlgn', 'lblOffset', 'tickLblSkip', 'tickMarkSkip', 'noMultiLvlLbl', 'extLst'],
  valAx: [...AX_COMMON, 'crossBetween', 'majorUnit', 'minorUnit', 'dispUnits', 'extLst'],
  scaling: ['logBase', 'orientation', 'max', 'min', 'extLst'],
  legend: ['legendPos', 'legendEntry', 'layout', 'overlay', 'spPr', 'txPr', 'extLst'],
  numRef: ['f', 'numCache', 'extLst'],
  strRef: ['f', 'strCache', 'extLst'],
  numCache: ['formatCode', 'ptCount', 'pt', 'extLst'],
  strCache: ['ptCount', 'pt', 'extLst'],
  worksheet: ['sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'sheetData', 'sheetCalcPr', 'sheetProtection', 'protectedRanges', 'scenarios', 'autoFilter', 'sortState', 'dataConsolidate', 'customSheetViews', 'mergeCells', 'phoneticPr', 'conditionalFormatting', 'dataValidations', 'hyperlinks', 'printOptions', 'pageMargins', 'pageSetup', 'headerFooter', 'rowBreaks', 'colBreaks', 'customProperties', 'cellWatches', 'ignoredErrors', 'smartTags', 'drawing', 'legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst'],
  twoCellAnchor: ['from', 'to', ['sp', 'grpSp', 'graphicFrame', 'cxnSp', 'pic', 'contentPart'], 'clientData'],
  graphicFrame: ['nvGraphicFramePr', 'xfrm', 'graphic'],
};

/** Children that must be present (minOccurs=1). */
const REQUIRED: Record<string, string[]> = {
  chartSpace: ['chart'],
  'chartSpace>chart': ['plotArea'],
  barChart: ['barDir', 'axId'],
  lineChart: ['grouping', 'axId'],
  'barChart>ser': ['idx', 'order'],
  'lineChart>ser': ['idx', 'order'],
  'doughnutChart>ser': ['idx', 'order'],
  catAx: ['axId', 'scaling', 'axPos', 'crossAx'],
  valAx: ['axId', 'scaling', 'axPos', 'crossAx'],
  numCache: ['ptCount'],
  twoCellAnchor: ['from', 'to', 'clientData'],
};

function rank(seq: Seq, name: string): number {
  return seq.findIndex((s) => (Array.isArray(s) ? s.includes(name) : s === name));
}

/** Violations of element order / required children / unknown children, as readable strings (empty = ok). */
export function schemaViolations(xml: string): string[] {
  const out: string[] = [];
  const walk = (node: XmlNode, parent: string, path: string) => {
    const name = localName(node.name);
    const key = SEQUENCES[`${parent}>${name}`] ? `${parent}>${name}` : name;
    const seq = SEQUENCES[key];
    if (seq) {
      let last = -1;
      for (const child of node.children) {
        const c = localName(child.name);
        const r = rank(seq, c);
        if (r < 0) out.push(`${path}/${name}: unexpected child ${c}`);
        else if (r < last) out.push(`${path}/${name}: ${c} is out of order`);
        else last = r;
      }
      for (const req of REQUIRED[key] ?? []) {
        if (!node.children.some((c) => localName(c.name) === req)) out.push(`${path}/${name}: missing ${req}`);
      }
    }
    for (const child of node.children) walk(child, name, `${path}/${name}`);
  };
  walk(parseTree(xml), '', '');
  return out;
}
