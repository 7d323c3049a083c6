/** Markup Compatibility preprocessing (ECMA-376 Part 3) on small hand-written parts. */
import { describe, expect, it } from 'vitest';
import { MC, mcePreprocess } from './mce';
import { parseXml, serializeDoc } from './tree';

const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const UNDERSTOOD = new Set([S, MC]);
const NS = `xmlns="${S}" xmlns:mc="${MC}" xmlns:v="urn:vendor:ext"`;

function run(xml: string) {
  const doc = parseXml(xml);
  const problems = mcePreprocess(doc.root, UNDERSTOOD);
  return { out: serializeDoc(doc), problems: problems.map((p) => p.message) };
}

describe('mcePreprocess', () => {
  it('drops ignorable attributes and elements, unwraps ProcessContent ones, and keeps the line numbers', () => {
    const { out, problems } = run(
      `<worksheet ${NS} mc:Ignorable="v" mc:ProcessContent="v:wrap">\n<v:note a="1">\nline\n</v:note><v:wrap><sheetData v:x="1"/></v:wrap>\n<dimension ref="A1"/></worksheet>`,
    );
    expect(problems).toEqual([]);
    expect(out).toBe(`<worksheet xmlns="${S}" xmlns:mc="${MC}" xmlns:v="urn:vendor:ext">\n\n\n<sheetData/>\n<dimension ref="A1"/></worksheet>`);
  });

  it('picks the first Choice whose Requires are understood, else the Fallback, and lifts namespace declarations', () => {
    const understoodChoice = run(
      `<worksheet ${NS}><mc:AlternateContent><mc:Choice Requires="v"><v:fancy/></mc:Choice><mc:Choice Requires="x" xmlns:x="${S}"><x:sheetData/></mc:Choice><mc:Fallback><dimension ref="A1"/></mc:Fallback></mc:AlternateContent></worksheet>`,
    );
    expect(understoodChoice.out).toBe(`<worksheet xmlns="${S}" xmlns:mc="${MC}" xmlns:v="urn:vendor:ext"><x:sheetData xmlns:x="${S}"/></worksheet>`);
    expect(parseXml(understoodChoice.out).root.children[0]).toMatchObject({ ns: S, local: 'sheetData' });
    const fallback = run(`<worksheet ${NS}><mc:AlternateContent><mc:Choice Requires="v"><v:fancy/></mc:Choice><mc:Fallback><dimension ref="A1"/></mc:Fallback></mc:AlternateContent></worksheet>`);
    expect(fallback.out).toBe(`<worksheet xmlns="${S}" xmlns:mc="${MC}" xmlns:v="urn:vendor:ext"><dimension ref="A1"/></worksheet>`);
    const nothing = run(`<worksheet ${NS}><mc:AlternateContent><mc:Choice Requires="v"><v:fancy/></mc:Choice></mc:AlternateContent></worksheet>`);
    expect(nothing.out).toBe(`<worksheet xmlns="${S}" xmlns:mc="${MC}" xmlns:v="urn:vendor:ext"></worksheet>`);
  });

  it('reports MustUnderstand of an unknown namespace and undeclared prefixes; leaves non-ignorable unknown markup for the schema', () => {
    const { out, problems } = run(`<worksheet ${NS} mc:MustUnderstand="v" mc:Ignorable="w"><v:thing/></worksheet>`);
    expect(problems).toEqual([
      'mc:Ignorable names prefix "w", which has no namespace declaration in scope',
      'mc:MustUnderstand names namespace urn:vendor:ext, which an ECMA-376 consumer does not understand (it must refuse the document)',
    ]);
    expect(out).toContain('<v:thing/>');
  });
});
