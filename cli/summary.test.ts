import { describe, expect, it } from 'vitest';
import { parseConfig } from '../shared/config/config';
import type { KpiDocument, KpiValue, PeriodResult } from '../shared/engine/types';
import { formatChange, formatPct, formatValue, kpiSummaryLines } from './summary';

describe('summary formatting', () => {
  it('formats values by unit, and null as n/a (never 0)', () => {
    expect(formatValue(1412230, 'money', 'USD')).toBe('$1,412,230');
    expect(formatValue(1412230, 'money', 'EUR')).toBe('€1,412,230');
    expect(formatValue(0.271, 'fraction', 'USD')).toBe('27.1%');
    expect(formatValue(55.37, 'days', 'USD')).toBe('55.4 d');
    expect(formatValue(null, 'money', 'USD')).toBe('n/a');
    expect(formatValue(Number.NaN, 'count', 'USD')).toBe('n/a');
  });

  it('writes changes of fractions in percentage points and relative changes with a sign', () => {
    expect(formatChange(-0.09, 'fraction', 'USD')).toBe('-9.0 pp');
    expect(formatChange(508350, 'money', 'USD')).toBe('+$508,350');
    expect(formatChange(null, 'money', 'USD')).toBe('n/a');
    expect(formatPct(0.5624)).toBe('+56.2%');
    expect(formatPct(null)).toBe('n/a');
  });

  it('shows the to-date quarter against the same span of the previous quarter, better or worse by direction', () => {
    const kpi = (value: number | null, prior: number | null, better: 'higher' | 'lower'): KpiValue => ({
      value,
      unit: 'fraction',
      better,
      reason: value === null ? 'no deals closed in period' : null,
      target: null,
      previousQuarter: {
        value: prior,
        change: value !== null && prior !== null ? value - prior : null,
        changePct: value !== null && prior ? (value - prior) / Math.abs(prior) : null,
        period: 'FY2026-Q3',
        start: '2026-07-01',
        end: '2026-08-22',
        sameSpan: true,
      },
    });
    const q: PeriodResult = {
      id: 'FY2026-Q4',
      kind: 'quarter',
      start: '2026-10-01',
      end: '2026-11-22',
      toDate: true,
      kpis: { win_rate: kpi(0.3, 0.25, 'higher'), churn_rate: kpi(0.05, 0.04, 'lower'), close_rate: kpi(null, 0.2, 'higher') },
      stages: [],
      breakdowns: { team: {}, region: {}, product: {}, owner: {}, source: {} },
    };
    const doc: KpiDocument = { asOf: '2026-11-22', generatedAt: '2026-11-22T00:00:00Z', config: parseConfig({ companyName: 'Acme' }), periods: [q] };
    const lines = kpiSummaryLines(doc);
    expect(lines[0]).toBe('Acme: FY2026-Q4 to date (2026-10-01 .. 2026-11-22), against the same 53 days of FY2026-Q3');
    const row = (label: string) => lines.find((l) => l.startsWith(label))!.split(/\s{2,}/);
    expect(row('Win rate')).toEqual(['Win rate', '30.0%', '25.0%', '+5.0 pp', '+20.0%', 'better']);
    expect(row('Churn rate')).toEqual(['Churn rate', '5.0%', '4.0%', '+1.0 pp', '+25.0%', 'worse']);
    expect(row('Close rate')).toEqual(['Close rate', 'n/a', '20.0%', 'n/a', 'n/a']);
  });
});

describe('summary of a Persian company', () => {
  it('keeps the title line left to right: a Persian company name is isolated by left-to-right marks', () => {
    const doc = { asOf: '2026-11-22', config: { companyName: 'داده‌کاوان پارس', currency: 'IRR' }, periods: [{ id: 'FY2026-Q4', kind: 'quarter', start: '2026-10-01', end: '2026-11-22', toDate: true, kpis: {}, stages: [], breakdowns: {} }] };
    const title = kpiSummaryLines(doc as unknown as KpiDocument)[0];
    expect(title.startsWith('\u200eداده‌کاوان پارس\u200e: FY2026-Q4')).toBe(true);
  });
});
