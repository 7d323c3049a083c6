import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config';
import { fiscalCalendar, type CalendarKind } from '../calendar/fiscal-calendar';
import { computeScorecard } from './index';
import { KPI_CATALOG } from './catalog';
import { generateDataset } from './test-support/generator';
import type { PeriodResult } from './types';

/** Fractions that are not bounded to [0, 1] by definition (signed or unbounded ratios). */
const UNBOUNDED_FRACTIONS = new Set(['customer_growth_rate', 'gross_margin', 'crm_roi_to_date']);
const ADDITIVE = ['deals_won', 'deals_lost', 'bookings', 'net_new_revenue', 'expansion_revenue', 'new_customers', 'survey_responses', 'revenue'];

function walkNumbers(x: unknown, path: string, out: string[]): void {
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) out.push(`${path} = ${x}`);
  } else if (Array.isArray(x)) x.forEach((v, i) => walkNumbers(v, `${path}[${i}]`, out));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) walkNumbers(v, `${path}.${k}`, out);
}

const SETTINGS: [CalendarKind, number][] = [['gregorian', 1], ['gregorian', 4], ['jalali', 4]];
for (const [calendar, fy] of SETTINGS) {
  describe(`invariants over a generated multi-year dataset (${calendar} fiscal year starts in month ${fy})`, () => {
    const asOf = '2026-11-22';
    const data = generateDataset({ seed: 7 + fy, deals: 3000, customers: 600, from: '2022-02-10', to: asOf, surveys: 1500, fyStartMonth: fy, calendar });
    const config = parseConfig({ calendar, fiscalYearStartMonth: fy, crmGoLive: '2023-05-01' });
    const cal = fiscalCalendar(config);
    const { document: doc, details } = computeScorecard(data, asOf, config, '2026-11-22T06:00:00Z');
    const byId = new Map(doc.periods.map((p) => [p.id, p]));
    const years = doc.periods.filter((p) => p.kind === 'year');

    it('every fiscal quarter and year from the earliest data to the as-of date, every KPI id in each', () => {
      const expected = [...cal.quartersBetween('2022-02-10', asOf), ...cal.yearsBetween('2022-02-10', asOf)].map((p) => p.id).sort();
      expect(doc.periods.map((p) => p.id).sort()).toEqual(expected);
      for (const p of doc.periods) {
        expect(Object.keys(p.kpis)).toEqual(KPI_CATALOG.map((k) => k.id));
        for (const def of KPI_CATALOG) {
          const v = p.kpis[def.id];
          expect(v.unit).toBe(def.unit);
          expect(v.better).toBe(def.better);
          if (v.value === null) expect(v.reason, `${p.id} ${def.id}`).toBeTruthy();
        }
      }
      expect(doc.periods.filter((p) => p.toDate).map((p) => p.end)).toEqual([asOf, asOf]);
      // every finance row's period is one of the configured calendar, and every quarter has revenue
      expect(details.diagnostics.financeUnreadablePeriods).toEqual([]);
      expect(doc.periods.filter((p) => p.kind === 'quarter' && p.kpis.revenue.value === null).map((p) => p.id)).toEqual([]);
    });

    it('no NaN or Infinity anywhere in kpis.json or the details', () => {
      const bad: string[] = [];
      walkNumbers(doc, 'doc', bad);
      walkNumbers(details, 'details', bad);
      expect(bad).toEqual([]);
      expect(JSON.stringify(doc)).not.toMatch(/NaN|Infinity/);
    });

    it("quarter values of additive KPIs sum to the year's", () => {
      for (const y of years) {
        const qs = [1, 2, 3, 4].map((q) => byId.get(`${y.id}-Q${q}`)).filter((q): q is PeriodResult => !!q);
        for (const id of ADDITIVE) {
          const vals = qs.map((q) => q.kpis[id].value);
          if (y.kpis[id].value === null) continue;
          const sum = vals.reduce<number>((a, v) => a + (v ?? 0), 0);
          expect(sum, `${y.id} ${id}`).toBeCloseTo(y.kpis[id].value!, 6);
        }
      }
      // and every year of this dataset actually has bookings
      expect(years.every((y) => (y.kpis.bookings.value ?? 0) > 0)).toBe(true);
    });

    it('retention + churn = 1; loyalty shares sum to 1; customers roll forward quarter to quarter', () => {
      const quarters = doc.periods.filter((p) => p.kind === 'quarter');
      let checked = 0;
      for (const p of doc.periods) {
        const c = p.kpis.churn_rate.value;
        const r = p.kpis.retention_rate.value;
        if (c !== null && r !== null) {
          expect(c + r).toBeCloseTo(1, 12);
          checked++;
        }
        const shares = ['loyal_share', 'somewhat_loyal_share', 'disloyal_share', 'competitor_loyal_share'].map((k) => p.kpis[k].value);
        if (shares.every((s) => s !== null)) expect(shares.reduce((a, s) => a + s!, 0)).toBeCloseTo(1, 12);
      }
      expect(checked).toBeGreaterThan(10);
      // S(Q+1) is E(Q): the churn rate of a quarter is its churned customers over the previous quarter's active ones
      for (let i = 1; i < quarters.length; i++) {
        const prevActive = quarters[i - 1].kpis.active_customers.value!;
        const churned = quarters[i].kpis.churned_customers.value!;
        const rate = quarters[i].kpis.churn_rate.value;
        if (prevActive === 0) expect(rate).toBeNull();
        else expect(rate!).toBeCloseTo(churned / prevActive, 12);
      }
    });

    it('every rate lies within [0, 1]', () => {
      for (const p of doc.periods) {
        for (const def of KPI_CATALOG) {
          if (def.unit !== 'fraction' || UNBOUNDED_FRACTIONS.has(def.id)) continue;
          const v = p.kpis[def.id].value;
          if (v === null) continue;
          expect(v, `${p.id} ${def.id}`).toBeGreaterThanOrEqual(0);
          expect(v, `${p.id} ${def.id}`).toBeLessThanOrEqual(1);
        }
        for (const s of p.stages) if (s.advanceRate !== null) expect(s.advanceRate).toBeLessThanOrEqual(1);
      }
    });

    it('breakdown values add up to the company total (every deal has exactly one value, "(none)" included)', () => {
      for (const p of doc.periods) {
        for (const dim of ['team', 'region', 'product', 'owner', 'source'] as const) {
          const vals = Object.values(p.breakdowns[dim]);
          for (const id of ['deals_won', 'bookings', 'open_deals', 'open_pipeline_value']) {
            const sum = vals.reduce((a, v) => a + (v[id].value ?? 0), 0);
            expect(sum, `${p.id} ${dim} ${id}`).toBeCloseTo(p.kpis[id].value!, 6);
          }
        }
        expect(p.breakdowns.team['(none)']).toBeDefined();
      }
    });

    it('a breakdown value equals the company KPIs computed on that value\'s deals alone', () => {
      const emea = computeScorecard({ ...data, deals: data.deals.filter((d) => d.team === 'EMEA') }, asOf, config, 'x').document;
      for (const p of emea.periods) {
        const full = byId.get(p.id)!.breakdowns.team.EMEA;
        for (const id of Object.keys(full)) {
          const a = full[id].value;
          const b = p.kpis[id].value;
          if (a === null || b === null) expect(a, `${p.id} ${id}`).toBe(b);
          else expect(a, `${p.id} ${id}`).toBeCloseTo(b, 6);
        }
      }
    });

    it('stage review: deals open in a stage never exceed open deals; NPS distribution counts answers', () => {
      for (const p of doc.periods) {
        const inStages = p.stages.reduce((a, s) => a + s.openInStage, 0);
        expect(inStages).toBeLessThanOrEqual(p.kpis.open_deals.value!);
        for (const s of p.stages) expect(s.stuck).toBeLessThanOrEqual(s.openInStage);
      }
      const cur = byId.get(details.currentQuarter)!;
      expect(details.openDeals.length).toBe(cur.kpis.open_deals.value);
      expect(details.weeks).toHaveLength(8);
    });
  });
}
