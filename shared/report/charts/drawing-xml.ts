/** Drawing parts (xl/drawings/drawingN.xml): one xdr:twoCellAnchor + xdr:graphicFrame per chart. */
import type { ChartAnchor } from './types';
import { NS_A, NS_C, NS_R } from './chart-xml';
import { escapeXml } from './xml';

export const NS_XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';

export interface AnchorInput {
  anchor: ChartAnchor;
  /** Drawing-unique shape id (cNvPr/@id). */
  shapeId: number;
  name: string;
  altText: string;
  /** Relationship id (in the drawing's rels) of the chart part. */
  rId: string;
}

function marker(tag: 'from' | 'to', p: { col: number; row: number }): string {
  return `<xdr:${tag}><xdr:col>${p.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${p.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
}

/**
 * One anchor. Namespaces are declared on the anchor itself so it can be appended to a drawing another
 * writer produced (exceljs declares xdr and a on the root but r only on its pictures).
 */
export function renderAnchor(a: AnchorInput): string {
  return (
    `<xdr:twoCellAnchor xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}">` +
    marker('from', a.anchor.from) +
    marker('to', a.anchor.to) +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${a.shapeId}" name="${escapeXml(a.name)}" descr="${escapeXml(a.altText)}"/>` +
    `<xdr:cNvGraphicFramePr><a:graphicFrameLocks/></xdr:cNvGraphicFramePr></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
    `<a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" xmlns:r="${NS_R}" r:id="${a.rId}"/></a:graphicData></a:graphic>` +
    `</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
  );
}

/** A new drawing part holding the given anchors. */
export function renderDrawing(anchors: AnchorInput[]): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}">${anchors.map(renderAnchor).join('')}</xdr:wsDr>`
  );
}
