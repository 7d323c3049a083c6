import { describe, expect, it } from 'vitest';
import { detectDelimiter, sniff } from './sniff';

const kind = (bytes: Buffer | string, complete = true) => {
  const r = sniff(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, complete);
  return r.kind === 'rejected' ? `rejected: ${r.reason}` : r.kind === 'text' ? r.encoding : r.kind;
};

describe('sniff', () => {
  it('tells spreadsheets and text encodings from their first bytes', () => {
    expect(kind(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toBe('xlsx');
    expect(kind('deal_id,amount\n')).toBe('utf-8');
    expect(kind('\uFEFFdeal_id,amount\n')).toBe('utf-8');
    expect(kind(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\tb', 'utf16le')]))).toBe('utf-16le');
    expect(kind(Buffer.from([0xfe, 0xff, 0, 0x61]))).toBe('utf-16be');
  });

  it('names the wrong types users upload', () => {
    expect(kind('%PDF-1.7\n')).toMatch(/PDF document/);
    expect(kind(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toMatch(/97-2003/);
    expect(kind(Buffer.from([0x1f, 0x8b, 8, 0]))).toMatch(/gzip/);
    expect(kind('<!DOCTYPE html><html><table>')).toMatch(/web page \(HTML\)/);
    expect(kind('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">')).toMatch(/Excel 2003 XML/);
    expect(kind(Buffer.from([0x50, 0x4b, 0x05, 0x06]))).toMatch(/empty or split zip/);
    expect(kind(Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]))).toMatch(/UTF-32/);
  });

  it('rejects legacy encodings, but not a multi-byte character cut at the end of the sample', () => {
    expect(kind(Buffer.from([0x61, 0x2c, 0xe9, 0x0a]))).toMatch(/not UTF-8 text.*Windows-1252/);
    const cut = Buffer.from('amount\n۱۲', 'utf8').subarray(0, -1); // last Persian digit cut in half
    expect(kind(cut, false)).toBe('utf-8');
    expect(kind(cut, true)).toMatch(/not UTF-8/);
  });
});

describe('detectDelimiter', () => {
  it('picks the most frequent separator of the header line, outside quotes', () => {
    expect(detectDelimiter('a,b,c\n1;2;3;4;5\n').delimiter).toBe(',');
    expect(detectDelimiter('a;b;c\r\n').delimiter).toBe(';');
    expect(detectDelimiter('a\tb\tc').delimiter).toBe('\t');
    expect(detectDelimiter('"x;y;z",b\n').delimiter).toBe(',');
    expect(detectDelimiter('a;b\rc,d,e,f\r').delimiter).toBe(';');
    expect(detectDelimiter('deal_id\n').delimiter).toBe(',');
  });

  it("honours Excel's sep= line", () => {
    expect(detectDelimiter('sep=;\na,b,c\n')).toEqual({ delimiter: ';', sepLine: true });
  });
});
