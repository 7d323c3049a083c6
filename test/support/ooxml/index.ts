/**
 * The workbook check every test that produces an .xlsx runs: ECMA-376 transitional schema validation of
 * every XML part (after Markup Compatibility preprocessing) with xmllint against the vendored schemas
 * (vendor/ooxml-schemas), the Open Packaging Conventions rules that matter (content types,
 * relationships resolve, r:id attributes resolve) and a few rules Excel enforces beyond the schema
 * (./excel-rules.ts). Method: vendor/ooxml-schemas/README.md and docs/decisions/ooxml.md.
 *
 *     await expectValidWorkbook(buffer);                    // throws, listing every problem
 *     await expectValidWorkbook({ 'dashboard.xlsx': a, 'review.xlsx': b });   // one xmllint run for all
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { excelRules } from './excel-rules';
import { MC, mcePreprocess } from './mce';
import { XML_NS, XmlParseError, attrName, kids, parseXml, pathOf, serializeDoc, type Doc, type El } from './tree';

export const SCHEMA_DIR = fileURLToPath(new URL('../../../vendor/ooxml-schemas', import.meta.url));
const UMBRELLA = join(SCHEMA_DIR, 'umbrella.xsd');

export type ProblemKind = 'xml' | 'schema' | 'mce' | 'package' | 'excel';
export interface OoxmlProblem {
  severity: 'error' | 'warning';
  /** Workbook label (file name, or "workbook" for a single buffer). */
  file: string;
  /** Part name, e.g. /xl/charts/chart1.xml. */
  part: string;
  line?: number;
  kind: ProblemKind;
  message: string;
  /** Element path, where known. */
  at?: string;
}

export class OoxmlInvalidError extends Error {
  override name = 'OoxmlInvalidError';
  constructor(readonly problems: OoxmlProblem[]) {
    super(`workbook fails the OOXML check (${problems.length} error(s)):\n${problems.slice(0, 40).map(formatProblem).join('\n')}`);
  }
}

export class XmllintError extends Error {
  override name = 'XmllintError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function formatProblem(p: OoxmlProblem): string {
  return `${p.severity.toUpperCase()} ${p.file}:${p.part}${p.line ? `:${p.line}` : ''} [${p.kind}] ${p.message}${p.at ? ` (@ ${p.at})` : ''}`;
}

const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';
const PR_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const RT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
const CT = 'application/vnd.openxmlformats-officedocument.';
const CT_PART = '/[Content_Types].xml';

/** Content type -> the root element (namespace + local name) its part must have. */
const CT_ROOT: Record<string, string> = {
  [`${CT}spreadsheetml.sheet.main+xml`]: `${S} workbook`,
  'application/vnd.ms-excel.sheet.macroEnabled.main+xml': `${S} workbook`,
  [`${CT}spreadsheetml.template.main+xml`]: `${S} workbook`,
  [`${CT}spreadsheetml.worksheet+xml`]: `${S} worksheet`,
  [`${CT}spreadsheetml.chartsheet+xml`]: `${S} chartsheet`,
  [`${CT}spreadsheetml.styles+xml`]: `${S} styleSheet`,
  [`${CT}spreadsheetml.sharedStrings+xml`]: `${S} sst`,
  [`${CT}spreadsheetml.comments+xml`]: `${S} comments`,
  [`${CT}spreadsheetml.table+xml`]: `${S} table`,
  [`${CT}spreadsheetml.calcChain+xml`]: `${S} calcChain`,
  [`${CT}theme+xml`]: 'http://schemas.openxmlformats.org/drawingml/2006/main theme',
  [`${CT}drawing+xml`]: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing wsDr',
  [`${CT}drawingml.chart+xml`]: 'http://schemas.openxmlformats.org/drawingml/2006/chart chartSpace',
  'application/vnd.openxmlformats-package.core-properties+xml': 'http://schemas.openxmlformats.org/package/2006/metadata/core-properties coreProperties',
  [`${CT}extended-properties+xml`]: 'http://schemas.openxmlformats.org/officeDocument/2006/extended-properties Properties',
  'application/vnd.openxmlformats-package.relationships+xml': `${PR_NS} Relationships`,
};

/** Relationship type (after .../relationships/) -> content types its target may have. */
const REL_CT: Record<string, string[]> = {
  officeDocument: [`${CT}spreadsheetml.sheet.main+xml`, 'application/vnd.ms-excel.sheet.macroEnabled.main+xml', `${CT}spreadsheetml.template.main+xml`],
  worksheet: [`${CT}spreadsheetml.worksheet+xml`],
  styles: [`${CT}spreadsheetml.styles+xml`],
  sharedStrings: [`${CT}spreadsheetml.sharedStrings+xml`],
  theme: [`${CT}theme+xml`],
  drawing: [`${CT}drawing+xml`],
  chart: [`${CT}drawingml.chart+xml`],
  'extended-properties': [`${CT}extended-properties+xml`],
  comments: [`${CT}spreadsheetml.comments+xml`],
  table: [`${CT}spreadsheetml.table+xml`],
};

/** VML is not validated: Excel's VML is not valid against vml-*.xsd (the kit's README says why). */
const VML = new Set(['urn:schemas-microsoft-com:vml', 'urn:schemas-microsoft-com:office:office', 'urn:schemas-microsoft-com:office:excel']);

let understoodCache: Promise<Set<string>> | undefined;
/** Namespaces an ECMA-376 consumer understands here: the target namespaces of the vendored schemas. */
function understoodNamespaces(): Promise<Set<string>> {
  understoodCache ??= (async () => {
    const out = new Set([MC, XML_NS, 'http://www.w3.org/2001/XMLSchema-instance']);
    for (const f of await readdir(SCHEMA_DIR)) {
      if (!f.endsWith('.xsd') || f === 'umbrella.xsd') continue;
      const tns = /targetNamespace="([^"]+)"/.exec(await readFile(join(SCHEMA_DIR, f), 'utf8'))?.[1];
      if (tns && !VML.has(tns)) out.add(tns);
    }
    return out;
  })();
  return understoodCache;
}

export interface Rel {
  id: string;
  type: string;
  /** Absolute part name of an internal target; null for external ones. */
  target: string | null;
}

/** What the package-level pass learnt, for the Excel rules. */
export interface Package {
  parts: Map<string, Doc>;
  contentType(part: string): string | undefined;
  /** Relationships by source part ('/' = the package). */
  rels: Map<string, Map<string, Rel>>;
}

export function relsPartOf(part: string): string {
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
}
function sourceOfRels(relsPart: string): string {
  const dir = posix.dirname(posix.dirname(relsPart));
  const base = posix.basename(relsPart).slice(0, -'.rels'.length);
  return base ? posix.join(dir, base) : '/';
}
function resolveTarget(source: string, target: string): string {
  let t = target;
  try {
    t = decodeURIComponent(target);
  } catch {
    // keep it as written
  }
  if (t.startsWith('/')) return posix.normalize(t);
  return posix.normalize(posix.join(source === '/' ? '/' : posix.dirname(source), t));
}
const PART_SEGMENT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%[\]]+$/;

interface Prepared {
  file: string;
  problems: OoxmlProblem[];
  /** Preprocessed parts to hand to xmllint: part name -> text. */
  forSchema: Map<string, string>;
}

async function prepare(file: string, buf: Uint8Array): Promise<Prepared> {
  const problems: OoxmlProblem[] = [];
  const forSchema = new Map<string, string>();
  const add = (severity: OoxmlProblem['severity'], part: string, kind: ProblemKind, message: string, el?: El) =>
    problems.push({ severity, file, part, kind, message, ...(el ? { line: el.line, at: pathOf(el) } : {}) });
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buf);
  } catch (e) {
    add('error', '/', 'package', `not a zip package: ${(e as Error).message}`);
    return { file, problems, forSchema };
  }
  const raw = new Map<string, string>();
  const seen = new Map<string, string>();
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const pn = `/${entry.name}`;
    const low = pn.toLowerCase();
    if (seen.has(low)) add('error', pn, 'package', `part name equivalent (case-insensitively) to ${seen.get(low)}`);
    seen.set(low, pn);
    for (const seg of pn.split('/').slice(1)) {
      if (!seg) add('error', pn, 'package', 'part name has an empty segment');
      else if (seg.endsWith('.')) add('error', pn, 'package', 'part name segment ends with "."');
      else if (!PART_SEGMENT.test(seg) || /%(2[fF]|5[cC])/.test(seg)) add('error', pn, 'package', `part name segment "${seg}" has characters not allowed in a part name`);
    }
    raw.set(pn, await entry.async('string'));
  }
  const docs = new Map<string, Doc>();
  const parse = (pn: string): Doc | undefined => {
    if (docs.has(pn)) return docs.get(pn);
    try {
      const d = parseXml(raw.get(pn)!);
      docs.set(pn, d);
      return d;
    } catch (e) {
      if (!(e instanceof XmlParseError)) throw e;
      add('error', pn, 'xml', `not well-formed: ${e.message}`);
      forSchema.set(pn, raw.get(pn)!); // xmllint says where
      return undefined;
    }
  };

  // [Content_Types].xml
  const defaults = new Map<string, string>();
  const overrides = new Map<string, string>();
  const ct = raw.has(CT_PART) ? parse(CT_PART) : undefined;
  if (!raw.has(CT_PART)) add('error', '/', 'package', 'no [Content_Types].xml');
  if (ct) {
    for (const d of kids(ct.root, CT_NS, 'Default')) {
      const ext = (d.attrs.get('Extension') ?? '').toLowerCase();
      if (defaults.has(ext)) add('error', CT_PART, 'package', `duplicate Default for extension "${ext}"`, d);
      defaults.set(ext, d.attrs.get('ContentType') ?? '');
    }
    for (const o of kids(ct.root, CT_NS, 'Override')) {
      const pn = o.attrs.get('PartName') ?? '';
      if (overrides.has(pn)) add('error', CT_PART, 'package', `duplicate Override for ${pn}`, o);
      overrides.set(pn, o.attrs.get('ContentType') ?? '');
      if (!raw.has(pn)) add('warning', CT_PART, 'package', `Override for ${pn}, which is not in the package`, o);
    }
  }
  const contentType = (pn: string): string | undefined => {
    if (overrides.has(pn)) return overrides.get(pn);
    const base = posix.basename(pn);
    return base.includes('.') ? defaults.get(base.slice(base.lastIndexOf('.') + 1).toLowerCase()) : undefined;
  };
  if (ct) for (const pn of raw.keys()) if (pn !== CT_PART && contentType(pn) === undefined) add('error', pn, 'package', 'no content type (neither an Override nor a Default for its extension)');

  // relationships
  const rels = new Map<string, Map<string, Rel>>();
  for (const pn of [...raw.keys()].sort()) {
    if (!pn.endsWith('.rels') || !pn.includes('/_rels/')) continue;
    const src = sourceOfRels(pn);
    if (src !== '/' && !raw.has(src)) add('error', pn, 'package', `relationships part for ${src}, which does not exist`);
    const doc = parse(pn);
    if (!doc) continue;
    const map = new Map<string, Rel>();
    for (const r of kids(doc.root, PR_NS, 'Relationship')) {
      const id = r.attrs.get('Id') ?? '';
      const type = r.attrs.get('Type') ?? '';
      const short = type.split('/').at(-1);
      if (map.has(id)) add('error', pn, 'package', `duplicate relationship Id ${id}`, r);
      let target: string | null = null;
      if (r.attrs.get('TargetMode') !== 'External') {
        target = resolveTarget(src, r.attrs.get('Target') ?? '');
        if (!raw.has(target)) add('error', pn, 'package', `relationship ${id} (${short}) targets ${target}, which is not in the package`, r);
        else if (target === CT_PART || target.endsWith('.rels')) add('error', pn, 'package', `relationship ${id} targets ${target}`, r);
        else {
          const want = type.startsWith(RT) ? REL_CT[type.slice(RT.length)] : undefined;
          const got = contentType(target);
          if (want && !want.includes(got ?? '')) add('error', pn, 'package', `relationship ${id} of type ${short} targets ${target} whose content type is ${got}`, r);
        }
      }
      map.set(id, { id, type, target });
    }
    rels.set(src, map);
  }
  // parts no relationship chain reaches (Excel ignores them)
  const reached = new Set<string>();
  const todo = ['/'];
  while (todo.length) {
    for (const r of rels.get(todo.pop()!)?.values() ?? []) {
      if (r.target && !reached.has(r.target)) {
        reached.add(r.target);
        todo.push(r.target);
      }
    }
  }
  for (const pn of [...raw.keys()].sort()) {
    if (pn !== CT_PART && !pn.includes('/_rels/') && !reached.has(pn)) add('warning', pn, 'package', 'part is not the target of any relationship (orphan)');
  }

  // every XML part: root vs content type, Markup Compatibility, r:id resolution; then xmllint
  const understood = await understoodNamespaces();
  for (const pn of [...raw.keys()].sort()) {
    const cty = contentType(pn) ?? '';
    if (pn !== CT_PART && !(cty.endsWith('+xml') || cty === 'application/xml' || pn.endsWith('.rels'))) continue; // VML, images
    const doc = parse(pn);
    if (!doc) continue;
    const want = CT_ROOT[cty];
    const root = doc.root;
    if (pn !== CT_PART && want && `${root.ns} ${root.local}` !== want) add('error', pn, 'package', `content type ${cty} but root element {${root.ns}}${root.local}`, root);
    if (!understood.has(root.ns)) {
      add('warning', pn, 'schema', `root {${root.ns}}${root.local} is outside the ECMA-376 schemas; not validated`);
      continue;
    }
    for (const p of mcePreprocess(root, understood)) problems.push({ severity: 'error', file, part: pn, kind: 'mce', ...p });
    forSchema.set(pn, serializeDoc(doc));
    const partRels = rels.get(pn) ?? new Map<string, Rel>();
    const walk = (el: El) => {
      for (const [q, v] of el.attrs) {
        if (attrName(el, q)?.ns === R && !partRels.has(v)) add('error', pn, 'package', `${q}="${v}" has no relationship in ${relsPartOf(pn)}`, el);
      }
      for (const c of el.children) if (c.kind === 'el') walk(c);
    };
    walk(root);
  }
  const pkg: Package = { parts: docs, contentType, rels };
  for (const p of excelRules(pkg)) problems.push({ file, ...p });
  return { file, problems, forSchema };
}

function runXmllint(files: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((done, fail) => {
    execFile('xmllint', ['--noout', '--nonet', '--schema', UMBRELLA, ...files], { maxBuffer: 64 * 1024 * 1024 }, (err, _out, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string }) | null;
      if (e && e.code === 'ENOENT') {
        fail(new XmllintError('xmllint is not installed: apt-get install libxml2-utils (.ci/run does this)', { cause: e }));
        return;
      }
      done({ code: e ? Number(e.code) : 0, stderr });
    });
  });
}

/** Validates the prepared parts of every workbook in one xmllint run; adds [schema]/[xml] problems. */
async function validateSchemas(prepared: Prepared[]): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'scorecard-ooxml-'));
  try {
    const byPath = new Map<string, { prep: Prepared; part: string }>();
    for (const [w, prep] of prepared.entries()) {
      await mkdir(join(dir, `w${w}`));
      let p = 0;
      for (const [part, text] of prep.forSchema) {
        const path = join(dir, `w${w}`, `p${p++}.xml`);
        await writeFile(path, text);
        byPath.set(path, { prep, part });
      }
    }
    if (!byPath.size) return;
    const { code, stderr } = await runXmllint([...byPath.keys()]);
    if (code === 5 || /failed to compile/.test(stderr)) throw new XmllintError(`the vendored schemas do not compile:\n${stderr.slice(0, 2000)}`);
    const reported = new Set<string>();
    for (const line of stderr.split('\n')) {
      const m = /^(\S+?\.xml):(\d+): (.*)$/.exec(line);
      const hit = m && byPath.get(m[1]);
      if (hit) {
        const msg = m[3].replace(/^element [^:]+: /, '');
        const kind: ProblemKind = /Schemas validity|Schemas parser/.test(msg) ? 'schema' : 'xml';
        hit.prep.problems.push({ severity: 'error', file: hit.prep.file, part: hit.part, line: Number(m[2]), kind, message: msg.replace(/^Schemas validity error : /, '') });
        reported.add(m[1]);
        continue;
      }
      const f = /^(\S+?\.xml) fails to validate$/.exec(line);
      const failed = f && byPath.get(f[1]);
      if (failed && !reported.has(f[1])) {
        failed.prep.problems.push({ severity: 'error', file: failed.prep.file, part: failed.part, kind: 'schema', message: 'xmllint: fails to validate' });
        reported.add(f[1]);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every problem (errors and warnings) of one or more workbooks; schema validation in one xmllint run. */
export async function checkWorkbooks(books: Record<string, Uint8Array>): Promise<OoxmlProblem[]> {
  const prepared = await Promise.all(Object.entries(books).map(([name, buf]) => prepare(name, buf)));
  await validateSchemas(prepared);
  return prepared.flatMap((p) => p.problems);
}

/** Throws OoxmlInvalidError listing the errors unless every workbook passes. */
export async function expectValidWorkbook(book: Uint8Array | Record<string, Uint8Array>): Promise<void> {
  const books = book instanceof Uint8Array ? { workbook: book } : book;
  const errors = (await checkWorkbooks(books)).filter((p) => p.severity === 'error');
  if (errors.length) throw new OoxmlInvalidError(errors);
}

/** expectValidWorkbook for files on disk (labelled by path). */
export async function expectValidWorkbookFiles(paths: string[]): Promise<void> {
  if (!paths.length) throw new Error('no workbook files to check');
  await expectValidWorkbook(Object.fromEntries(await Promise.all(paths.map(async (p) => [p, await readFile(p)] as const))));
}
