/**
 * The XLSX reader bounds the shared-string table (issue 12, item 10): by its size and by
 * its number of strings, checked while the zip is inflated (not trusting the directory),
 * and a workbook beyond either is quarantined whole with the reason. The memory peak of
 * the 52 MB / 489 MB case is measured by scripts/measure-sst-bomb.ts, not here.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { checkZip, SHARED_STRINGS_LIMITS } from '../../shared/ingest/xlsx';

async function workbook(strings: string[]): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  zip.file('xl/workbook.xml', '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="deals" sheetId="1" r:id="rId1"/></sheets></workbook>');
  zip.file(
    'xl/sharedStrings.xml',
    `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((t) => `<si><t>${t}</t></si>`).join('')}</sst>`,
  );
  zip.file('xl/worksheets/sheet1.xml', '<worksheet/>');
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('shared-string bounds', () => {
  it('defaults fit the 1 GB ingest function', () => {
    expect(SHARED_STRINGS_LIMITS.maxBytes).toBeLessThanOrEqual(128 * 1024 * 1024);
  });

  it('accepts a table within both bounds', async () => {
    const buf = await workbook(Array.from({ length: 1000 }, (_, i) => `customer ${i}`));
    await expect(checkZip(buf, 1e9, { maxBytes: 1_000_000, maxCount: 1000 })).resolves.toBeDefined();
  });

  it('rejects a table with more strings than the bound, counted in the inflated XML', async () => {
    const buf = await workbook(Array.from({ length: 1001 }, (_, i) => `c${i}`));
    await expect(checkZip(buf, 1e9, { maxBytes: 1_000_000, maxCount: 1000 })).rejects.toThrow(/shared-string table is too large \(it holds more than 1,000 strings/);
  });

  it('rejects a table that unpacks to more than the byte bound (a compressible bomb)', async () => {
    const buf = await workbook(Array.from({ length: 200 }, () => 'x'.repeat(10_000)));
    expect(buf.length).toBeLessThan(100_000);
    await expect(checkZip(buf, 1e9, { maxBytes: 1_000_000, maxCount: 1e6 })).rejects.toThrow(/shared-string table is too large \(its zip directory declares 1\.9 MB/);
  });
});
