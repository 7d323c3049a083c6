/** Reading LibreOffice's PDF of a workbook in tests: page texts (poppler) and charts kept whole across page breaks. */
import { execFileSync } from 'node:child_process';
import { expect } from 'vitest';
import { charts } from './xlsx';

/** Text of each page of a PDF (poppler's pdftotext), and the sheet named in its footer. */
/**
 * A string as pdftotext gives it back: the lam-alef ligature (لا) comes out as its two
 * letters in visual order (ال); direction marks are dropped on both sides.
 */
export function asPdfText(s: string): string {
  return s.replace(/لا/g, 'ال').replace(/[\u200e\u200f\u202a-\u202e]/g, '');
}

export function pages(pdf: string): { sheet: string; text: string }[] {
  const n = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf]).toString())![1]);
  return Array.from({ length: n }, (_, i) => {
    // direction marks and embeddings removed: Persian text compares as written
    const text = execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-layout', pdf, '-'])
      .toString()
      .replace(/[\u200e\u200f\u202a-\u202e]/g, '');
    // footer "&L sheet name &R Page n of N"; mirrored on a right-to-left sheet
    const footer = /^\s*(\S.*?)\s{2,}Page \d+ of \d+\s*$/m.exec(text) ?? /^\s*Page \d+ of \d+\s{2,}(\S.*?)\s*$/m.exec(text);
    return { sheet: footer?.[1].trim() ?? '', text };
  });
}

/** Every chart's title on exactly one page, and neither its category axis nor its legend spilled onto the next page of its sheet. */
export async function expectChartsWhole(pdf: string, xlsx: Buffer): Promise<void> {
  {
    const list = pages(pdf);
    const drawn = await charts(xlsx);
    expect(drawn.length).toBeGreaterThan(1);
    for (const c of drawn) {
      // compared without spaces, zero-width non-joiners (pdftotext breaks words at a ZWNJ) and
      // punctuation (bidi moves a colon or parenthesis next to a number to the other side), and the
      // backslashes pdftotext puts between some glyph runs of chart text
      const rtl = /[\u0600-\u06ff]/.test(c.title);
      const flat = (x: string) => asPdfText(x).replace(/[\s\u200c\u0654:،,.()\\]+/g, '');
      const flatPersian = (x: string) => asPdfText(x).replace(/[\s\u200c\u0654:،,.()\\[\]A-Za-z0-9-]+/g, '');
      let on = list.filter((p) => flat(p.text).includes(flat(c.title.slice(0, 25))));
      if (rtl && on.length === 0) {
        // a Persian title that starts with a Latin run: found by each of its Persian runs, in whatever order bidi put them
        const parts = c.title.split(/[^\u0600-\u06ff\u200c\s]+/).map(flatPersian).filter((x) => x.length > 1);
        on = list.filter((p) => parts.every((x) => flatPersian(p.text).includes(x)));
      }
      expect(on.length, c.title).toBe(1);
      // a chart cut by a page break leaves its lowest category labels on the next page
      const next = list[list.indexOf(on[0]) + 1];
      if (next?.sheet === on[0].sheet) {
        const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const axis = new RegExp(c.series[0].categories.map((x) => esc(asPdfText(x))).join('\\s+'));
        expect(axis.test(next.text), `${c.title}: its category axis spilled to the next page`).toBe(false);
        const legend = c.series.length > 1 ? c.series[c.series.length - 1].name : null;
        if (legend) expect(next.text.includes(asPdfText(legend)), `${c.title}: its legend spilled to the next page`).toBe(false);
      }
    }
  }
}
