import { describe, expect, it } from 'vitest';
import { kpi, run, val } from './test-support/fixture';
import type { SurveyResponse } from '../model/types';

/*
 * Survey fixture, FY2026-Q3 (2026-07-01 .. 2026-09-30), as of 2026-11-22:
 * | id | date       | nps | csat | ces | expectation | performance |
 * | R1 | 2026-07-01 | 10  | 5    | 7   | 3           | 5           |  first day of Q3
 * | R2 | 2026-07-15 | 9   | 4    | 5   | 4           | 4           |
 * | R3 | 2026-08-01 | 8   | 3    | 4   | 4           | 2           |
 * | R4 | 2026-08-20 | 6   | 2    | 1   |             | 3           |  expectation missing
 * | R5 | 2026-09-30 | 0   |      |     | 2           | 2           |  last day of Q3
 * | R6 | 2026-10-01 | 10  | 5    | 7   | 1           | 5           |  Q4
 * | R0 | 2026-03-01 |     | 5    |     |             |             |  Q1 (so that Q2 is an empty reported period)
 */
const s = (responseId: string, respondedDate: string, o: Partial<SurveyResponse>): SurveyResponse => ({ responseId, respondedDate, ...o });
const surveys = [
  s('R0', '2026-03-01', { csat: 5 }),
  s('R1', '2026-07-01', { nps: 10, csat: 5, ces: 7, expectation: 3, performance: 5 }),
  s('R2', '2026-07-15', { nps: 9, csat: 4, ces: 5, expectation: 4, performance: 4 }),
  s('R3', '2026-08-01', { nps: 8, csat: 3, ces: 4, expectation: 4, performance: 2 }),
  s('R4', '2026-08-20', { nps: 6, csat: 2, ces: 1, performance: 3 }),
  s('R5', '2026-09-30', { nps: 0, expectation: 2, performance: 2 }),
  s('R6', '2026-10-01', { nps: 10, csat: 5, ces: 7, expectation: 1, performance: 5 }),
];
const r = run({ surveys }, '2026-11-22');
const Q3 = 'FY2026-Q3';

describe('survey KPIs on the hand-made fixture', () => {
  it('survey_responses counts responses dated in P (first and last day included)', () => {
    // R1..R5 = 5
    expect(val(r, Q3, 'survey_responses')).toBe(5);
  });

  it('nps = 100 x (promoters - detractors) / answers', () => {
    // promoters (9-10): R1, R2 = 2; detractors (0-6): R4, R5 = 2; passive R3; 100 x (2 - 2) / 5 = 0 (a real 0)
    expect(val(r, Q3, 'nps')).toBe(0);
    // FY2026 adds R6 (10): 100 x (3 - 2) / 6 = 16.67
    expect(val(r, 'FY2026', 'nps')).toBeCloseTo(100 / 6, 12);
  });

  it('csat = answers 4-5 / answers', () => {
    // answers R1 5, R2 4, R3 3, R4 2 -> 2 / 4
    expect(val(r, Q3, 'csat')).toBe(0.5);
  });

  it('ces (mean) and ces_easy_share (5-7)', () => {
    // ces answers 7, 5, 4, 1 -> mean 17 / 4 = 4.25; easy (5-7): 7, 5 -> 2 / 4
    expect(val(r, Q3, 'ces')).toBe(4.25);
    expect(val(r, Q3, 'ces_easy_share')).toBe(0.5);
  });

  it('expectation_gap and delighted / satisfied / dissatisfied shares over responses with both answers', () => {
    // both: R1 (5-3 = +2), R2 (0), R3 (2-4 = -2), R5 (0); R4 lacks expectation -> 4 responses
    // mean gap = (2 + 0 - 2 + 0) / 4 = 0; delighted 1/4, satisfied 2/4, dissatisfied 1/4
    expect(val(r, Q3, 'expectation_gap')).toBe(0);
    expect(val(r, Q3, 'delighted_share')).toBe(0.25);
    expect(val(r, Q3, 'satisfied_share')).toBe(0.5);
    expect(val(r, Q3, 'dissatisfied_share')).toBe(0.25);
  });

  it('a period without answers gives null with a reason, responses 0', () => {
    expect(val(r, 'FY2026-Q2', 'survey_responses')).toBe(0);
    expect(kpi(r, 'FY2026-Q2', 'nps')).toMatchObject({ value: null, reason: 'no NPS answers in period' });
    expect(kpi(r, 'FY2026-Q2', 'csat').value).toBeNull();
    expect(kpi(r, 'FY2026-Q2', 'delighted_share').value).toBeNull();
  });

  it('the NPS distribution covers the current quarter to date', () => {
    // Q4 to date: R6 (10) only
    expect(r.details.npsDistribution).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});
