/** Small XML helpers for editing OOXML parts as text without reformatting them. */

// Characters not allowed in XML 1.0 (control characters, lone surrogates, U+FFFE/U+FFFF).
const INVALID_XML_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for element content and attribute values; drops characters XML cannot hold. */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Resolves the predefined entities and character references. */
export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|quot|apos|amp);/g, (_m, ent: string) => {
    switch (ent) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      case 'amp':
        return '&';
      default:
        return String.fromCodePoint(ent[1] === 'x' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10));
    }
  });
}

export interface XmlTag {
  /** Qualified name as written, e.g. "worksheet" or "xdr:wsDr". */
  name: string;
  kind: 'open' | 'close' | 'empty';
  /** Offset of '<'. */
  start: number;
  /** Offset just after '>'. */
  end: number;
  /** Unescaped attribute values by qualified name. */
  attrs: Record<string, string>;
}

/** Local part of a qualified name ("xdr:wsDr" -> "wsDr"). */
export function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

function parseAttrs(inner: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(inner)) !== null) attrs[m[1]] = unescapeXml(m[2] ?? m[3] ?? '');
  return attrs;
}

/** Every element tag of a document in order (skips declarations, comments, CDATA, DOCTYPE). */
export function* scanTags(xml: string): Generator<XmlTag> {
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) return;
    if (xml.startsWith('<?', lt)) {
      i = end(xml, '?>', lt);
      continue;
    }
    if (xml.startsWith('<!--', lt)) {
      i = end(xml, '-->', lt);
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      i = end(xml, ']]>', lt);
      continue;
    }
    if (xml.startsWith('<!', lt)) {
      i = end(xml, '>', lt);
      continue;
    }
    // Element tag: find the closing '>' outside quoted attribute values.
    let j = lt + 1;
    let quote = '';
    for (; j < n; j++) {
      const ch = xml[j];
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '>') break;
    }
    if (j >= n) throw new Error(`unterminated tag at offset ${lt}`);
    const closing = xml[lt + 1] === '/';
    const selfClosing = !closing && xml[j - 1] === '/';
    const inner = xml.slice(closing ? lt + 2 : lt + 1, selfClosing ? j - 1 : j);
    const nameMatch = /^\s*([^\s/>]+)/.exec(inner);
    const name = nameMatch ? nameMatch[1] : '';
    yield {
      name,
      kind: closing ? 'close' : selfClosing ? 'empty' : 'open',
      start: lt,
      end: j + 1,
      attrs: closing ? {} : parseAttrs(inner.slice(name.length + (nameMatch?.index ?? 0))),
    };
    i = j + 1;
  }
}

function end(xml: string, terminator: string, from: number): number {
  const k = xml.indexOf(terminator, from);
  if (k < 0) throw new Error(`unterminated markup at offset ${from}`);
  return k + terminator.length;
}

export interface TopLevelChild {
  name: string;
  start: number;
  end: number;
  attrs: Record<string, string>;
}

export interface DocumentOutline {
  root: XmlTag;
  /** Offset of the root's closing tag. */
  rootCloseStart: number;
  children: TopLevelChild[];
}

/** The root element and its direct children (with their extents), e.g. the parts of a worksheet. */
export function outline(xml: string): DocumentOutline {
  let depth = 0;
  let root: XmlTag | undefined;
  let rootCloseStart = -1;
  const children: TopLevelChild[] = [];
  let current: TopLevelChild | undefined;
  for (const tag of scanTags(xml)) {
    if (tag.kind === 'open') {
      if (depth === 0) root = tag;
      else if (depth === 1) current = { name: tag.name, start: tag.start, end: -1, attrs: tag.attrs };
      depth++;
    } else if (tag.kind === 'empty') {
      if (depth === 0) {
        root = tag;
        rootCloseStart = tag.start;
      } else if (depth === 1) children.push({ name: tag.name, start: tag.start, end: tag.end, attrs: tag.attrs });
    } else {
      depth--;
      if (depth === 1 && current) {
        current.end = tag.end;
        children.push(current);
        current = undefined;
      } else if (depth === 0) rootCloseStart = tag.start;
    }
  }
  if (!root || rootCloseStart < 0) throw new Error('not a well-formed XML document');
  return { root, rootCloseStart, children };
}
