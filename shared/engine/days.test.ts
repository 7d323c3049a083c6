import { describe, expect, it } from 'vitest';
import { addMonthsDay, dayOf, isIsoDate, isoOfDay } from '../calendar/fiscal';
import { NO_DAY, parseDay } from './days';
import { fiscalCalendar } from '../calendar/fiscal-calendar';

describe('parseDay', () => {
  it('gives the day number of every calendar date, as dayOf does', () => {
    // every day of four years around a leap year, and far-off years
    for (let d = dayOf('2023-01-01'); d <= dayOf('2026-12-31'); d++) expect(parseDay(isoOfDay(d))).toBe(d);
    expect(parseDay('1970-01-01')).toBe(0);
    expect(parseDay('1969-12-31')).toBe(-1);
    expect(parseDay('0001-01-01')).toBe(dayOf('0001-01-01'));
    expect(parseDay('9999-12-31')).toBe(dayOf('9999-12-31'));
  });

  it('rejects what isIsoDate rejects', () => {
    const bad: unknown[] = [
      undefined, null, 20260101, '', '2026-1-01', '2026-01-1', '2026/01/01', '2026-01-01T00:00:00Z', ' 2026-01-01',
      '2026-00-10', '2026-13-01', '2026-02-29', '2025-04-31', '2026-01-00', '2026-01-32', '20a6-01-01', '2026-0x-01',
      '2026-01-0:', '2026-01-/1',
    ];
    for (const s of bad) {
      expect(isIsoDate(s)).toBe(false);
      expect(parseDay(s)).toBe(NO_DAY);
    }
    expect(parseDay('2024-02-29')).toBe(dayOf('2024-02-29'));
    expect(parseDay('2000-02-29')).toBe(dayOf('2000-02-29'));
    expect(parseDay('1900-02-29')).toBe(NO_DAY);
  });
});

describe('MonthShift (the fiscal calendar\'s memoised month shift)', () => {
  const cal = fiscalCalendar({ calendar: 'gregorian', fiscalYearStartMonth: 1, weekStartsOn: 1 });
  it('equals addMonthsDay inside and outside its memoised range, month ends included', () => {
    const lo = dayOf('2024-01-01');
    const hi = dayOf('2024-12-31');
    for (const n of [1, 12, 24, -12, 36]) {
      const sh = cal.monthShift(n, lo, hi);
      for (let d = lo - 40; d <= hi + 40; d++) {
        expect(sh.at(d)).toBe(addMonthsDay(d, n));
        expect(sh.at(d)).toBe(addMonthsDay(d, n)); // second read comes from the memo
      }
    }
    expect(isoOfDay(cal.monthShift(1, lo, hi).at(dayOf('2024-01-31')))).toBe('2024-02-29');
  });
});
