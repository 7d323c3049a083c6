/**
 * The e-mail body's headline numbers: the quarter to date for the weekly dashboard,
 * pace against the target when the engine paced it (`expectedToDate`), the
 * quarter-end forecast when the engine made one, and HTML that cannot be injected.
 */
import { describe, expect, it } from 'vitest';
import { KPI_CATALOG } from '../../shared/engine';
import { composeMail } from '../../shared/mail/message';
import { fixtureResult } from '../report/fixture';

describe('composeMail', () => {
  it('shows the quarter to date, the target as it is when it was not paced, and no forecast column without forecasts', () => {
    const result = fixtureResult();
    const q = result.document.periods.find((p) => p.id === result.details.currentQuarter)!;
    q.kpis.bookings.target = { value: 100000, attainment: q.kpis.bookings.value! / 100000, status: 'behind', scope: '' };
    for (const k of Object.values(q.kpis)) delete k.forecast; // the engine makes one for a to-date quarter
    const m = composeMail({ result, catalog: KPI_CATALOG, kind: 'weekly', periodId: '2026-W47', filename: 'manager-dashboard-2026-W47.xlsx' });
    expect(m.subject).toBe(`${result.document.config.companyName}: weekly manager dashboard 2026-W47`);
    expect(m.text).toContain(`Headline KPIs, ${q.id} to date (${q.start} to ${q.end}):`);
    const pct = Math.round((q.kpis.bookings.value! / 100000) * 100);
    expect(m.text).toMatch(new RegExp(`- Bookings: \\$[\\d,]+; .*; ${pct}% of target \\$100,000, behind`));
    expect(m.html).not.toContain('Quarter-end forecast');
  });

  it('shows pace against expectedToDate and the forecast range when the engine provides them', () => {
    const result = fixtureResult();
    const q = result.document.periods.find((p) => p.id === result.details.currentQuarter)!;
    const v = q.kpis.bookings.value!;
    q.kpis.bookings.target = { value: 2 * v, expectedToDate: v / 0.8, attainment: 0.8, status: 'behind', scope: '' };
    q.kpis.bookings.forecast = { value: 1.5 * v, low: 1.2 * v, high: 1.9 * v, method: 'stage-history' };
    const fmt = (n: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: result.document.config.currency, maximumFractionDigits: 0 }).format(n);
    const m = composeMail({ result, catalog: KPI_CATALOG, kind: 'weekly', periodId: '2026-W47', filename: 'x.xlsx' });
    expect(m.text).toContain(`80% of pace ${fmt(v / 0.8)} (target ${fmt(2 * v)}), behind; forecast ${fmt(1.5 * v)} (${fmt(1.2 * v)} to ${fmt(1.9 * v)})`);
    expect(m.html).toContain('Quarter-end forecast');
  });

  it('escapes upload-derived text in the HTML', () => {
    const result = fixtureResult();
    result.document.config.companyName = '<script>alert(1)</script> & Co';
    const m = composeMail({ result, catalog: KPI_CATALOG, kind: 'annual', periodId: 'FY2025', filename: 'a.xlsx' });
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(m.text).toContain('Headline KPIs, FY2025 (');
  });
});
