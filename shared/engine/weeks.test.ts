import { describe, expect, it } from 'vitest';
import { deal, run } from './test-support/fixture';

/*
 * As of Wednesday 2026-11-18: this week 2026-W47 (Mon 11-16 ..) has 3 days to date.
 * Won deals (created = closed): 2026-11-17 100 (this week); 2026-11-10 200 and 2026-11-11 50
 * (previous week, Tue and Wed); 2026-11-13 9999 (previous week's Friday: not compared);
 * 2025-11-19 300 (2025-W47's Wednesday); 2025-11-20 5000 (its Thursday: not compared).
 * Earliest data 2025-01-10.
 */
const won = (date: string, amount: number) => deal({ customerId: `c${date}`, createdDate: date, status: 'won', closedDate: date, amount });
const deals = [won('2025-01-10', 1), won('2025-11-19', 300), won('2025-11-20', 5000), won('2026-11-10', 200), won('2026-11-11', 50), won('2026-11-13', 9999), won('2026-11-17', 100)];

describe('fair weeks (details.weekComparison)', () => {
  it('this week to date against the same weekdays of the previous week and of the same week last year', () => {
    const c = run({ deals }, '2026-11-18').details.weekComparison!;
    expect(c.days).toBe(3);
    expect(c.current).toMatchObject({ id: '2026-W47', start: '2026-11-16', end: '2026-11-18', toDate: true, dealsWon: 1, bookings: 100 });
    // Mon-Wed of 2026-W46: 200 + 50; the Friday's 9999 is left out
    expect(c.previousWeek).toMatchObject({ id: '2026-W46', start: '2026-11-09', end: '2026-11-11', toDate: true, dealsWon: 2, bookings: 250 });
    // Mon-Wed of 2025-W47: 300; Thursday's 5000 left out
    expect(c.sameWeekLastYear).toMatchObject({ id: '2025-W47', start: '2025-11-17', end: '2025-11-19', dealsWon: 1, bookings: 300 });
  });

  it('a complete week compares whole weeks', () => {
    const c = run({ deals }, '2026-11-22').details.weekComparison!;
    expect(c.days).toBe(7);
    expect(c.current).toMatchObject({ end: '2026-11-22', toDate: false });
    expect(c.previousWeek).toMatchObject({ end: '2026-11-15', toDate: false, bookings: 10249 });
    expect(c.sameWeekLastYear).toMatchObject({ end: '2025-11-23', bookings: 5300 });
  });

  it('the same week last year is the same week number, or the last week when last year has none', () => {
    // 2026-W53 (2026-12-28 ..): 2025 has 52 ISO weeks -> 2025-W52
    expect(run({ deals }, '2026-12-29').details.weekComparison!.sameWeekLastYear).toMatchObject({ id: '2025-W52', start: '2025-12-22', end: '2025-12-23' });
    // 2021-W10 after the 53-week 2020: 2020-W10, not 52 weeks back (2020-W11)
    const early = [won('2020-01-02', 1)];
    expect(run({ deals: early }, '2021-03-08').details.weekComparison!.sameWeekLastYear).toMatchObject({ id: '2020-W10', start: '2020-03-02' });
  });

  it('no same week last year before the earliest data', () => {
    expect(run({ deals: [won('2026-06-01', 1)] }, '2026-11-18').details.weekComparison!.sameWeekLastYear).toBeNull();
  });
});
