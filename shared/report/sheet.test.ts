import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { Book } from './book';
import { displayLength, SheetBuilder } from './sheet';
import { ENGLISH, renderContext } from './render-context';
import type { ReportInput } from './context';

const ctx = renderContext({ catalog: [], files: [], restatements: [], result: { details: {}, document: { config: { companyName: 'Acme', currency: 'USD', timeZone: 'UTC' }, generatedAt: '2026-11-22T06:00:00Z' } } } as unknown as ReportInput, ENGLISH);

describe('SheetBuilder', () => {
  it('lays a table out below the title and gives charts references to exactly its data cells', async () => {
    const book = new Book({ title: 't', company: 'Acme', generatedAt: '2026-11-22T06:00:00Z' });
    const s = new SheetBuilder(book, "Bob's sheet", ctx);
    s.title([{ text: 'Title', kind: 'title' }, { text: 'sub' }]);
    expect(s.row).toBe(4); // two lines + one blank
    const rows = [{ q: 'Q1', v: 10 }, { q: 'Q2', v: null }, { q: 'Q3', v: 30 }];
    const t = s.table([{ header: 'Quarter', key: 'q', value: (r: (typeof rows)[number]) => r.q }, { header: 'Value', key: 'v', value: (r) => r.v, format: '#,##0' }], rows);
    expect([t.headerRow, t.firstRow, t.lastRow, t.count]).toEqual([4, 5, 7, 3]);
    expect(s.row).toBe(8);
    expect(t.ref('v')).toBe("'Bob''s sheet'!$B$5:$B$7");
    expect(t.ref('q', 2)).toBe("'Bob''s sheet'!$A$5:$A$6");
    expect(t.cell('v', 6)).toBe('B6');
    s.chart({ title: 'c', kind: 'column', series: [s.series(t, 'q', 'v', { name: 'Value', categories: ['Q1', 'Q2', 'Q3'], values: [10, null, 30] })] }, { col: 4, cols: 3, rows: 10 });
    expect(s.row).toBe(19); // placed at the cursor: the cursor moves below the chart
    expect(book.charts[0].anchor).toEqual({ from: { col: 3, row: 7 }, to: { col: 6, row: 17 } });
    expect(book.charts[0].series[0].valuesRef).toBe("'Bob''s sheet'!$B$5:$B$7");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await book.toBuffer()) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet("Bob's sheet")!;
    expect([ws.getCell('B5').value, ws.getCell('B6').value, ws.getCell('B7').value]).toEqual([10, null, 30]);
    expect(ws.getCell('B5').numFmt).toBe('#,##0');
    expect(ws.autoFilter).toBeTruthy();
  });

  it('widens the print area to every chart on the sheet, so none is cut', () => {
    const book = new Book({ title: 't', company: 'A', generatedAt: '2026-11-22T06:00:00Z' });
    const s = new SheetBuilder(book, 'Charts', ctx);
    const t = s.table([{ header: 'Q', key: 'q', value: (r: string) => r }], ['Q1', 'Q2']);
    s.chart({ title: 'c', kind: 'column', series: [s.series(t, 'q', 'q', { name: 'n', categories: ['Q1', 'Q2'], values: [1, 2] })] }, { col: 4, row: 2, cols: 3, rows: 10 });
    s.printArea(2, 3);
    expect(s.ws.pageSetup.printArea).toBe('A1:F11');
  });

  it('an empty table says so and its references stay on the header row', () => {
    const s = new SheetBuilder(new Book({ title: 't', company: 'A', generatedAt: '2026-11-22T06:00:00Z' }), 'S', ctx);
    const t = s.table([{ header: 'A', value: (r: number) => r }], [], { empty: 'Nothing yet.' });
    expect(s.ws.getCell(2, 1).value).toBe('Nothing yet.');
    expect([t.lastRow, s.row]).toEqual([1, 3]);
  });
});

describe('displayLength', () => {
  it('counts digits, separators, sign, decimals and the literal text of the format', () => {
    expect(displayLength(1234567, '"$"#,##0')).toBe(10); // $1,234,567
    expect(displayLength(-12345, '+"$"#,##0" / day";-"$"#,##0" / day";"$"#,##0" / day"')).toBe(14); // -$12,345 / day
    expect(displayLength(0.1234, '0.0%')).toBe(5); // 12.3%
    expect(displayLength(2.5, '+0.0" pp";-0.0" pp";0.0" pp"')).toBe(7); // +2.5 pp
  });
});
