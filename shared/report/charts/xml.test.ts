import { describe, expect, it } from 'vitest';
import { escapeXml, localName, outline, scanTags, unescapeXml } from './xml';

describe('escapeXml / unescapeXml', () => {
  it('escapes markup characters and round-trips', () => {
    const raw = `Win rate <Q3> & "target" 'FY'`;
    const escaped = escapeXml(raw);
    expect(escaped).toBe('Win rate &lt;Q3&gt; &amp; &quot;target&quot; &apos;FY&apos;');
    expect(unescapeXml(escaped)).toBe(raw);
  });

  it('drops characters XML 1.0 cannot hold but keeps tabs, newlines and astral characters', () => {
    expect(escapeXml('a\u0000b\u0007c\td\ne\uFFFE')).toBe('abc\td\ne');
    expect(escapeXml('lone \uD800 surrogate, pair 😀')).toBe('lone  surrogate, pair 😀');
  });

  it('resolves numeric character references', () => {
    expect(unescapeXml('&#65;&#x42;&amp;lt;')).toBe('AB&lt;');
  });
});

describe('scanTags', () => {
  it('reads names, kinds and attributes, skipping declarations, comments and CDATA', () => {
    const xml = `<?xml version="1.0"?><!-- <fake/> --><r a="1 > 0" b='x&amp;y'><![CDATA[<no/>]]><x:c/></r>`;
    const tags = [...scanTags(xml)];
    expect(tags.map((t) => `${t.kind}:${t.name}`)).toEqual(['open:r', 'empty:x:c', 'close:r']);
    expect(tags[0].attrs).toEqual({ a: '1 > 0', b: 'x&y' });
    expect(xml.slice(tags[1].start, tags[1].end)).toBe('<x:c/>');
  });

  it('rejects an unterminated tag', () => {
    expect(() => [...scanTags('<a b="1"')]).toThrow(/unterminated/);
  });
});

describe('outline', () => {
  it('lists only direct children of the root, with their extents', () => {
    const xml = `<worksheet><sheetData><row><c/></row></sheetData><conditionalFormatting><cfRule><extLst/></cfRule></conditionalFormatting><extLst><ext/></extLst></worksheet>`;
    const o = outline(xml);
    expect(o.root.name).toBe('worksheet');
    expect(o.children.map((c) => c.name)).toEqual(['sheetData', 'conditionalFormatting', 'extLst']);
    const ext = o.children[2];
    expect(xml.slice(ext.start, ext.end)).toBe('<extLst><ext/></extLst>');
    expect(xml.slice(o.rootCloseStart)).toBe('</worksheet>');
  });

  it('handles a prefixed root and localName strips prefixes', () => {
    const o = outline(`<x:worksheet xmlns:x="urn:x"><x:sheetData/></x:worksheet>`);
    expect(o.children.map((c) => localName(c.name))).toEqual(['sheetData']);
  });
});
