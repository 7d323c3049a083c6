import { describe, expect, it } from 'vitest';
import { addMonths, getWeek, getWeekYear, startOfWeek } from 'date-fns';
import { tz } from '@date-fns/tz';
import {
  addDays,
  addMonthsClamped,
  addMonthsDay,
  dayOf,
  daysBetween,
  fiscalQuarterOf,
  fiscalYearOf,
  isIsoDate,
  isoOfDay,
  monthOf,
  monthsOfQuarter,
  periodById,
  previousQuarter,
  previousYear,
  quartersBetween,
  quartersOfYear,
  sameQuarterLastYear,
  sameSpan,
  toCalendarDate,
  toDate,
  tryPeriodById,
  weekOf,
  weekdayOfDay,
  yearsBetween,
} from './fiscal';
import { ScorecardError } from '../errors';

describe('fiscal quarters and years', () => {
  it('calendar fiscal year (start month 1): FY2026 is the calendar year 2026', () => {
    expect(fiscalYearOf('2026-11-22', 1)).toEqual({ id: 'FY2026', kind: 'year', start: '2026-01-01', end: '2026-12-31' });
    expect(fiscalQuarterOf('2026-11-22', 1)).toEqual({ id: 'FY2026-Q4', kind: 'quarter', start: '2026-10-01', end: '2026-12-31' });
    expect(fiscalQuarterOf('2026-01-01', 1).id).toBe('FY2026-Q1');
    expect(fiscalQuarterOf('2026-03-31', 1).id).toBe('FY2026-Q1');
    expect(fiscalQuarterOf('2026-04-01', 1).id).toBe('FY2026-Q2');
  });

  it('fiscal year starting in April is named after the calendar year in which it ends', () => {
    // kpis.md: with start month 4, FY2027 runs 2026-04-01 .. 2027-03-31; FY2027-Q1 = April-June 2026.
    expect(fiscalYearOf('2026-04-01', 4)).toEqual({ id: 'FY2027', kind: 'year', start: '2026-04-01', end: '2027-03-31' });
    expect(fiscalYearOf('2027-03-31', 4).id).toBe('FY2027');
    expect(fiscalYearOf('2026-03-31', 4).id).toBe('FY2026');
    expect(fiscalQuarterOf('2026-05-15', 4)).toEqual({ id: 'FY2027-Q1', kind: 'quarter', start: '2026-04-01', end: '2026-06-30' });
    expect(fiscalQuarterOf('2027-01-10', 4)).toEqual({ id: 'FY2027-Q4', kind: 'quarter', start: '2027-01-01', end: '2027-03-31' });
    expect(fiscalQuarterOf('2026-12-31', 4).id).toBe('FY2027-Q3');
  });

  it('fiscal year starting in February ends in a leap February', () => {
    // FY2028 with start month 2 runs 2027-02-01 .. 2028-01-31; Q4 = Nov 2027 .. Jan 2028
    expect(fiscalYearOf('2027-02-01', 2)).toEqual({ id: 'FY2028', kind: 'year', start: '2027-02-01', end: '2028-01-31' });
    expect(periodById('FY2028-Q4', 2)).toEqual({ id: 'FY2028-Q4', kind: 'quarter', start: '2027-11-01', end: '2028-01-31' });
    // start month 3: Q4 of FY2024 is Dec 2023 .. Feb 2024 (leap)
    expect(periodById('FY2024-Q4', 3).end).toBe('2024-02-29');
  });

  it('parses period ids and rejects others', () => {
    expect(periodById('FY2026-Q3', 1)).toEqual({ id: 'FY2026-Q3', kind: 'quarter', start: '2026-07-01', end: '2026-09-30' });
    expect(periodById('fy2026', 1)).toEqual({ id: 'FY2026', kind: 'year', start: '2026-01-01', end: '2026-12-31' });
    expect(periodById('FY2027-Q2', 4)).toEqual({ id: 'FY2027-Q2', kind: 'quarter', start: '2026-07-01', end: '2026-09-30' });
    expect(tryPeriodById('2026-Q3', 1)).toBeNull();
    expect(tryPeriodById('FY2026-Q5', 1)).toBeNull();
    expect(() => periodById('2026-03', 1)).toThrow(ScorecardError);
  });

  it('previous quarter, same quarter last year, previous year', () => {
    const q1 = periodById('FY2026-Q1', 1);
    expect(previousQuarter(q1, 1).id).toBe('FY2025-Q4');
    expect(previousQuarter(q1, 1).start).toBe('2025-10-01');
    expect(sameQuarterLastYear(q1, 1)).toEqual(periodById('FY2025-Q1', 1));
    expect(previousYear(periodById('FY2027', 4), 4)).toEqual({ id: 'FY2026', kind: 'year', start: '2025-04-01', end: '2026-03-31' });
    expect(() => previousYear(q1, 1)).toThrow(ScorecardError);
    expect(() => previousQuarter(periodById('FY2026', 1), 1)).toThrow(ScorecardError);
  });

  it('quarters and years between two dates, and quarters of a year', () => {
    expect(quartersBetween('2025-11-15', '2026-04-01', 1).map((p) => p.id)).toEqual(['FY2025-Q4', 'FY2026-Q1', 'FY2026-Q2']);
    expect(quartersBetween('2026-02-01', '2026-01-01', 1)).toEqual([]);
    expect(yearsBetween('2025-03-01', '2026-04-01', 4).map((p) => p.id)).toEqual(['FY2025', 'FY2026', 'FY2027']);
    const qs = quartersOfYear('FY2027', 4);
    expect(qs.map((q) => q.id)).toEqual(['FY2027-Q1', 'FY2027-Q2', 'FY2027-Q3', 'FY2027-Q4']);
    expect(qs[0].start).toBe('2026-04-01');
    expect(qs[3].end).toBe('2027-03-31');
    expect(monthsOfQuarter(qs[3])).toEqual(['2027-01', '2027-02', '2027-03']);
  });
});

describe('to-date periods and same-span comparison', () => {
  it('a quarter containing the as-of date ends at it', () => {
    const q = periodById('FY2026-Q4', 1);
    expect(toDate(q, '2026-11-22')).toEqual({ ...q, end: '2026-11-22', toDate: true });
    expect(toDate(q, '2026-12-31')).toEqual({ ...q, toDate: false });
  });

  it('QTD is compared with the same number of days from the prior period start', () => {
    // QTD 2026-10-01..2026-11-22 is day offset 52 from the start (53 days);
    // previous quarter starts 2026-07-01, + 52 days = 2026-08-22.
    const cur = { start: '2026-10-01', end: '2026-11-22' };
    expect(sameSpan(cur, periodById('FY2026-Q3', 1))).toEqual({ start: '2026-07-01', end: '2026-08-22' });
    expect(sameSpan(cur, periodById('FY2025-Q4', 1))).toEqual({ start: '2025-10-01', end: '2025-11-22' });
  });

  it('the same span is clamped to the prior period end', () => {
    // Q2 2026 to date through 2026-06-30 is 91 days (offset 90); Q1 2026 has only 90 days
    // (Jan 31 + Feb 28 + Mar 31): 2026-01-01 + 90 = 2026-04-01 -> clamped to 2026-03-31.
    const cur = { start: '2026-04-01', end: '2026-06-30' };
    expect(sameSpan(cur, periodById('FY2026-Q1', 1))).toEqual({ start: '2026-01-01', end: '2026-03-31' });
  });
});

describe('weeks', () => {
  it('ISO weeks when weeks start on Monday', () => {
    expect(weekOf('2026-11-22', 1)).toEqual({ id: '2026-W47', start: '2026-11-16', end: '2026-11-22' });
    // 2021-01-03 (Sunday) belongs to ISO week 2020-W53
    expect(weekOf('2021-01-03', 1)).toEqual({ id: '2020-W53', start: '2020-12-28', end: '2021-01-03' });
    // 2024-12-30 (Monday) is in ISO week 2025-W01
    expect(weekOf('2024-12-30', 1).id).toBe('2025-W01');
  });

  it('Sunday weeks are named after the year holding the week\'s 4th day', () => {
    // 2026-11-22 is a Sunday: the Sunday week 2026-11-22..2026-11-28, 4th day Wed 11-25.
    const w = weekOf('2026-11-22', 0);
    expect(w.start).toBe('2026-11-22');
    expect(w.end).toBe('2026-11-28');
    // Week 1 of 2026 (Sunday start) is the first whose Wednesday is in 2026:
    // 2025-12-28..2026-01-03 (Wednesday 2025-12-31 is in 2025) -> still 2025's last week,
    // which is W53: 2025-W01 began 2024-12-29 (its Wednesday is 2025-01-01), 364 days = 52 weeks earlier;
    // 2026-01-04..2026-01-10 is 2026-W01. So 2026-11-22 is week 1 + (322 days - 4 days... ) :
    // (dayOf(11-22) - dayOf(01-04)) / 7 = 322 / 7 = 46 -> W47.
    expect(w.id).toBe('2026-W47');
    expect(weekOf('2026-01-03', 0).id).toBe('2025-W53');
    expect(weekOf('2026-01-04', 0).id).toBe('2026-W01');
  });

  it('agrees with date-fns (firstWeekContainsDate 4) for every start day over several years', () => {
    const utc = tz('UTC');
    const days: number[] = [];
    // every day around the year ends where week-years differ from calendar years, a sample elsewhere
    for (const y of [2020, 2021, 2026, 2027]) for (let n = dayOf(`${y - 1}-12-24`); n <= dayOf(`${y}-01-08`); n++) days.push(n);
    for (let n = dayOf('2022-01-01'); n <= dayOf('2025-12-31'); n += 17) days.push(n);
    for (const n of days) {
      const iso = isoOfDay(n);
      const d = new Date(`${iso}T00:00:00Z`);
      for (const ws of [0, 1, 2, 3, 4, 5, 6] as const) {
        const o = { weekStartsOn: ws, firstWeekContainsDate: 4 as const, in: utc };
        const w = weekOf(iso, ws);
        expect(w.id).toBe(`${getWeekYear(d, o)}-W${String(getWeek(d, o)).padStart(2, '0')}`);
        expect(w.start).toBe(startOfWeek(d, o).toISOString().slice(0, 10));
      }
    }
  });

  it('a week starting on Saturday', () => {
    const w = weekOf('2026-11-20', 6); // Friday -> week started Saturday 11-14
    expect(w.start).toBe('2026-11-14');
    expect(w.end).toBe('2026-11-20');
  });
});

describe('date arithmetic', () => {
  it('addDays crosses months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('month arithmetic clamps to the month end', () => {
    expect(addMonthsClamped('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsClamped('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonthsClamped('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonthsClamped('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonthsClamped('2026-05-31', 1)).toBe('2026-06-30');
    expect(addMonthsClamped('2026-11-22', -12)).toBe('2025-11-22');
  });

  it('the fast day-number functions agree with date-fns over several years', () => {
    const utc = tz('UTC');
    for (let n = dayOf('2023-01-01'); n <= dayOf('2029-12-31'); n += 3) {
      const iso = isoOfDay(n);
      expect(dayOf(iso)).toBe(n);
      expect(new Date(`${iso}T00:00:00Z`).getTime() / 86_400_000).toBe(n);
      expect(weekdayOfDay(n)).toBe(new Date(`${iso}T00:00:00Z`).getUTCDay());
      for (const months of [-13, -1, 1, 12, 25]) {
        const viaDateFns = addMonths(new Date(`${iso}T00:00:00Z`), months, { in: utc }).toISOString().slice(0, 10);
        expect(isoOfDay(addMonthsDay(n, months))).toBe(viaDateFns);
      }
    }
  });

  it('daysBetween and monthOf', () => {
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29);
    expect(daysBetween('2026-03-01', '2026-02-01')).toBe(-28);
    expect(monthOf('2026-03-31')).toBe('2026-03');
  });

  it('rejects non-dates', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(() => addDays('2026-02-30', 1)).toThrow(ScorecardError);
  });
});

describe('toCalendarDate', () => {
  it('converts instants to the calendar date in the reporting time zone', () => {
    // 2026-03-01T23:30Z is already 2026-03-02 in Berlin (UTC+1) but still 03-01 in New York.
    expect(toCalendarDate('2026-03-01T23:30:00Z', 'Europe/Berlin')).toBe('2026-03-02');
    expect(toCalendarDate('2026-03-01T23:30:00Z', 'America/New_York')).toBe('2026-03-01');
    expect(toCalendarDate(new Date('2026-03-02T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-03-01');
    expect(toCalendarDate('2026-07-01T01:00:00+02:00', 'UTC')).toBe('2026-06-30');
  });

  it('keeps calendar dates and zone-less wall-clock timestamps as they are', () => {
    expect(toCalendarDate('2026-03-01', 'Pacific/Kiritimati')).toBe('2026-03-01');
    expect(toCalendarDate('2026-03-01T23:30:00', 'Asia/Tokyo')).toBe('2026-03-01');
  });

  it('rejects what is not a date', () => {
    expect(() => toCalendarDate('yesterday', 'UTC')).toThrow(ScorecardError);
  });
});
