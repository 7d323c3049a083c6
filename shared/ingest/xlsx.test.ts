import { describe, expect, it } from 'vitest';
import { FileRejectedError } from '../errors';
import { fixture, readAll } from './test-support';
import { checkZip, chooseSheet, isDateFormat, reorderedZip, sheetInfos, sheetNames } from './xlsx';

/** Names of the local records in a zip byte stream, in order (entries without data descriptors). */
function localNames(buf: Buffer): string[] {
  const names: string[] = [];
  for (let p = 0; p + 30 <= buf.length && buf.readUInt32LE(p) === 0x04034b50; ) {
    const n = buf.readUInt16LE(p + 26);
    names.push(buf.toString('utf8', p + 30, p + 30 + n));
    p += 30 + n + buf.readUInt16LE(p + 28) + buf.readUInt32LE(p + 18);
  }
  return names;
}

describe('zip handling', () => {
  it('moves the parts the streaming reader needs before the sheets (no temp files), copying nothing', async () => {
    const buf = fixture('deals.xlsx');
    const before = localNames(buf);
    expect(before.indexOf('xl/worksheets/sheet2.xml')).toBeLessThan(before.indexOf('xl/sharedStrings.xml'));
    const parts = reorderedZip(buf, await checkZip(buf, 1e9));
    const after = localNames(Buffer.concat(parts));
    expect(after.slice(0, 4)).toEqual(['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml']);
    expect([...after].sort()).toEqual([...before].sort());
    expect(parts.every((p) => p.buffer === buf.buffer)).toBe(true);
  });

  it('gives a workbook without shared strings an empty table first, so no sheet waits in a temp file', async () => {
    const buf = fixture('stage-events-inline-strings.xlsx');
    const checked = await checkZip(buf, 1e9);
    expect(checked.records.map((r) => r.name)).not.toContain('xl/sharedStrings.xml');
    expect(localNames(Buffer.concat(reorderedZip(buf, checked))).slice(0, 4)).toEqual([
      'xl/_rels/workbook.xml.rels',
      'xl/workbook.xml',
      'xl/styles.xml',
      'xl/sharedStrings.xml',
    ]);
  });

  it('rejects a zip whose local header disagrees with its directory (what the checks saw must be what is read)', async () => {
    const buf = Buffer.from(fixture('deals.xlsx'));
    const at = buf.indexOf(Buffer.from('xl/worksheets/sheet2.xml')) - 30; // its local header
    expect(buf.readUInt32LE(at)).toBe(0x04034b50);
    buf.writeUInt32LE(buf.readUInt32LE(at + 22) * 1000, at + 22); // local uncompressed size
    const err = await readAll(buf, 'deals').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileRejectedError);
    expect((err as Error).message).toMatch(/damaged or crafted .*sheet2\.xml: local header sizes disagree/);
  });
});

describe('workbook parts', () => {
  it('reads sheet names in workbook order, XML entities decoded', () => {
    const xml = '<workbook><sheets><sheet name="Read me" sheetId="2" r:id="rId1"/><sheet r:id="rId2" name="Deals &amp; more" sheetId="1"/></sheets></workbook>';
    expect(sheetNames(xml)).toEqual(['Read me', 'Deals & more']);
  });

  it('prefers the sheet named after the dataset, else the first', () => {
    expect(chooseSheet(['Notes', 'Stage Events'], 'stage-events')).toBe('Stage Events');
    expect(chooseSheet(['Export', 'Notes'], 'deals')).toBe('Export');
    expect(chooseSheet([{ name: 'Lists', hidden: true }, { name: 'Export', hidden: false }], 'deals')).toBe('Export');
    expect(chooseSheet([{ name: 'Lists', hidden: true }, { name: 'Deals', hidden: true }], 'deals')).toBe('Deals');
    expect(sheetInfos('<sheet name="Lists" sheetId="3" state="hidden" r:id="rId3"/><sheet name="A" sheetId="1" r:id="rId1"/>')).toEqual([
      { name: 'Lists', hidden: true },
      { name: 'A', hidden: false },
    ]);
  });

  it('tells date formats from number formats', () => {
    for (const f of ['yyyy-mm-dd', 'dd/mm/yyyy', 'mmm-yy', 'm/d/yy h:mm', '[$-409]d-mmm-yy']) expect(isDateFormat(f), f).toBe(true);
    for (const f of [undefined, 'General', '0.00', '#,##0', '0%', '"$"#,##0.00', '[Red]0.00']) expect(isDateFormat(f), String(f)).toBe(false);
  });
});
