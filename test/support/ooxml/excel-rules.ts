/**
 * Rules Excel enforces beyond the XSD (it "repairs" the file, dropping content, when they break): the
 * subset of the kit's [excel] checks that our workbooks can get wrong. Sheet names; formulas (cells,
 * defined names, conditional formats, chart references): referenced sheets exist and are quoted when they
 * must be, parentheses balance, no leading "=" or ";" separators; rows and cells in order; style, shared
 * string and dxf indexes in range; overlapping merges; charts: axis ids both ways, unique series idx/order,
 * cache points within ptCount; drawings: unique shape ids.
 */
import type { OoxmlProblem, Package } from './index';
import { attr, descendants, kid, kids, pathOf, textOf, type El } from './tree';

const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const MAX_ROW = 1048576;
const MAX_COL = 16384;

/** c:dLblPos values Excel accepts per chart group (it repairs others). */
const DLBL_POS: Record<string, string[]> = {
  'barChart clustered': ['ctr', 'inEnd', 'inBase', 'outEnd'],
  'barChart stacked': ['ctr', 'inEnd', 'inBase'],
  'barChart percentStacked': ['ctr', 'inEnd', 'inBase'],
  lineChart: ['t', 'b', 'l', 'r', 'ctr'],
  scatterChart: ['t', 'b', 'l', 'r', 'ctr'],
  bubbleChart: ['t', 'b', 'l', 'r', 'ctr'],
  pieChart: ['bestFit', 'ctr', 'inEnd', 'outEnd'],
  pie3DChart: ['bestFit', 'ctr', 'inEnd', 'outEnd'],
  doughnutChart: [],
  areaChart: [],
  radarChart: [],
};

type Problem = Omit<OoxmlProblem, 'file'>;

const colNum = (letters: string) => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

function parseCell(ref: string): [number, number] | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref);
  if (!m) return null;
  const c = colNum(m[1]);
  const r = Number(m[2]);
  return c >= 1 && c <= MAX_COL && r >= 1 && r <= MAX_ROW ? [r, c] : null;
}

function parseRange(ref: string | undefined): [number, number, number, number] | null {
  if (!ref) return null;
  const [a, b, extra] = ref.split(':');
  if (extra !== undefined) return null;
  const p = parseCell(a);
  const q = b === undefined ? p : parseCell(b);
  if (!p || !q) return null;
  return [Math.min(p[0], q[0]), Math.min(p[1], q[1]), Math.max(p[0], q[0]), Math.max(p[1], q[1])];
}

/** A sheet name Excel only reads inside quotes. */
export function needsQuotes(name: string): boolean {
  if (!/^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name)) return true;
  if (/^[A-Za-z]{1,3}\d+$/.test(name) && parseCell(name)) return true;
  if (/^(R\d*C\d*|R\d*|C\d*)$/i.test(name)) return true;
  return ['TRUE', 'FALSE'].includes(name.toUpperCase());
}

/** Sheet-qualified references in a formula: the sheet name and whether it was quoted. */
export function sheetRefs(formula: string): { sheet: string; quoted: boolean }[] {
  const out: { sheet: string; quoted: boolean }[] = [];
  const f = formula;
  let i = 0;
  while (i < f.length) {
    const ch = f[i];
    if (ch === '"') {
      i++;
      while (i < f.length && !(f[i] === '"' && f[i + 1] !== '"')) i += f[i] === '"' ? 2 : 1;
      i++;
    } else if (ch === "'") {
      let j = i + 1;
      let name = '';
      while (j < f.length && !(f[j] === "'" && f[j + 1] !== "'")) {
        name += f[j];
        j += f[j] === "'" ? 2 : 1;
      }
      j++;
      if (f[j] === '!' && !/^\[\d+\]/.test(name)) for (const s of name.split(':')) out.push({ sheet: s, quoted: true });
      i = j;
    } else if (ch === '[') {
      const close = f.indexOf(']', i);
      i = close < 0 ? f.length : close + 1;
      // an external workbook reference ([1]Sheet!A1) is not ours to check
      const m = /^[\w.\\]+!/.exec(f.slice(i));
      if (m) i += m[0].length;
    } else if (/[\p{L}\p{N}_\\]/u.test(ch)) {
      const tok = /^[\p{L}\p{N}_.\\:]+/u.exec(f.slice(i))![0];
      if (f[i + tok.length] === '!') for (const s of tok.split(':')) out.push({ sheet: s, quoted: false });
      i += tok.length;
    } else i++;
  }
  return out;
}

export function excelRules(pkg: Package): Problem[] {
  const out: Problem[] = [];
  const err = (part: string, message: string, el?: El) =>
    out.push({ severity: 'error', part, kind: 'excel', message, ...(el ? { line: el.line, at: pathOf(el) } : {}) });

  const wbRel = [...(pkg.rels.get('/')?.values() ?? [])].find((r) => r.type.endsWith('/officeDocument'));
  const wbPart = wbRel?.target ?? undefined;
  const wb = wbPart ? pkg.parts.get(wbPart) : undefined;
  if (!wbPart || !wb) {
    err('/', 'no officeDocument relationship to a workbook part');
    return out;
  }
  const partsOfType = (suffix: string) => [...pkg.parts.keys()].filter((p) => (pkg.contentType(p) ?? '').endsWith(suffix)).sort();

  // workbook: sheet names
  const sheets: { name: string; part: string | null }[] = [];
  const names = new Set<string>();
  const ids = new Set<string>();
  const sheetEls = descendants(wb.root, S, 'sheet');
  for (const sh of sheetEls) {
    const name = sh.attrs.get('name') ?? '';
    if (!name || name.length > 31) err(wbPart, `sheet name "${name}" is ${name.length} characters (1-31 allowed)`, sh);
    if (/[[\]:*?/\\]/.test(name)) err(wbPart, `sheet name "${name}" contains one of []:*?/\\`, sh);
    if (name.startsWith("'") || name.endsWith("'")) err(wbPart, `sheet name "${name}" starts or ends with an apostrophe`, sh);
    if (name.toLowerCase() === 'history') err(wbPart, 'sheet name "History" is reserved', sh);
    if (names.has(name.toLowerCase())) err(wbPart, `duplicate sheet name "${name}"`, sh);
    names.add(name.toLowerCase());
    const id = sh.attrs.get('sheetId') ?? '';
    if (ids.has(id)) err(wbPart, `duplicate sheetId ${id}`, sh);
    ids.add(id);
    sheets.push({ name, part: pkg.rels.get(wbPart)?.get(attr(sh, R, 'id') ?? '')?.target ?? null });
  }
  if (!sheetEls.length) err(wbPart, 'workbook has no sheets');
  for (const v of descendants(wb.root, S, 'workbookView')) {
    if (Number(v.attrs.get('activeTab') ?? 0) >= sheetEls.length) err(wbPart, `workbookView activeTab=${v.attrs.get('activeTab')} but only ${sheetEls.length} sheets`, v);
  }

  const formula = (part: string, el: El, text: string, what: string) => {
    const bare = text.replace(/"(?:[^"]|"")*"/g, '""');
    if ((text.match(/"/g) ?? []).length % 2) err(part, `${what} has an unterminated string: ${text.slice(0, 200)}`, el);
    if (what !== 'chart reference') {
      if (text.trimStart().startsWith('=')) err(part, `${what} starts with "=" (stored formulas must not): ${text.slice(0, 200)}`, el);
      const unquoted = bare.replace(/'(?:[^']|'')*'/g, "''");
      let depth = 0;
      for (const ch of unquoted) {
        depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
        if (depth < 0) break;
      }
      if (depth !== 0) err(part, `${what} has unbalanced parentheses: ${text.slice(0, 200)}`, el);
      if (unquoted.replace(/\{[^}]*\}/g, '').includes(';')) err(part, `${what} uses ";" (files store "," as the argument separator): ${text.slice(0, 200)}`, el);
    }
    for (const { sheet, quoted } of sheetRefs(text)) {
      if (!names.has(sheet.toLowerCase())) err(part, `${what} refers to sheet "${sheet}", which the workbook does not have: ${text.slice(0, 200)}`, el);
      else if (!quoted && needsQuotes(sheet)) err(part, `${what}: sheet name "${sheet}" must be quoted: ${text.slice(0, 200)}`, el);
    }
    // an unquoted multi-word sheet name splits into tokens the reference scan cannot see
    for (const { name } of sheets) {
      if (!needsQuotes(name)) continue;
      const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (new RegExp(`(?<!['\\p{L}\\p{N}_.])${esc}!`, 'iu').test(bare)) err(part, `${what}: sheet name "${name}" is not quoted: ${text.slice(0, 200)}`, el);
    }
  };
  for (const dn of descendants(wb.root, S, 'definedName')) {
    if (Number(dn.attrs.get('localSheetId') ?? 0) >= sheetEls.length) err(wbPart, `definedName ${dn.attrs.get('name')} localSheetId out of range`, dn);
    formula(wbPart, dn, textOf(dn), `definedName ${dn.attrs.get('name')}`);
  }

  // styles and shared strings
  let nXf: number | undefined;
  let nDxf: number | undefined;
  let nSst: number | undefined;
  for (const part of partsOfType('spreadsheetml.styles+xml')) {
    const root = pkg.parts.get(part)?.root;
    if (!root) continue;
    const coll = (tag: string) => {
      const el = kid(root, S, tag);
      return el ? kids(el) : [];
    };
    const [fonts, fills, borders, csxfs, xfs, dxfs] = ['fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs', 'dxfs'].map(coll);
    const fmts = new Set(descendants(root, S, 'numFmt').map((n) => Number(n.attrs.get('numFmtId'))));
    nXf = xfs.length;
    nDxf = dxfs.length;
    if (!xfs.length) err(part, 'styles has no cellXfs/xf (Excel needs at least one)');
    for (const [group, label] of [[csxfs, 'cellStyleXfs'], [xfs, 'cellXfs']] as const) {
      group.forEach((xf, i) => {
        for (const [a, n] of [['fontId', fonts.length], ['fillId', fills.length], ['borderId', borders.length]] as const) {
          const v = xf.attrs.get(a);
          if (v !== undefined && Number(v) >= n) err(part, `${label} xf ${i}: ${a}=${v} but only ${n} defined`, xf);
        }
        const nf = xf.attrs.get('numFmtId');
        if (nf !== undefined && Number(nf) >= 164 && !fmts.has(Number(nf))) err(part, `${label} xf ${i}: numFmtId=${nf} is not defined in numFmts`, xf);
        const xfId = xf.attrs.get('xfId');
        if (label === 'cellXfs' && xfId !== undefined && Number(xfId) >= Math.max(csxfs.length, 1)) err(part, `cellXfs xf ${i}: xfId=${xfId} but ${csxfs.length} cellStyleXfs`, xf);
      });
    }
    for (const nm of descendants(root, S, 'name')) if ((nm.attrs.get('val') ?? '').length > 31) err(part, `font name "${nm.attrs.get('val')}" is over 31 characters`, nm);
  }
  for (const part of partsOfType('spreadsheetml.sharedStrings+xml')) {
    const root = pkg.parts.get(part)?.root;
    if (root) nSst = kids(root, S, 'si').length;
  }

  // worksheets
  for (const { name, part } of sheets) {
    const root = part ? pkg.parts.get(part)?.root : undefined;
    if (!part || !root || root.local !== 'worksheet') continue;
    let lastRow = 0;
    const masters = new Set(descendants(root, S, 'f').filter((f) => f.attrs.get('t') === 'shared' && f.attrs.has('ref') && textOf(f).trim()).map((f) => f.attrs.get('si')));
    for (const row of kids(kid(root, S, 'sheetData') ?? root, S, 'row')) {
      const rn = row.attrs.has('r') ? Number(row.attrs.get('r')) : lastRow + 1;
      if (rn <= lastRow || rn > MAX_ROW) err(part, `row ${rn} out of order or range (previous ${lastRow})`, row);
      lastRow = rn;
      if (nXf !== undefined && Number(row.attrs.get('s') ?? 0) >= nXf) err(part, `row ${rn} style s=${row.attrs.get('s')} but ${nXf} cellXfs`, row);
      let lastCol = 0;
      for (const c of kids(row, S, 'c')) {
        const ref = c.attrs.get('r');
        let col = lastCol + 1;
        if (ref) {
          const p = parseCell(ref);
          if (!p || p[0] !== rn) {
            err(part, `cell r="${ref}" is not a cell of row ${rn}`, c);
            continue;
          }
          col = p[1];
        }
        if (col <= lastCol) err(part, `cell ${ref} out of order in row ${rn}`, c);
        lastCol = col;
        const s = c.attrs.get('s');
        if (s !== undefined && nXf !== undefined && Number(s) >= nXf) err(part, `cell ${ref} style s=${s} but only ${nXf} cellXfs`, c);
        const v = kid(c, S, 'v');
        const t = c.attrs.get('t') ?? 'n';
        if (v && t === 's') {
          const k = textOf(v).trim();
          if (!/^\d+$/.test(k) || (nSst !== undefined && Number(k) >= nSst)) err(part, `cell ${ref} shared string index ${k} invalid (${nSst} strings)`, c);
        } else if (v && t === 'n' && !Number.isFinite(Number(textOf(v)))) err(part, `cell ${ref} numeric value "${textOf(v).slice(0, 40)}" is not a number`, c);
        const f = kid(c, S, 'f');
        if (f && textOf(f)) formula(part, f, textOf(f), `formula in ${name}!${ref}`);
        if (f?.attrs.get('t') === 'shared' && !f.attrs.has('ref') && !masters.has(f.attrs.get('si') ?? '')) {
          err(part, `cell ${ref} uses shared formula si=${f.attrs.get('si')} that has no master`, f);
        }
      }
    }
    const merged: [number, number, number, number][] = [];
    for (const m of descendants(root, S, 'mergeCell')) {
      const rng = parseRange(m.attrs.get('ref'));
      if (!rng) err(part, `mergeCell ref="${m.attrs.get('ref')}" invalid`, m);
      else if (merged.some((o) => !(rng[2] < o[0] || o[2] < rng[0] || rng[3] < o[1] || o[3] < rng[1]))) err(part, `mergeCell ${m.attrs.get('ref')} overlaps another`, m);
      if (rng) merged.push(rng);
    }
    for (const rule of descendants(root, S, 'cfRule')) {
      const d = rule.attrs.get('dxfId');
      if (d !== undefined && (nDxf === undefined || Number(d) >= nDxf)) err(part, `cfRule dxfId=${d} but styles has ${nDxf} dxf`, rule);
      for (const fm of kids(rule, S, 'formula')) formula(part, fm, textOf(fm), 'conditional-format formula');
    }
    for (const h of descendants(root, S, 'hyperlink')) {
      if (!parseRange(h.attrs.get('ref'))) err(part, `hyperlink ref="${h.attrs.get('ref')}" invalid`, h);
      const loc = h.attrs.get('location');
      if (loc) formula(part, h, loc, 'hyperlink location');
    }
    for (const dv of descendants(root, S, 'dataValidation')) {
      const f1 = kid(dv, S, 'formula1');
      const txt = f1 ? textOf(f1) : '';
      if (dv.attrs.get('type') === 'list' && txt.startsWith('"') && txt.slice(1, -1).replace(/""/g, '"').length > 255) err(part, `data-validation list literal is ${txt.length - 2} characters (Excel: 255 max)`, f1);
    }
  }

  // charts
  for (const part of partsOfType('drawingml.chart+xml')) {
    const root = pkg.parts.get(part)?.root;
    const plot = root && kid(kid(root, C, 'chart') ?? root, C, 'plotArea');
    if (!plot) continue;
    const axes = new Map<string, El>();
    for (const ax of kids(plot).filter((k) => ['catAx', 'valAx', 'dateAx', 'serAx'].includes(k.local))) {
      const id = kid(ax, C, 'axId')?.attrs.get('val') ?? '';
      if (axes.has(id)) err(part, `axis id ${id} defined twice`, ax);
      axes.set(id, ax);
    }
    const used = new Set<string>();
    const idx = new Set<string>();
    const order = new Set<string>();
    for (const grp of kids(plot).filter((k) => k.local.endsWith('Chart'))) {
      const axIds = kids(grp, C, 'axId').map((a) => a.attrs.get('val') ?? '');
      for (const a of axIds) {
        used.add(a);
        if (!axes.has(a)) err(part, `${grp.local} uses axId ${a}, which no axis in the plot area has`, grp);
      }
      const grouping = grp.local === 'barChart' ? (kid(grp, C, 'grouping')?.attrs.get('val') ?? 'clustered') : '';
      const allowed = DLBL_POS[`${grp.local} ${grouping}`.trim()];
      for (const pos of descendants(grp, C, 'dLblPos')) {
        if (allowed && !allowed.includes(pos.attrs.get('val') ?? '')) err(part, `dLblPos="${pos.attrs.get('val')}" is not allowed for ${grp.local} ${grouping} (Excel repairs the chart)`, pos);
      }
      if (!['pieChart', 'pie3DChart', 'doughnutChart', 'ofPieChart'].includes(grp.local) && axIds.length < 2) err(part, `${grp.local} has ${axIds.length} axId (needs 2+)`, grp);
      for (const ser of kids(grp, C, 'ser')) {
        for (const [tag, seen] of [['idx', idx], ['order', order]] as const) {
          const v = kid(ser, C, tag)?.attrs.get('val') ?? '';
          if (seen.has(v)) err(part, `series c:${tag} val=${v} used by two series in the chart`, ser);
          seen.add(v);
        }
      }
    }
    for (const [id, ax] of axes) {
      if (!axes.has(kid(ax, C, 'crossAx')?.attrs.get('val') ?? '')) err(part, `axis ${id} crossAx=${kid(ax, C, 'crossAx')?.attrs.get('val')} is not an axis of the chart`, ax);
      if (!used.has(id)) err(part, `axis ${id} is not used by any chart group`, ax);
    }
    for (const cache of [...descendants(root, C, 'numCache'), ...descendants(root, C, 'strCache')]) {
      const count = kid(cache, C, 'ptCount')?.attrs.get('val');
      const seen = new Set<number>();
      for (const pt of kids(cache, C, 'pt')) {
        const k = Number(pt.attrs.get('idx'));
        if (count !== undefined && k >= Number(count)) err(part, `${cache.local} pt idx=${k} but ptCount=${count}`, pt);
        if (seen.has(k)) err(part, `${cache.local} pt idx=${k} twice`, pt);
        seen.add(k);
        const v = kid(pt, C, 'v');
        if (cache.local === 'numCache' && !(v && textOf(v).trim() !== '' && Number.isFinite(Number(textOf(v))))) err(part, `numCache pt ${k} value "${v ? textOf(v) : ''}" is not a number`, pt);
      }
    }
    for (const f of descendants(root, C, 'f')) {
      formula(part, f, textOf(f), 'chart reference');
      if (['numRef', 'strRef', 'multiLvlStrRef'].includes(f.parent?.local ?? '') && !/^(?:'(?:[^']|'')+'|[\p{L}_][\p{L}\p{N}_.]*)!\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?$/u.test(textOf(f))) {
        err(part, `chart c:f "${textOf(f)}" is not a sheet-qualified reference`, f);
      }
    }
  }

  // drawings
  for (const part of partsOfType('officedocument.drawing+xml')) {
    const root = pkg.parts.get(part)?.root;
    if (!root) continue;
    const seen = new Set<string>();
    const walk = (el: El) => {
      if (el.local === 'cNvPr') {
        const id = el.attrs.get('id') ?? '';
        if (seen.has(id)) err(part, `shape id ${id} used twice in the drawing`, el);
        seen.add(id);
      }
      for (const c of el.children) if (c.kind === 'el') walk(c);
    };
    walk(root);
  }
  return out;
}
