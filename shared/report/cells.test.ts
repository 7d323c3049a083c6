import { describe, expect, it } from 'vitest';
import { absChange, changeFormat, colLetter, dateCell, relChange, safeText, sheetRef, valueFormat } from './cells';

describe('safeText', () => {
  it('prefixes text that would start a formula with an apostrophe', () => {
    for (const s of ['=1+1', '+31 20 555', '-42', '@SUM(A1)', '\tx', '\rx']) expect(safeText(s)).toBe(`'${s}`);
  });
  it('leaves ordinary text alone and turns missing text into an empty string', () => {
    expect(safeText('Acme = best')).toBe('Acme = best');
    expect(safeText('O\'Brien')).toBe("O'Brien");
    expect(safeText(undefined)).toBe('');
    expect(safeText(null)).toBe('');
  });
});

describe('number formats', () => {
  it('formats each unit, money in the configured currency', () => {
    expect(valueFormat({ unit: 'fraction' }, 'USD')).toBe('0.0%');
    expect(valueFormat({ unit: 'money' }, 'USD')).toBe('"$"#,##0');
    expect(valueFormat({ unit: 'money' }, 'EUR')).toBe('"€"#,##0');
    expect(valueFormat({ unit: 'money' }, 'CHF')).toBe('"CHF "#,##0');
    expect(valueFormat({ unit: 'days' }, 'USD')).toBe('0.0" d"');
    expect(valueFormat({ unit: 'score', id: 'nps' }, 'USD')).toBe('0.0');
    expect(valueFormat({ unit: 'count' }, 'USD')).toBe('#,##0');
  });
  it('gives changes an explicit sign; fraction changes are percentage points', () => {
    expect(changeFormat({ unit: 'fraction' }, 'USD')).toBe('+0.0" pp";-0.0" pp";0.0" pp"');
    expect(changeFormat({ unit: 'money' }, 'GBP')).toBe('+"£"#,##0;-"£"#,##0;"£"#,##0');
    expect(changeFormat({ unit: 'count' }, 'USD')).toBe('+#,##0;-#,##0;0');
  });
});

describe('changes', () => {
  it('relative change is null for a missing or zero prior, never 0 or Infinity', () => {
    expect(relChange(120, 100)).toBeCloseTo(0.2);
    expect(relChange(-50, -100)).toBeNull(); // a negative base has no meaningful relative change
    expect(relChange(3.157, -0.387)).toBeNull();
    expect(relChange(5, 0)).toBeNull();
    expect(relChange(5, null)).toBeNull();
    expect(relChange(null, 5)).toBeNull();
  });
  it('absolute change of fractions is in percentage points', () => {
    expect(absChange(0.45, 0.4, 'fraction')).toBeCloseTo(5);
    expect(absChange(1500, 1000, 'money')).toBe(500);
    expect(absChange(null, 1000, 'money')).toBeNull();
  });
});

describe('cells and references', () => {
  it('makes real dates at UTC midnight', () => {
    expect(dateCell('2026-11-22')?.toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(dateCell(undefined)).toBeNull();
  });
  it('writes absolute, quoted chart references', () => {
    expect(colLetter(1)).toBe('A');
    expect(colLetter(27)).toBe('AA');
    expect(sheetRef('Trends', 2, 7, 9, 7)).toBe("'Trends'!$B$7:$I$7");
    expect(sheetRef("Bob's", 1, 2, 1, 5)).toBe("'Bob''s'!$A$2:$A$5");
  });
});
