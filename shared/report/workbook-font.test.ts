import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { localeOf } from '../i18n/locale';
import { convertWithLibreOffice } from './charts/libreoffice';
import { nameFonts, themeFonts, withWorkbookFont, WorkbookFontError } from './workbook-font';

const fa = localeOf('fa-IR');

async function persianBook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('خلاصه', { views: [{ rightToLeft: true }] });
  ws.getColumn(1).width = 30;
  ws.getCell('A1').value = fa.dir('داشبورد هفتگی مدیران');
  ws.getCell('A1').font = { bold: true, size: 16 }; // styled without a font name, as the workbooks do
  ws.getCell('A2').value = fa.kpiLabel('churn_rate');
  ws.getCell('B2').value = 0.125;
  ws.getCell('B2').numFmt = fa.numFmt('0.0%');
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('withWorkbookFont', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wb-font-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the font in every cell font, without a theme scheme overriding it, and in the theme', async () => {
    const out = await JSZip.loadAsync(await withWorkbookFont(await persianBook(), fa.font));
    const styles = await out.file('xl/styles.xml')!.async('string');
    const fonts = /<fonts\b[^>]*>([\s\S]*?)<\/fonts>/.exec(styles)![1].match(/<font>[\s\S]*?<\/font>/g)!;
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const f of fonts) {
      expect(f).toContain('<name val="Noto Sans Arabic"/>');
      expect(f).not.toMatch(/<scheme|Calibri/);
    }
    const theme = await out.file('xl/theme/theme1.xml')!.async('string');
    expect(theme).toMatch(/<a:minorFont>\s*<a:latin typeface="Noto Sans Arabic"/);
    expect(theme).toContain('<a:font script="Arab" typeface="Noto Sans Arabic"/>');
  });

  it('leaves differential (conditional format) fonts alone and rewrites nothing outside <fonts>', () => {
    const xml = '<styleSheet><fonts count="1"><font><sz val="11"/><name val="Calibri"/><scheme val="minor"/></font></fonts><dxfs><dxf><font><b/></font></dxf></dxfs></styleSheet>';
    expect(nameFonts(xml, 'X & Y')).toBe('<styleSheet><fonts count="1"><font><sz val="11"/><name val="X &amp; Y"/></font></fonts><dxfs><dxf><font><b/></font></dxf></dxfs></styleSheet>');
    expect(themeFonts('<a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont>', 'F')).toBe(
      '<a:minorFont><a:latin typeface="F"/><a:ea typeface=""/><a:cs typeface="F"/></a:minorFont>',
    );
  });

  it('makes LibreOffice draw every text of a Persian sheet with the font', async () => {
    const fontsOf = async (buf: Buffer, name: string) => {
      const path = join(dir, `${name}.xlsx`);
      writeFileSync(path, buf);
      return execFileSync('pdffonts', [await convertWithLibreOffice(path, 'pdf', dir)], { encoding: 'utf8' });
    };
    const before = await fontsOf(await persianBook(), 'before');
    const after = await fontsOf(await withWorkbookFont(await persianBook(), fa.font), 'after');
    const names = (t: string) => [...t.matchAll(/^\w+\+(\S+)/gm)].map((m) => m[1]);
    // Without a font name LibreOffice picks fallbacks (DejaVu Sans Bold for the bold title); with it, the regular
    // and the bold cells are drawn in the font (other fonts may still serve the invisible direction marks).
    expect(names(before).filter((n) => n.startsWith('NotoSansArabic'))).toEqual([]);
    expect(names(after)).toEqual(expect.arrayContaining(['NotoSansArabic-Regular', 'NotoSansArabic-Bold']));
  }, 120_000);

  it('rejects a file that is not a workbook', async () => {
    await expect(withWorkbookFont(Buffer.from('not a zip'), 'F')).rejects.toBeInstanceOf(WorkbookFontError);
  });
});
