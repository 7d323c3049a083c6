/**
 * readUpload behaviour beyond the corpus: streaming sources, batches, limits, the
 * whole-file-before-first-batch rule, and the deal rules that need config.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FileRejectedError } from '../errors';
import { parseConfig } from '../config/config';
import type { Deal } from '../model/types';
import { readUpload } from './reader';
import { fixture, readAll } from './test-support';

const HEADER = 'deal_id,customer_id,created_date,status,amount';
const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\n') + '\n');
const dealRows = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `D-${from + i},C-${from + i},2026-01-01,open,${from + i}`);

/** A stream that hands the bytes over `size` at a time (splitting multi-byte characters). */
function trickle(buf: Buffer, size: number): Readable {
  let i = 0;
  return new Readable({
    read() {
      this.push(i < buf.length ? buf.subarray(i, (i += size)) : null);
    },
  });
}

const rejection = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as FileRejectedError);

describe('streamed sources', () => {
  it('reads a stream delivered one byte at a time like the same buffer (UTF-8 BOM, Persian digits, UTF-16)', async () => {
    for (const name of ['deals-excel-bom.csv', 'deals-persian-currency.csv', 'deals-unicode-text.txt', 'deals-utf16be.csv']) {
      const buf = fixture(name);
      const whole = await readAll(buf, 'deals');
      const streamed = await readAll(trickle(buf, 1), 'deals', { size: buf.length });
      expect(streamed.records, name).toEqual(whole.records);
      expect(streamed.issues, name).toEqual(whole.issues);
      expect(whole.records.length, name).toBeGreaterThan(0);
    }
  });

  it('reads an XLSX from a stream', async () => {
    const buf = fixture('surveys.xlsx');
    const r = await readAll(trickle(buf, 1000), 'surveys', { size: buf.length });
    expect(r.records.map((s) => (s as { responseId: string }).responseId)).toEqual(['S-1', 'S-2']);
  });

  it('honours Excel\'s "sep=;" first line and keeps row numbers as Excel shows them', async () => {
    const r = await readAll(Buffer.from(`sep=;\n${HEADER.replace(/,/g, ';')}\nD-1;C-1;2026-01-01;open;1,5\nD-2;C-2;2026-01-01;open;x\n`), 'deals');
    expect(r.records).toEqual([expect.objectContaining({ dealId: 'D-1', amount: 1.5 })]);
    expect(r.issues.map((i) => [i.row, i.column])).toEqual([[3, 'amount']]);
  });
});

describe('batches', () => {
  it('splits records into batches of batchSize and counts every row', async () => {
    const r = await readAll(csv(...dealRows(7)), 'deals', { batchSize: 3 });
    expect(r.batches.map((b) => b.records.length)).toEqual([3, 3, 1]);
    expect(r.summary).toMatchObject({ rowsRead: 7, rowsAccepted: 7, rowsRejected: 0 });
  });

  it('never puts two records with the same key in one batch; the last row wins', async () => {
    const r = await readAll(csv('D-1,C-1,2026-01-01,open,1', 'D-2,C-2,2026-01-01,open,2', 'D-1,C-1,2026-01-01,open,3', 'D-3,C-3,2026-01-01,open,4', 'D-1,C-1,2026-01-01,open,5'), 'deals', { batchSize: 10 });
    expect(r.batches).toHaveLength(1);
    expect(r.records.map((d) => [(d as Deal).dealId, (d as Deal).amount])).toEqual([['D-1', 5], ['D-2', 2], ['D-3', 4]]);
    expect(r.summary.warnings).toContainEqual(expect.stringMatching(/^2 rows repeat the deal_id .*last row wins .*D-1: rows 2 and 4; D-1: rows 4 and 6/));
  });

  it('across batches the later batch carries the later row (stored in order, last wins)', async () => {
    const r = await readAll(csv('D-1,C-1,2026-01-01,open,1', 'D-2,C-2,2026-01-01,open,2', 'D-1,C-1,2026-01-01,open,3'), 'deals', { batchSize: 2 });
    expect(r.batches.map((b) => b.records.map((d) => `${(d as Deal).dealId}=${(d as Deal).amount}`))).toEqual([['D-1=1', 'D-2=2'], ['D-1=3']]);
  });

  it('a consumer that stops early (a store failure) releases the source stream', async () => {
    const source = trickle(csv(...dealRows(50)), 64);
    const reader = readUpload(source, 0, { fileName: 'a.csv', dataset: 'deals', config: parseConfig({}), batchSize: 5 });
    for await (const b of reader.batches) {
      expect(b.records).toHaveLength(5);
      break;
    }
    expect(source.destroyed).toBe(true);
  });

  it('can be iterated only once', async () => {
    const reader = readUpload(csv(...dealRows(1)), 0, { fileName: 'a.csv', dataset: 'deals', config: parseConfig({}) });
    for await (const b of reader.batches) void b;
    expect(() => reader.batches[Symbol.asyncIterator]()).toThrow(/only once/);
  });
});

describe('whole-file errors come before the first batch', () => {
  it('a file larger than maxFileBytes is rejected from its size, before reading', async () => {
    let read = false;
    const source = new Readable({ read() { read = true; this.push(null); } });
    const err = await rejection(readAll(source, 'deals', { size: 300 * 1024 * 1024 }));
    expect(err).toBeInstanceOf(FileRejectedError);
    expect(err?.message).toMatch(/300\.0 MB; the limit is 200\.0 MB/);
    expect(read).toBe(false);
  });

  it('a stream longer than its declared size still stops at maxFileBytes', async () => {
    const buf = csv(...dealRows(200));
    const err = await rejection(readAll(trickle(buf, 256), 'deals', { size: 10, limits: { maxFileBytes: 2000 } }));
    expect(err?.message).toMatch(/limit is 2\.0 KB/);
  });

  it('unknown and duplicate columns, a blank header, surveys without any score column', async () => {
    expect((await rejection(readAll(Buffer.from('\n\n'), 'deals')))?.message).toMatch(/first row is empty/);
    // a blank line above the header (a report's title area) is skipped: the header is found below it
    expect((await rejection(readAll(Buffer.from('\n' + HEADER + '\n'), 'deals')))?.message).toMatch(/header row but no data rows/);
    expect((await rejection(readAll(Buffer.from('Deal ID,deal_id,customer_id,created_date,status,amount\n'), 'deals')))?.message).toMatch(
      /"Deal ID" and "deal_id" both mean deal_id/,
    );
    expect((await rejection(readAll(Buffer.from('response_id,responded_date,comment\nR,2026-01-01,x\n'), 'surveys')))?.message).toMatch(
      /at least one score column/,
    );
  });

  it('a header cell longer than maxCellChars rejects the file', async () => {
    const err = await rejection(readAll(Buffer.from(`${HEADER},${'x'.repeat(50)}\n`), 'deals', { limits: { maxCellChars: 40 } }));
    expect(err?.message).toMatch(/header cell 6 is 50 characters long; the limit is 40/i);
  });

  it('a binary file, UTF-16 without BOM', async () => {
    expect((await rejection(readAll(Buffer.from(HEADER, 'utf16le'), 'deals')))?.message).toMatch(/UTF-16 text without a byte order mark/);
    expect((await rejection(readAll(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'deals')))?.message).toMatch(/binary/);
  });

  it('an XLSX over the uncompressed limit is rejected from its zip directory', async () => {
    const err = await rejection(readAll(fixture('deals.xlsx'), 'deals', { limits: { maxXlsxUncompressedBytes: 4096 } }));
    expect(err?.message).toMatch(/would unpack to more than 4\.0 KB/);
  });

  it('a runaway row parsed in the same chunk as the rows before it: those rows are kept, numbered as Excel shows them', async () => {
    const rows = dealRows(5);
    rows[1] = 'D-2,"C-\n2",2026-01-01,open,2'; // a quoted newline: still one row
    const buf = Buffer.concat([csv(...rows), Buffer.from(`D-6,C-6,2026-01-01,open,${'9'.repeat(9000)}\nD-7,C-7,2026-01-01,open,7\n`)]);
    const r = await readAll(buf, 'deals', { batchSize: 2, limits: { maxItemBytes: 2000, maxCellChars: 500 } });
    expect(r.records.map((d) => (d as Deal).dealId)).toEqual(['D-1', 'D-2', 'D-3', 'D-4', 'D-5']);
    expect((r.records[1] as Deal).customerId).toBe('C-\n2');
    expect(r.issues).toEqual([expect.objectContaining({ row: 7, reason: expect.stringMatching(/row 7 is too long.*rest of the file was not read/) })]);
    expect(r.summary.warnings).toContainEqual(expect.stringContaining('could not be read after row 6'));
  });

  it('an unclosed quote found after the first batch is a row issue; the rows before it are kept', async () => {
    const buf = Buffer.concat([csv(...dealRows(5)), Buffer.from('D-6,C-6,"2026-01-01,open,6\nD-7,C-7,2026-01-01,open,7\n')]);
    const r = await readAll(buf, 'deals', { batchSize: 2 });
    expect(r.records.map((d) => (d as Deal).dealId)).toEqual(['D-1', 'D-2', 'D-3', 'D-4', 'D-5']);
    expect(r.issues).toEqual([expect.objectContaining({ row: 7, reason: expect.stringMatching(/row 7 is never closed.*rest of the file was not read/) })]);
    expect(r.summary.rowsRejected).toBe(1);
    expect(r.summary.warnings).toContainEqual(expect.stringContaining('could not be read after row 6'));
    // the same file within one batch is rejected whole
    expect(await rejection(readAll(buf, 'deals', { batchSize: 500 }))).toBeInstanceOf(FileRejectedError);
  });
});

describe('row limits', () => {
  it('a cell longer than maxCellChars is a row error', async () => {
    const r = await readAll(csv(`D-1,${'C'.repeat(300)},2026-01-01,open,1`, 'D-2,C-2,2026-01-01,open,2'), 'deals', { limits: { maxCellChars: 100 } });
    expect(r.records.map((d) => (d as Deal).dealId)).toEqual(['D-2']);
    expect(r.issues).toEqual([
      { row: 2, key: ['D-1'], column: 'customer_id', value: `${'C'.repeat(200)}… (300 characters)`, reason: 'the value is 300 characters long; the limit is 100 characters per cell' },
    ]);
  });

  it('a record over the item size is a row error naming the longest column', async () => {
    const big = 'é'.repeat(3000); // 6000 bytes in UTF-8
    const r = await readAll(Buffer.from(`deal_id,customer_id,created_date,status,closed_date,amount,lost_reason\nD-1,C-1,2026-01-01,lost,2026-02-01,1,${big}\n`), 'deals', {
      limits: { maxItemBytes: 5 * 1024 },
    });
    expect(r.records).toEqual([]);
    expect(r.issues).toEqual([expect.objectContaining({ row: 2, column: 'lost_reason', reason: expect.stringMatching(/^the row is about 6\.\d KB; a stored record is limited to 4\.0 KB/) })]);
  });

  it('lists the issues of at most maxRowsReported rows and says how many more were rejected', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => `D-${i},C,2026-01-01,open,bad`);
    const r = await readAll(csv(...rows), 'deals', { limits: { maxRowsReported: 2 } });
    expect(r.issues.map((i) => i.row)).toEqual([2, 3]);
    expect(r.summary.rowsRejected).toBe(5);
    expect(r.summary.warnings).toContainEqual('only the first 2 rejected rows are listed in the report; 3 more were rejected');
  });

  it('bad bytes after the sniffed start of a UTF-8 file are a row error, not a wrong value', async () => {
    const pad = 'x'.repeat(200);
    const rows = Array.from({ length: 400 }, (_, i) => `D-${i},C-${i},${pad},2026-01-01,open,1`); // > 64 KB
    const head = Buffer.from(['deal_id,customer_id,customer_name,created_date,status,amount', ...rows].join('\n') + '\n');
    const bad = Buffer.concat([head, Buffer.from('D-X,C-'), Buffer.from([0xe9]), Buffer.from(',n,2026-01-01,open,1\n')]);
    const r = await readAll(bad, 'deals');
    expect(r.summary.rowsAccepted).toBe(400);
    expect(r.issues).toEqual([expect.objectContaining({ row: 402, column: 'customer_id', reason: expect.stringContaining('not valid text') })]);
  });

  it('reads classic Mac line endings (CR only)', async () => {
    const r = await readAll(Buffer.from(`${HEADER}\rD-1,C-1,2026-01-01,open,1\rD-2,C-2,2026-01-01,open,x\r`), 'deals');
    expect(r.records).toEqual([expect.objectContaining({ dealId: 'D-1' })]);
    expect(r.issues.map((i) => i.row)).toEqual([3]);
  });
});

describe('deal rules that depend on config and status', () => {
  const head = 'deal_id,customer_id,created_date,status,stage,closed_date,amount';
  it('open deals with a stage not in config are accepted, named once in a warning; won/lost deals take their status as stage; an open deal\'s closed_date is not stored', async () => {
    const r = await readAll(
      Buffer.from(
        [
          head,
          'A,C,2026-01-01,open,Discovery,,1',
          'B,C,2026-01-01,open,won,,1',
          'C,C,2026-01-01,won,Closed Won,2026-02-01,1',
          'D,C,2026-01-01,open, Qualified ,2026-03-01,1',
          'E,C,2026-01-01,open,discovery,,1',
        ].join('\n'),
      ),
      'deals',
      { config: { stages: ['discovery', 'qualified'] } },
    );
    expect(r.issues).toEqual([expect.objectContaining({ row: 3, column: 'stage', reason: 'stage "won" contradicts status open' })]);
    expect(r.records).toEqual([
      expect.objectContaining({ dealId: 'A', stage: 'discovery' }),
      expect.objectContaining({ dealId: 'C', stage: 'won', closedDate: '2026-02-01' }),
      { dealId: 'D', customerId: 'C', createdDate: '2026-01-01', status: 'open', stage: 'qualified', amount: 1, dealType: 'new' },
      expect.objectContaining({ dealId: 'E', stage: 'discovery' }),
    ]);
    expect(r.summary.warnings).toEqual([
      '1 won or lost deal had another stage; their stage was set to their status',
      '1 open deal had a closed_date; it was not stored (only won and lost deals have one)',
    ]);
    const other = await readAll(Buffer.from(`${head}\nA,C,2026-01-01,open,Discovery,,1\nB,C,2026-01-01,open,Demo,,1\nF,C,2026-01-01,open,discovery,,1\n`), 'deals');
    expect(other.issues).toEqual([]);
    expect(other.records.map((d) => (d as Deal).stage)).toEqual(['discovery', 'demo', 'discovery']);
    expect(other.summary.stages).toEqual(['discovery', 'demo']);
    expect(other.summary.warnings).toEqual([
      'stages not in config key stages "discovery", "demo" were accepted after the configured stages, in first-seen order; list them in stages to set their order',
    ]);
  });
});

describe('invisible characters', () => {
  it('are removed from keys (D-1 + zero-width space, a control character or BOM is D-1) with one warning, and from text', async () => {
    const head = 'deal_id,customer_id,created_date,status,amount,customer_name';
    const r = await readAll(
      Buffer.from(
        [head, 'D-1,C-1,2026-01-01,open,1,Acme', 'D-1\u200B,C-1,2026-01-02,open,2,Ac\u200Bme', 'D-1\u0001,C-1\uFEFF,2026-01-03,open,3,\u200Eمیلاد\u200Cی'].join('\n'),
      ),
      'deals',
    );
    expect(r.issues).toEqual([]);
    // one deal, the last row wins
    expect(r.records).toEqual([expect.objectContaining({ dealId: 'D-1', customerId: 'C-1', amount: 3, customerName: 'میلاد\u200Cی' })]);
    expect(r.summary.warnings).toContainEqual(expect.stringMatching(/^2 key values contained control or invisible characters, removed \(row 3: "D-1\\u200b" -> "D-1"; row 4: "D-1\\u0001" -> "D-1"\)/));
    expect(r.summary.warnings).toContainEqual(expect.stringMatching(/2 rows repeat the deal_id/));
  });
});
