/** Breakdowns: pipeline and sales KPIs by team, region, product, owner and source (one filterable table). */
import type { BreakdownValue } from '../../engine/types';
import { DIMENSIONS } from '../../model/types';
import { num, safeText, valueFormat } from '../cells';
import { orderedDefs } from '../kpi-tables';
import type { SheetModule } from './module';
import type { DashboardContext } from './dashboard-context';

export const NONE_VALUE = '(none)';

/** A "(none)" row is shown only when deals without a value exist: some KPI is neither empty nor 0. */
export function hasData(kpis: Record<string, BreakdownValue>): boolean {
  return Object.values(kpis).some((v) => num(v.value ?? null) !== null && v.value !== 0);
}

export const breakdowns: SheetModule<DashboardContext> = {
  name: 'sheet.breakdowns',
  render(s, ctx) {
    const { t, quarter } = ctx;
    const bdefs = orderedDefs(ctx.input.catalog.filter((d) => d.breakdown || Object.values(quarter.breakdowns?.team ?? {}).some((v) => d.id in v)));
    const notes: string[] = [];
    const rows: { dim: string; value: string; kpis: Record<string, BreakdownValue> }[] = [];
    const sortId = bdefs.find((d) => d.id === 'bookings') ? 'bookings' : bdefs[0]?.id;
    for (const dim of DIMENSIONS) {
      const entries = Object.entries(quarter.breakdowns?.[dim] ?? {}).filter(([value, kpis]) => value !== NONE_VALUE || hasData(kpis));
      entries.sort((a, b) => (num(b[1][sortId]?.value ?? null) ?? -Infinity) - (num(a[1][sortId]?.value ?? null) ?? -Infinity));
      const cap = entries.slice(0, ctx.max);
      if (entries.length > cap.length) notes.push(`${t(`dimension.${dim}`)}: ${s.cap(cap.length, entries.length, t('breakdowns.values'), t('breakdowns.order'))}`);
      for (const [value, kpis] of cap) rows.push({ dim, value, kpis });
    }
    s.title([
      { text: t('breakdowns.title', { company: ctx.company }), kind: 'title' },
      { text: t('breakdowns.subtitle', { quarter: ctx.currentHeader, start: quarter.start, end: quarter.end }) },
      ...(notes.length ? [{ text: notes.join(' '), kind: 'warning' as const }] : []),
    ]);
    s.widths([12, 26, ...bdefs.map(() => 14)]);
    const tab = s.table(
      [
        { header: t('breakdowns.dimension'), value: (r) => t(`dimension.${r.dim as (typeof DIMENSIONS)[number]}`) },
        { header: t('breakdowns.value'), value: (r) => (r.value === NONE_VALUE ? t('breakdowns.none') : safeText(r.value)) },
        ...bdefs.map((d) => ({
          header: ctx.label(d.id),
          value: (r: (typeof rows)[number]) => num(r.kpis[d.id]?.value ?? null),
          format: valueFormat({ unit: d.unit, id: d.id }, ctx.currency, ctx.locale),
        })),
      ],
      rows,
      { empty: t('breakdowns.empty') },
    );
    s.freeze(tab.firstRow, 3);
    s.printArea(2 + bdefs.length);
  },
};
