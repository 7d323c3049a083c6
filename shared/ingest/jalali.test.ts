/**
 * Jalali uploads through the reader (data-contract.md): Solar Hijri text dates in any
 * calendar setting, and Jalali finance periods with config calendar "jalali".
 */
import { describe, expect, it } from 'vitest';
import type { Deal, FinanceRow } from '../model/types';
import { brief, readAll } from './test-support';

const csv = (...lines: string[]) => Buffer.from(`${lines.join('\n')}\n`, 'utf8');

describe('Jalali dates in an upload', () => {
  // an export from a Persian CRM: Persian digits, RLM marks around dates, a time, a dotted date
  const deals = csv(
    'deal_id,customer_id,created_date,status,amount,closed_date',
    'J-1,C-1,\u200F۱۴۰۳/۰۱/۱۵\u200F,won,"۱٬۲۰۰",\u200F۱۴۰۳/۰۲/۰۱ ۱۰:۳۰\u200F',
    'J-2,C-2,1403.06.31,open,500,',
    'J-3,C-3,١٤٠٣-١-٥,lost,10,1403-01-06',
    'J-4,C-4,1404/12/30,open,10,',
    'J-5,C-5,2026-03-05,open,10,',
  );

  for (const calendar of ['gregorian', 'jalali'] as const) {
    it(`are read as the Gregorian dates of the same days (config calendar ${calendar})`, async () => {
      const r = await readAll(deals, 'deals', { config: { calendar } });
      expect(r.records.map((d) => [(d as Deal).dealId, (d as Deal).createdDate, (d as Deal).closedDate ?? null])).toEqual([
        ['J-1', '2024-04-03', '2024-04-20'], // 15 Farvardin, 1 Ordibehesht 1403
        ['J-2', '2024-09-21', null], // 31 Shahrivar 1403
        ['J-3', '2024-03-24', '2024-03-25'],
        ['J-5', '2026-03-05', null],
      ]);
      expect((r.records[0] as Deal).amount).toBe(1200);
      // 1404 is not a leap year: the row is rejected with the reason, the others are stored
      expect(brief(r.issues)).toEqual([[5, 'created_date', '"1404/12/30" is not a date: Esfand 1404 has 29 days']]);
    });
  }
});

describe('finance periods with config calendar "jalali"', () => {
  const finance = csv(
    'period,revenue',
    'FY1403-Q1,100',
    '۱۴۰۳-۰۴,10',
    'fy1403,1000',
    '1403-7,5',
    'FY2026-Q1,1',
    '2026-03,1',
    '1403-13,1',
  );

  it('takes Jalali quarters, months and years, and explains Gregorian ones', async () => {
    const r = await readAll(finance, 'finance', { config: { calendar: 'jalali' } });
    expect(r.records.map((f) => (f as FinanceRow).period)).toEqual(['FY1403-Q1', '1403-04', 'FY1403', '1403-07']);
    expect(brief(r.issues)).toEqual([
      [6, 'period', '"FY2026-Q1": year 2026 is out of range 1300-1499 (config calendar is "jalali": periods are Jalali years such as FY1403)'],
      [7, 'period', '"2026-03": year 2026 is out of range 1300-1499 (config calendar is "jalali": periods are Jalali years such as FY1403)'],
      [8, 'period', '"1403-13" is not a period: there is no month 13'],
    ]);
  });

  it('a Gregorian company is told about a Jalali period', async () => {
    const r = await readAll(csv('period,revenue', 'FY1403-Q1,100', '2026-03,1'), 'finance');
    expect(r.records.map((f) => (f as FinanceRow).period)).toEqual(['2026-03']);
    expect(brief(r.issues)).toEqual([[2, 'period', '"FY1403-Q1": year 1403 is out of range 1900-2999 (a Solar Hijri year? set config key calendar to "jalali")']]);
  });
});
