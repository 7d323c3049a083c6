/**
 * Measures the memory peak of reading an XLSX whose shared-string table unpacks to ~489 MB
 * from a small zip (issue 12, item 10): `node --import tsx scripts/measure-sst-bomb.ts [MB]`.
 * Builds the workbook in a temp folder, then reads it with readUpload (as the ingest
 * function does) in a child process and prints its outcome and peak RSS (sampled every 20 ms).
 * `--read FILE` reads an existing workbook only. Not a test: the
 * figure is written down in docs/decisions/reliability.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';

if (process.argv[2] === '--read') {
  const { readUpload } = await import('../shared/ingest/index');
  const { DEFAULT_CONFIG } = await import('../shared/config/config');
  // Sampled, not getrusage's maxRSS: a child forked from the generating process inherits its high-water mark.
  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  const timer = setInterval(sample, 20);
  const file = process.argv[3];
  const buf = readFileSync(file);
  let result = 'accepted';
  try {
    const reader = readUpload(buf, buf.length, { fileName: 'bomb.xlsx', dataset: 'deals', config: DEFAULT_CONFIG });
    for await (const _batch of reader.batches) void _batch;
  } catch (e) {
    result = `rejected: ${(e as Error).message}`;
  }
  sample();
  clearInterval(timer);
  console.log(JSON.stringify({ result: result.slice(0, 160), peakRssMb: Math.round(peak / 1024 / 1024) }));
  process.exit(0);
}

const targetMb = Number(process.argv[2] ?? 489);
const dir = mkdtempSync(join(tmpdir(), 'sst-bomb-'));
const parts: Buffer[] = [Buffer.from('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')];
let bytes = 0;
let i = 0;
let seed = 1;
while (bytes < targetMb * 1024 * 1024) {
  const chunk: string[] = [];
  for (let k = 0; k < 10_000; k++, i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    chunk.push(`<si><t>Customer ${i} ${seed.toString(36)} Street ${seed % 997} Account manager notes for this customer record</t></si>`);
  }
  const b = Buffer.from(chunk.join(''));
  parts.push(b);
  bytes += b.length;
}
parts.push(Buffer.from('</sst>'));
const zip = new JSZip();
zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
zip.file(
  'xl/workbook.xml',
  '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="deals" sheetId="1" r:id="rId1"/></sheets></workbook>',
);
zip.file(
  'xl/_rels/workbook.xml.rels',
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
);
zip.file('xl/sharedStrings.xml', Buffer.concat(parts));
zip.file('xl/worksheets/sheet1.xml', '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>');
const file = join(dir, 'bomb.xlsx');
writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } }));
console.log(`workbook: ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB zip, shared strings ${(bytes / 1024 / 1024).toFixed(0)} MB unpacked, ${i} strings`);
const child = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--read', file], { encoding: 'utf8' });
console.log(child.stdout.trim() || child.stderr.trim());
