/**
 * KPI values as plain text (the CLI summary, the e-mail body): money in the config's
 * currency without cents, fractions as percentages, days with one decimal.
 */
import type { Unit } from '../engine/types';
import { localeOf } from '../i18n/locale';

/**
 * Plain text speaks English with Latin digits whatever the workbooks' locale (a terminal
 * or a plain-text mail part has no reliable bidi); money has the same symbol, placement
 * and decimals as the English workbooks (the locale kit's, from Intl).
 */
const TEXT = localeOf('en');

export function formatValue(v: number | null | undefined, unit: Unit, currency: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  switch (unit) {
    case 'money':
      return TEXT.money(currency).text(v);
    case 'money_per_day':
      return `${TEXT.money(currency).text(v)}/day`;
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

export function formatPct(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return 'n/a';
  return `${p > 0 ? '+' : p < 0 ? '-' : ''}${Math.abs(p * 100).toFixed(1)}%`;
}
