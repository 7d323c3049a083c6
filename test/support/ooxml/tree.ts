/**
 * A faithful little XML tree for OOXML parts: elements keep their raw start tags and the text between
 * tags is kept verbatim (comments, declarations included), so a part serialises back byte for byte
 * unless Markup Compatibility processing changed it. Removed markup is replaced by as many newlines as
 * it spanned, so the line numbers xmllint reports are the lines of the part as written.
 */
import { escapeXml, scanTags } from '../../../shared/report/charts/xml';

export interface El {
  kind: 'el';
  /** Qualified name as written. */
  qname: string;
  /** Namespace URI ('' for none) and local name, resolved against the declarations in scope. */
  ns: string;
  local: string;
  /** Attributes by qualified name, unescaped, in document order (xmlns declarations included). */
  attrs: Map<string, string>;
  /** Prefix -> namespace URI in scope here ('' = default namespace). */
  scope: Map<string, string>;
  children: Node[];
  parent: El | null;
  /** 1-based line of the start tag. */
  line: number;
  /** Raw start tag (null once attributes changed) and raw close tag ('' when self-closing). */
  rawOpen: string | null;
  rawClose: string;
}
export interface Text {
  kind: 'text';
  raw: string;
}
export type Node = El | Text;

export interface Doc {
  /** Text before the root (XML declaration) and after it. */
  prolog: string;
  root: El;
  epilog: string;
}

export class XmlParseError extends Error {
  override name = 'XmlParseError';
}

function resolveName(qname: string, scope: Map<string, string>, isAttr: boolean): { ns: string; local: string } | null {
  const i = qname.indexOf(':');
  if (i < 0) return { ns: isAttr ? '' : (scope.get('') ?? ''), local: qname };
  const prefix = qname.slice(0, i);
  if (prefix === 'xml') return { ns: XML_NS, local: qname.slice(i + 1) };
  const ns = scope.get(prefix);
  return ns === undefined ? null : { ns, local: qname.slice(i + 1) };
}

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Namespace and local name of an attribute of `el` (null for xmlns declarations and undeclared prefixes). */
export function attrName(el: El, qname: string): { ns: string; local: string } | null {
  if (qname === 'xmlns' || qname.startsWith('xmlns:')) return null;
  return resolveName(qname, el.scope, true);
}

/** The value of the attribute {ns}local of `el`, whatever prefix the part uses for it. */
export function attr(el: El, ns: string, local: string): string | undefined {
  if (!ns) return el.attrs.get(local);
  for (const [q, v] of el.attrs) {
    const n = attrName(el, q);
    if (n && n.ns === ns && n.local === local) return v;
  }
  return undefined;
}

const lineAt = (xml: string) => {
  const starts = [0];
  for (let i = xml.indexOf('\n'); i >= 0; i = xml.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
};

/** Parses a part; throws XmlParseError when tags do not balance or a prefix is undeclared. */
export function parseXml(xml: string): Doc {
  const line = lineAt(xml);
  let root: El | undefined;
  let prolog = '';
  const stack: El[] = [];
  let last = 0;
  let rootEnd = -1;
  let tags;
  try {
    tags = [...scanTags(xml)];
  } catch (e) {
    throw new XmlParseError((e as Error).message);
  }
  for (const t of tags) {
    const between = xml.slice(last, t.start);
    last = t.end;
    const parent = stack.at(-1);
    if (parent) {
      if (between) parent.children.push({ kind: 'text', raw: between });
    } else if (!root) prolog = between;
    else if (between.trim() && rootEnd >= 0) throw new XmlParseError(`content after the root element at line ${line(t.start)}`);
    if (t.kind === 'close') {
      const el = stack.pop();
      if (!el || el.qname !== t.name) throw new XmlParseError(`</${t.name}> closes <${el?.qname ?? 'nothing'}> at line ${line(t.start)}`);
      el.rawClose = xml.slice(t.start, t.end);
      if (!stack.length) rootEnd = t.end;
      continue;
    }
    if (!parent && root) throw new XmlParseError(`a second root element <${t.name}> at line ${line(t.start)}`);
    let scope = parent?.scope ?? new Map<string, string>();
    for (const [k, v] of Object.entries(t.attrs)) {
      if (k !== 'xmlns' && !k.startsWith('xmlns:')) continue;
      if (scope === parent?.scope) scope = new Map(scope); // copied only where declarations change it
      scope.set(k === 'xmlns' ? '' : k.slice(6), v);
    }
    const name = resolveName(t.name, scope, false);
    if (!name) throw new XmlParseError(`element <${t.name}> uses an undeclared prefix at line ${line(t.start)}`);
    const el: El = {
      kind: 'el',
      qname: t.name,
      ...name,
      attrs: new Map(Object.entries(t.attrs)),
      scope,
      children: [],
      parent: parent ?? null,
      line: line(t.start),
      rawOpen: xml.slice(t.start, t.end),
      rawClose: '',
    };
    if (parent) parent.children.push(el);
    else root = el;
    if (t.kind === 'open') stack.push(el);
    else if (!parent) rootEnd = t.end;
  }
  if (!root || stack.length) throw new XmlParseError('unbalanced document (an element is not closed)');
  return { prolog, root, epilog: xml.slice(last) };
}

const newlines = (s: string) => '\n'.repeat((s.match(/\n/g) ?? []).length);

export function serialize(node: Node): string {
  if (node.kind === 'text') return node.raw;
  const open =
    node.rawOpen ??
    `<${node.qname}${[...node.attrs].map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('')}${node.rawClose ? '>' : '/>'}`;
  return open + node.children.map(serialize).join('') + node.rawClose;
}

export function serializeDoc(doc: Doc): string {
  return doc.prolog + serialize(doc.root) + doc.epilog;
}

/** Replaces `node` in its parent by `replacement` (the node's own lines are kept as blank lines). */
export function replaceNode(node: El, replacement: Node[]): void {
  const parent = node.parent!;
  const i = parent.children.indexOf(node);
  const gone = serialize(node);
  const kept = replacement.map(serialize).join('');
  const pad = newlines(gone).length - newlines(kept).length;
  const padding: Node[] = pad > 0 ? [{ kind: 'text', raw: '\n'.repeat(pad) }] : [];
  for (const r of replacement) if (r.kind === 'el') r.parent = parent;
  parent.children.splice(i, 1, ...replacement, ...padding);
}

/**
 * Lifts the children of a wrapper that is removed (mc:AlternateContent/Choice, a ProcessContent element):
 * the namespace declarations of the wrappers go onto each lifted element, so it still serialises well-formed.
 */
export function liftChildren(wrappers: El[], children: Node[]): Node[] {
  for (const c of children) {
    if (c.kind !== 'el') continue;
    for (const w of wrappers) {
      for (const [k, v] of w.attrs) {
        if ((k === 'xmlns' || k.startsWith('xmlns:')) && !c.attrs.has(k)) {
          c.attrs.set(k, v);
          c.rawOpen = null;
        }
      }
    }
  }
  return children;
}

export function removeAttr(el: El, qname: string): void {
  if (el.attrs.delete(qname)) el.rawOpen = null;
}

/** Element children, optionally only those with the given namespace and local name. */
export function kids(el: El, ns?: string, local?: string): El[] {
  return el.children.filter((c): c is El => c.kind === 'el' && (ns === undefined || c.ns === ns) && (local === undefined || c.local === local));
}

export function kid(el: El, ns: string, local: string): El | undefined {
  return kids(el, ns, local)[0];
}

/** Every element below (and including) `el` with that namespace and local name, in document order. */
export function descendants(el: El, ns: string, local: string): El[] {
  const out: El[] = [];
  const walk = (e: El) => {
    if (e.ns === ns && e.local === local) out.push(e);
    for (const c of e.children) if (c.kind === 'el') walk(c);
  };
  walk(el);
  return out;
}

/** Text content of an element (entities resolved). */
export function textOf(el: El): string {
  let s = '';
  for (const c of el.children) s += c.kind === 'text' ? c.raw.replace(/<!--[\s\S]*?-->/g, '') : textOf(c);
  return s.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|quot|apos|amp);/g, (_m, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : e === 'amp' ? '&' : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );
}

/** Short element path like /x:worksheet/x:sheetData/x:row[3] (prefixes as written). */
export function pathOf(el: El): string {
  const parts: string[] = [];
  for (let e: El | null = el; e; e = e.parent) {
    const parent: El | null = e.parent;
    const same = parent ? kids(parent, e.ns, e.local) : [e];
    parts.push(same.length > 1 ? `${e.qname}[${same.indexOf(e) + 1}]` : e.qname);
  }
  return '/' + parts.reverse().join('/');
}
