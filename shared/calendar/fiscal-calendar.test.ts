import { describe, expect, it } from 'vitest';
import { fiscalCalendar, gregorianCalendar } from './fiscal-calendar';
import { dayOf, isoOfDay } from './fiscal';
import { ScorecardError } from '../errors';

const jalali = (fiscalYearStartMonth = 1, weekStartsOn = 6) => fiscalCalendar({ calendar: 'jalali', fiscalYearStartMonth, weekStartsOn });

/** "y/m/d + n months" in the Jalali calendar, as y/m/d. */
function plusMonths(ymd: string, n: number): string {
  const cal = jalali();
  const [y, m, d] = ymd.split('/').map(Number);
  const r = cal.dateOfDay(cal.addMonthsDay(cal.dayOfDate(y, m, d)!, n));
  return `${r.y}/${String(r.m).padStart(2, '0')}/${String(r.d).padStart(2, '0')}`;
}

describe('Jalali fiscal years and quarters (kpis.md "Periods and dates")', () => {
  it('FY1403 with the year starting at Nowruz: 1403/01/01 .. 1403/12/30 = 2024-03-20 .. 2025-03-20', () => {
    const cal = jalali();
    expect(cal.year(1403)).toEqual({ id: 'FY1403', kind: 'year', start: '2024-03-20', end: '2025-03-20' });
    expect(cal.quartersOfYear('FY1403')).toEqual([
      { id: 'FY1403-Q1', kind: 'quarter', start: '2024-03-20', end: '2024-06-20' }, // Farvardin-Khordad
      { id: 'FY1403-Q2', kind: 'quarter', start: '2024-06-21', end: '2024-09-21' }, // Tir-Shahrivar (kpis.md)
      { id: 'FY1403-Q3', kind: 'quarter', start: '2024-09-22', end: '2024-12-20' }, // Mehr-Azar
      { id: 'FY1403-Q4', kind: 'quarter', start: '2024-12-21', end: '2025-03-20' }, // Dey-Esfand (30 Esfand: leap)
    ]);
    // FY1404 is not leap: it ends on 29 Esfand 1404 = 2026-03-20, the day before Nowruz 1405
    expect(cal.year(1404)).toEqual({ id: 'FY1404', kind: 'year', start: '2025-03-21', end: '2026-03-20' });
  });

  it('the quarter and year of a day, at the edges', () => {
    const cal = jalali();
    expect(cal.quarterOf('2024-03-19').id).toBe('FY1402-Q4'); // 29 Esfand 1402
    expect(cal.quarterOf('2024-03-20').id).toBe('FY1403-Q1'); // Nowruz 1403
    expect(cal.quarterOf('2024-09-21').id).toBe('FY1403-Q2'); // 31 Shahrivar
    expect(cal.quarterOf('2024-09-22').id).toBe('FY1403-Q3'); // 1 Mehr
    expect(cal.yearOf('2025-03-20').id).toBe('FY1403'); // 30 Esfand 1403
    expect(cal.yearOf('2025-03-21').id).toBe('FY1404');
  });

  it('a fiscal year starting in Tir is named after the Jalali year in which it ends', () => {
    const cal = jalali(4);
    // FY1404 = 1 Tir 1403 .. 31 Khordad 1404
    expect(cal.year(1404)).toEqual({ id: 'FY1404', kind: 'year', start: '2024-06-21', end: '2025-06-21' });
    expect(cal.quartersOfYear('FY1404').map((q) => [q.id, q.start, q.end])).toEqual([
      ['FY1404-Q1', '2024-06-21', '2024-09-21'], // Tir-Shahrivar 1403
      ['FY1404-Q2', '2024-09-22', '2024-12-20'], // Mehr-Azar 1403
      ['FY1404-Q3', '2024-12-21', '2025-03-20'], // Dey-Esfand 1403
      ['FY1404-Q4', '2025-03-21', '2025-06-21'], // Farvardin-Khordad 1404
    ]);
    expect(cal.quarterOf('2024-06-20').id).toBe('FY1403-Q4'); // 31 Khordad 1403
    expect(cal.periodById('fy1404-q4')).toEqual(cal.quarter(1404, 4));
  });

  it('a fiscal year starting in Bahman has a first quarter across Nowruz', () => {
    const cal = jalali(11);
    // FY1404 = 1 Bahman 1403 .. 30 Dey 1404; Q1 = Bahman, Esfand 1403 (30 days: leap) and Farvardin 1404
    expect(cal.year(1404)).toEqual({ id: 'FY1404', kind: 'year', start: '2025-01-20', end: '2026-01-20' });
    expect(cal.quarter(1404, 1)).toEqual({ id: 'FY1404-Q1', kind: 'quarter', start: '2025-01-20', end: '2025-04-20' });
    expect(cal.monthsOfQuarter(cal.quarter(1404, 1))).toEqual(['1403-11', '1403-12', '1404-01']);
    expect(cal.quarterOf('2025-03-21').id).toBe('FY1404-Q1'); // Nowruz 1404 stays in the quarter
    expect(cal.quarterOfMonth('1404-10')?.id).toBe('FY1404-Q4');
  });

  it('shifts, previous periods and periods between two dates', () => {
    const cal = jalali();
    const q1 = cal.periodById('FY1403-Q1');
    expect(cal.previousQuarter(q1)).toEqual({ id: 'FY1402-Q4', kind: 'quarter', start: '2023-12-22', end: '2024-03-19' });
    expect(cal.sameQuarterLastYear(q1).id).toBe('FY1402-Q1');
    expect(cal.shiftQuarter(q1, 7).id).toBe('FY1404-Q4');
    expect(cal.previousYear(cal.year(1403)).id).toBe('FY1402');
    expect(cal.yearOfQuarter(q1).id).toBe('FY1403');
    expect(cal.quartersBetween('2024-03-01', '2024-07-01').map((q) => q.id)).toEqual(['FY1402-Q4', 'FY1403-Q1', 'FY1403-Q2']);
    expect(cal.yearsBetween('2024-03-19', '2024-03-20').map((y) => y.id)).toEqual(['FY1402', 'FY1403']);
    expect(() => cal.previousYear(q1)).toThrow(ScorecardError);
  });

  it('finance months: Jalali month ids, their bounds and quarters', () => {
    const cal = jalali();
    expect(cal.month('1403-01')).toEqual({ id: '1403-01', start: '2024-03-20', end: '2024-04-19' });
    expect(cal.month('1403-12')).toEqual({ id: '1403-12', start: '2025-02-19', end: '2025-03-20' }); // 30 days (leap)
    expect(cal.month('1404-12')).toEqual({ id: '1404-12', start: '2026-02-20', end: '2026-03-20' }); // 29 days
    expect(cal.month('2026-03')).toBeNull(); // a Gregorian month is not a Jalali one
    expect(cal.month('1403-13')).toBeNull();
    expect(cal.quarterOfMonth('1403-07')?.id).toBe('FY1403-Q3');
    expect(cal.monthsOfQuarter(cal.periodById('FY1403-Q4'))).toEqual(['1403-10', '1403-11', '1403-12']);
    expect(cal.monthIdOf('2024-09-22')).toBe('1403-07');
    // start month Tir: Khordad 1403 closes FY1403
    expect(jalali(4).quarterOfMonth('1403-03')?.id).toBe('FY1403-Q4');
    expect(jalali(4).monthsOfQuarter(jalali(4).periodById('FY1404-Q4'))).toEqual(['1404-01', '1404-02', '1404-03']);
  });

  it('adding months keeps the day and clamps to the end of 31-, 30- and 29/30-day months', () => {
    expect(plusMonths('1403/06/31', 1)).toBe('1403/07/30'); // kpis.md's example: 31 -> 30-day month
    expect(plusMonths('1403/06/31', 6)).toBe('1403/12/30'); // leap Esfand has 30 days
    expect(plusMonths('1404/06/31', 6)).toBe('1404/12/29'); // common Esfand has 29
    expect(plusMonths('1403/12/30', 12)).toBe('1404/12/29');
    expect(plusMonths('1403/11/30', 1)).toBe('1403/12/30');
    expect(plusMonths('1403/07/30', -1)).toBe('1403/06/30'); // into a 31-day month: the day is kept
    expect(plusMonths('1403/01/31', -1)).toBe('1402/12/29');
    expect(plusMonths('1403/01/15', 12)).toBe('1404/01/15');
    // as ISO dates: 1403/06/31 = 2024-09-21 -> 1403/07/30 = 2024-10-21
    expect(jalali().addMonths('2024-09-21', 1)).toBe('2024-10-21');
    // "the 12 months ending 1403/12/30": 30 Esfand 1403 - 12 months = 29 Esfand 1402 (clamped), + 1 day = Nowruz 1403
    expect(isoOfDay(jalali().monthsEndingStartDay(dayOf('2025-03-20'), 12))).toBe('2024-03-20');
  });

  it('the memoised month shift equals the direct one, in and outside its range', () => {
    const cal = jalali();
    const lo = dayOf('2024-03-01');
    const hi = dayOf('2024-04-30');
    for (const n of [1, 12, -12, 24]) {
      const sh = cal.monthShift(n, lo, hi);
      for (let d = lo - 40; d <= hi + 40; d++) {
        expect(sh.at(d)).toBe(cal.addMonthsDay(d, n));
        expect(sh.at(d)).toBe(cal.addMonthsDay(d, n));
      }
    }
  });

  it('weeks start on Saturday and are named after the Jalali year holding their 4th day', () => {
    const cal = jalali();
    // Nowruz 1403 (Wednesday 2024-03-20) lies in the week Saturday 2024-03-16 .. Friday 2024-03-22,
    // whose 4th day (Tuesday 29 Esfand) is in 1402: the last week of 1402
    expect(cal.weekOf('2024-03-20')).toEqual({ id: '1402-W53', start: '2024-03-16', end: '2024-03-22' });
    expect(cal.weekOf('2024-03-23')).toEqual({ id: '1403-W01', start: '2024-03-23', end: '2024-03-29' });
    expect(cal.weekOf('2024-11-22')).toEqual({ id: '1403-W35', start: '2024-11-16', end: '2024-11-22' });
    expect(cal.shiftWeek(cal.weekOf('2025-03-15'), 1).id).toBe('1404-W01');
    for (let d = dayOf('2024-01-01'); d < dayOf('2025-01-01'); d++) {
      const w = cal.weekOf(isoOfDay(d));
      expect(new Date(`${w.start}T00:00:00Z`).getUTCDay()).toBe(6);
    }
  });

  it('rejects settings it cannot follow', () => {
    expect(() => fiscalCalendar({ calendar: 'hebrew' as 'jalali', fiscalYearStartMonth: 1, weekStartsOn: 1 })).toThrow(ScorecardError);
    expect(() => jalali(13)).toThrow(ScorecardError);
    expect(() => jalali(1, 7)).toThrow(ScorecardError);
  });
});

describe('Gregorian calendar through the same module', () => {
  it('finance months and their quarters with a fiscal year from April', () => {
    const cal = gregorianCalendar(4);
    expect(cal.month('2026-03')).toEqual({ id: '2026-03', start: '2026-03-01', end: '2026-03-31' });
    expect(cal.quarterOfMonth('2026-03')?.id).toBe('FY2026-Q4');
    expect(cal.quarterOfMonth('2026-04')?.id).toBe('FY2027-Q1');
    expect(cal.monthsOfQuarter(cal.periodById('FY2027-Q4'))).toEqual(['2027-01', '2027-02', '2027-03']);
    expect(cal.month('1403-01')).toBeNull(); // a Jalali month id is not a Gregorian one
    expect(cal.addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(cal.fiscalMonthOf('2026-04-05')).toEqual({ fiscalMonth: 1, day: 5 });
  });

  it('one calendar per setting', () => {
    expect(gregorianCalendar(4)).toBe(fiscalCalendar({ calendar: 'gregorian', fiscalYearStartMonth: 4, weekStartsOn: 1 }));
    expect(jalali()).not.toBe(gregorianCalendar(1));
  });
});
