import { describe, expect, it } from 'vitest';
import type { KpiDocument, PeriodResult } from '../engine/types';
import { diffSnapshots, sameValue } from './snapshots';

function period(id: string, toDate: boolean, kpis: Record<string, number | null>, kind: 'quarter' | 'year' = 'quarter'): PeriodResult {
  return {
    id,
    kind,
    start: '2026-01-01',
    end: '2026-03-31',
    toDate,
    kpis: Object.fromEntries(Object.entries(kpis).map(([k, v]) => [k, { value: v, unit: 'money', better: 'higher', reason: v === null ? 'no data' : null, target: null }])),
    stages: [],
    breakdowns: { team: {}, region: {}, product: {}, owner: {}, source: {} },
  };
}

const doc = (generatedAt: string, periods: PeriodResult[]): KpiDocument => ({
  asOf: '2026-11-22',
  generatedAt,
  config: {} as KpiDocument['config'],
  periods,
});

describe('diffSnapshots', () => {
  it('publishes every closed quarter KPI the first time, not to-date quarters or years', () => {
    const d = doc('2026-11-22T06:00:00Z', [
      period('FY2026-Q3', false, { bookings: 100, cac: null }),
      period('FY2026-Q4', true, { bookings: 50 }),
      period('FY2026', true, { bookings: 150 }, 'year'),
    ]);
    const out = diffSnapshots(d, [], [], d.generatedAt);
    expect(out.restatements).toEqual([]);
    expect(out.toPublish).toEqual([
      { periodId: 'FY2026-Q3', kpi: 'bookings', value: 100, publishedAt: '2026-11-22T06:00:00Z' },
      { periodId: 'FY2026-Q3', kpi: 'cac', value: null, publishedAt: '2026-11-22T06:00:00Z' },
    ]);
  });

  it('records a restatement once when a closed value changes, and ignores float noise', () => {
    const published = [
      { periodId: 'FY2026-Q3', kpi: 'bookings', value: 100, publishedAt: 'T1' },
      { periodId: 'FY2026-Q3', kpi: 'win_rate', value: 0.1 + 0.2, publishedAt: 'T1' },
      { periodId: 'FY2026-Q3', kpi: 'cac', value: null, publishedAt: 'T1' },
    ];
    const d = doc('T2', [period('FY2026-Q3', false, { bookings: 120, win_rate: 0.3, cac: 50 })]);
    const first = diffSnapshots(d, published, [], 'T2');
    expect(first.toPublish).toEqual([]);
    expect(first.restatements).toEqual([
      { periodId: 'FY2026-Q3', kpi: 'bookings', oldValue: 100, newValue: 120, firstPublishedAt: 'T1', restatedAt: 'T2', sequence: 1 },
      { periodId: 'FY2026-Q3', kpi: 'cac', oldValue: null, newValue: 50, firstPublishedAt: 'T1', restatedAt: 'T2', sequence: 1 },
    ]);
    // The next run with the same values finds nothing new; a further change is compared with the latest value.
    expect(diffSnapshots(d, published, first.restatements, 'T3').restatements).toEqual([]);
    const d3 = doc('T4', [period('FY2026-Q3', false, { bookings: 100, win_rate: 0.3, cac: 50 })]);
    expect(diffSnapshots(d3, published, first.restatements, 'T4').restatements).toEqual([
      { periodId: 'FY2026-Q3', kpi: 'bookings', oldValue: 120, newValue: 100, firstPublishedAt: 'T1', restatedAt: 'T4', sequence: 2 },
    ]);
  });

  it('compares with a relative tolerance; null only equals null', () => {
    expect(sameValue(1e9, 1e9 + 1e-3)).toBe(true);
    expect(sameValue(1e9, 1e9 + 10)).toBe(false);
    expect(sameValue(0, 1e-12)).toBe(true);
    expect(sameValue(0, null)).toBe(false);
    expect(sameValue(null, null)).toBe(true);
  });
});
