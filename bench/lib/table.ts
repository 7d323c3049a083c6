/** Plain-text tables for the benchmark report. */

export type Cell = string | number | null | undefined;

export function table(title: string, header: string[], rows: Cell[][], notes: string[] = []): string {
  const text = rows.map((r) => r.map((c) => (c === null || c === undefined ? '-' : String(c))));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => text.every((r) => /^[-+]?[\d,.]+(\s?(x|%|s|MB|ms|k))?$|^-$/.test(r[i] ?? '-')));
  const pad = (s: string, i: number) => (numeric[i] ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const line = (cells: string[]) => `  ${cells.map((c, i) => pad(c, i)).join('  ')}`.trimEnd();
  const out = [`\n${title}`, line(header), `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`, ...text.map(line)];
  for (const n of notes) out.push(`  ${n}`);
  return out.join('\n');
}

export const fmtInt = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? '-' : Math.round(n).toLocaleString('en-US'));
export const fmtSec = (ms: number | null | undefined) => (ms === null || ms === undefined ? '-' : (ms / 1000).toFixed(ms < 10_000 ? 2 : 1));
export const fmtMb = (mb: number | null | undefined) => (mb === null || mb === undefined ? '-' : mb.toFixed(0));
export const fmtRatio = (r: number | null | undefined) => (r === null || r === undefined || !Number.isFinite(r) ? '-' : `${r.toFixed(2)}x`);
export const verdict = (ok: boolean | null | undefined) => (ok === null || ok === undefined ? 'n/a' : ok ? 'PASS' : 'MISS');
