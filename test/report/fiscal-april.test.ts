/**
 * A company whose fiscal year starts in April and reports in euros: the reviews pick
 * the fiscal periods of that calendar and money cells use the euro format.
 */
import { describe, expect, it } from 'vitest';
import { computeScorecard, KPI_CATALOG } from '../../shared/engine';
import { parseConfig } from '../../shared/config/config';
import { chooseReviewPeriod, renderAnnualReview, renderFinanceReview } from '../../shared/report';
import { AS_OF, FILES, fixtureDataset } from './fixture';
import { load, rowWith } from './xlsx';

describe('fiscal year from April, euros', () => {
  it('reviews FY2027-Q2 and FY2026 with euro formats', async () => {
    const { data, config } = fixtureDataset();
    const cfg = parseConfig({ ...config, fiscalYearStartMonth: 4, currency: 'EUR' });
    const result = computeScorecard(data, AS_OF, cfg, '2026-11-22T06:00:00Z');
    const q = chooseReviewPeriod('quarter', result.document, 4);
    const y = chooseReviewPeriod('year', result.document, 4);
    expect(q).toEqual({ id: 'FY2027-Q2', closed: true, note: null }); // July-September 2026
    expect(y).toEqual({ id: 'FY2026', closed: true, note: null }); // April 2025 - March 2026
    const input = { result, catalog: [...KPI_CATALOG], files: FILES, restatements: [] };
    const fin = await load(await renderFinanceReview(input, q));
    const ws = fin.getWorksheet('Quarter')!;
    expect(ws.getCell(rowWith(ws, 'Area'), 3).value).toBe('FY2027-Q2');
    const b = rowWith(ws, 'Bookings', 2);
    expect(ws.getCell(b, 3).value).toBe(result.document.periods.find((p) => p.id === 'FY2027-Q2')!.kpis.bookings.value);
    expect(ws.getCell(b, 3).numFmt).toBe('"€"#,##0'); // the English (CLDR en) pattern, as the terminal shows it: €1,234
    expect(ws.getCell(b, 5).numFmt).toBe('+"€"#,##0;-"€"#,##0;"€"#,##0');
    const ann = await load(await renderAnnualReview(input, y));
    const qs = ann.getWorksheet('Quarters')!;
    expect(qs.getRow(rowWith(qs, 'Area')).values).toEqual(expect.arrayContaining(['FY2026-Q1', 'FY2026-Q4', 'FY2026', 'FY2025']));
  });
});
