/**
 * The closing summary: the headline KPIs of the current quarter to date against the
 * same span of the previous quarter, with the change, then the files written.
 */
import { KPI_CATALOG } from '../shared/engine/catalog';
import type { KpiDocument, KpiValue, PeriodResult, Unit } from '../shared/engine/types';
import type { IngestOutcome } from '../shared/usecases/ingest-object';
import { localeOf } from '../shared/i18n/locale';

/**
 * The terminal speaks English with Latin digits whatever the workbooks' locale: a
 * terminal has no reliable bidi, so Persian text and digits would come out reversed.
 * Money uses the same symbol, placement and decimals as the English workbooks.
 */
const TERMINAL = localeOf('en');

export function formatValue(v: number | null | undefined, unit: Unit, currency: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  switch (unit) {
    case 'money':
      return TERMINAL.money(currency).text(v);
    case 'money_per_day':
      return `${TERMINAL.money(currency).text(v)}/day`;
    case 'fraction':
      return `${(v * 100).toFixed(1)}%`;
    case 'days':
      return `${v.toFixed(1)} d`;
    case 'count':
      return new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(v);
    case 'ratio':
      return `${v.toFixed(2)}x`;
    default:
      return v.toFixed(1);
  }
}

/** The absolute change in the KPI's unit: percentage points for fractions. */
export function formatChange(change: number | null | undefined, unit: Unit, currency: string): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return 'n/a';
  const sign = change > 0 ? '+' : change < 0 ? '-' : '';
  const abs = Math.abs(change);
  if (unit === 'fraction') return `${sign}${(abs * 100).toFixed(1)} pp`;
  return `${sign}${formatValue(abs, unit, currency)}`;
}

export function formatPct(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return 'n/a';
  return `${p > 0 ? '+' : p < 0 ? '-' : ''}${Math.abs(p * 100).toFixed(1)}%`;
}

/** The quarter that contains the as-of date (the last quarter of the document). */
export function currentQuarter(doc: KpiDocument): PeriodResult | undefined {
  return doc.periods.find((p) => p.kind === 'quarter' && p.start <= doc.asOf && doc.asOf <= p.end) ?? doc.periods.filter((p) => p.kind === 'quarter').at(-1);
}

function table(rows: string[][], rightAligned: boolean[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (rightAligned[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [fmt(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(fmt)];
}

const better = (k: KpiValue): string => {
  const c = k.previousQuarter?.change;
  if (c === null || c === undefined || c === 0 || k.better === 'neutral') return '';
  const good = k.better === 'higher' ? c > 0 : c < 0;
  return good ? 'better' : 'worse';
};

export function kpiSummaryLines(doc: KpiDocument): string[] {
  const q = currentQuarter(doc);
  if (!q) return ['No quarter in the report (no data dated on or before the as-of date).'];
  const currency = doc.config.currency ?? 'USD';
  const prior = Object.values(q.kpis).find((k) => k.previousQuarter)?.previousQuarter;
  const priorLabel = prior ? `${prior.period} ${prior.start.slice(5)}..${prior.end.slice(5)}` : 'previous quarter';
  const rows: string[][] = [['KPI', `${q.id}${q.toDate ? ' to date' : ''}`, priorLabel, 'change', 'change %', '', 'target']];
  for (const def of KPI_CATALOG.filter((k) => k.headline)) {
    const k = q.kpis[def.id];
    if (!k) continue;
    const target = k.target ? `${formatValue(k.target.value, def.unit, currency)} ${k.target.status ?? ''}`.trim() : '';
    rows.push([
      def.label,
      formatValue(k.value, def.unit, currency),
      formatValue(k.previousQuarter?.value, def.unit, currency),
      formatChange(k.previousQuarter?.change, def.unit, currency),
      formatPct(k.previousQuarter?.changePct),
      better(k),
      target,
    ]);
  }
  const title = `${TERMINAL.dir(doc.config.companyName ?? 'Scorecard')}: ${q.id} ${q.toDate ? `to date (${q.start} .. ${q.end})` : `(${q.start} .. ${q.end})`}${
    prior?.sameSpan ? `, against the same ${daysIn(q.start, q.end)} days of ${prior.period}` : ''
  }`;
  return [title, '', ...table(rows, [false, true, true, true, true, false, false])];
}

function daysIn(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
}

export function ingestSummaryLine(outcomes: IngestOutcome[]): string {
  const n = (s: IngestOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  const accepted = outcomes.reduce((s, o) => s + o.rowsAccepted, 0);
  const rejected = outcomes.reduce((s, o) => s + o.rowsRejected, 0);
  const parts = [`${outcomes.length} files: ${n('accepted')} accepted`, `${n('partial')} with rejected rows`];
  if (n('quarantined') + n('failed')) parts.push(`${n('quarantined') + n('failed')} rejected whole`);
  return `${parts.join(', ')}; ${accepted} rows stored, ${rejected} rows rejected`;
}
