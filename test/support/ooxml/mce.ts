/**
 * Markup Compatibility (ECMA-376 Part 3) preprocessing, as a consumer that understands exactly the
 * namespaces of the vendored schemas: elements and attributes of namespaces listed in mc:Ignorable are
 * removed (mc:ProcessContent elements unwrapped); mc:AlternateContent becomes the first mc:Choice whose
 * Requires namespaces are all understood, else mc:Fallback, else nothing; the mc:* attributes go.
 * Extension lists (extLst/ext) are left alone: the schema declares their content xsd:any lax.
 */
import { attrName, kids, liftChildren, pathOf, removeAttr, replaceNode, type El } from './tree';

export const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

export interface MceProblem {
  line: number;
  path: string;
  message: string;
}

export function mcePreprocess(root: El, understood: ReadonlySet<string>): MceProblem[] {
  const problems: MceProblem[] = [];
  const report = (el: El, message: string) => problems.push({ line: el.line, path: pathOf(el), message });

  const namespacesOf = (el: El, value: string | undefined, what: string): Set<string> => {
    const out = new Set<string>();
    for (const p of (value ?? '').split(/\s+/).filter(Boolean)) {
      const ns = el.scope.get(p);
      if (ns === undefined) report(el, `mc:${what} names prefix "${p}", which has no namespace declaration in scope`);
      else out.add(ns);
    }
    return out;
  };
  const mcAttr = (el: El, local: string): string | undefined => {
    for (const q of el.attrs.keys()) {
      const n = attrName(el, q);
      if (n?.ns === MC && n.local === local) return q;
    }
    return undefined;
  };

  const walk = (el: El, inherited: ReadonlySet<string>, inheritedProcess: ReadonlySet<string>) => {
    let ignorable = inherited;
    let process = inheritedProcess;
    const ign = mcAttr(el, 'Ignorable');
    if (ign) {
      ignorable = new Set([...ignorable, ...namespacesOf(el, el.attrs.get(ign), 'Ignorable')]);
      removeAttr(el, ign);
    }
    const pc = mcAttr(el, 'ProcessContent');
    if (pc) {
      const next = new Set(process);
      for (const q of el.attrs.get(pc)!.split(/\s+/).filter(Boolean)) {
        const [p, local] = q.includes(':') ? q.split(':') : ['', q];
        const ns = el.scope.get(p);
        if (ns === undefined) report(el, `mc:ProcessContent names prefix "${p}" with no namespace declaration`);
        else next.add(`${ns} ${local}`);
      }
      process = next;
      removeAttr(el, pc);
    }
    const mu = mcAttr(el, 'MustUnderstand');
    if (mu) {
      for (const ns of namespacesOf(el, el.attrs.get(mu), 'MustUnderstand')) {
        if (!understood.has(ns)) report(el, `mc:MustUnderstand names namespace ${ns}, which an ECMA-376 consumer does not understand (it must refuse the document)`);
      }
      removeAttr(el, mu);
    }
    for (const local of ['PreserveElements', 'PreserveAttributes']) {
      const q = mcAttr(el, local);
      if (q) removeAttr(el, q);
    }
    for (const q of [...el.attrs.keys()]) {
      const n = attrName(el, q);
      if (n && n.ns && !understood.has(n.ns) && ignorable.has(n.ns)) removeAttr(el, q);
    }
    let i = 0;
    while (i < el.children.length) {
      const ch = el.children[i];
      if (ch.kind !== 'el') {
        i++;
        continue;
      }
      if (ch.ns === MC && ch.local === 'AlternateContent') {
        let chosen: El | undefined;
        for (const alt of kids(ch)) {
          if (alt.local === 'Choice') {
            const req = namespacesOf(alt, alt.attrs.get('Requires'), 'Choice/@Requires');
            if (req.size && [...req].every((ns) => understood.has(ns))) {
              chosen = alt;
              break;
            }
          } else if (alt.local === 'Fallback') {
            chosen = alt;
            break;
          }
        }
        replaceNode(ch, chosen ? liftChildren([ch, chosen], chosen.children) : []);
        continue; // re-examine what took its place
      }
      if (ch.ns && !understood.has(ch.ns) && ignorable.has(ch.ns)) {
        if (process.has(`${ch.ns} ${ch.local}`) || process.has(`${ch.ns} *`)) replaceNode(ch, liftChildren([ch], ch.children));
        else replaceNode(ch, []);
        continue;
      }
      walk(ch, ignorable, process);
      i++;
    }
  };
  walk(root, new Set(), new Set());
  return problems;
}
