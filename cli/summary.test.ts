import { describe, expect, it } from 'vitest';
import { parseConfig } from '../shared/config/config';
import type { KpiDocument, KpiValue, PeriodResult } from '../shared/engine/types';
import type { IngestOutcome } from '../shared/usecases/ingest-object';
import { formatChange, formatPct, formatValue, ingestSummaryLine, kpiSummaryLines } from './summary';

/** A to-date quarter FY2026-Q4 as of 2026-11-22 (or closed FY2026-Q3) holding these KPIs, in a document. */
function docWith(kpis: PeriodResult['kpis'], closed = false): KpiDocument {
  const q: PeriodResult = {
    id: closed ? 'FY2026-Q3' : 'FY2026-Q4',
    kind: 'quarter',
    start: closed ? '2026-07-01' : '2026-10-01',
    end: closed ? '2026-09-30' : '2026-11-22',
    toDate: !closed,
    kpis,
    stages: [],
    breakdowns: { team: {}, region: {}, product: {}, owner: {}, source: {} },
  };
  return { asOf: q.end, generatedAt: `${q.end}T00:00:00Z`, config: parseConfig({ companyName: 'Acme' }), periods: [q] };
}

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
    const doc = docWith({ win_rate: kpi(0.3, 0.25, 'higher'), churn_rate: kpi(0.05, 0.04, 'lower'), close_rate: kpi(null, 0.2, 'higher') });
    const lines = kpiSummaryLines(doc);
    expect(lines[0]).toBe('Acme: FY2026-Q4 to date (2026-10-01 .. 2026-11-22), against the same 53 days of FY2026-Q3');
    const row = (label: string) => lines.find((l) => l.startsWith(label))!.split(/\s{2,}/);
    expect(row('Win rate')).toEqual(['Win rate', '30.0%', '25.0%', '+5.0 pp', '+20.0%', 'better']);
    expect(row('Churn rate')).toEqual(['Churn rate', '5.0%', '4.0%', '+1.0 pp', '+25.0%', 'worse']);
    expect(row('Close rate')).toEqual(['Close rate', 'n/a', '20.0%', 'n/a', 'n/a']);
  });

  it('shows the paced target beside the full target, and the quarter-end forecast with its range', () => {
    const base = { unit: 'money' as const, better: 'higher' as const, reason: null };
    const doc = docWith({
      // two thirds into the quarter: $1.8M against a $2.64M target is on pace (expected $1.76M), not behind
      bookings: {
        ...base,
        value: 1807820,
        target: { value: 2644000, expectedToDate: 1762667, attainment: 1.026, status: 'met' },
        forecast: { value: 2610000, low: 2310000, high: 2900000, method: 'stage-history' },
      },
      deals_won: { ...base, unit: 'count', value: 77, target: null, forecast: { value: 118, low: 104, high: 131, method: 'stage-history' } },
      // a rate is not paced: its expected-to-date figure is the target itself
      win_rate: { ...base, unit: 'fraction', value: 0.282, target: { value: 0.27, expectedToDate: 0.27, attainment: 1.04, status: 'met' } },
      churn_rate: { ...base, unit: 'fraction', better: 'lower', value: 0.05, target: { value: 0.04, attainment: 0.8, status: 'at_risk' } },
    });
    const lines = kpiSummaryLines(doc);
    const cells = (l: string) => l.split(/\s{2,}/);
    expect(cells(lines[2])).toEqual(['KPI', 'FY2026-Q4 to date', 'previous quarter', 'change', 'change %', 'vs prior', 'target', 'expected to date']);
    const row = (label: string) => cells(lines.find((l) => l.startsWith(label))!);
    expect(row('Bookings').slice(-2)).toEqual(['$2,644,000', '$1,762,667 met']);
    expect(row('Win rate').slice(-1)).toEqual(['27.0% met']);
    expect(row('Churn rate').slice(-1)).toEqual(['4.0% at risk']);
    const f = lines.findIndex((l) => l.startsWith('Forecast for the end of FY2026-Q4'));
    expect(lines[f]).toContain('10th to 90th percentile; method: stage-history');
    expect(lines.slice(f + 1).map(cells)).toEqual([
      ['', 'Deals won', '118', '(104 to 131)'],
      ['', 'Bookings', '$2,610,000', '($2,310,000 to $2,900,000)'],
    ]);
  });

  it('without forecasts or paced targets the table keeps its columns and adds no forecast block', () => {
    const lines = kpiSummaryLines(docWith({ bookings: { value: 100, unit: 'money', better: 'higher', reason: null, target: { value: 90, expectedToDate: 90, attainment: 1.1, status: 'met' } } }, true));
    expect(lines[2].split(/\s{2,}/).at(-1)).toBe('target');
    expect(lines.find((l) => l.startsWith('Bookings'))!.split(/\s{2,}/).at(-1)).toBe('$90 met');
    expect(lines.some((l) => l.startsWith('Forecast'))).toBe(false);
  });

  it('counts files and rows in the singular and plural, and says when the demo planted the rejected rows', () => {
    const outcome = (rowsAccepted: number, rowsRejected: number): IngestOutcome => ({
      key: 'uploads/deals/d.csv',
      status: rowsRejected ? 'partial' : 'accepted',
      rowsRead: rowsAccepted + rowsRejected,
      rowsAccepted,
      rowsRejected,
      unknownColumns: [],
      warnings: [],
    });
    expect(ingestSummaryLine([outcome(1, 0)])).toBe('1 file: 1 accepted, 0 with rejected rows; 1 row stored, 0 rows rejected');
    expect(ingestSummaryLine([outcome(10, 3), outcome(5, 1)], 4)).toBe('2 files: 0 accepted, 2 with rejected rows; 15 rows stored, 4 rows rejected (planted by the demo to show the rejected-rows report)');
    expect(ingestSummaryLine([outcome(10, 6)], 4)).toBe('1 file: 0 accepted, 1 with rejected rows; 10 rows stored, 6 rows rejected (4 planted by the demo to show the rejected-rows report)');
  });
});

describe('summary of a Persian company', () => {
  it('keeps the title line left to right: a Persian company name is isolated by left-to-right marks', () => {
    const doc = { asOf: '2026-11-22', config: { companyName: 'داده‌کاوان پارس', currency: 'IRR' }, periods: [{ id: 'FY2026-Q4', kind: 'quarter', start: '2026-10-01', end: '2026-11-22', toDate: true, kpis: {}, stages: [], breakdowns: {} }] };
    const title = kpiSummaryLines(doc as unknown as KpiDocument)[0];
    expect(title.startsWith('\u200eداده‌کاوان پارس\u200e: FY2026-Q4')).toBe(true);
  });
});
