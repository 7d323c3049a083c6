import { describe, expect, it } from 'vitest';
import { columnLetters, isSheetRef, quoteSheetName, rangeRef, refCellCount } from './refs';

describe('quoteSheetName', () => {
  it('always quotes and doubles apostrophes', () => {
    expect(quoteSheetName('Trends')).toBe("'Trends'");
    expect(quoteSheetName("Pipeline's funnel")).toBe("'Pipeline''s funnel'");
  });
});

describe('columnLetters', () => {
  it('maps 1-based column numbers to letters', () => {
    expect([1, 26, 27, 52, 702, 703, 16384].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA', 'XFD']);
  });
  it('rejects columns outside Excel', () => {
    expect(() => columnLetters(0)).toThrow(RangeError);
    expect(() => columnLetters(16385)).toThrow(RangeError);
  });
});

describe('rangeRef', () => {
  it('makes A1 ranges absolute and quoted', () => {
    expect(rangeRef('Trends', 'a2:A9')).toBe("'Trends'!$A$2:$A$9");
    expect(rangeRef("Q3 'final'", '$C$1')).toBe("'Q3 ''final'''!$C$1");
  });
  it('accepts 1-based row/column numbers', () => {
    expect(rangeRef('Trends', { row: 2, col: 3 }, { row: 9, col: 3 })).toBe("'Trends'!$C$2:$C$9");
    expect(rangeRef('Trends', { row: 1, col: 28 })).toBe("'Trends'!$AB$1");
  });
  it('rejects what is not a cell address', () => {
    expect(() => rangeRef('Trends', 'Revenue')).toThrow(RangeError);
  });
});

describe('refCellCount / isSheetRef', () => {
  it('counts the cells of a range', () => {
    expect(refCellCount('$A$2:$A$9')).toBe(8);
    expect(refCellCount('B3')).toBe(1);
    expect(refCellCount('A1:C2')).toBe(6);
    expect(refCellCount('A1:B2:C3')).toBeNull();
  });
  it('accepts quoted and plain sheet references and rejects others', () => {
    expect(isSheetRef("'Pipeline''s funnel'!$A$2:$A$6")).toBe(true);
    expect(isSheetRef('Trends!$A$2:$A$6')).toBe(true);
    expect(isSheetRef('$A$2:$A$6')).toBe(false);
    expect(isSheetRef("'Trends'!Revenue")).toBe(false);
    expect(isSheetRef("'Bad'name'!A1")).toBe(false);
  });
});
