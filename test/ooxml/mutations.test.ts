/**
 * The workbook check can fail: a good dashboard passes, and each typical way to break it (the mutations
 * of the ECMA-376 kit's selftest.py, which its validator also reports) is reported by ours, with the
 * message naming what broke. All mutants are checked in one batch (one xmllint run).
 */
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderDashboard } from '../../shared/report/workbooks/dashboard';
import { fixtureInput } from '../report/fixture';
import { checkWorkbooks, expectValidWorkbook, formatProblem, OoxmlInvalidError, XmllintError, type OoxmlProblem } from '../support/ooxml';

type Edit = (xml: string) => string | null;

/** Replaces the first match (the mutation must apply, or the case proves nothing). */
const sub1 =
  (pattern: RegExp, replacement: string): Edit =>
  (s) => {
    if (!pattern.test(s)) throw new Error(`mutation does not apply: ${pattern}`);
    return s.replace(pattern, replacement);
  };

interface Case {
  name: string;
  /** Part to edit: an exact name, or a pattern (the first part it matches where the edit applies). */
  part: string | RegExp;
  edit: Edit;
  /** A message that must be among the errors; null = the mutant must stay clean. */
  expect: RegExp | null;
}

/** Any chart part where the edit applies (the sheet modules may reorder charts). */
const CHART = /^xl\/charts\/chart\d+\.xml$/;

const fail = (): never => {
  throw new Error('mutation does not apply');
};

const CASES: Case[] = [
  { name: 'chart: c:legend moved before c:plotArea', part: CHART, edit: sub1(/(<c:plotArea>[\s\S]*<\/c:plotArea>)(<c:legend>[\s\S]*?<\/c:legend>)/, '$2$1'), expect: /chart}legend': This element is not expected/ },
  {
    name: 'chart: c:showVal before c:numFmt in dLbls',
    part: /^xl\/charts\/chart\d+\.xml$/,
    edit: (s) => {
      const m = /<c:dLbls>([\s\S]*?)<\/c:dLbls>/.exec(s);
      if (!m || !m[1].includes('<c:numFmt')) return fail();
      const sv = /<c:showVal val="\d"\/>/.exec(m[1])![0];
      return s.replace(m[0], `<c:dLbls>${sv}${m[1].replace(sv, '')}</c:dLbls>`);
    },
    expect: /This element is not expected/,
  },
  { name: 'chart: pt idx beyond ptCount', part: CHART, edit: sub1(/<c:ptCount val="([2-9]|\d\d+)"\/>/, '<c:ptCount val="1"/>'), expect: /but ptCount=1/ },
  {
    name: 'chart: axId that no axis has',
    part: CHART,
    edit: (s) => {
      const id = /<c:axId val="(\d+)"\/>/.exec(s)![1];
      return s.replace(`<c:axId val="${id}"/>`, '<c:axId val="999"/>');
    },
    expect: /no axis in the plot area has/,
  },
  { name: 'chart: duplicate series idx', part: /^xl\/charts\/chart\d+\.xml$/, edit: (s) => (s.includes('<c:ser><c:idx val="1"/>') ? s.replace('<c:ser><c:idx val="1"/>', '<c:ser><c:idx val="0"/>') : fail()), expect: /used by two series/ },
  {
    name: 'chart: dLblPos outEnd kept when the bar chart becomes stacked',
    part: /^xl\/charts\/chart\d+\.xml$/,
    edit: (s) => (s.includes('<c:grouping val="clustered"/>') && s.includes('<c:dLblPos val="outEnd"/>') ? s.replace('<c:grouping val="clustered"/>', '<c:grouping val="stacked"/>') : fail()),
    expect: /is not allowed for barChart stacked/,
  },
  {
    name: 'chart: sheet name with a space left unquoted',
    part: /^xl\/charts\/chart\d+\.xml$/,
    edit: (s) => {
      const m = /<c:f>(?:'|&apos;)[^<!]*?(?:'|&apos;)!/.exec(s);
      return m ? s.replace(m[0], '<c:f>Open pipeline!') : fail();
    },
    expect: /not quoted|must be quoted|not a sheet-qualified/,
  },
  {
    name: 'chart: mc:AlternateContent resolved to Fallback (must stay clean)',
    part: CHART,
    edit: sub1(
      /(<c:roundedCorners val="0"\/>)/,
      '$1<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="c14" xmlns:c14="http://schemas.microsoft.com/office/drawing/2007/8/2/chart"><c14:style val="102"/></mc:Choice><mc:Fallback><c:style val="2"/></mc:Fallback></mc:AlternateContent>',
    ),
    expect: null,
  },
  {
    name: 'chart: unknown element without mc:Ignorable',
    part: CHART,
    edit: sub1(/(<c:roundedCorners val="0"\/>)/, '$1<c14:style xmlns:c14="http://schemas.microsoft.com/office/drawing/2007/8/2/chart" val="102"/>'),
    expect: /This element is not expected/,
  },
  {
    name: 'drawing: duplicate cNvPr id',
    part: /^xl\/drawings\/drawing\d+\.xml$/,
    edit: (s) => {
      const ids = [...s.matchAll(/<xdr:cNvPr id="(\d+)"/g)].map((m) => m[1]);
      return ids.length < 2 ? fail() : s.replace(`<xdr:cNvPr id="${ids[1]}"`, `<xdr:cNvPr id="${ids[0]}"`);
    },
    expect: /used twice/,
  },
  { name: 'drawing: chart r:id without relationship', part: /^xl\/drawings\/drawing\d+\.xml$/, edit: sub1(/r:id="rId1"/, 'r:id="rId99"'), expect: /has no relationship/ },
  { name: 'drawing: graphicFrame without xdr:xfrm', part: /^xl\/drawings\/drawing\d+\.xml$/, edit: sub1(/<xdr:xfrm>[\s\S]*?<\/xdr:xfrm>/, ''), expect: /spreadsheetDrawing}xfrm/ },
  {
    name: 'sheet: <drawing> before <pageMargins>',
    part: /^xl\/worksheets\/sheet\d+\.xml$/,
    edit: (s) => {
      const m = /<drawing [^>]*\/>/.exec(s);
      return m && s.includes('<pageMargins') ? s.replace(m[0], '').replace('<pageMargins', `${m[0]}<pageMargins`) : fail();
    },
    expect: /This element is not expected/,
  },
  { name: 'sheet: x14ac attribute with mc:Ignorable removed', part: 'xl/worksheets/sheet1.xml', edit: (s) => (/x14ac:dyDescent/.test(s) ? sub1(/ mc:Ignorable="x14ac"/, '')(s) : fail()), expect: /dyDescent/ },
  { name: 'sheet: mc:Ignorable names an undeclared prefix', part: 'xl/worksheets/sheet1.xml', edit: sub1(/ mc:Ignorable="x14ac"/, ' mc:Ignorable="x14ac x15"'), expect: /no namespace declaration/ },
  { name: 'sheet: cfRule dxfId out of range', part: /^xl\/worksheets\/sheet\d+\.xml$/, edit: (s) => (s.includes('dxfId="') ? s.replace(/dxfId="\d+"/, 'dxfId="9999"') : fail()), expect: /dxfId=9999/ },
  {
    name: 'sheet: unquoted sheet name with a space in a formula',
    part: /^xl\/worksheets\/sheet\d+\.xml$/,
    edit: (s) => {
      const m = /<f>[^<]*<\/f>/.exec(s);
      return m ? s.replace(m[0], '<f>SUM(Open pipeline!A1:A2)</f>') : fail();
    },
    expect: /not quoted|must be quoted/,
  },
  {
    name: 'sheet: data-validation list literal over 255 chars',
    part: 'xl/worksheets/sheet1.xml',
    edit: sub1(/(<pageMargins)/, `<dataValidations count="1"><dataValidation type="list" sqref="A1"><formula1>"${Array.from({ length: 40 }, (_, i) => `item${String(i).padStart(3, '0')}`).join(',')}"</formula1></dataValidation></dataValidations>$1`),
    expect: /Excel: 255 max/,
  },
  {
    name: 'sheet: shared-formula child without master',
    part: /^xl\/worksheets\/sheet\d+\.xml$/,
    edit: (s) => {
      const m = /<c r="([A-Z]+\d+)"([^>]*)><f>[^<]*<\/f>/.exec(s);
      return m ? s.replace(m[0], `<c r="${m[1]}"${m[2]}><f t="shared" si="7"/>`) : fail();
    },
    expect: /has no master/,
  },
  {
    name: 'sheet: cells out of order',
    part: 'xl/worksheets/sheet1.xml',
    edit: (s) => {
      const cell = '<c r="[A-Z]+\\d+"[^>]*?(?:/>|>(?:(?!</c>)[\\s\\S])*</c>)';
      const m = new RegExp(`<row [^>]*>(${cell})(${cell})`).exec(s);
      return m ? s.replace(m[1] + m[2], m[2] + m[1]) : fail();
    },
    expect: /out of order/,
  },
  { name: 'workbook: 32-character sheet name', part: 'xl/workbook.xml', edit: sub1(/(<sheet [^>]*name=")[^"]*"/, `$1${'S'.repeat(32)}"`), expect: /1-31 allowed/ },
  { name: 'workbook: sheet name with a colon', part: 'xl/workbook.xml', edit: sub1(/(<sheet [^>]*name=")[^"]*"/, '$1Sum:mary"'), expect: /contains one of/ },
  { name: 'content types: chart Override removed', part: '[Content_Types].xml', edit: sub1(/<Override PartName="\/xl\/charts\/chart1.xml"[^>]*\/>/, ''), expect: /targets \/xl\/charts\/chart1.xml whose content type is application\/xml/ },
  { name: 'rels: dangling target', part: 'xl/drawings/_rels/drawing1.xml.rels', edit: sub1(/charts\/chart(\d+)\.xml/, 'charts/chart999.xml'), expect: /not in the package/ },
  { name: 'rels: chart part deleted', part: 'xl/charts/chart1.xml', edit: () => null, expect: /not in the package/ },
  { name: 'styles: xf fontId out of range', part: 'xl/styles.xml', edit: sub1(/fontId="0"/, 'fontId="999"'), expect: /fontId=999/ },
  // beyond the kit's list: the package and XML layers
  { name: 'xml: a part that is not well-formed', part: 'xl/workbook.xml', edit: (s) => s.replace('</workbook>', ''), expect: /not well-formed|unbalanced/ },
  { name: 'schema: an attribute value outside its type', part: 'xl/worksheets/sheet1.xml', edit: sub1(/(<pageSetup [^>]*)orientation="landscape"/, '$1orientation="sideways"'), expect: /'sideways' is not an element of the set/ },
  { name: 'rels: a worksheet relationship pointing at the styles part', part: 'xl/_rels/workbook.xml.rels', edit: sub1(/Target="worksheets\/sheet1.xml"/, 'Target="styles.xml"'), expect: /of type worksheet targets \/xl\/styles.xml/ },
];

async function mutate(good: Buffer, c: Case): Promise<Buffer> {
  const zip = await JSZip.loadAsync(good);
  const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  const candidates = typeof c.part === 'string' ? [c.part] : names.filter((n) => (c.part as RegExp).test(n));
  for (const name of candidates) {
    const file = zip.file(name);
    if (!file) continue;
    let edited: string | null;
    try {
      edited = c.edit(await file.async('string'));
    } catch {
      continue; // not applicable to this part: try the next
    }
    if (edited === null) zip.remove(name);
    else zip.file(name, edited);
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  }
  throw new Error(`${c.name}: no part of the dashboard to apply it to`);
}

describe('the OOXML workbook check (test/support/ooxml)', () => {
  let good: Buffer;
  let problems: Map<string, OoxmlProblem[]>;
  beforeAll(async () => {
    good = await renderDashboard(fixtureInput());
    const books: Record<string, Buffer> = { good };
    for (const c of CASES) books[c.name] = await mutate(good, c);
    problems = new Map(Object.keys(books).map((k) => [k, []]));
    for (const p of await checkWorkbooks(books)) problems.get(p.file)!.push(p);
  });

  it('passes the unbroken dashboard', () => {
    expect(problems.get('good')!.filter((p) => p.severity === 'error').map(formatProblem)).toEqual([]);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('reports %s', (_name, c) => {
    const errors = problems.get(c.name)!.filter((p) => p.severity === 'error');
    if (c.expect === null) expect(errors.map(formatProblem)).toEqual([]);
    else expect(errors.map(formatProblem).join('\n')).toMatch(c.expect);
  });

  it('expectValidWorkbook throws a readable list naming the part', async () => {
    const broken = await mutate(good, CASES.find((c) => c.name.startsWith('chart: c:legend'))!);
    const err = await expectValidWorkbook(broken).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(OoxmlInvalidError);
    expect((err as Error).message).toMatch(/^ERROR workbook:\/xl\/charts\/chart\d+\.xml:\d+ \[schema\] .*legend/m);
  });

  it('says which part is an orphan and which has no content type', async () => {
    const zip = await JSZip.loadAsync(good);
    zip.file('xl/notes.bin', 'x');
    const found = await checkWorkbooks({ extra: await zip.generateAsync({ type: 'nodebuffer' }) });
    expect(found.map(formatProblem)).toEqual(
      expect.arrayContaining([expect.stringMatching(/ERROR extra:\/xl\/notes\.bin \[package\] no content type/), expect.stringMatching(/WARNING extra:\/xl\/notes\.bin \[package\] part is not the target of any relationship/)]),
    );
  });

  it('fails loudly, saying what to install, when xmllint is missing (never passes without the schema check)', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(expectValidWorkbook(good)).rejects.toThrow(XmllintError);
      await expect(expectValidWorkbook(good)).rejects.toThrow(/apt-get install libxml2-utils/);
    } finally {
      process.env.PATH = path;
    }
  });
});
