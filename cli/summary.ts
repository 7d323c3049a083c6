/**
 * The closing summary: the headline KPIs of the current quarter to date against the
 * same span of the previous quarter, with the change, then the files written.
 */
import { KPI_CATALOG } from '../shared/engine/catalog';
import type { KpiDocument, KpiValue, PeriodResult, Unit } from '../shared/engine/types';
import { formatPct, formatValue } from '../shared/report/text-format';
import type { IngestOutcome } from '../shared/usecases/ingest-object';
import { localeOf } from '../shared/i18n/locale';

/**
 * The terminal speaks English with Latin digits whatever the workbooks' locale: a
 * terminal has no reliable bidi, so Persian text and digits would come out reversed.
 * Money uses the same symbol, placement and decimals as the English workbooks.
 */
const TERMINAL = localeOf('en');

export { formatPct, formatValue };

/** The absolute change in the KPI's unit: percentage points for fractions. */
export function formatChange(change: number | null | undefined, unit: Unit, currency: string): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return 'n/a';
  const sign = change > 0 ? '+' : change < 0 ? '-' : '';
  const abs = Math.abs(change);
  if (unit === 'fraction') return `${sign}${(abs * 100).toFixed(1)} pp`;
  return `${sign}${formatValue(abs, unit, currency)}`;
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

/** "1 file", "2 files". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

const STATUS_TEXT: Record<string, string> = { met: 'met', at_risk: 'at risk', behind: 'behind' };

/** The target as kpis.md judges it: paced to date (with its status) beside the full target when they differ. */
function targetCells(k: KpiValue, unit: Unit, currency: string): { target: string; paced: string } {
  if (!k.target) return { target: '', paced: '' };
  const status = k.target.status ? STATUS_TEXT[k.target.status] ?? k.target.status : '';
  const full = formatValue(k.target.value, unit, currency);
  const expected = k.target.expectedToDate;
  if (expected === undefined || expected === k.target.value) return { target: `${full} ${status}`.trim(), paced: '' };
  return { target: full, paced: `${formatValue(expected, unit, currency)} ${status}`.trim() };
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
  const headline = KPI_CATALOG.filter((d) => d.headline && q.kpis[d.id]);
  const paced = headline.some((d) => targetCells(q.kpis[d.id], d.unit, currency).paced);
  const rows: string[][] = [['KPI', `${q.id}${q.toDate ? ' to date' : ''}`, priorLabel, 'change', 'change %', 'vs prior', 'target', ...(paced ? ['expected to date'] : [])]];
  for (const def of headline) {
    const k = q.kpis[def.id];
    const t = targetCells(k, def.unit, currency);
    rows.push([
      def.label,
      formatValue(k.value, def.unit, currency),
      formatValue(k.previousQuarter?.value, def.unit, currency),
      formatChange(k.previousQuarter?.change, def.unit, currency),
      formatPct(k.previousQuarter?.changePct),
      better(k),
      t.target,
      ...(paced ? [t.paced] : []),
    ]);
  }
  const title = `${TERMINAL.dir(doc.config.companyName ?? 'Scorecard')}: ${q.id} ${q.toDate ? `to date (${q.start} .. ${q.end})` : `(${q.start} .. ${q.end})`}${
    prior?.sameSpan ? `, against the same ${daysIn(q.start, q.end)} days of ${prior.period}` : ''
  }`;
  return [title, '', ...table(rows, [false, true, true, true, true, false, false, false]), ...forecastLines(q, currency)];
}

/** The quarter-end forecasts of the to-date quarter (value and 10th-90th percentile range), when the engine made them. */
function forecastLines(q: PeriodResult, currency: string): string[] {
  const rows: string[][] = [];
  const methods = new Set<string>();
  for (const def of KPI_CATALOG) {
    const f = q.kpis[def.id]?.forecast;
    if (!f) continue;
    methods.add(f.method);
    rows.push([`  ${def.label}`, formatValue(f.value, def.unit, currency), `(${formatValue(f.low, def.unit, currency)} to ${formatValue(f.high, def.unit, currency)})`]);
  }
  if (!rows.length) return [];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return [
    '',
    `Forecast for the end of ${q.id} (likely range: 10th to 90th percentile; method: ${[...methods].join(', ')}):`,
    ...rows.map((r) => `${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2]}`),
  ];
}

function daysIn(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
}

/** `planted`: rows the demo's generator made bad on purpose (they are among the rejected ones). */
export function ingestSummaryLine(outcomes: IngestOutcome[], planted = 0): string {
  const n = (s: IngestOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  const accepted = outcomes.reduce((s, o) => s + o.rowsAccepted, 0);
  const rejected = outcomes.reduce((s, o) => s + o.rowsRejected, 0);
  const parts = [`${plural(outcomes.length, 'file')}: ${n('accepted')} accepted`, `${n('partial')} with rejected rows`];
  if (n('quarantined') + n('failed')) parts.push(`${n('quarantined') + n('failed')} rejected whole`);
  const why = planted > 0 ? ` (${planted === rejected ? 'planted' : `${planted} planted`} by the demo to show the rejected-rows report)` : '';
  return `${parts.join(', ')}; ${plural(accepted, 'row')} stored, ${plural(rejected, 'row')} rejected${why}`;
}
