import { describe, expect, it } from 'vitest';
import { dayOf, isoOfDay } from './fiscal';
import { addJalaliMonthsDay, dayOfJalali, isValidJalali, isJalaliLeapYear, jalaliOfDay } from './jalali';

describe('jalali', () => {
  it('puts Nowruz 1401-1405 on the official Gregorian days', () => {
    const nowruz: Record<number, string> = {
      1401: '2022-03-21', 1402: '2023-03-21', 1403: '2024-03-20', 1404: '2025-03-21', 1405: '2026-03-21',
    };
    for (const [y, iso] of Object.entries(nowruz)) {
      expect(isoOfDay(dayOfJalali(Number(y), 1, 1))).toBe(iso);
      expect(jalaliOfDay(dayOf(iso))).toEqual({ y: Number(y), m: 1, d: 1 });
    }
  });

  it('knows 30 Esfand 1403 exists and 30 Esfand 1404 does not', () => {
    expect(isJalaliLeapYear(1403)).toBe(true);
    expect(isJalaliLeapYear(1404)).toBe(false);
    expect(isValidJalali(1403, 12, 30)).toBe(true);
    expect(isValidJalali(1404, 12, 30)).toBe(false);
    expect(isoOfDay(dayOfJalali(1403, 12, 30))).toBe('2025-03-20');
  });

  it('adds months keeping the day, clamped to the month end', () => {
    const add = (y: number, m: number, d: number, n: number) => jalaliOfDay(addJalaliMonthsDay(dayOfJalali(y, m, d), n));
    expect(add(1403, 6, 31, 1)).toEqual({ y: 1403, m: 7, d: 30 });
    expect(add(1404, 11, 30, 1)).toEqual({ y: 1404, m: 12, d: 29 });
    expect(add(1403, 11, 30, 1)).toEqual({ y: 1403, m: 12, d: 30 });
    expect(add(1403, 12, 30, 12)).toEqual({ y: 1404, m: 12, d: 29 });
    expect(add(1403, 1, 15, -1)).toEqual({ y: 1402, m: 12, d: 15 });
    expect(add(1403, 2, 31, -14)).toEqual({ y: 1401, m: 12, d: 29 });
  });

  it('agrees with ICU (Intl, Persian calendar) on every day of 1350-1450', () => {
    const fmt = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });
    const first = dayOfJalali(1350, 1, 1);
    const last = dayOfJalali(1450, 12, isJalaliLeapYear(1450) ? 30 : 29);
    let mismatches = 0;
    let checked = 0;
    for (let day = first; day <= last; day++) {
      const parts = fmt.formatToParts(new Date(day * 86_400_000));
      const get = (t: string) => Number(parts.find((p) => p.type === t)!.value.replace(/\D/g, ''));
      const j = jalaliOfDay(day);
      if (j.y !== get('year') || j.m !== get('month') || j.d !== get('day')) mismatches++;
      if (dayOfJalali(j.y, j.m, j.d) !== day) mismatches++;
      checked++;
    }
    expect(checked).toBeGreaterThan(36_800);
    expect(mismatches).toBe(0);
  });
});
