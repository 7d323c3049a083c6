/**
 * Total and footer lines that reports put below the data (Salesforce: "Grand Totals (34 records)",
 * "Confidential Information - Do Not Distribute", "Copyright (c) 2000-2026 salesforce.com, inc.").
 * Only a row that fails validation is checked, so a valid row is never skipped.
 */
import type { CellValue } from './types';

const FOOTER = /^(grand\s+totals?\b|totals?\b|sub-?totals?\b|sum\b|count\b|confidential\b|copyright\b|©|\(c\)\s|generated\s+by\b|powered\s+by\b)/i;

export function isFooter(cells: readonly CellValue[]): boolean {
  for (const c of cells) {
    if (c === null || c === undefined) continue;
    if (typeof c !== 'string') return false;
    const t = c.trim();
    if (t === '') continue;
    return FOOTER.test(t);
  }
  return false;
}
