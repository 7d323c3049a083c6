/**
 * Names one font as every cell font of a workbook written by exceljs: the font of each
 * entry of styles.xml's <fonts> (exceljs leaves styled fonts without a name, which Excel
 * and LibreOffice draw in their default), and the theme's body font for Latin and complex
 * scripts. For a Persian workbook this is the locale's font (shared/i18n: a font with
 * Persian glyphs that .ci/run installs), so no text falls back to another font.
 */
import JSZip from 'jszip';
import { ScorecardError } from '../errors';
import { escapeXml } from './charts/xml';

export class WorkbookFontError extends ScorecardError {}

/** The <fonts> section of styles.xml with every font named `font` (and no theme scheme overriding it). */
export function nameFonts(stylesXml: string, font: string): string {
  const name = `<name val="${escapeXml(font)}"/>`;
  return stylesXml.replace(/<fonts\b[^>]*>[\s\S]*?<\/fonts>/, (section) =>
    section
      .replace(/<font\s*\/>/g, `<font>${name}</font>`)
      .replace(/<font>([\s\S]*?)<\/font>/g, (_m, body: string) => {
        const rest = body.replace(/<name\b[^>]*\/>/g, '').replace(/<scheme\b[^>]*\/>/g, '');
        return `<font>${rest}${name}</font>`;
      }),
  );
}

/** The theme's minor (body) and major (heading) fonts set to `font` for Latin, complex scripts and Arabic script. */
export function themeFonts(themeXml: string, font: string): string {
  const f = escapeXml(font);
  return themeXml
    .replace(/(<a:(?:minor|major)Font>\s*<a:latin typeface=")[^"]*"/g, `$1${f}"`)
    .replace(/(<a:(?:minor|major)Font>[\s\S]*?<a:cs typeface=")[^"]*"/g, `$1${f}"`)
    .replace(/<a:font script="Arab" typeface="[^"]*"\/>/g, `<a:font script="Arab" typeface="${f}"/>`);
}

/** The workbook with `font` as the font of every cell style and of the theme's body and heading text. */
export async function withWorkbookFont(xlsx: Buffer, font: string): Promise<Buffer> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(xlsx);
  } catch (cause) {
    throw new WorkbookFontError('the workbook is not a readable .xlsx (zip) package', { cause });
  }
  const styles = zip.file('xl/styles.xml');
  if (!styles) throw new WorkbookFontError('the workbook has no xl/styles.xml');
  zip.file('xl/styles.xml', nameFonts(await styles.async('string'), font));
  for (const theme of zip.file(/^xl\/theme\/theme\d+\.xml$/)) zip.file(theme.name, themeFonts(await theme.async('string'), font));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
