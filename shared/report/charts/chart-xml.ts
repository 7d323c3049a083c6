/**
 * Renders one chart part (xl/charts/chartN.xml, a c:chartSpace) from a ChartSpec.
 * Element order follows the ECMA-376 chart schema (dml-chart.xsd); see docs/decisions/charts.md.
 */
import type { ChartSeries, ChartSpec } from './types';
import { escapeXml } from './xml';

export const NS_C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
export const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
export const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Default series colours, in order (doughnut points too). Colour-blind-friendly first pairs. */
export const PALETTE = ['2F5597', 'ED7D31', '70AD47', 'FFC000', '7F7F7F', '5B9BD5', 'C00000', '7030A0', '00A19A', 'B4A7D6'];

const TEXT = '404040';
const AXIS_TEXT = '595959';
const GRID = 'E0E0E0';
const AXIS_LINE = 'BFBFBF';

const AX = { cat: 50010001, val: 50010002, cat2: 50010003, val2: 50010004 };

type PlotType = 'col' | 'bar' | 'line';

interface Group {
  type: PlotType;
  secondary: boolean;
  series: { s: ChartSeries; index: number }[];
}

const attr = escapeXml;

export function normalizeColor(color: string | undefined, index: number): string {
  if (color !== undefined) {
    const c = color.replace(/^#/, '').toUpperCase();
    if (/^[0-9A-F]{6}$/.test(c)) return c;
  }
  return PALETTE[index % PALETTE.length];
}

function solid(color: string): string {
  return `<a:solidFill><a:srgbClr val="${color}"/></a:solidFill>`;
}

function txPr(size: number, color: string, bold = false): string {
  return (
    `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}">${solid(color)}` +
    `</a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>`
  );
}

function richTitle(text: string, size: number, bold: boolean): string {
  return (
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}">${solid(TEXT)}</a:defRPr></a:pPr>` +
    `<a:r><a:rPr lang="en-US" sz="${size}" b="${bold ? 1 : 0}">${solid(TEXT)}</a:rPr><a:t>${escapeXml(text)}</a:t></a:r></a:p></c:rich></c:tx>` +
    `<c:overlay val="0"/></c:title>`
  );
}

function numToText(v: number): string {
  if (Object.is(v, -0)) return '0';
  return String(v);
}

function strCache(values: string[]): string {
  const pts = values.map((v, i) => `<c:pt idx="${i}"><c:v>${escapeXml(v)}</c:v></c:pt>`).join('');
  return `<c:strCache><c:ptCount val="${values.length}"/>${pts}</c:strCache>`;
}

function numCache(values: (number | null)[], formatCode: string): string {
  const pts = values
    .map((v, i) => (v === null || !Number.isFinite(v) ? '' : `<c:pt idx="${i}"><c:v>${numToText(v)}</c:v></c:pt>`))
    .join('');
  return `<c:numCache><c:formatCode>${escapeXml(formatCode)}</c:formatCode><c:ptCount val="${values.length}"/>${pts}</c:numCache>`;
}

function seriesText(s: ChartSeries): string {
  if (s.nameRef) return `<c:tx><c:strRef><c:f>${escapeXml(s.nameRef)}</c:f>${strCache([s.name])}</c:strRef></c:tx>`;
  return `<c:tx><c:v>${escapeXml(s.name)}</c:v></c:tx>`;
}

function catAndVal(s: ChartSeries, formatCode: string): string {
  return (
    `<c:cat><c:strRef><c:f>${escapeXml(s.categoriesRef)}</c:f>${strCache(s.categories)}</c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${escapeXml(s.valuesRef)}</c:f>${numCache(s.values, formatCode)}</c:numRef></c:val>`
  );
}

/** Black or white text, whichever reads better on the given fill (WCAG relative luminance). */
export function textColorOn(fill: string): string {
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(fill.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // contrast with white (1.05 / (lum + 0.05)) vs with near-black #262626 (~0.019)
  return 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.069 ? 'FFFFFF' : '262626';
}

function labelFlags(spec: ChartSpec, formatCode: string | undefined) {
  const content = spec.dataLabelContent ?? (spec.kind === 'doughnut' ? 'percent' : 'value');
  const showVal = content === 'value' ? 1 : 0;
  const showPercent = content === 'value' ? 0 : 1;
  const showCat = content === 'categoryAndPercent' ? 1 : 0;
  const numFmt =
    content === 'value'
      ? formatCode
        ? `<c:numFmt formatCode="${attr(formatCode)}" sourceLinked="0"/>`
        : ''
      : `<c:numFmt formatCode="0%" sourceLinked="0"/>`;
  const shows =
    `<c:showLegendKey val="0"/><c:showVal val="${showVal}"/><c:showCatName val="${showCat}"/><c:showSerName val="0"/>` +
    `<c:showPercent val="${showPercent}"/><c:showBubbleSize val="0"/>` +
    (showCat ? `<c:separator>\n</c:separator>` : '');
  return { numFmt, shows };
}

const NO_BOX = `<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`;

function dLbls(spec: ChartSpec, formatCode: string | undefined, position: string | null, pointFills: string[] = []): string {
  const { numFmt, shows } = labelFlags(spec, formatCode);
  const doughnut = spec.kind === 'doughnut';
  // Labels inside a doughnut ring sit on the point colour: per-point text colour for contrast.
  const perPoint = pointFills
    .map((fill, i) => `<c:dLbl><c:idx val="${i}"/>${numFmt}${NO_BOX}${txPr(800, textColorOn(fill), true)}${shows}</c:dLbl>`)
    .join('');
  return (
    `<c:dLbls>${perPoint}${numFmt}${NO_BOX}${txPr(800, doughnut ? textColorOn(pointFills[0] ?? PALETTE[0]) : TEXT, doughnut)}` +
    (position ? `<c:dLblPos val="${position}"/>` : '') +
    shows +
    (doughnut ? `<c:showLeaderLines val="0"/>` : '') +
    `</c:dLbls>`
  );
}

function formatFor(spec: ChartSpec, secondary: boolean): string {
  return (secondary ? spec.secondaryValueFormat : spec.valueFormat) ?? 'General';
}

function barSeries(spec: ChartSpec, s: ChartSeries, index: number, secondary: boolean): string {
  const color = normalizeColor(s.color, index);
  const fmt = formatFor(spec, secondary);
  return (
    `<c:ser><c:idx val="${index}"/><c:order val="${index}"/>${seriesText(s)}` +
    `<c:spPr>${solid(color)}<a:ln><a:noFill/></a:ln></c:spPr><c:invertIfNegative val="0"/>` +
    (spec.dataLabels ? dLbls(spec, secondary ? spec.secondaryValueFormat : spec.valueFormat, 'outEnd') : '') +
    catAndVal(s, fmt) +
    `</c:ser>`
  );
}

function lineSeries(spec: ChartSpec, s: ChartSeries, index: number, secondary: boolean): string {
  const color = normalizeColor(s.color, index);
  const fmt = formatFor(spec, secondary);
  return (
    `<c:ser><c:idx val="${index}"/><c:order val="${index}"/>${seriesText(s)}` +
    `<c:spPr><a:ln w="28575" cap="rnd">${solid(color)}<a:round/></a:ln></c:spPr>` +
    `<c:marker><c:symbol val="circle"/><c:size val="6"/><c:spPr>${solid(color)}<a:ln w="9525">${solid(color)}</a:ln></c:spPr></c:marker>` +
    (spec.dataLabels ? dLbls(spec, secondary ? spec.secondaryValueFormat : spec.valueFormat, 't') : '') +
    catAndVal(s, fmt) +
    `<c:smooth val="0"/></c:ser>`
  );
}

function groups(spec: ChartSpec): Group[] {
  const out: Group[] = [];
  const anyPrimary = spec.series.some((s) => !s.secondaryAxis);
  spec.series.forEach((s, index) => {
    let type: PlotType;
    if (spec.kind === 'bar') type = 'bar';
    else if (spec.kind === 'line') type = 'line';
    else if (spec.kind === 'combo') type = s.type === 'line' ? 'line' : 'col';
    else type = 'col';
    // A secondary axis only exists beside a primary one; bar charts keep one value axis.
    const secondary = type !== 'bar' && anyPrimary && s.secondaryAxis === true;
    let g = out.find((x) => x.type === type && x.secondary === secondary);
    if (!g) {
      g = { type, secondary, series: [] };
      out.push(g);
    }
    g.series.push({ s, index });
  });
  // Columns first so lines are drawn on top of them; primary before secondary.
  const rank = (g: Group) => (g.type === 'line' ? 1 : 0) + (g.secondary ? 2 : 0);
  return out.sort((a, b) => rank(a) - rank(b));
}

function groupXml(spec: ChartSpec, g: Group): string {
  const axIds = g.secondary
    ? `<c:axId val="${AX.cat2}"/><c:axId val="${AX.val2}"/>`
    : `<c:axId val="${AX.cat}"/><c:axId val="${AX.val}"/>`;
  if (g.type === 'line') {
    return (
      `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>` +
      g.series.map(({ s, index }) => lineSeries(spec, s, index, g.secondary)).join('') +
      `<c:marker val="1"/>${axIds}</c:lineChart>`
    );
  }
  const gapWidth = g.type === 'bar' ? 40 : 80;
  return (
    `<c:barChart><c:barDir val="${g.type}"/><c:grouping val="clustered"/><c:varyColors val="0"/>` +
    g.series.map(({ s, index }) => barSeries(spec, s, index, g.secondary)).join('') +
    `<c:gapWidth val="${gapWidth}"/>` +
    (g.series.length > 1 ? `<c:overlap val="-10"/>` : '') +
    `${axIds}</c:barChart>`
  );
}

function lineSpPr(color: string | null): string {
  return color ? `<c:spPr><a:noFill/><a:ln w="9525">${solid(color)}</a:ln></c:spPr>` : `<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`;
}

function catAx(id: number, crossId: number, opts: { pos: string; deleted: boolean; reverse: boolean }): string {
  return (
    `<c:catAx><c:axId val="${id}"/><c:scaling><c:orientation val="${opts.reverse ? 'maxMin' : 'minMax'}"/></c:scaling>` +
    `<c:delete val="${opts.deleted ? 1 : 0}"/><c:axPos val="${opts.pos}"/>` +
    `<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/>` +
    `<c:tickLblPos val="low"/>${lineSpPr(AXIS_LINE)}${txPr(900, AXIS_TEXT)}` +
    `<c:crossAx val="${crossId}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>` +
    `<c:noMultiLvlLbl val="0"/></c:catAx>`
  );
}

function valAx(
  id: number,
  crossId: number,
  opts: { pos: string; gridlines: boolean; format?: string; crossesMax: boolean; title?: string; reverse?: boolean },
): string {
  const numFmt = opts.format
    ? `<c:numFmt formatCode="${attr(opts.format)}" sourceLinked="0"/>`
    : `<c:numFmt formatCode="General" sourceLinked="1"/>`;
  return (
    `<c:valAx><c:axId val="${id}"/><c:scaling><c:orientation val="${opts.reverse ? 'maxMin' : 'minMax'}"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${opts.pos}"/>` +
    (opts.gridlines ? `<c:majorGridlines><c:spPr><a:ln w="9525">${solid(GRID)}</a:ln></c:spPr></c:majorGridlines>` : '') +
    (opts.title ? richTitle(opts.title, 900, false) : '') +
    `${numFmt}<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `${lineSpPr(null)}${txPr(900, AXIS_TEXT)}` +
    `<c:crossAx val="${crossId}"/><c:crosses val="${opts.crossesMax ? 'max' : 'autoZero'}"/><c:crossBetween val="between"/></c:valAx>`
  );
}

function plotArea(spec: ChartSpec): string {
  if (spec.kind === 'doughnut') return `<c:plotArea><c:layout/>${doughnut(spec)}</c:plotArea>`;
  const gs = groups(spec);
  const horizontal = spec.kind === 'bar';
  const hasSecondary = gs.some((g) => g.secondary);
  // Right to left: vertical charts reverse their categories (the value axis, crossing at the first
  // category, moves to the right); horizontal bars reverse their values (growing leftwards, labels right).
  const rtl = spec.rtl === true;
  let axes =
    catAx(AX.cat, AX.val, { pos: horizontal ? (rtl ? 'r' : 'l') : 'b', deleted: false, reverse: horizontal || rtl }) +
    valAx(AX.val, AX.cat, {
      pos: horizontal ? 'b' : rtl ? 'r' : 'l',
      gridlines: true,
      format: spec.valueFormat,
      // Reversed categories (first at the top) would move the value axis to the top; keep it at the bottom.
      crossesMax: horizontal,
      title: spec.valueAxisTitle,
      reverse: horizontal && rtl,
    });
  if (hasSecondary) {
    axes +=
      catAx(AX.cat2, AX.val2, { pos: 'b', deleted: true, reverse: rtl }) +
      valAx(AX.val2, AX.cat2, {
        pos: rtl ? 'l' : 'r',
        gridlines: false,
        format: spec.secondaryValueFormat,
        crossesMax: true,
        title: spec.secondaryValueAxisTitle,
      });
  }
  return `<c:plotArea><c:layout/>${gs.map((g) => groupXml(spec, g)).join('')}${axes}</c:plotArea>`;
}

function doughnut(spec: ChartSpec): string {
  const vary = spec.varyColors ?? true;
  const hole = Math.min(90, Math.max(10, Math.round(spec.holeSize ?? 55)));
  const sers = spec.series
    .map((s, index) => {
      const base = normalizeColor(s.color, index);
      const fills = s.values.map((_v, i) => (vary ? PALETTE[i % PALETTE.length] : base));
      const dPts = vary
        ? fills
            .map(
              (fill, i) =>
                `<c:dPt><c:idx val="${i}"/><c:bubble3D val="0"/><c:spPr>${solid(fill)}` +
                `<a:ln w="19050">${solid('FFFFFF')}</a:ln></c:spPr></c:dPt>`,
            )
            .join('')
        : '';
      return (
        `<c:ser><c:idx val="${index}"/><c:order val="${index}"/>${seriesText(s)}` +
        `<c:spPr>${solid(base)}<a:ln w="19050">${solid('FFFFFF')}</a:ln></c:spPr>${dPts}` +
        (spec.dataLabels ? dLbls(spec, spec.valueFormat, null, fills) : '') +
        catAndVal(s, formatFor(spec, false)) +
        `</c:ser>`
      );
    })
    .join('');
  return `<c:doughnutChart><c:varyColors val="${vary ? 1 : 0}"/>${sers}<c:firstSliceAng val="0"/><c:holeSize val="${hole}"/></c:doughnutChart>`;
}

const LEGEND_POS = { bottom: 'b', right: 'r', top: 't' } as const;

function legend(spec: ChartSpec): string {
  const where = spec.legend ?? 'bottom';
  if (where === 'none') return '';
  return `<c:legend><c:legendPos val="${LEGEND_POS[where]}"/><c:overlay val="0"/>${txPr(900, TEXT)}</c:legend>`;
}

/** Names the font in every run property of the chart (after the fill, where the schema puts latin and cs). */
function withFont(xml: string, font: string | undefined): string {
  if (!font?.trim()) return xml;
  const f = attr(font.trim());
  return xml.replace(/<\/a:(defRPr|rPr)>/g, `<a:latin typeface="${f}"/><a:cs typeface="${f}"/></a:$1>`);
}

/** The chart part for one spec (complete XML document). */
export function renderChartXml(spec: ChartSpec): string {
  return withFont(chartXml(spec), spec.font);
}

function chartXml(spec: ChartSpec): string {
  const title = spec.title.trim() ? richTitle(spec.title, 1200, true) + `<c:autoTitleDeleted val="0"/>` : `<c:autoTitleDeleted val="1"/>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}">` +
    `<c:date1904 val="0"/><c:lang val="en-US"/><c:roundedCorners val="0"/>` +
    `<c:chart>${title}${plotArea(spec)}${legend(spec)}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:spPr>${solid('FFFFFF')}<a:ln w="9525">${solid('D9D9D9')}</a:ln></c:spPr>` +
    `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900">${solid(TEXT)}</a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>` +
    `</c:chartSpace>`
  );
}
